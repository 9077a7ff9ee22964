"""Background exports (at most a day old) whose filter names an anonymised person go, file
and row; the others lose nothing (their files are purged within a day anyway)."""

from audit.anonymisation import erased_filters
from cases.anonymisation import Person

from .models import ExportJob


def erase(person: Person) -> None:
    for job in ExportJob.objects.exclude(filters={}):
        if erased_filters(job.filters, person) != job.filters:
            job.file.delete(save=False)
            job.delete()
