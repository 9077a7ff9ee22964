"""Lists of cases out of the system: XLSX, CSV (Excel in Brazil), JSON and a .zip of forms.

Every function takes a Case queryset already filtered and restricted to what the user may
see (views: `CaseFilter` over `visible_cases`) and reads it in chunks, so memory stays flat
whatever the count. LGPD (formio.privacy): lists mask free text (contact notes,
Obs.) always, and CPFs unless the user works with the provider's identity
(`personal=True`); forms (PDF/DOCX) are whole for those users and `masked_form` for the
others (the Gestor). Logging who exported what is the caller's job (audit.services).
"""

import csv
import datetime
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from accounts.access import visible_cases
from formio.brids import format_cnpj, format_cpf
from formio.casedata import CaseData, ProviderData
from formio.formats import date_br, decimal_br, yes_no_br
from formio.privacy import masked_form, masked_notes
from formio.vocabulary import FIELD_LABELS, Vocabulary, label_of
from formio.writers.cells import cell_text

from . import vocabulary
from .conversion import case_to_data, cases_to_data
from .filters import CaseFilter
from .models import Case

CHUNK = 2000
FORMS_CHUNK = 100
PROGRESS_EVERY = 500
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '"R$" #,##0.00'
DECIMAL_FORMAT = "#,##0.00##"
INTEGER_FORMAT = "#,##0"
FORM_FORMATS = ("pdf", "docx")

# -- reading the cases -----------------------------------------------------------------


def case_rows(queryset) -> Iterator[tuple[int, CaseData]]:
    """Each case's number and form as `case_to_data` gives it, CHUNK cases at a time:
    one query for the cases and one per related list (contacts, options) per chunk."""
    for case, data in cases_to_data(queryset.order_by("pk"), chunk=CHUNK):
        yield case.pk, data


class Progress:
    """Counts the cases of an export as they are written (`n`), telling `report(n)` every
    PROGRESS_EVERY cases and once at the end (a background job's progress bar)."""

    def __init__(self, report: Callable[[int], None] | None = None):
        self.n = 0
        self.report = report

    def over(self, items: Iterable) -> Iterator:
        for item in items:
            yield item
            self.n += 1
            if self.report and self.n % PROGRESS_EVERY == 0:
                self.report(self.n)
        if self.report:
            self.report(self.n)


def counted(items: Iterable, progress: Progress | None) -> Iterable:
    return progress.over(items) if progress else items


def filtered(user, params) -> tuple[QuerySet | None, str | None]:
    """(the cases `user` may see that the queue's filters `params` select, None), or
    (None, a Portuguese message naming the bad filter)."""
    filterset = CaseFilter(params, queryset=visible_cases(user))
    if not filterset.is_valid():
        form = filterset.form
        return None, "Filtro inválido: " + "; ".join(
            f"{form.fields[name].label}: {' '.join(messages)}"
            for name, messages in form.errors.items()
        )
    return filterset.qs, None


# -- what may be exported: the export log's names, files and when a job is needed ------


@dataclass(frozen=True)
class Export:
    what: str  # the export log's name of it
    label: str
    extension: str
    content_type: str
    inline_limit: int  # more cases than this: a background job (downloads), not a request


LIST_INLINE = 2000  # about 2 s of a request
FORMS_INLINE = 50  # a form takes about 0.1 s to print: 5 s
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {
    export.what: export
    for export in (
        Export("lista.xlsx", "Lista de casos (Excel)", "xlsx", XLSX_TYPE, LIST_INLINE),
        Export("lista.csv", "Lista de casos (CSV)", "csv", "text/csv; charset=utf-8", LIST_INLINE),
        Export(
            "lista.json",
            "Lista de casos (JSON)",
            "json",
            "application/json; charset=utf-8",
            LIST_INLINE,
        ),
        Export(
            "formularios.pdf.zip",
            "Formulários em PDF (.zip)",
            "zip",
            "application/zip",
            FORMS_INLINE,
        ),
        Export(
            "formularios.docx.zip",
            "Formulários em DOCX (.zip)",
            "zip",
            "application/zip",
            FORMS_INLINE,
        ),
    )
}


def download_name(export: Export, day: datetime.date) -> str:
    """casos_20-03-2024.csv, formularios_pdf_20-03-2024.zip."""
    stem = (
        "casos" if export.what.startswith("lista.") else f"formularios_{export.what.split('.')[1]}"
    )
    return f"{stem}_{day:%d-%m-%Y}.{export.extension}"


def write_export(what: str, queryset, out, *, personal: bool, progress: Progress) -> None:
    """The export `what` (an EXPORTS key) of the cases `queryset` into the binary file `out`."""
    if what == "lista.xlsx":
        write_xlsx(queryset, out, personal=personal, progress=progress)
        return
    if what.startswith("formularios."):
        fmt = what.split(".")[1]
        chunks = forms_zip_chunks(counted(form_cases(queryset), progress), fmt, personal=personal)
    else:
        text = {"lista.csv": csv_chunks, "lista.json": json_chunks}[what]
        chunks = (part.encode() for part in text(queryset, personal=personal, progress=progress))
    for chunk in chunks:
        out.write(chunk)


def for_list(data: CaseData, *, personal: bool) -> CaseData:
    """The form as lists may show it: notes masked always, the CPF unless `personal`."""
    return masked_notes(data) if personal else masked_form(data)


# -- the columns of a list: one per field of the form ------------------------------------


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[int, CaseData, Vocabulary], object]  # (case number, form as listed, options)
    number_format: str | None = None


def _ticked(name: str) -> Callable[[int, CaseData, Vocabulary], str]:
    """The labels of the options ticked in the list `name` (e.g. "termination_reasons")."""
    return lambda pk, d, v: "; ".join(label_of(getattr(v, name), c) for c in getattr(d, name))


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
    Column("Caso", lambda pk, d, v: pk, INTEGER_FORMAT),
    Column(L["analyst"], lambda pk, d, v: d.analyst),
    Column(L["cro_count"], lambda pk, d, v: d.cro_count, INTEGER_FORMAT),
    Column(L["form_date"], lambda pk, d, v: d.form_date, DATE_FORMAT),
    Column(L["operator"], lambda pk, d, v: d.operator),
    Column(L["provider.cro"], lambda pk, d, v: d.provider.cro),
    Column(L["provider.cro_uf"], lambda pk, d, v: d.provider.cro_uf),
    Column(L["provider.name"], lambda pk, d, v: d.provider.name),
    Column(L["provider.cnpj"], lambda pk, d, v: format_cnpj(d.provider.cnpj)),
    Column(L["provider.cpf"], lambda pk, d, v: _cpf(d.provider)),
    Column(
        L["provider.network_entry_date"],
        lambda pk, d, v: d.provider.network_entry_date,
        DATE_FORMAT,
    ),
    Column(L["provider.person_type"], lambda pk, d, v: d.provider.person_type),
    Column(L["requested_by"], lambda pk, d, v: d.requested_by),
    Column(L["protocol_number"], lambda pk, d, v: d.protocol_number),
    Column(L["protocol_opened_on"], lambda pk, d, v: d.protocol_opened_on, DATE_FORMAT),
    Column(L["service_uf"], lambda pk, d, v: d.service_uf),
    Column(L["city"], lambda pk, d, v: d.city),
    Column(L["lives"], lambda pk, d, v: d.lives, INTEGER_FORMAT),
    Column(L["unique_cros_listed"], lambda pk, d, v: d.unique_cros_listed, INTEGER_FORMAT),
    Column(L["serves_other_plans"], lambda pk, d, v: yes_no_br(d.serves_other_plans)),
    Column(L["other_plans"], lambda pk, d, v: d.other_plans),
    Column(L["unit_value"], lambda pk, d, v: d.unit_value, DECIMAL_FORMAT),
    Column(L["last_production"], lambda pk, d, v: d.last_production),
    Column(L["last_production_value"], lambda pk, d, v: d.last_production_value, MONEY_FORMAT),
    Column(L["started_on"], lambda pk, d, v: d.started_on, DATE_FORMAT),
    Column(L["finished_on"], lambda pk, d, v: d.finished_on, DATE_FORMAT),
    Column(L["days_to_finish"], lambda pk, d, v: d.computed_days_to_finish(), INTEGER_FORMAT),
    Column(L["status"], lambda pk, d, v: label_of(v.statuses, d.status)),
    Column("Qtd contatos", lambda pk, d, v: len(d.contacts), INTEGER_FORMAT),
    Column("Último contato", lambda pk, d, v: _last_contact(d), DATE_FORMAT),
    Column(L["contacts"], lambda pk, d, v: _contacts_text(d)),
    Column(L["retention_actions"], _ticked("retention_actions")),
    Column(L["retention_actions_notes"], lambda pk, d, v: d.retention_actions_notes),
    Column(L["termination_reasons"], _ticked("termination_reasons")),
    Column(L["protocol_required"], lambda pk, d, v: yes_no_br(d.protocol_required)),
    Column(L["general_notes"], lambda pk, d, v: d.general_notes),
    Column(L["responsible_sectors"], _ticked("responsible_sectors")),
    Column(L["signatures"], lambda pk, d, v: "; ".join(d.signatures)),
)
HEADERS = [column.header for column in COLUMNS]


def _records(queryset, *, personal: bool, progress=None) -> Iterator[list]:
    options = vocabulary.everything()  # the labels administrators keep, inactive ones too
    for pk, data in counted(case_rows(queryset), progress):
        data = for_list(data, personal=personal)
        yield [column.value(pk, data, options) for column in COLUMNS]


# -- XLSX ----------------------------------------------------------------------------------


def write_xlsx(queryset, out, *, personal: bool, progress=None) -> int:
    """The list as an Excel workbook written to the file `out`; returns the case count.

    Rows go to disk as they come (formio.writers.xlsx). Dates are dates and numbers
    numbers, shown the Brazilian way by their number formats; header frozen, with
    autofilter.
    """
    from formio.writers.xlsx import write_table

    return write_table(
        out,
        title="Casos",
        headers=HEADERS,
        formats=[column.number_format for column in COLUMNS],
        rows=_records(queryset, personal=personal, progress=progress),
    )


# -- CSV for Excel in Brazil -----------------------------------------------------------------


class _Line:
    """A file-like target for csv.writer that hands back what was just written."""

    def write(self, text: str) -> str:
        return text


def csv_chunks(queryset, *, personal: bool, progress=None) -> Iterator[str]:
    """';'-separated, UTF-8 with BOM (Excel opens it right), decimals with a comma."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([cell_text(header) for header in HEADERS])
    for record in _records(queryset, personal=personal, progress=progress):
        yield writer.writerow([_csv_value(value) for value in record])


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return date_br(value)
    if isinstance(value, Decimal):
        return decimal_br(value).replace(".", "")
    if isinstance(value, str):
        return cell_text(value)
    return str(value)


# -- JSON: the interchange format --------------------------------------------------------------


def json_chunks(queryset, *, personal: bool, progress=None) -> Iterator[str]:
    """A JSON array of schema-valid cases. Without `personal`, CPFs are left out (null):
    a masked CPF is not a CPF the schema accepts."""
    yield "["
    for index, (_, data) in enumerate(counted(case_rows(queryset), progress)):
        data = for_list(data, personal=True)
        if not personal:
            data.provider.cpf = None
        yield ("," if index else "") + json.dumps(data.to_dict(), ensure_ascii=False)
    yield "]"


# -- forms: one PDF/DOCX per case -------------------------------------------------------------


def render_form(
    case: Case, fmt: str, *, personal: bool, printed_on: datetime.date | None = None
) -> bytes:
    """The case's filled form as PDF or DOCX bytes: whole (it is the case's record) when
    `personal`, else without the person's data (`masked_form`)."""
    from formio.writers import render_docx, render_pdf

    render = {"pdf": render_pdf, "docx": render_docx}[fmt]
    data = case_to_data(case) if personal else masked_form(case_to_data(case))
    return render(
        data,
        printed_on=printed_on or timezone.localdate(),
        case_ref=str(case.pk),
        vocabulary=vocabulary.current(keeping=data),
    )


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
    cases: Iterable[Case], fmt: str, *, personal: bool, printed_on: datetime.date | None = None
) -> Iterator[bytes]:
    """A .zip of one form per case, produced as it is sent: one document in memory at a time.

    Documents are stored, not deflated: PDF and DOCX are compressed already.
    """
    sink = _Chunks()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for case in cases:
            archive.writestr(
                form_filename(case, fmt),
                render_form(case, fmt, personal=personal, printed_on=printed_on),
            )
            yield sink.take()
    yield sink.take()


def form_cases(queryset) -> Iterator[Case]:
    """The cases with what their forms show, FORMS_CHUNK at a time: a form takes a tenth
    of a second to print, so a small chunk costs nothing and keeps memory flat."""
    return queryset.with_form().order_by("pk").iterator(chunk_size=FORMS_CHUNK)
