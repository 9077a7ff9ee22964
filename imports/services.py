"""Import old forms: read each file, store it with the case it becomes, one transaction each.

Idempotent: the same file again changes nothing; a form with the same protocol number and
CRO as an imported case updates that case (its history says so); never a duplicate.
"""

import hashlib
import logging
import time
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone

from cases import services as case_services
from cases.conversion import case_to_data
from cases.models import Case
from formio.readers import ReadResult, UnreadableForm, read_form_bytes

from .models import BatchStatus, ImportBatch, ImportedFile, Outcome
from .sources import Source

logger = logging.getLogger(__name__)


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
        rows = ImportedFile.objects.bulk_create(
            (_pending_file(batch, item) for item in sources), batch_size=500
        )
        batch.total = len(rows)
        batch.save(update_fields=["total"])
    return batch


def _pending_file(batch: ImportBatch, item: Source) -> ImportedFile:
    """The file's row, its original stored (the row itself is saved by the caller)."""
    row = ImportedFile(
        batch=batch,
        filename=item.name[-255:],
        sha256=hashlib.sha256(item.content).hexdigest(),
        size=len(item.content),
    )
    if item.error:
        row.outcome, row.message = Outcome.FAILED, item.error
    else:
        row.original.save(_storage_name(item.name), ContentFile(item.content), save=False)
    return row


PROGRESS_SECONDS = 1.0  # how often a running batch's count of processed files is saved


def batch_run(batch: ImportBatch, *, progress=None) -> dict[str, int]:
    """Import every pending file of the batch; returns the count of each outcome.

    Each file is imported in its own transaction, together with its row's outcome, so a
    failure (or a stop) never leaves a case without its row or a row without its case.
    """
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING)
    processed = batch.files.exclude(outcome=Outcome.PENDING).count()
    saved_at = time.monotonic()
    lookups = case_services.ImportLookups.read()  # once for the batch, not for each form
    for row in batch.files.filter(outcome=Outcome.PENDING):
        file_import(row, user=batch.created_by, analyst=batch.analyst, lookups=lookups)
        processed += 1
        if time.monotonic() - saved_at >= PROGRESS_SECONDS:
            ImportBatch.objects.filter(pk=batch.pk).update(processed=processed)
            saved_at = time.monotonic()
        if progress:
            progress(row)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, processed=batch.total)
    return batch.counts()


def file_import(row: ImportedFile, *, user, analyst=None, lookups=None) -> FormResult:
    """Import one kept file: created, updated, unchanged or failed (with the reason)."""
    with row.original.open("rb") as handle:
        content = handle.read()
    try:  # read before the transaction: a PDF takes a while, and holds nothing meanwhile
        read, result = read_form_bytes(content, row.filename), None
    except UnreadableForm as error:
        read, result = None, FormResult(row.filename, Outcome.FAILED, message=str(error))
    try:
        with transaction.atomic():
            if read is not None:
                result = _store(
                    user=user,
                    filename=row.filename,
                    read=read,
                    sha256=row.sha256,
                    analyst=analyst,
                    lookups=lookups,
                )
            _settle(row, result)
    except DatabaseError:  # nothing of this form was kept; the batch goes on
        logger.exception("Importação de %s recusada pelo banco de dados", row.filename)
        warnings = read.warnings if read else []
        result = FormResult(
            row.filename, Outcome.FAILED, warnings=warnings, message=DATABASE_REFUSED
        )
        with transaction.atomic():
            _settle(row, result)
    return result


DATABASE_REFUSED = (
    "o banco de dados recusou a gravação deste formulário; nada dele foi importado "
    "(detalhes no log do servidor)."
)


def _settle(row: ImportedFile, result: FormResult) -> None:
    """Store the file row's outcome, in the form's transaction."""
    row.outcome, row.message, row.warnings = result.outcome, result.message, result.warnings
    row.case_id, row.imported_at = result.case_id, timezone.now()
    fields = ["outcome", "message", "warnings", "case", "imported_at"]
    if result.outcome == Outcome.UNCHANGED:  # the case keeps the copy it came from
        transaction.on_commit(partial(row.original.storage.delete, row.original.name))
        row.original, fields = None, [*fields, "original"]
    row.save(update_fields=fields)


def form_import(*, user, filename: str, content: bytes, analyst=None, dry_run=False) -> FormResult:
    """Read one form and store it (or, with `dry_run`, only say what would happen)."""
    try:
        read = read_form_bytes(content, filename)
    except UnreadableForm as error:
        return FormResult(filename, Outcome.FAILED, message=str(error))
    sha256 = hashlib.sha256(content).hexdigest()
    if dry_run:
        existing = _existing_case(read.data, sha256)
        return FormResult(filename, _would_be(existing, read.data), warnings=read.warnings)
    with transaction.atomic():
        return _store(user=user, filename=filename, read=read, sha256=sha256, analyst=analyst)


def _store(
    *, user, filename: str, read: ReadResult, sha256: str, analyst, lookups=None
) -> FormResult:
    existing = _existing_case(read.data, sha256)
    try:
        case, outcome = case_services.case_import(
            user=user,
            data=read.data,
            warnings=read.warnings,
            source=filename,
            case=existing,
            analyst=analyst,
            lookups=lookups,
        )
    except ValidationError as error:
        message = " ".join(m for ms in error.message_dict.values() for m in ms)
        return FormResult(filename, Outcome.FAILED, warnings=read.warnings, message=message)
    return FormResult(filename, outcome, case.pk, read.warnings)


def _existing_case(data, sha256: str) -> Case | None:
    """The case this form was imported as before: same file, or same protocol and CRO."""
    same_file = ImportedFile.objects.filter(sha256=sha256, case__isnull=False).order_by("pk")
    case_id = same_file.values_list("case_id", flat=True).first()
    if case_id is None and data.protocol_number and data.provider.cro:
        same_form = Case.objects.filter(protocol_number=data.protocol_number, cro=data.provider.cro)
        case_id = same_form.order_by("-created_at").values_list("pk", flat=True).first()
    return None if case_id is None else Case.objects.get(pk=case_id)


def _would_be(existing: Case | None, data) -> str:
    if existing is None:
        return Outcome.CREATED
    same = case_to_data(Case.objects.with_form().get(pk=existing.pk)) == data
    return Outcome.UNCHANGED if same else Outcome.UPDATED


def _storage_name(name: str) -> str:
    return name.replace(":", "/").rsplit("/", 1)[-1] or "formulario"
