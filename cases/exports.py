"""Lists of cases out of the system: XLSX, CSV (Excel in Brazil), JSON and a .zip of forms.

Every function takes a Case queryset already filtered and restricted to what the user may
see (views: `CaseFilter` over `visible_cases`) and reads it in chunks, so memory stays flat
whatever the count. LGPD: lists pass free text (contact notes, Obs.) through
`mask_personal_text` always, and mask CPFs unless the user works with the provider's
identity (`personal=True`). Logging who exported what is the caller's job (audit.services).
"""

import csv
import datetime
import json
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from django.utils import timezone

from formio.brids import format_cnpj, format_cpf, mask_cpf
from formio.casedata import CaseData, ContactData, ProviderData
from formio.formats import date_br, decimal_br, yes_no_br
from formio.privacy import mask_personal_text
from formio.vocabulary import (
    FIELD_LABELS,
    RESPONSIBLE_SECTORS,
    RETENTION_ACTIONS,
    STATUSES,
    TERMINATION_REASONS,
    label_of,
)

from .conversion import case_to_data
from .models import Case

CHUNK = 2000
EXCEL_CELL_LIMIT = 32_767
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '"R$" #,##0.00'
DECIMAL_FORMAT = "#,##0.00##"
INTEGER_FORMAT = "#,##0"
FORM_FORMATS = ("pdf", "docx")

# -- reading the cases -----------------------------------------------------------------


def case_rows(queryset) -> Iterator[tuple[Case, CaseData]]:
    """Each case with its form, a chunk of CHUNK cases in memory at a time."""
    for case in queryset.with_form().order_by("pk").iterator(chunk_size=CHUNK):
        yield case, case_to_data(case)


def for_list(data: CaseData, *, personal: bool) -> CaseData:
    """The form as lists may show it: notes masked always, the CPF unless `personal`."""
    p = data.provider
    return replace(
        data,
        provider=replace(p, cpf=p.cpf if personal else (mask_cpf(p.cpf) or None)),
        contacts=[ContactData(c.date, mask_personal_text(c.notes)) for c in data.contacts],
        other_plans=mask_personal_text(data.other_plans),
        retention_actions_notes=mask_personal_text(data.retention_actions_notes),
        general_notes=mask_personal_text(data.general_notes),
    )


# -- the columns of a list: one per field of the form ------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Case, CaseData], object]
    number_format: str | None = None


def _labels(options, codes: list[str]) -> str:
    return "; ".join(label_of(options, code) for code in codes)


def _contacts_text(data: CaseData) -> str:
    return "\n".join(
        f"{i}º contato {date_br(c.date, '-')}: {c.notes}".rstrip(": ")
        for i, c in enumerate(data.contacts, 1)
    )


def _last_contact(data: CaseData) -> datetime.date | None:
    return max((c.date for c in data.contacts if c.date), default=None)


def _cpf(p: ProviderData) -> str:
    return format_cpf(p.cpf) if p.cpf and p.cpf.isdigit() else (p.cpf or "")


L = FIELD_LABELS
COLUMNS = (
    Column("Caso", lambda c, d: c.pk, INTEGER_FORMAT),
    Column(L["analyst"], lambda c, d: d.analyst),
    Column(L["cro_count"], lambda c, d: d.cro_count, INTEGER_FORMAT),
    Column(L["form_date"], lambda c, d: d.form_date, DATE_FORMAT),
    Column(L["operator"], lambda c, d: d.operator),
    Column(L["provider.cro"], lambda c, d: d.provider.cro),
    Column(L["provider.cro_uf"], lambda c, d: d.provider.cro_uf),
    Column(L["provider.name"], lambda c, d: d.provider.name),
    Column(L["provider.cnpj"], lambda c, d: format_cnpj(d.provider.cnpj)),
    Column(L["provider.cpf"], lambda c, d: _cpf(d.provider)),
    Column(
        L["provider.network_entry_date"], lambda c, d: d.provider.network_entry_date, DATE_FORMAT
    ),
    Column(L["provider.person_type"], lambda c, d: d.provider.person_type),
    Column(L["requested_by"], lambda c, d: d.requested_by),
    Column(L["protocol_number"], lambda c, d: d.protocol_number),
    Column(L["protocol_opened_on"], lambda c, d: d.protocol_opened_on, DATE_FORMAT),
    Column(L["service_uf"], lambda c, d: d.service_uf),
    Column(L["city"], lambda c, d: d.city),
    Column(L["lives"], lambda c, d: d.lives, INTEGER_FORMAT),
    Column(L["unique_cros_listed"], lambda c, d: d.unique_cros_listed, INTEGER_FORMAT),
    Column(L["serves_other_plans"], lambda c, d: yes_no_br(d.serves_other_plans)),
    Column(L["other_plans"], lambda c, d: d.other_plans),
    Column(L["unit_value"], lambda c, d: d.unit_value, DECIMAL_FORMAT),
    Column(L["last_production"], lambda c, d: d.last_production),
    Column(L["last_production_value"], lambda c, d: d.last_production_value, MONEY_FORMAT),
    Column(L["started_on"], lambda c, d: d.started_on, DATE_FORMAT),
    Column(L["finished_on"], lambda c, d: d.finished_on, DATE_FORMAT),
    Column(L["days_to_finish"], lambda c, d: d.computed_days_to_finish(), INTEGER_FORMAT),
    Column(L["status"], lambda c, d: label_of(STATUSES, d.status)),
    Column("Qtd contatos", lambda c, d: len(d.contacts), INTEGER_FORMAT),
    Column("Último contato", lambda c, d: _last_contact(d), DATE_FORMAT),
    Column(L["contacts"], lambda c, d: _contacts_text(d)),
    Column(L["retention_actions"], lambda c, d: _labels(RETENTION_ACTIONS, d.retention_actions)),
    Column(L["retention_actions_notes"], lambda c, d: d.retention_actions_notes),
    Column(
        L["termination_reasons"], lambda c, d: _labels(TERMINATION_REASONS, d.termination_reasons)
    ),
    Column(L["protocol_required"], lambda c, d: yes_no_br(d.protocol_required)),
    Column(L["general_notes"], lambda c, d: d.general_notes),
    Column(
        L["responsible_sectors"], lambda c, d: _labels(RESPONSIBLE_SECTORS, d.responsible_sectors)
    ),
    Column(L["signatures"], lambda c, d: "; ".join(d.signatures)),
)
HEADERS = [column.header for column in COLUMNS]


def _records(queryset, *, personal: bool) -> Iterator[list]:
    for case, data in case_rows(queryset):
        data = for_list(data, personal=personal)
        yield [column.value(case, data) for column in COLUMNS]


# -- XLSX ----------------------------------------------------------------------------------


def write_xlsx(queryset, out, *, personal: bool) -> int:
    """The list as an Excel workbook written to the file `out`; returns the case count.

    Write-only mode: rows go to disk as they come. Dates are dates and numbers numbers,
    shown the Brazilian way by their number formats; header frozen, with autofilter.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Casos")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_styled(WriteOnlyCell(sheet, value=h), font=bold) for h in HEADERS])
    # One cell per column, reused row after row: write-only rows go to disk on append,
    # and making and styling a cell per value would cost half the time.
    cells = [_styled(WriteOnlyCell(sheet), number_format=c.number_format) for c in COLUMNS]
    count = 0
    for record in _records(queryset, personal=personal):
        sheet.append(_xlsx_row(cells, record))
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    workbook.save(out)
    return count


def _styled(cell, *, font=None, number_format: str | None = None):
    if font:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell


def _xlsx_row(cells: list, record: list) -> list:
    row = []
    for cell, value in zip(cells, record, strict=True):
        if value is None or value == "":
            row.append(None)
            continue
        if isinstance(value, Decimal):
            value = float(value)
        elif isinstance(value, str):
            value = value[:EXCEL_CELL_LIMIT]
        cell.value = value
        row.append(cell)
    return row


def xlsx_file(queryset, *, personal: bool):
    """(temporary file positioned at 0, case count): for a FileResponse."""
    out = tempfile.TemporaryFile(suffix=".xlsx")
    count = write_xlsx(queryset, out, personal=personal)
    out.seek(0)
    return out, count


# -- CSV for Excel in Brazil -----------------------------------------------------------------


class _Line:
    """A file-like target for csv.writer that hands back what was just written."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(queryset, *, personal: bool) -> Iterator[str]:
    """';'-separated, UTF-8 with BOM (Excel opens it right), decimals with a comma."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(HEADERS)
    for record in _records(queryset, personal=personal):
        yield writer.writerow([_csv_value(value) for value in record])


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_br(value)
    if isinstance(value, Decimal):
        return decimal_br(value).replace(".", "")
    return str(value)


# -- JSON: the interchange format --------------------------------------------------------------


def json_chunks(queryset, *, personal: bool) -> Iterator[str]:
    """A JSON array of schema-valid cases. Without `personal`, CPFs are left out (null):
    a masked CPF is not a CPF the schema accepts."""
    yield "["
    for index, (_, data) in enumerate(case_rows(queryset)):
        data = for_list(data, personal=True)
        if not personal:
            data.provider.cpf = None
        yield ("," if index else "") + json.dumps(data.to_dict(), ensure_ascii=False)
    yield "]"


# -- forms: one PDF/DOCX per case -------------------------------------------------------------


def render_form(case: Case, fmt: str, *, printed_on: datetime.date | None = None) -> bytes:
    """The case's filled form as PDF or DOCX bytes (the whole form: it is the case's record)."""
    from formio.writers import render_docx, render_pdf

    render = {"pdf": render_pdf, "docx": render_docx}[fmt]
    data = case_to_data(case)
    return render(data, printed_on=printed_on or timezone.localdate(), case_ref=str(case.pk))


def form_filename(case: Case, fmt: str) -> str:
    """formulario_SAD170662950329_caso-12.pdf, or formulario_caso-12.pdf without a protocol."""
    protocol = re.sub(r"[^0-9A-Za-z-]", "", case.protocol_number)
    middle = f"{protocol}_" if protocol else ""
    return f"formulario_{middle}caso-{case.pk}.{fmt}"


class _Chunks:
    """A write-only, unseekable file for ZipFile: what is written is taken out by `take`."""

    def __init__(self):
        self.parts: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def forms_zip_chunks(
    cases: Iterable[Case], fmt: str, *, printed_on: datetime.date | None = None
) -> Iterator[bytes]:
    """A .zip of one form per case, produced as it is sent: one document in memory at a time.

    Documents are stored, not deflated: PDF and DOCX are compressed already.
    """
    sink = _Chunks()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for case in cases:
            archive.writestr(
                form_filename(case, fmt), render_form(case, fmt, printed_on=printed_on)
            )
            yield sink.take()
    yield sink.take()


def form_cases(queryset) -> Iterator[Case]:
    return queryset.with_form().order_by("pk").iterator(chunk_size=CHUNK)
