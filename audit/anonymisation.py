"""The export log keeps who exported what and how many cases; a filter that names an
anonymised person (a search for her CPF or name) loses that value (cases.anonymisation)."""

from cases.anonymisation import ANONYMOUS, Person

from .models import ExportLog


def erase(person: Person) -> None:
    for log in ExportLog.objects.exclude(filters={}).iterator():
        filters = erased_filters(log.filters, person)
        if filters != log.filters:
            ExportLog.objects.filter(pk=log.pk).update(filters=filters)


def erased_filters(filters: dict, person: Person) -> dict:
    """The filters, a value that names her (`person.mentions`) replaced by ANONYMOUS."""
    return {key: _erased(value, person) for key, value in filters.items()}


def _erased(value, person: Person):
    if isinstance(value, list):
        return [_erased(item, person) for item in value]
    return ANONYMOUS if isinstance(value, str) and person.mentions(value) else value
