"""Case <-> CaseData: the database row and the paper form's one in-memory shape."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, partial
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection, models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import capfirst, slugify

from formio.casedata import CaseData, ContactData, ProviderData

from . import rows
from .models import (
    Case,
    Contact,
    Operator,
    Provider,
    Requester,
    ResponsibleSector,
    RetentionAction,
    TerminationReason,
)
from .rules import fold


def case_to_data(case: Case) -> CaseData:
    """The case as its form reads (use `Case.objects.with_form()` to avoid extra queries)."""
    return _form_of(
        case,
        contacts=[ContactData(date=c.date, notes=c.notes) for c in case.contacts.all()],
        actions=case.retention_actions.all(),
        reasons=case.termination_reasons.all(),
        sectors=case.responsible_sectors.all(),
    )


def stored_data(case: Case, data: CaseData) -> CaseData:
    """What `case_to_data` reads back right after `apply_data(case, data)` and the contacts
    replaced by `data`'s, without reading it: the options as linked, the contacts as written.
    """
    return _form_of(
        case,
        contacts=[ContactData(date=c.date, notes=c.notes) for c in data.contacts],
        actions=references_by_code(RetentionAction, data.retention_actions),
        reasons=references_by_code(TerminationReason, data.termination_reasons),
        sectors=references_by_code(ResponsibleSector, data.responsible_sectors),
    )


def _form_of(case: Case, *, contacts: list[ContactData], actions, reasons, sectors) -> CaseData:
    return CaseData(
        analyst=analyst_display(case),
        form_date=case.form_date,
        cro_count=case.cro_count,
        operator=case.operator.label if case.operator else None,
        provider=ProviderData(
            name=case.provider_name or None,
            cro=case.cro or None,
            cro_uf=case.cro_uf or None,
            cpf=case.cpf or None,
            cnpj=case.cnpj or None,
            person_type=case.person_type or None,
            network_entry_date=case.network_entry_date,
        ),
        requested_by=case.requested_by.label if case.requested_by else None,
        protocol_number=case.protocol_number or None,
        protocol_opened_on=case.protocol_opened_on,
        service_uf=case.service_uf or None,
        city=case.city or None,
        lives=case.lives,
        unique_cros_listed=case.unique_cros_listed,
        serves_other_plans=case.serves_other_plans,
        other_plans=case.other_plans,
        unit_value=case.unit_value,
        last_production=case.last_production or None,
        last_production_value=case.last_production_value,
        started_on=case.started_on,
        finished_on=case.finished_on,
        days_to_finish=case.effective_days_to_finish,
        status=case.status or None,
        contacts=contacts,
        retention_actions=_codes(actions),
        retention_actions_notes=case.retention_actions_notes,
        termination_reasons=_codes(reasons),
        protocol_required=case.protocol_required,
        general_notes=case.general_notes,
        responsible_sectors=_codes(sectors),
        signatures=list(case.signatures),
    )


def analyst_display(case: Case) -> str | None:
    if case.analyst:
        return case.analyst.get_full_name() or case.analyst.username
    return case.analyst_name or None


def _codes(items) -> list[str]:
    return [item.code for item in sorted(items, key=lambda i: (i.order, i.label))]


# Lookups kept for a batch ----------------------------------------------------------------

_kept: ContextVar[dict | None] = ContextVar("kept_lookups", default=None)


@contextmanager
def lookups_kept() -> Iterator[None]:
    """Inside this block, reference options, users by name and the rules' settings are read
    once (an import: thousands of forms naming the same few). What an administrator edits
    meanwhile is seen by the next block. A block inside another shares the outer one's."""
    if _kept.get() is not None:
        yield
        return
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def kept(key: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`, or what it gave for `key` before, inside a `lookups_kept` block."""
    memo = _kept.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def _keep_once_committed(key: tuple, value: Any) -> None:
    """Remember `value` for `key` in the current `lookups_kept` block once the transaction
    that may have created it commits (a rolled-back one never made it)."""
    memo = _kept.get()
    if memo is not None:
        transaction.on_commit(partial(memo.__setitem__, key, value))


# CaseData -> Case -----------------------------------------------------------------------


def apply_data(case: Case, data: CaseData, *, default_analyst=None) -> None:
    """Copy every form field of `data` onto `case` (saved), except the contacts;
    `default_analyst` takes the case when the form's Colaborador is not a user."""
    adding = case._state.adding
    fill_case(case, data, default_analyst=default_analyst)
    case.save()
    link_options(case, data, adding=adding)


def fill_case(case: Case, data: CaseData, *, default_analyst=None) -> None:
    """`apply_data` up to saving: the fields set, the provider linked, nothing else written.

    A value its column cannot hold (a 300-letter city) raises ValidationError first, on
    every database alike (PostgreSQL would refuse it, SQLite would keep it)."""
    fill_fields(case, data, default_analyst=default_analyst)
    link_references(case, data)


def fill_fields(case: Case, data: CaseData, *, default_analyst=None) -> None:
    """`fill_case`'s first part: the case's own fields set and their sizes checked (the
    ValidationError), nothing written."""
    _apply_analyst(case, data.analyst)
    if case.analyst is None and default_analyst is not None:
        case.analyst = default_analyst
    _apply_scalars(case, data)
    _raise_if_too_big(case, data)


def link_references(case: Case, data: CaseData) -> None:
    """`fill_case`'s second part: operator, requester and provider linked (an option or
    provider seen for the first time is created), search text and time of change set."""
    case.operator = reference_by_label(Operator, data.operator)
    case.requested_by = reference_by_label(Requester, data.requested_by)
    case.provider_id = link_provider(data.provider)
    case.search_text = search_text_of(data)
    case.updated_at = timezone.now()


def link_options(case: Case, data: CaseData, *, adding: bool) -> None:
    """The saved case's actions, reasons and sectors as `data` ticks them (`adding`: a case
    just inserted, which has none yet)."""
    for name, model, codes in (
        ("retention_actions", RetentionAction, data.retention_actions),
        ("termination_reasons", TerminationReason, data.termination_reasons),
        ("responsible_sectors", ResponsibleSector, data.responsible_sectors),
    ):
        options = references_by_code(model, codes)
        if not adding:
            getattr(case, name).set(options)
        elif options:  # a new case has none to compare with
            field = Case._meta.get_field(name)
            links = [{field.m2m_column_name(): case.pk, field.m2m_reverse_name(): o.pk}
                     for o in options]  # fmt: skip
            rows.insert(field.remote_field.through, links)


def references_by_code(model, codes: list[str]) -> list:
    """The options of `model` with these codes (unknown codes are left out)."""
    everything = kept((model, "by code"), lambda: {o.code: o for o in model.objects.all()})
    return [everything[code] for code in dict.fromkeys(codes) if code in everything]


def replace_contacts(
    case: Case, contacts: list[ContactData], *, user, new_case: bool = False
) -> None:
    if not new_case:
        case.contacts.all().delete()
    rows.insert(Contact, [
        {"case_id": case.pk, "position": i, "date": c.date, "notes": c.notes,
         "recorded_by_id": user.pk if user else None}
        for i, c in enumerate(contacts, 1)
    ])  # fmt: skip


def _apply_scalars(case: Case, data: CaseData) -> None:
    p = data.provider
    case.form_date = data.form_date
    case.cro_count = data.cro_count
    case.cro, case.cro_uf, case.provider_name = p.cro or "", p.cro_uf or "", p.name or ""
    case.cpf, case.cnpj, case.person_type = p.cpf or "", p.cnpj or "", p.person_type or ""
    case.network_entry_date = p.network_entry_date
    case.protocol_number = data.protocol_number or ""
    case.protocol_opened_on = data.protocol_opened_on
    case.service_uf, case.city = data.service_uf or "", data.city or ""
    case.lives, case.unique_cros_listed = data.lives, data.unique_cros_listed
    case.serves_other_plans, case.other_plans = data.serves_other_plans, data.other_plans
    case.unit_value = _as_kept(data.unit_value, "unit_value")
    case.last_production = data.last_production or ""
    case.last_production_value = _as_kept(data.last_production_value, "last_production_value")
    case.started_on, case.finished_on = data.started_on, data.finished_on
    both_dates = data.started_on and data.finished_on
    case.days_to_finish_written = None if both_dates else data.days_to_finish
    case.status = data.status or ""
    case.retention_actions_notes = data.retention_actions_notes
    case.protocol_required = data.protocol_required
    case.general_notes = data.general_notes
    case.signatures = list(data.signatures)


def _as_kept(value: Decimal | None, field: str) -> Decimal | None:
    """The value rounded to the column's decimal places, as the database would keep it."""
    places = Case._meta.get_field(field).decimal_places
    if value is None or not value.is_finite() or value.adjusted() >= 28 - places:
        return value  # too big to round: the size check refuses it
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# Case columns -> the form's field names, for the messages of `_raise_if_too_big`.
_PATHS = {"analyst_name": "analyst", "provider_name": "provider.name", "cro": "provider.cro",
          "cpf": "provider.cpf", "cnpj": "provider.cnpj"}  # fmt: skip


def _raise_if_too_big(case: Case, data: CaseData) -> None:
    problems: dict[str, list[str]] = {}
    sized = [(f, limit, getattr(case, f.attname)) for f, limit in _sized_fields()]
    sized += [(field, limit, label) for (field, limit), label in zip(
        _label_fields(), (data.operator, data.requested_by), strict=True)]  # fmt: skip
    for field, limit, value in sized:
        if limit is not None and type(value) is str and len(value) <= limit:
            continue  # what its only validator would say, without the call
        try:
            field.run_validators(value)
        except ValidationError as error:
            path = _PATHS.get(field.name, field.name)
            problems[path] = [f"{capfirst(field.verbose_name)}: {m}" for m in error.messages]
    if problems:
        raise ValidationError(problems)


@cache
def _sized_fields() -> list[tuple[models.Field, int | None]]:
    sized = models.CharField | models.DecimalField | models.IntegerField
    return [(f, _only_max_length(f)) for f in Case._meta.concrete_fields if isinstance(f, sized)]


@cache
def _label_fields() -> list[tuple[models.Field, int | None]]:
    fields = (Operator._meta.get_field("label"), Requester._meta.get_field("label"))
    return [(f, _only_max_length(f)) for f in fields]


def _only_max_length(field: models.Field) -> int | None:
    """The field's max_length when that is all its validators check."""
    validators = field.validators
    if len(validators) == 1 and isinstance(validators[0], MaxLengthValidator):
        limit = validators[0].limit_value
        return limit if isinstance(limit, int) else None
    return None


def _apply_analyst(case: Case, name: str | None) -> None:
    """A name that matches a user assigns the case to them; any other name is kept as text."""
    if case.analyst and name == analyst_display(case):
        return
    case.analyst = match_user(name)
    case.analyst_name = "" if case.analyst else (name or "")


def match_user(name: str | None):
    if not name:
        return None
    return kept(("user", name), lambda: _user_named(name))


def _user_named(name: str):
    users = get_user_model().objects.annotate(full=Concat("first_name", Value(" "), "last_name"))
    return users.filter(Q(username__iexact=name) | Q(full__iexact=name.strip())).first()


def reference_by_label(model, label: str | None):
    """The option with this label (or code); a label never seen before becomes a new option."""
    if not label:
        return None
    key = (model, "label", label)
    found = kept(key, lambda: _reference_labelled(model, label))
    if found:
        return found
    code = slugify(label)[:60] or "opcao"
    option = model.objects.get_or_create(code=code, defaults={"label": label, "order": 99})[0]
    _keep_once_committed(key, option)  # the batch's next forms find it without a query
    return option


def _reference_labelled(model, label: str):
    return model.objects.filter(Q(label__iexact=label) | Q(code=label)).first()


def link_provider(p: ProviderData) -> int | None:
    """The id of the provider of CRO + UF, created on first sight and kept up to date with
    this form (a blank keeps the value it had). One upsert: a get_or_create took four
    statements and a savepoint, for every imported form."""
    if not (p.cro and p.cro_uf):
        return None
    values = {"name": p.name, "cpf": p.cpf, "cnpj": p.cnpj, "person_type": p.person_type}
    values = {field: value for field, value in values.items() if value}
    now = timezone.now()
    row = {"cro": p.cro, "uf": p.cro_uf, "name": "", "cpf": "", "cnpj": "", "person_type": "",
           **values, "created_at": now, "updated_at": now}  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(_provider_upsert(tuple(values)), rows.values_of(Provider, row))
        return cursor.fetchone()[0]


@cache
def _provider_upsert(updated: tuple[str, ...]) -> str:
    table, pk = Provider._meta.db_table, Provider._meta.pk.column
    columns = ["cro", "uf", "name", "cpf", "cnpj", "person_type", "created_at", "updated_at"]
    assignments = ", ".join(f"{c} = excluded.{c}" for c in (*updated, "updated_at"))
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        f" ON CONFLICT (cro, uf) DO UPDATE SET {assignments} RETURNING {pk}"
    )


def search_text_of(data: CaseData) -> str:
    """What the queue's search box looks in: accent- and case-free, ids unformatted."""
    p = data.provider
    parts = (p.cro, p.name, p.cpf, p.cnpj, data.protocol_number, data.city, data.operator)
    return fold(" ".join(part for part in parts if part))
