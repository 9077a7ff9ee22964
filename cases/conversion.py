"""Case <-> CaseData: the database row and the paper form's one in-memory shape."""

from django.contrib.auth import get_user_model
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import slugify

from formio.casedata import CaseData, ContactData, ProviderData

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
        contacts=[ContactData(date=c.date, notes=c.notes) for c in case.contacts.all()],
        retention_actions=_codes(case.retention_actions.all()),
        retention_actions_notes=case.retention_actions_notes,
        termination_reasons=_codes(case.termination_reasons.all()),
        protocol_required=case.protocol_required,
        general_notes=case.general_notes,
        responsible_sectors=_codes(case.responsible_sectors.all()),
        signatures=list(case.signatures),
    )


def analyst_display(case: Case) -> str | None:
    if case.analyst:
        return case.analyst.get_full_name() or case.analyst.username
    return case.analyst_name or None


def _codes(items) -> list[str]:
    return [item.code for item in sorted(items, key=lambda i: (i.order, i.label))]


def apply_data(case: Case, data: CaseData) -> None:
    """Copy every form field of `data` onto `case` (saved), except the contacts."""
    _apply_analyst(case, data.analyst)
    _apply_scalars(case, data)
    case.provider = link_provider(data.provider)
    case.search_text = search_text_of(data)
    case.updated_at = timezone.now()
    case.save()
    case.retention_actions.set(RetentionAction.objects.filter(code__in=data.retention_actions))
    case.termination_reasons.set(
        TerminationReason.objects.filter(code__in=data.termination_reasons)
    )
    case.responsible_sectors.set(
        ResponsibleSector.objects.filter(code__in=data.responsible_sectors)
    )


def replace_contacts(case: Case, contacts: list[ContactData], *, user) -> None:
    case.contacts.all().delete()
    Contact.objects.bulk_create(
        Contact(case=case, position=i, date=c.date, notes=c.notes, recorded_by=user)
        for i, c in enumerate(contacts, 1)
    )


def _apply_scalars(case: Case, data: CaseData) -> None:
    p = data.provider
    case.form_date = data.form_date
    case.cro_count = data.cro_count
    case.operator = reference_by_label(Operator, data.operator)
    case.cro, case.cro_uf, case.provider_name = p.cro or "", p.cro_uf or "", p.name or ""
    case.cpf, case.cnpj, case.person_type = p.cpf or "", p.cnpj or "", p.person_type or ""
    case.network_entry_date = p.network_entry_date
    case.requested_by = reference_by_label(Requester, data.requested_by)
    case.protocol_number = data.protocol_number or ""
    case.protocol_opened_on = data.protocol_opened_on
    case.service_uf, case.city = data.service_uf or "", data.city or ""
    case.lives, case.unique_cros_listed = data.lives, data.unique_cros_listed
    case.serves_other_plans, case.other_plans = data.serves_other_plans, data.other_plans
    case.unit_value = data.unit_value
    case.last_production = data.last_production or ""
    case.last_production_value = data.last_production_value
    case.started_on, case.finished_on = data.started_on, data.finished_on
    both_dates = data.started_on and data.finished_on
    case.days_to_finish_written = None if both_dates else data.days_to_finish
    case.status = data.status or ""
    case.retention_actions_notes = data.retention_actions_notes
    case.protocol_required = data.protocol_required
    case.general_notes = data.general_notes
    case.signatures = list(data.signatures)


def _apply_analyst(case: Case, name: str | None) -> None:
    """A name that matches a user assigns the case to them; any other name is kept as text."""
    if case.analyst and name == analyst_display(case):
        return
    case.analyst = match_user(name)
    case.analyst_name = "" if case.analyst else (name or "")


def match_user(name: str | None):
    if not name:
        return None
    users = get_user_model().objects.annotate(full=Concat("first_name", Value(" "), "last_name"))
    return users.filter(Q(username__iexact=name) | Q(full__iexact=name.strip())).first()


def reference_by_label(model, label: str | None):
    """The option with this label (or code); a label never seen before becomes a new option."""
    if not label:
        return None
    found = model.objects.filter(Q(label__iexact=label) | Q(code=label)).first()
    if found:
        return found
    code = slugify(label)[:60] or "opcao"
    return model.objects.get_or_create(code=code, defaults={"label": label, "order": 99})[0]


def link_provider(p: ProviderData) -> Provider | None:
    """The provider of CRO + UF, created on first sight and kept up to date with this form."""
    if not (p.cro and p.cro_uf):
        return None
    provider, _ = Provider.objects.get_or_create(cro=p.cro, uf=p.cro_uf)
    for field, value in (("name", p.name), ("cpf", p.cpf), ("cnpj", p.cnpj)):
        if value:
            setattr(provider, field, value)
    provider.person_type = p.person_type or provider.person_type
    provider.updated_at = timezone.now()
    provider.save()
    return provider


def search_text_of(data: CaseData) -> str:
    """What the queue's search box looks in: accent- and case-free, ids unformatted."""
    p = data.provider
    parts = (p.cro, p.name, p.cpf, p.cnpj, data.protocol_number, data.city, data.operator)
    return fold(" ".join(part for part in parts if part))
