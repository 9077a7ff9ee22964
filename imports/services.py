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
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cases import rows
from cases import services as case_services
from cases.conversion import case_to_data, lookups_kept
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
        batch=batch, filename=item.name[-255:], sha256=hashlib.sha256(item.content).hexdigest(),
        size=len(item.content),
    )  # fmt: skip
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
    with lookups_kept():
        for row in batch.files.filter(outcome=Outcome.PENDING):
            file_import(row, user=batch.created_by, analyst=batch.analyst)
            processed += 1
            if time.monotonic() - saved_at >= PROGRESS_SECONDS:
                ImportBatch.objects.filter(pk=batch.pk).update(processed=processed)
                saved_at = time.monotonic()
            if progress:
                progress(row)
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE, processed=batch.total)
    return batch.counts()


def file_import(row: ImportedFile, *, user, analyst=None) -> FormResult:
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
                result = _store(user=user, filename=row.filename, read=read, sha256=row.sha256,
                                analyst=analyst)  # fmt: skip
            _settle(row, result)
    except DatabaseError:  # nothing of this form was kept; the batch goes on
        logger.exception("Importação de %s recusada pelo banco de dados", row.filename)
        result = FormResult(row.filename, Outcome.FAILED, message=DATABASE_REFUSED,
                            warnings=read.warnings if read else [])  # fmt: skip
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
    rows.update(row, fields)  # its save() costs several times the statement


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


def _store(*, user, filename: str, read: ReadResult, sha256: str, analyst) -> FormResult:
    existing = _existing_case(read.data, sha256)
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
    """The case this form was imported as before: same file, or same protocol and CRO
    (only its key: `case_import` locks and reads it). One statement of two indexed look-ups
    in plain SQL: building them with the ORM took longer than running them, for every form."""
    form = [data.protocol_number or None, data.provider.cro or None]  # NULL matches no case
    with connection.cursor() as cursor:
        cursor.execute(_SAME_FILE_OR_FORM, [sha256, *form])
        found = cursor.fetchone()[0]
    return None if found is None else Case(pk=found)


_SAME_FILE_OR_FORM = (
    f"SELECT COALESCE((SELECT case_id FROM {ImportedFile._meta.db_table}"
    " WHERE sha256 = %s AND case_id IS NOT NULL ORDER BY id LIMIT 1),"
    f" (SELECT id FROM {Case._meta.db_table}"
    " WHERE protocol_number = %s AND cro = %s ORDER BY created_at DESC LIMIT 1))"
)


def _would_be(existing: Case | None, data) -> str:
    if existing is None:
        return Outcome.CREATED
    same = case_to_data(Case.objects.with_form().get(pk=existing.pk)) == data
    return Outcome.UNCHANGED if same else Outcome.UPDATED


def _storage_name(name: str) -> str:
    return name.replace(":", "/").rsplit("/", 1)[-1] or "formulario"
