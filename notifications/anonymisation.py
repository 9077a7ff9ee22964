"""Notifications about an anonymised person's cases keep their link, not her name."""

from cases.anonymisation import Person

from .models import Notification


def erase(person: Person) -> None:
    for note in Notification.objects.filter(case_id__in=person.case_ids):
        if (text := person.scrub(note.text)) != note.text:
            Notification.objects.filter(pk=note.pk).update(text=text)
