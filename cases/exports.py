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
from itertools import batched

from django.contrib.auth import get_user_model
from django.utils import timezone

from formio.brids import format_cnpj, format_cpf, mask_cpf
from formio.casedata import CaseData, ContactData, ProviderData, days_between
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
from .models import Case, Contact, Operator, Requester

CHUNK = 2000
FORMS_CHUNK = 100
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '"R$" #,##0.00'
DECIMAL_FORMAT = "#,##0.00##"
INTEGER_FORMAT = "#,##0"
FORM_FORMATS = ("pdf", "docx")

# -- reading the cases -----------------------------------------------------------------

# What `case_to_data` reads from the case row itself; names and option codes come from
# small tables read once per export (_Lookups).
CASE_FIELDS = (
    "pk", "analyst_id", "analyst_name", "form_date", "cro_count", "operator_id",
    "provider_name", "cro", "cro_uf", "cpf", "cnpj", "person_type", "network_entry_date",
    "requested_by_id", "protocol_number", "protocol_opened_on", "service_uf", "city", "lives",
    "unique_cros_listed", "serves_other_plans", "other_plans", "unit_value", "last_production",
    "last_production_value", "started_on", "finished_on", "days_to_finish_written", "status",
    "retention_actions_notes", "protocol_required", "general_notes", "signatures",
)  # fmt: skip
OPTION_LISTS = ("retention_actions", "termination_reasons", "responsible_sectors")


def case_rows(queryset) -> Iterator[tuple[int, CaseData]]:
    """Each case's number and form (as `case_to_data` gives it), CHUNK cases at a time.

    Lists of 100,000 cases read plain values, not model instances: a row per case, then
    per chunk one query for the contacts and one per option list.
    """
    lookups = _Lookups.load()
    rows = queryset.prefetch_related(None).order_by("pk").values(*CASE_FIELDS)
    for chunk in batched(rows.iterator(chunk_size=CHUNK), CHUNK):
        ids = [row["pk"] for row in chunk]
        contacts = _contacts_of(ids)
        options = {name: _option_codes_of(name, ids, lookups) for name in OPTION_LISTS}
        for row in chunk:
            pk = row["pk"]
            picked = {name: codes.get(pk, []) for name, codes in options.items()}
            yield pk, _case_data(row, lookups, contacts.get(pk, []), picked)


class _Table(dict):
    """id -> what a list shows of that row of a small table, read whole at first; a row
    added since (an import may add an option while a long export runs) is read when met."""

    def __init__(self, rows, shape: Callable):
        super().__init__((pk, shape(*values)) for pk, *values in rows)
        self.rows, self.shape = rows, shape

    def __missing__(self, pk):
        found = self.rows.filter(pk=pk).first() if pk is not None else None
        if found is None:
            return None
        self[pk] = self.shape(*found[1:])
        return self[pk]


@dataclass(frozen=True)
class _Lookups:
    """Analysts' names, operators, requesters and the option lists' (order, label, code)."""

    analysts: _Table
    operators: _Table
    requesters: _Table
    options: dict[str, _Table]

    @classmethod
    def load(cls) -> "_Lookups":
        users = get_user_model().objects.values_list("pk", "first_name", "last_name", "username")
        return cls(
            analysts=_Table(users, lambda first, last, name: f"{first} {last}".strip() or name),
            operators=_Table(Operator.objects.values_list("pk", "label"), str),
            requesters=_Table(Requester.objects.values_list("pk", "label"), str),
            options={name: _Table(_options_of(name), lambda *item: item) for name in OPTION_LISTS},
        )


def _options_of(name: str):
    model = Case._meta.get_field(name).related_model
    return model.objects.values_list("pk", "order", "label", "code")


def _contacts_of(ids: list[int]) -> dict[int, list[ContactData]]:
    contacts: dict[int, list[ContactData]] = {}
    found = Contact.objects.filter(case_id__in=ids).order_by("case_id", "position")
    for case_id, date, notes in found.values_list("case_id", "date", "notes"):
        contacts.setdefault(case_id, []).append(ContactData(date=date, notes=notes))
    return contacts


def _option_codes_of(name: str, ids: list[int], lookups: _Lookups) -> dict[int, list[str]]:
    """Case id -> codes ticked in the list `name`, in the list's order (as on the form)."""
    field = Case._meta.get_field(name)
    case_key, option_key = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    links = field.remote_field.through.objects.filter(**{f"{case_key}__in": ids})
    options, picked = lookups.options[name], {}
    for case_id, option_id in links.values_list(case_key, option_key):
        picked.setdefault(case_id, []).append(options[option_id])
    return {case_id: [code for *_, code in sorted(found)] for case_id, found in picked.items()}


def _case_data(r: dict, lookups: _Lookups, contacts: list, picked: dict) -> CaseData:
    """The form of the case row `r` (a dict of CASE_FIELDS), as `case_to_data` builds it."""
    return CaseData(
        analyst=lookups.analysts[r["analyst_id"]] or r["analyst_name"] or None,
        form_date=r["form_date"],
        cro_count=r["cro_count"],
        operator=lookups.operators[r["operator_id"]],
        provider=ProviderData(
            name=r["provider_name"] or None,
            cro=r["cro"] or None,
            cro_uf=r["cro_uf"] or None,
            cpf=r["cpf"] or None,
            cnpj=r["cnpj"] or None,
            person_type=r["person_type"] or None,
            network_entry_date=r["network_entry_date"],
        ),
        requested_by=lookups.requesters[r["requested_by_id"]],
        protocol_number=r["protocol_number"] or None,
        protocol_opened_on=r["protocol_opened_on"],
        service_uf=r["service_uf"] or None,
        city=r["city"] or None,
        lives=r["lives"],
        unique_cros_listed=r["unique_cros_listed"],
        serves_other_plans=r["serves_other_plans"],
        other_plans=r["other_plans"],
        unit_value=r["unit_value"],
        last_production=r["last_production"] or None,
        last_production_value=r["last_production_value"],
        started_on=r["started_on"],
        finished_on=r["finished_on"],
        days_to_finish=days_between(
            r["started_on"], r["finished_on"], fallback=r["days_to_finish_written"]
        ),
        status=r["status"] or None,
        contacts=contacts,
        retention_actions=picked["retention_actions"],
        retention_actions_notes=r["retention_actions_notes"],
        termination_reasons=picked["termination_reasons"],
        protocol_required=r["protocol_required"],
        general_notes=r["general_notes"],
        responsible_sectors=picked["responsible_sectors"],
        signatures=list(r["signatures"]),
    )


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
    value: Callable[[int, CaseData], object]  # (case number, form as listed)
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
    Column("Caso", lambda pk, d: pk, INTEGER_FORMAT),
    Column(L["analyst"], lambda pk, d: d.analyst),
    Column(L["cro_count"], lambda pk, d: d.cro_count, INTEGER_FORMAT),
    Column(L["form_date"], lambda pk, d: d.form_date, DATE_FORMAT),
    Column(L["operator"], lambda pk, d: d.operator),
    Column(L["provider.cro"], lambda pk, d: d.provider.cro),
    Column(L["provider.cro_uf"], lambda pk, d: d.provider.cro_uf),
    Column(L["provider.name"], lambda pk, d: d.provider.name),
    Column(L["provider.cnpj"], lambda pk, d: format_cnpj(d.provider.cnpj)),
    Column(L["provider.cpf"], lambda pk, d: _cpf(d.provider)),
    Column(
        L["provider.network_entry_date"], lambda pk, d: d.provider.network_entry_date, DATE_FORMAT
    ),
    Column(L["provider.person_type"], lambda pk, d: d.provider.person_type),
    Column(L["requested_by"], lambda pk, d: d.requested_by),
    Column(L["protocol_number"], lambda pk, d: d.protocol_number),
    Column(L["protocol_opened_on"], lambda pk, d: d.protocol_opened_on, DATE_FORMAT),
    Column(L["service_uf"], lambda pk, d: d.service_uf),
    Column(L["city"], lambda pk, d: d.city),
    Column(L["lives"], lambda pk, d: d.lives, INTEGER_FORMAT),
    Column(L["unique_cros_listed"], lambda pk, d: d.unique_cros_listed, INTEGER_FORMAT),
    Column(L["serves_other_plans"], lambda pk, d: yes_no_br(d.serves_other_plans)),
    Column(L["other_plans"], lambda pk, d: d.other_plans),
    Column(L["unit_value"], lambda pk, d: d.unit_value, DECIMAL_FORMAT),
    Column(L["last_production"], lambda pk, d: d.last_production),
    Column(L["last_production_value"], lambda pk, d: d.last_production_value, MONEY_FORMAT),
    Column(L["started_on"], lambda pk, d: d.started_on, DATE_FORMAT),
    Column(L["finished_on"], lambda pk, d: d.finished_on, DATE_FORMAT),
    Column(L["days_to_finish"], lambda pk, d: d.computed_days_to_finish(), INTEGER_FORMAT),
    Column(L["status"], lambda pk, d: label_of(STATUSES, d.status)),
    Column("Qtd contatos", lambda pk, d: len(d.contacts), INTEGER_FORMAT),
    Column("Último contato", lambda pk, d: _last_contact(d), DATE_FORMAT),
    Column(L["contacts"], lambda pk, d: _contacts_text(d)),
    Column(L["retention_actions"], lambda pk, d: _labels(RETENTION_ACTIONS, d.retention_actions)),
    Column(L["retention_actions_notes"], lambda pk, d: d.retention_actions_notes),
    Column(
        L["termination_reasons"], lambda pk, d: _labels(TERMINATION_REASONS, d.termination_reasons)
    ),
    Column(L["protocol_required"], lambda pk, d: yes_no_br(d.protocol_required)),
    Column(L["general_notes"], lambda pk, d: d.general_notes),
    Column(
        L["responsible_sectors"], lambda pk, d: _labels(RESPONSIBLE_SECTORS, d.responsible_sectors)
    ),
    Column(L["signatures"], lambda pk, d: "; ".join(d.signatures)),
)
HEADERS = [column.header for column in COLUMNS]


def _records(queryset, *, personal: bool) -> Iterator[list]:
    for pk, data in case_rows(queryset):
        data = for_list(data, personal=personal)
        yield [column.value(pk, data) for column in COLUMNS]


# -- XLSX ----------------------------------------------------------------------------------


def write_xlsx(queryset, out, *, personal: bool) -> int:
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
        rows=_records(queryset, personal=personal),
    )


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
    """The cases with what their forms show, FORMS_CHUNK at a time: a form takes a tenth
    of a second to print, so a small chunk costs nothing and keeps memory flat."""
    return queryset.with_form().order_by("pk").iterator(chunk_size=FORMS_CHUNK)
