"""Stored answers of idempotent requests (kept so a retry gets the same answer) that carry
an anonymised person's data are scrubbed."""

import json

from cases.anonymisation import Person

from .models import IdempotentRequest


def erase(person: Person) -> None:
    for stored in IdempotentRequest.objects.iterator():
        if person.mentions(json.dumps(stored.response, ensure_ascii=False)):
            scrubbed = person.scrub_value(stored.response)
            IdempotentRequest.objects.filter(pk=stored.pk).update(response=scrubbed)
