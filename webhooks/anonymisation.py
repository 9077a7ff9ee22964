"""Deliveries about an anonymised person's cases: the body kept for the log, scrubbed; one
not sent yet then carries no personal data either."""

from cases.anonymisation import Person

from .models import Delivery


def erase(person: Person) -> None:
    for delivery in Delivery.objects.filter(case_id__in=person.case_ids):
        Delivery.objects.filter(pk=delivery.pk).update(payload=person.scrub_value(delivery.payload))
