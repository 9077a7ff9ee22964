"""What the API sends and accepts: the interchange format and small case summaries."""

import datetime

from django.core.exceptions import ValidationError

from cases.conversion import analyst_display, case_to_data
from cases.models import Case, CaseEvent
from formio.brids import mask_cpf
from formio.casedata import CaseData, schema_errors


def form_from(body) -> CaseData:
    """A CaseData from a request body, or a ValidationError naming what does not fit."""
    if not isinstance(body, dict):
        raise ValidationError({"form": "Envie o formulário como um objeto JSON."})
    problems = schema_errors(body)
    if problems:
        raise ValidationError({"form": problems})
    return CaseData.from_dict(body)


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


def case_payload(case: Case) -> dict:
    return {
        "id": case.pk,
        "version": case.version,
        "open": case.is_open,
        "next_due_on": case.next_due_on.isoformat() if case.next_due_on else None,
        "warnings": case.warnings,
        "import_warnings": case.import_warnings,
        "form": case_to_data(case).to_dict(),
    }


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
    }


def history_of(case: Case):
    return case.events.select_related("user").order_by("at", "pk")


def event_payload(event: CaseEvent) -> dict:
    return {
        "at": event.at.isoformat(),
        "user": event.user.username if event.user else None,
        "kind": event.kind,
        "kind_label": event.get_kind_display(),
        "note": event.note,
        "version": event.version,
        "changes": event.changes,
    }
