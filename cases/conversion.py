"""Case <-> CaseData: the database row and the paper form's one in-memory shape."""

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.text import capfirst, slugify

from formio.casedata import CaseData, ContactData, ProviderData
from formio.vocabulary import field_label

from .models import Case, CaseQuerySet, Contact, Provider, ReferenceItem
from .rules import fold
from .vocabulary import LABELLED, OPTION_LISTS, ReferenceTables


class Related(NamedTuple):
    """A case's contacts and ticked options (of each of OPTION_LISTS), as just written."""

    contacts: list[ContactData]
    options: dict[str, list[ReferenceItem]]


def case_to_data(case: Case, related: Related | None = None) -> CaseData:
    """The case as its form reads (use `Case.objects.with_form()` to avoid extra queries).

    `related`: its contacts and options as the caller has just written them, instead of
    reading them back."""
    if related is None:
        related = Related(
            [ContactData(date=c.date, notes=c.notes) for c in case.contacts.all()],
            {name: getattr(case, name).all() for name in OPTION_LISTS},
        )
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
        contacts=list(related.contacts),
        retention_actions=_codes(related.options["retention_actions"]),
        retention_actions_notes=case.retention_actions_notes,
        termination_reasons=_codes(related.options["termination_reasons"]),
        protocol_required=case.protocol_required,
        general_notes=case.general_notes,
        responsible_sectors=_codes(related.options["responsible_sectors"]),
        signatures=list(case.signatures),
    )


class CaseForm(NamedTuple):
    case: Case
    data: CaseData


def cases_to_data(cases: CaseQuerySet, *, chunk: int = 2000) -> Iterator[CaseForm]:
    """Each case of `cases` (in its order) with its form, read `chunk` cases at a time: a
    fixed number of queries per chunk and flat memory however many cases (for exports)."""
    for case in cases.with_form().iterator(chunk_size=chunk):
        yield CaseForm(case, case_to_data(case))


def analyst_display(case: Case) -> str | None:
    if case.analyst:
        return case.analyst.get_full_name() or case.analyst.username
    return case.analyst_name or None


def _codes(items) -> list[str]:
    return [item.code for item in sorted(items, key=lambda i: (i.order, i.label))]


# CaseData -> Case -----------------------------------------------------------------------


def apply_data(case: Case, data: CaseData, *, default_analyst=None, new_labels=False) -> None:
    """Copy every form field of `data` onto `case` and save it, except the contacts
    (`fill_case`, then the save and `link_options`)."""
    adding = case.pk is None
    options = fill_case(case, data, default_analyst=default_analyst, new_labels=new_labels)
    case.save()
    link_options(case, options, adding=adding)


def fill_case(
    case: Case,
    data: CaseData,
    *,
    default_analyst=None,
    new_labels=False,
    tables: ReferenceTables | None = None,
    users: list | None = None,
) -> dict[str, list[ReferenceItem]]:
    """Copy every form field of `data` onto `case` (unsaved); the options it ticks, by list.

    `default_analyst` takes the case when the form's Colaborador is not a user; with
    `new_labels` an operator or requester never seen before becomes a new option (old
    forms carry them as free text). A value its column cannot hold (a 300-letter city)
    raises ValidationError before anything is written, on every database alike. `tables`
    (every option) and `users`: read once by the caller, for a batch of forms."""
    _apply_analyst(case, data.analyst, users)
    if case.analyst is None and default_analyst is not None:
        case.analyst = default_analyst
    _apply_scalars(case, data)
    _raise_if_too_big(case, data)
    tables = tables or ReferenceTables.read([*LABELLED.values(), *OPTION_LISTS.values()])
    for path, model in LABELLED.items():  # an inactive option only where the case has it
        had = getattr(case, f"{path}_id")
        label = getattr(data, path)
        option = reference_by_label(model, label, create=new_labels, keeping=had, tables=tables)
        setattr(case, path, option)
    case.provider = link_provider(data.provider)
    case.search_text = search_text_of(data)
    return {
        name: tables.by_codes(model, getattr(data, name)) for name, model in OPTION_LISTS.items()
    }


def link_options(case: Case, options: dict[str, list[ReferenceItem]], *, adding: bool) -> None:
    """Write the saved case's ticked options."""
    for name, items in options.items():
        if not adding:
            getattr(case, name).set(items)
        elif items:  # a new case has none to compare with (add() would read them first)
            through = getattr(Case, name).through
            through.objects.bulk_create(
                through(case=case, **{item._meta.model_name: item}) for item in items
            )


def replace_contacts(case: Case, contacts: list[ContactData], *, user, adding=False) -> None:
    """The case's contacts become `contacts` (`adding`: a case just inserted has none)."""
    if not adding:
        case.contacts.all().delete()
    if not contacts:
        return
    Contact.objects.bulk_create(
        Contact(case=case, position=i, date=c.date, notes=c.notes, recorded_by=user)
        for i, c in enumerate(contacts, 1)
    )


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
_PATHS = {
    "analyst_name": "analyst",
    "provider_name": "provider.name",
    "cro": "provider.cro",
    "cpf": "provider.cpf",
    "cnpj": "provider.cnpj",
}


def _raise_if_too_big(case: Case, data: CaseData) -> None:
    sized = models.CharField | models.DecimalField | models.IntegerField
    checks = [
        (f, _PATHS.get(f.name, f.name), getattr(case, f.attname))
        for f in Case._meta.get_fields()
        if isinstance(f, sized) and f.concrete
    ]
    for path, model in LABELLED.items():
        checks.append((model._meta.get_field("label"), path, getattr(data, path)))
    problems: dict[str, list[str]] = {}
    for field, path, value in checks:
        try:
            field.run_validators(value)
        except ValidationError as error:
            problems[path] = [f"{capfirst(field.verbose_name)}: {m}" for m in error.messages]
    if problems:
        raise ValidationError(problems)


def _apply_analyst(case: Case, name: str | None, users: list | None) -> None:
    """A name that matches a user assigns the case to them; any other name is kept as text."""
    if case.analyst and name == analyst_display(case):
        return
    case.analyst = match_user(name, users)
    case.analyst_name = "" if case.analyst else (name or "")


def match_user(name: str | None, users: list | None = None):
    """The user of this username or full name (any case); `users`: every user, read by the
    caller once for a batch of forms (in key order, as the query's first() takes them)."""
    if not name:
        return None
    if users is not None:
        upper, full = name.upper(), name.strip().upper()
        matches = (u for u in users if u.username.upper() == upper or _full(u) == full)
        return next(matches, None)
    users = get_user_model().objects.annotate(full=Concat("first_name", Value(" "), "last_name"))
    return users.filter(Q(username__iexact=name) | Q(full__iexact=name.strip())).first()


def _full(user) -> str:
    return f"{user.first_name} {user.last_name}".upper()


def reference_by_label(
    model,
    label: str | None,
    *,
    create=False,
    keeping: int | None = None,
    tables: ReferenceTables | None = None,
):
    """The active option with this label (or code), or the one the case has (`keeping`,
    its key) whatever its state; with `create`, any option of that label, and a label never
    seen before becomes a new option (added to `tables`, once the transaction commits).
    Otherwise the label is refused, naming the field."""
    if not label:
        return None
    tables = tables or ReferenceTables.read([model])
    found = tables.by_label(model, label)
    if found is not None and (found.active or create or found.pk == keeping):
        return found
    if not create:
        path = next(path for path, table in LABELLED.items() if table is model)
        raise ValidationError({path: unknown_option(path, label)})
    code = slugify(label)[:60] or "opcao"
    option, created = model.objects.get_or_create(code=code, defaults={"label": label, "order": 99})
    if created:  # a later form of the batch finds it, unless this form's transaction failed
        transaction.on_commit(partial(tables.added, option))
    elif tables.by_code(model, code) is None:
        tables.added(option)
    return option


def unknown_option(path: str, value: str) -> str:
    return f"{field_label(path)}: opção desconhecida «{value}»."


def link_provider(p: ProviderData) -> Provider | None:
    """The provider of CRO + UF, created on first sight and kept up to date with this form
    (a blank keeps the value it had)."""
    if not (p.cro and p.cro_uf):
        return None
    values = {"name": p.name, "cpf": p.cpf, "cnpj": p.cnpj, "person_type": p.person_type}
    values = {field: value for field, value in values.items() if value}
    provider, created = Provider.objects.get_or_create(cro=p.cro, uf=p.cro_uf, defaults=values)
    if not created and any(getattr(provider, k) != v for k, v in values.items()):
        for field, value in values.items():
            setattr(provider, field, value)
        provider.save()
    return provider


def search_text_of(data: CaseData) -> str:
    """What the queue's search box looks in: accent- and case-free, ids unformatted."""
    p = data.provider
    parts = (p.cro, p.name, p.cpf, p.cnpj, data.protocol_number, data.city, data.operator)
    return fold(" ".join(part for part in parts if part))
