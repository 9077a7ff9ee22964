"""Import old forms: read each file, store it with the case it becomes, one transaction each.

Idempotent: the same file again changes nothing; a form with the same protocol number and
CRO as an imported case updates that case (its history says so); never a duplicate.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cases import services as case_services
from cases.conversion import case_to_data
from cases.models import Case
from formio.readers import UnreadableForm, read_form_bytes

from .models import BatchStatus, ImportBatch, ImportedFile, Outcome
from .sources import Source


@dataclass
class FormResult:
    filename: str
    outcome: str
    case_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    message: str = ""


def batch_create(*, user, sources, source: str = "web", analyst=None) -> ImportBatch:
    """Keep the files of a batch (pending) so it can be previewed and imported later."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user, source=source, analyst=analyst)
        for item in sources:
            _pending_file(batch, item)
        batch.total = batch.files.count()
        batch.save(update_fields=["total"])
    return batch


def _pending_file(batch: ImportBatch, item: Source) -> ImportedFile:
    row = ImportedFile(
        batch=batch, filename=item.name[-255:], sha256=hashlib.sha256(item.content).hexdigest(),
        size=len(item.content),
    )  # fmt: skip
    if item.error:
        row.outcome, row.message = Outcome.FAILED, item.error
    else:
        row.original.save(_storage_name(item.name), ContentFile(item.content), save=False)
    row.save()
    return row


def batch_run(batch: ImportBatch, *, progress=None) -> dict[str, int]:
    """Import every pending file of the batch; returns the count of each outcome."""
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    for row in batch.files.filter(outcome=Outcome.PENDING):
        file_import(row, user=batch.created_by, analyst=batch.analyst)
        ImportBatch.objects.filter(pk=batch.pk).update(processed=_processed(batch))
        if progress:
            progress(row)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, processed=batch.total)
    return batch.counts()


def _processed(batch: ImportBatch) -> int:
    return batch.files.exclude(outcome=Outcome.PENDING).count()


def file_import(row: ImportedFile, *, user, analyst=None) -> FormResult:
    """Import one kept file: created, updated, unchanged or failed (with the reason)."""
    with row.original.open("rb") as handle:
        content = handle.read()
    result = form_import(user=user, filename=row.filename, content=content, analyst=analyst)
    row.outcome, row.message, row.warnings = result.outcome, result.message, result.warnings
    row.case_id, row.imported_at = result.case_id, timezone.now()
    if result.outcome == Outcome.UNCHANGED:
        row.original.delete(save=False)  # the case keeps the copy it came from
    row.save()
    return result


def form_import(*, user, filename: str, content: bytes, analyst=None, dry_run=False) -> FormResult:
    """Read one form and store it (or, with `dry_run`, only say what would happen)."""
    try:
        read = read_form_bytes(content, filename)
    except UnreadableForm as error:
        return FormResult(filename, Outcome.FAILED, message=str(error))
    existing = _existing_case(read.data, hashlib.sha256(content).hexdigest())
    if dry_run:
        return FormResult(filename, _would_be(existing, read.data), warnings=read.warnings)
    try:
        case, outcome = case_services.case_import(
            user=user, data=read.data, warnings=read.warnings, source=filename,
            case=existing, analyst=analyst,
        )  # fmt: skip
    except ValidationError as error:
        message = " ".join(m for ms in error.message_dict.values() for m in ms)
        return FormResult(filename, Outcome.FAILED, warnings=read.warnings, message=message)
    return FormResult(filename, outcome, case.pk, read.warnings)


def _existing_case(data, sha256: str) -> Case | None:
    """The case this form was imported as before: same file, or same protocol and CRO."""
    earlier = ImportedFile.objects.filter(sha256=sha256, case__isnull=False).first()
    if earlier:
        return earlier.case
    if data.protocol_number and data.provider.cro:
        return Case.objects.filter(
            protocol_number=data.protocol_number, cro=data.provider.cro
        ).first()
    return None


def _would_be(existing: Case | None, data) -> str:
    if existing is None:
        return Outcome.CREATED
    same = case_to_data(Case.objects.with_form().get(pk=existing.pk)) == data
    return Outcome.UNCHANGED if same else Outcome.UPDATED


def _storage_name(name: str) -> str:
    return name.replace(":", "/").rsplit("/", 1)[-1] or "formulario"
