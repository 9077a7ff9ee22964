"""The case list an integrator walks: the queue's filters, pages with `next`/`previous`
links, a stable order, and `updated_since` for what changed."""

import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from rest_framework.exceptions import NotFound

from accounts import access
from cases.filters import CaseFilter

from .payloads import summary_payload
from .schema import TYPED_FILTERS

PAGE_SIZE = 50


def case_page(request) -> dict:
    """One page of the cases the user may see, as `bodies.PAGE` describes it."""
    _refuse_bad_typed_values(request.GET)
    found = CaseFilter(request.GET, queryset=access.visible_cases(request.user))
    if not found.is_valid():
        raise ValidationError({field: list(errors) for field, errors in found.errors.items()})
    cases = found.qs.select_related("analyst")
    since = _since(request.GET.get("updated_since"))
    # The id never changes: pages keep their order while cases are saved. Since a moment,
    # the list only grows (a saved case stays in it), so a walk repeats, never skips, one.
    cases = cases.filter(updated_at__gte=since).order_by("pk") if since else cases.order_by("-pk")
    paginator = Paginator(cases, PAGE_SIZE)
    number = _page_number(request.GET.get("pagina"))
    try:
        page = paginator.page(number)
    except EmptyPage:
        raise NotFound(f"Página {number} não existe (a lista tem {paginator.num_pages}).") from None
    personal = access.sees_personal_data(request.user)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "next": _link(request, page.next_page_number()) if page.has_next() else None,
        "previous": _link(request, page.previous_page_number()) if page.has_previous() else None,
        "results": [summary_payload(case, personal_data=personal) for case in page],
    }


def _refuse_bad_typed_values(query) -> None:
    """An empty number, date or choice, or a `late` that is not true/false, is refused (the
    filters would ignore it and answer the whole list)."""
    problems = {
        name: "Informe um valor (ou não envie o parâmetro)."
        for name in TYPED_FILTERS & set(query)
        if not query[name].strip()
    }
    if query.get("late", "true") not in ("true", "false"):
        problems["late"] = "Prazo vencido: use true ou false."
    if problems:
        raise ValidationError(problems)


def _page_number(value) -> int:
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise ValidationError({"pagina": "Página: informe um número inteiro a partir de 1."})
    return number


def _since(value) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.datetime.combine(day, datetime.time())
    if moment is None:
        raise ValidationError(
            {"updated_since": "Alterados desde: use data e hora ISO 8601 (2024-03-01T08:00)."}
        )
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


def _link(request, number: int) -> str:
    query = request.GET.copy()
    query["pagina"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
