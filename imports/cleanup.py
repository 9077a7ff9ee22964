"""Originals nobody will use are deleted: personal data is kept only with its case (LGPD).

The original of a file that failed is never downloadable (only an imported case's is), and
a batch left in preview is never confirmed after a day; both are deleted from disk by
`manage.py discard_originals` (run daily, e.g. from cron beside the backup).
"""

import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from .models import BatchStatus, ImportedFile, Outcome

ABANDONED = "arquivo descartado: o lote não foi confirmado em {hours} horas; envie-o de novo."


def originals_discard(*, preview_hours: int = 24) -> int:
    """Delete the originals of failed files and of batches in preview for `preview_hours`;
    the files of those batches are marked failed (confirming them later imports nothing).
    Returns how many originals were deleted."""
    since = timezone.now() - datetime.timedelta(hours=preview_hours)
    kept = ImportedFile.objects.exclude(original="")
    failed = kept.filter(outcome=Outcome.FAILED)
    abandoned = kept.filter(
        outcome=Outcome.PENDING, batch__status=BatchStatus.PREVIEW, batch__created_at__lt=since
    )
    with transaction.atomic():
        names = [*failed.values_list("original", flat=True)]
        names += abandoned.values_list("original", flat=True)
        abandoned.update(
            outcome=Outcome.FAILED, message=ABANDONED.format(hours=preview_hours), original=""
        )
        failed.update(original="")
        storage = ImportedFile._meta.get_field("original").storage
        for name in names:
            transaction.on_commit(partial(storage.delete, name))
    return len(names)
