"""What the API sends and accepts: the interchange format and small case summaries."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from rest_framework import exceptions

from accounts import access
from cases.conversion import analyst_display, case_to_data
from cases.models import Case, CaseEvent, Operator, Requester
from formio.brids import mask_cpf
from formio.casedata import CaseData, schema_errors
from formio.privacy import mask_personal_text, masked_change, masked_form


def form_from(body) -> CaseData:
    """A CaseData from a request body, or a ValidationError naming what does not fit."""
    if not isinstance(body, dict):
        raise ValidationError({"form": "Envie o formulário como um objeto JSON."})
    problems = schema_errors(body)
    if problems:
        raise ValidationError({"form": problems})
    _refuse_unknown_labels(body)
    return CaseData.from_dict(body)


# The form's fields whose value must be an option of a reference table (label or code):
# only administrators add options, in the admin (issue 17: no reference data by the back door).
LABELLED = {"operator": (Operator, "Operadora"), "requested_by": (Requester, "Demandado por?")}


def _refuse_unknown_labels(body: dict) -> None:
    problems = {}
    for field, (model, label) in LABELLED.items():
        value = body.get(field)
        if value and not _is_option(model, value):
            known = ", ".join(model.objects.filter(active=True).values_list("label", flat=True))
            problems[field] = f"{label}: {value!r} não está na lista (use um de: {known})."
    if problems:
        raise ValidationError(problems)


def _is_option(model, value: str) -> bool:
    # Longer than the column it is no option, and SQLite refuses so long a LIKE (iexact)
    if len(value) > model._meta.get_field("label").max_length:
        return False
    return model.objects.filter(Q(label__iexact=value) | Q(code=value)).exists()


def assignee(username) -> object:
    """The user with this username (whether they may take the case is the service's rule,
    `cases.services.case_assign`), or a ValidationError naming the `analyst` field."""
    users = get_user_model().objects.filter(is_active=True)
    found = users.filter(username=username).first() if isinstance(username, str) else None
    if found is None:
        raise ValidationError(
            {"analyst": f"Colaborador: {username!r} não é um Analista ou Supervisor ativo."}
        )
    return found


def refuse_reassignment(*, user, case: Case | None, data: CaseData) -> None:
    """The form's Colaborador cannot change a case's hands: that is `POST .../atribuir/`,
    the Supervisor's. A new case belongs to whoever opens it."""
    kept = {analyst_display(case)} if case else {user.username, user.get_full_name()}
    if not data.analyst or data.analyst in kept:
        return
    if not access.can(user, "reassign"):
        raise exceptions.PermissionDenied(
            {"analyst": ["Colaborador: só o Supervisor reatribui casos."]}
        )
    raise ValidationError(
        {"analyst": "Colaborador: para reatribuir o caso use POST /api/casos/ID/atribuir/."}
    )


def date_from(value, *, field: str) -> datetime.date | None:
    """An ISO (2024-03-20) or Brazilian (20/03/2024) date, None when empty."""
    if value in (None, ""):
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(str(value), pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValidationError({field: f"Data: {value!r} não é uma data (use dd/mm/aaaa)."})


def case_payload(case: Case, *, personal_data: bool) -> dict:
    """The case; without `personal_data` (the Gestor) its form is `masked_form`'s, with no
    CPF at all (null: a masked CPF is not one the schema accepts) and masked warnings."""
    data = case_to_data(case)
    masked = (lambda texts: texts) if personal_data else _masked_texts
    if not personal_data:
        data = masked_form(data)
        data.provider.cpf = None
    return {
        "id": case.pk,
        "version": case.version,
        "open": case.is_open,
        "next_due_on": case.next_due_on.isoformat() if case.next_due_on else None,
        "warnings": masked(case.warnings),
        "import_warnings": masked(case.import_warnings),
        "form": data.to_dict(),
    }


def _masked_texts(texts: list[str]) -> list[str]:
    return [mask_personal_text(text) for text in texts]


def summary_payload(case: Case, *, personal_data: bool) -> dict:
    return {
        "id": case.pk,
        "version": case.version,
        "open": case.is_open,
        "status": case.status or None,
        "provider_name": case.provider_name,
        "cro": case.cro,
        "cro_uf": case.cro_uf,
        "cpf": case.cpf if personal_data else mask_cpf(case.cpf),
        "city": case.city,
        "service_uf": case.service_uf,
        "analyst": analyst_display(case),
        "started_on": case.started_on.isoformat() if case.started_on else None,
        "next_due_on": case.next_due_on.isoformat() if case.next_due_on else None,
        "updated_at": case.updated_at.isoformat(),
    }


def history_of(case: Case):
    return case.events.select_related("user").order_by("at", "pk")


def event_payload(event: CaseEvent, *, personal_data: bool) -> dict:
    """A history entry; without `personal_data` its note and values masked (formio.privacy)."""
    return {
        "at": event.at.isoformat(),
        "user": event.user.username if event.user else None,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "note": event.note if personal_data else mask_personal_text(event.note),
        "version": event.version,
        "changes": event.changes if personal_data else [masked_change(c) for c in event.changes],
    }
