"""Import old forms: read each file, store it with the case it becomes, each whole or not at all.

Never overwrites what a person did (imports.matching): the same file again changes nothing;
a form of a case nobody touched since its import (and closed) updates it, its history says
so; a form of a case a person changed, or of an open case, is a conflict, applied only when
a person chooses so (`Decision`), through the edit services and their history.
"""

import datetime
import hashlib
import itertools
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from cases import services as case_services
from cases.conversion import case_to_data
from cases.models import Case
from formio.readers import ReadResult, UnreadableForm, converted_ahead, read_form_bytes
from reports import facts as report_facts

from . import review, several
from .matching import Known, Match, form_match, merged
from .models import BatchStatus, Decision, ImportBatch, ImportedFile, Outcome
from .sources import Source

logger = logging.getLogger(__name__)


@dataclass
class FormResult:
    filename: str
    outcome: str
    case_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    message: str = ""
    changes: list[dict] = field(default_factory=list)
    reading: dict = field(default_factory=dict)  # a scanned form waiting for its review


@dataclass
class Choice:
    """What to do with a form whose case a person has worked on: `decision`, and the case's
    version the person saw (None: apply whatever it is now, as `import_forms --update`)."""

    decision: str = Decision.SKIP
    seen_version: int | None = None


def batch_create(
    *, user, sources, source: str = "web", analyst=None, decision: str = Decision.SKIP
) -> ImportBatch:
    """Keep the files of a batch (pending) so it can be previewed and imported later;
    `decision` is what its conflicts get unless a person chooses otherwise per form."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user, source=source, analyst=analyst)
        rows = ImportedFile.objects.bulk_create(
            (_pending_file(batch, item, decision) for item in sources), batch_size=500
        )
        batch.total = len(rows)
        batch.save(update_fields=["total"])
    return batch


def _pending_file(batch: ImportBatch, item: Source, decision: str) -> ImportedFile:
    """The file's row, its original stored (the row itself is saved by the caller)."""
    row = ImportedFile(
        batch=batch,
        decision=decision,
        filename=item.name[-255:],
        sha256=hashlib.sha256(item.content).hexdigest(),
        size=len(item.content),
    )
    if item.error:
        row.outcome, row.message = Outcome.FAILED, item.error
    else:
        row.original.save(_storage_name(item.name), ContentFile(item.content), save=False)
    return row


PROGRESS_SECONDS = 1.0  # how often a running batch's count and heartbeat are saved
# A running batch whose heartbeat is older than this lost its worker (killed, restarted):
# the next worker, or the user on the batch's page, takes it up. No single form takes this
# long (a scanned page is seconds), so a live worker is never taken over.
STALE_SECONDS = 300


def batch_claim(batch: ImportBatch) -> bool:
    """Take the batch for this process: True when it was waiting (preview, queued) or its
    worker is gone (no heartbeat for STALE_SECONDS). One process at a time runs a batch."""
    stale = timezone.now() - datetime.timedelta(seconds=STALE_SECONDS)
    waiting = Q(status__in=[BatchStatus.PREVIEW, BatchStatus.QUEUED])
    lost = Q(status=BatchStatus.RUNNING) & (Q(heartbeat_at__lt=stale) | Q(heartbeat_at=None))
    taken = ImportBatch.objects.filter(waiting | lost, pk=batch.pk).update(
        status=BatchStatus.RUNNING, heartbeat_at=timezone.now()
    )
    return taken == 1


def batches_stalled():
    """The batches whose worker is gone (killed, restarted) before they finished."""
    stale = timezone.now() - datetime.timedelta(seconds=STALE_SECONDS)
    running = Q(status=BatchStatus.RUNNING) & (Q(heartbeat_at__lt=stale) | Q(heartbeat_at=None))
    queued = Q(status=BatchStatus.QUEUED, created_at__lt=stale, heartbeat_at=None)
    return ImportBatch.objects.filter(running | queued)


def batch_stalled(batch: ImportBatch) -> bool:
    """A running (or queued) batch that nobody is importing any more."""
    stale = timezone.now() - datetime.timedelta(seconds=STALE_SECONDS)
    since = batch.heartbeat_at or batch.created_at
    return batch.status in (BatchStatus.RUNNING, BatchStatus.QUEUED) and since < stale


CHUNK = 50  # forms stored in one transaction: a fraction of a second of the write lock
# A chunk also closes after this much reading: a scanned page takes seconds of OCR, so 50
# scans would hold their readings in memory and the batch's progress still for minutes.
READ_SECONDS = 5.0


def batch_run(batch: ImportBatch, *, progress=None) -> dict[str, int]:
    """Import every pending file of the batch; returns the count of each outcome.

    Each file is imported in its own savepoint, together with its row's outcome, so a
    failure never leaves a case without its row or a row without its case; CHUNK files
    share a transaction (`chunk_import`), so a kill loses at most that chunk, and a run
    taken up again imports only the files still pending: each file exactly once.
    Background runs call `batch_claim` first, so that one process runs a batch.
    """
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RUNNING, heartbeat_at=timezone.now()
    )
    processed = batch.files.exclude(outcome=Outcome.PENDING).count()
    saved_at = time.monotonic()
    lookups = case_services.ImportLookups.read()  # once for the batch, not for each form
    for pending in _pending_passes(batch):
        for reads in _read_in_chunks(pending):
            _chunk_store(reads, user=batch.created_by, analyst=batch.analyst, lookups=lookups)
            rows = [read.row for read in reads]
            processed += len(rows)
            if time.monotonic() - saved_at >= PROGRESS_SECONDS:
                ImportBatch.objects.filter(pk=batch.pk).update(
                    processed=processed, heartbeat_at=timezone.now()
                )
                saved_at = time.monotonic()
            if progress:
                for row in rows:
                    progress(row)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, processed=F("total"), heartbeat_at=timezone.now()
    )
    return batch.counts()


def _pending_passes(batch: ImportBatch) -> Iterator[list[ImportedFile]]:
    """The batch's pending rows, then those its files added meanwhile (a file's forms 2..N,
    imports.several), until none is left: each row once, in the order of its pk."""
    last = 0
    while rows := list(batch.files.filter(outcome=Outcome.PENDING, pk__gt=last).order_by("pk")):
        yield rows
        last = rows[-1].pk


@dataclass
class _Read:
    """A kept file as read, before its transaction: the form, or why it failed."""

    row: ImportedFile
    form: ReadResult | None
    failure: FormResult | None


def _read_in_chunks(rows) -> Iterator[list[_Read]]:
    """The files read, CHUNK at a time, or fewer when reading them took READ_SECONDS; the
    .doc, RTF and .odt files of every CHUNK rows converted by one LibreOffice run."""
    chunk, started = [], time.monotonic()
    for group in itertools.batched(rows, CHUNK):
        for row, converted in zip(group, _converted_ahead(group), strict=True):
            chunk.append(_read(row, converted))
            if len(chunk) == CHUNK or time.monotonic() - started >= READ_SECONDS:
                yield chunk
                chunk, started = [], time.monotonic()
    if chunk:
        yield chunk


def _converted_ahead(rows) -> list[bytes | None]:
    """The .docx of each row's file that LibreOffice converts (formio.readers)."""
    return converted_ahead((_content(row), row.filename) for row in rows)


def _content(row: ImportedFile) -> bytes:
    with row.original.open("rb") as handle:
        return handle.read()


def chunk_import(rows, *, user, analyst=None, lookups=None) -> None:
    """Import some kept files: created, updated, unchanged, conflict or failed (with the
    reason), each in its savepoint within one transaction, their dashboard rows written
    once at its end (reports.facts.gathered). A file another process imported meanwhile is
    left alone (nothing done twice). Should the transaction itself fail, each file is
    imported again in a transaction of its own, so that one bad form fails alone."""
    reads = [_read(row) for row in rows]  # a PDF takes a while: read before the transaction
    _chunk_store(reads, user=user, analyst=analyst, lookups=lookups)


def _chunk_store(reads: list[_Read], *, user, analyst, lookups) -> None:
    rows = [read.row for read in reads]
    try:
        with report_facts.gathered():
            one_store_at_a_time()
            pending = _still_pending(reads)
            known = Known((r.form.data, r.row.sha256) for r in pending if r.form is not None)
            for read in pending:
                _file_store(read, user=user, analyst=analyst, lookups=lookups, known=known)
    except DatabaseError:
        if len(rows) > 1:
            for row in ImportedFile.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk"):
                chunk_import([row], user=user, analyst=analyst, lookups=lookups)
            return
        logger.exception("Importação de %s recusada pelo banco de dados", rows[0].filename)
        with transaction.atomic():
            for read in _still_pending(reads):
                _settle(read.row, _refused(read))


STORE_LOCK = 0x52455445  # "RETE": the key of the PostgreSQL lock below


def one_store_at_a_time() -> None:
    """Wait until no other process is storing imported forms, and hold that turn until the
    caller's transaction ends. Storing a form reads whether it is already a case (its file,
    protocol number, provider: imports.matching) and then writes: two workers importing the
    same new file at once (one archive uploaded twice, a double click) would each read "new"
    and make two cases of it. On PostgreSQL an advisory lock of the transaction gives the
    turn (an ORM row lock cannot guard rows that do not exist yet); SQLite needs nothing,
    its transactions are IMMEDIATE (settings): one writer at a time already. Reading the
    files (OCR, LibreOffice) stays parallel; only storing, a fraction of a second a chunk,
    waits its turn."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])


def _read(row: ImportedFile, converted: bytes | None = None) -> _Read:
    try:
        read = read_form_bytes(_content(row), row.filename, converted=converted)
        return _Read(row, several.form_of_row(row, read), None)
    except UnreadableForm as error:
        return _Read(row, None, FormResult(row.label, Outcome.FAILED, message=str(error)))


def _still_pending(reads: list[_Read]) -> list[_Read]:
    """Lock the files' rows (in the caller's transaction): those not imported yet."""
    rows = ImportedFile.objects.select_for_update().filter(pk__in=[r.row.pk for r in reads])
    pending = set(rows.filter(outcome=Outcome.PENDING).order_by("pk").values_list("pk", flat=True))
    return [read for read in reads if read.row.pk in pending]


def _file_store(read: _Read, *, user, analyst, lookups, known: Known) -> None:
    """Store one read file and its row's outcome, in a savepoint of the chunk."""
    row, result = read.row, read.failure
    try:
        with transaction.atomic():
            if read.form is not None:
                several.rows_of_forms(row, read.form)  # its file's forms 2..N: rows of their own
                result = _form_result(
                    read, user=user, analyst=analyst, lookups=lookups, known=known
                )
            _settle(row, result)
    except DatabaseError:  # nothing of this form was kept; the batch goes on
        logger.exception("Importação de %s recusada pelo banco de dados", row.filename)
        with transaction.atomic():
            _settle(row, _refused(read))


def _form_result(read: _Read, *, user, analyst, lookups, known: Known) -> FormResult:
    """A form read: a scan waits for a person's review (OCR), any other is stored."""
    row = read.row
    if read.form.scan is not None:
        return review.awaiting(row, read.form)
    return _store(
        user=user,
        filename=row.label,
        read=read.form,
        sha256=row.sha256,
        analyst=analyst,
        choice=Choice(row.decision, row.decided_version),
        lookups=lookups,
        known=known,
    )


def _refused(read: _Read) -> FormResult:
    warnings = read.form.warnings if read.form else []
    return FormResult(
        read.row.filename, Outcome.FAILED, warnings=warnings, message=DATABASE_REFUSED
    )


DATABASE_REFUSED = (
    "o banco de dados recusou a gravação deste formulário; nada dele foi importado "
    "(detalhes no log do servidor)."
)


def _settle(row: ImportedFile, result: FormResult) -> None:
    """Store the file row's outcome, in the form's transaction."""
    row.outcome, row.message, row.warnings = result.outcome, result.message, result.warnings
    row.case_id, row.imported_at, row.changes = result.case_id, timezone.now(), result.changes
    row.reading = result.reading
    fields = ["outcome", "message", "warnings", "case", "imported_at", "changes", "reading"]
    # unchanged: the case keeps the copy it came from; conflict: not imported (LGPD)
    if result.outcome in (Outcome.UNCHANGED, Outcome.CONFLICT):
        transaction.on_commit(partial(row.original.storage.delete, row.original.name))
        row.original, fields = None, [*fields, "original"]
    row.save(update_fields=fields)


def file_store(row: ImportedFile, *, user, read: ReadResult, note: str = "") -> FormResult:
    """Store a kept file's form already read (a scanned form once a person reviewed it) and
    its row's outcome, in the caller's transaction; `note` goes into the case's history."""
    one_store_at_a_time()
    source = f"{row.label}; {note}" if note else row.label
    choice = Choice(row.decision, row.decided_version)
    result = _store(
        user=user,
        filename=source,
        read=read,
        sha256=row.sha256,
        analyst=row.batch.analyst,
        choice=choice,
    )
    result.filename = row.filename
    _settle(row, result)
    return result


def file_would_be(*, filename: str, content: bytes, choice=None) -> list[FormResult]:
    """What importing a file would do to each of its forms (the CLI's dry run)."""
    try:
        forms = several.file_read(content, filename)
    except UnreadableForm as error:
        return [FormResult(filename, Outcome.FAILED, message=str(error))]
    choice = choice or Choice()
    return [_would_be(name, read, form_match(read.data, sha), choice) for name, sha, read in forms]


def _store(
    *,
    user,
    filename: str,
    read: ReadResult,
    sha256: str,
    analyst,
    choice: Choice,
    lookups=None,
    known: Known | None = None,
) -> FormResult:
    """Store one form as its match allows (module docstring), in the caller's transaction;
    `known`: what its chunk may already be (imports.matching.Known)."""
    match = form_match(read.data, sha256, known)
    if known is not None:
        known.remember(read.data, sha256)
    warnings = [*read.warnings]
    if match.refused:
        return FormResult(filename, Outcome.FAILED, match.case.pk, warnings, match.refused)
    if match.same_file:
        return FormResult(filename, Outcome.UNCHANGED, match.case.pk, warnings)
    if match.touched:
        if not match.changes:
            return FormResult(filename, Outcome.UNCHANGED, match.case.pk, warnings)
        if choice.decision == Decision.APPLY:
            return _apply(user=user, filename=filename, match=match, read=read, choice=choice)
        if choice.decision == Decision.SKIP:
            message = conflict_message(match)
            return FormResult(
                filename, Outcome.CONFLICT, match.case.pk, warnings, message, match.changes
            )
        warnings.append(f"importado como caso novo, a pedido; já existia o caso {match.case.pk}.")
        match = Match()
    elif match.provider_warning:
        warnings.append(match.provider_warning)
    return _imported(
        user=user,
        filename=filename,
        read=read,
        case=match.case,
        analyst=analyst,
        warnings=warnings,
        lookups=lookups,
    )


def conflict_message(match: Match) -> str:
    return (
        f"já existe: caso {match.case.pk} ({match.touched}); "
        f"{len(match.changes)} campo(s) diferem; nada aplicado."
    )


class _NothingChanged(Exception):
    """Rolls back an update of an imported case that recorded no change (no empty event)."""


def _imported(*, user, filename, read, case, analyst, warnings, lookups=None) -> FormResult:
    try:
        with transaction.atomic():  # a savepoint: an update that changed nothing is undone
            case, outcome = case_services.case_import(
                user=user,
                data=read.data,
                warnings=warnings,
                source=filename,
                case=case,
                analyst=analyst,
                lookups=lookups,
            )
            if outcome == Outcome.UPDATED and not case.events.order_by("-version")[0].changes:
                raise _NothingChanged
    except _NothingChanged:
        return FormResult(filename, Outcome.UNCHANGED, case.pk, warnings)
    except ValidationError as error:
        return FormResult(filename, Outcome.FAILED, warnings=warnings, message=_text(error))
    changes = [] if outcome == Outcome.CREATED else case.events.order_by("-version")[0].changes
    return FormResult(filename, outcome, case.pk, warnings, changes=changes)


def _apply(*, user, filename, match: Match, read: ReadResult, choice: Choice) -> FormResult:
    """The form's values onto a case a person worked on, through the edit services: reopened
    when closed, its new contacts added, then saved (or closed, with a status), each step
    with its own history entry. All or nothing."""
    case_id = match.case.pk
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if choice.seen_version is not None and case.version != choice.seen_version:
                message = f"o caso {case_id} mudou depois da sua escolha; nada aplicado."
                return FormResult(filename, Outcome.CONFLICT, case_id, read.warnings, message)
            before = case_to_data(Case.objects.with_form().get(pk=case_id))
            after = merged(before, read.data)
            if not case.is_open:
                reason = f"aplicar o formulário importado {filename}"
                case = case_services.case_reopen(user=user, case=case, reason=reason)
            for contact in after.contacts[len(before.contacts) :]:
                case_services.contact_add(
                    user=user, case=case, date=contact.date, notes=contact.notes
                )
            case = Case.objects.get(pk=case_id)
            edit = case_services.case_close if after.status else case_services.case_update
            edit(user=user, case=case, data=after)
    except ValidationError as error:
        message = f"não aplicado ao caso {case_id}: {_text(error)}"
        return FormResult(filename, Outcome.FAILED, case_id, read.warnings, message)
    return FormResult(filename, Outcome.UPDATED, case_id, read.warnings, changes=match.changes)


def _text(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for ms in error.message_dict.values() for m in ms)
    return " ".join(error.messages)


def _would_be(filename: str, read: ReadResult, match: Match, choice: Choice) -> FormResult:
    """What `_store` would do, without storing anything."""
    result = FormResult(filename, Outcome.CREATED, warnings=read.warnings)
    if match.refused:
        result.outcome, result.message = Outcome.FAILED, match.refused
    elif match.case is None:
        result.warnings = [*read.warnings, *filter(None, [match.provider_warning])]
    elif match.same_file:
        result.outcome = Outcome.UNCHANGED
    elif match.touched:
        apply = choice.decision == Decision.APPLY
        result.outcome = Outcome.UPDATED if apply else Outcome.CONFLICT
        result.outcome = result.outcome if match.changes else Outcome.UNCHANGED
        result.message = "" if apply or not match.changes else conflict_message(match)
        result.changes = match.changes
    else:
        same = case_to_data(Case.objects.with_form().get(pk=match.case.pk)) == read.data
        result.outcome = Outcome.UNCHANGED if same else Outcome.UPDATED
    if match.case is not None:
        result.case_id = match.case.pk
    return result


def _storage_name(name: str) -> str:
    return name.replace(":", "/").rsplit("/", 1)[-1] or "formulario"
