"""Forms pasted one after the other in one file: each is its own imported form (its row).

The reader reads them apart (`ReadResult.others`); the first time a file's row is read
(preview or import) the rows of its forms 2..N are added to its batch, pending, with the
same decision and each its own copy of the file (deleting one row's original never takes
another's). Form 1 keeps the file's SHA-256, so files imported before still match; form N
has sha256(file + b":N"), so the same file again is "unchanged" for every form.
"""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce

from formio.readers import ReadResult, UnreadableForm, read_form_bytes

from .models import ImportBatch, ImportedFile, form_label


def forms_of(read: ReadResult) -> list[ReadResult]:
    """All the forms of a file read, in their order (each with the file's warnings); the
    first keeps `others`, so its row can add theirs (`rows_of_forms`)."""
    return [read, *read.others]


def form_sha256(content: bytes, number: int) -> str:
    if number == 1:
        return hashlib.sha256(content).hexdigest()
    return hashlib.sha256(content + b":" + str(number).encode()).hexdigest()


def form_of_row(row: ImportedFile, read: ReadResult) -> ReadResult:
    """The row's own form of the file read; refused if the file no longer has it."""
    forms = forms_of(read)
    if row.form_number > len(forms):
        raise UnreadableForm(f"o arquivo não tem mais o formulário {row.form_number}")
    return forms[row.form_number - 1]


def rows_of_forms(row: ImportedFile, read: ReadResult) -> list[ImportedFile]:
    """Add the rows of forms 2..N of the row's file to its batch, once: a row read again (a
    preview seen twice, a batch taken up after its worker was killed) adds nothing."""
    count = 1 + len(read.others)
    if count == 1 or row.form_number != 1 or row.form_count != 1:
        return []
    with transaction.atomic():
        locked = ImportedFile.objects.select_for_update().get(pk=row.pk)
        if locked.form_count != 1:
            row.form_count = locked.form_count
            return []
        with row.original.open("rb") as handle:
            content = handle.read()
        added = [_form_row(row, content, number, count) for number in range(2, count + 1)]
        ImportedFile.objects.bulk_create(added)
        ImportedFile.objects.filter(pk=row.pk).update(form_count=count)
        ImportBatch.objects.filter(pk=row.batch_id).update(total=F("total") + count - 1)
        row.form_count = count
    return added


def _form_row(row: ImportedFile, content: bytes, number: int, count: int) -> ImportedFile:
    added = ImportedFile(
        batch_id=row.batch_id,
        decision=row.decision,
        filename=row.filename,
        sha256=form_sha256(content, number),
        size=row.size,
        form_number=number,
        form_count=count,
        first_form=row,
    )
    name = row.original.name.rsplit("/", 1)[-1]
    added.original.save(name, ContentFile(content), save=False)
    return added


def in_file_order(rows):
    """A batch's rows with each file's forms together, in their order."""
    return rows.order_by(Coalesce("first_form_id", "pk"), "form_number")


def file_read(content: bytes, filename: str) -> list[tuple[str, str, ReadResult]]:
    """Each form of a file not kept (the CLI's dry run): (label, sha256, form)."""
    forms = forms_of(read_form_bytes(content, filename))
    count = len(forms)
    return [
        (form_label(filename, n, count), form_sha256(content, n), form)
        for n, form in enumerate(forms, 1)
    ]
