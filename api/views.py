"""REST API over the same services and access helper as the screens.

Bodies are the interchange format (`case.schema.json`): a case is {"id", "version",
"open", "warnings", "form": {...}}; writes send {"version": n, "form": {...}} so that a
stale client is refused (409) instead of overwriting someone's work. Errors come back as
{"erros": {"campo": ["mensagem em português"]}}.
"""

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts import access
from cases import services
from cases.filters import CaseFilter
from cases.models import Case, Channel

from .payloads import case_payload, date_from, event_payload, form_from, history_of, summary_payload

PAGE_SIZE = 50


@api_view(["GET", "POST"])
def case_list(request):
    if request.method == "POST":
        access.require(request.user, "create")
        data = form_from(request.data.get("form", request.data))
        case = services.case_open(user=request.user, data=data, analyst=request.user)
        return Response(case_payload(_reload(case)), status=status.HTTP_201_CREATED)
    cases = CaseFilter(request.GET, queryset=access.visible_cases(request.user)).qs
    return Response(_page(request, cases.order_by("-pk").select_related("analyst")))


@api_view(["GET", "PUT"])
def case_detail(request, pk):
    case = access.get_case_for_user(request.user, pk, write=request.method == "PUT")
    if request.method == "PUT":
        data = form_from(request.data.get("form"))
        services.case_update(
            user=request.user, case=case, data=data, expected_version=_version(request)
        )
    return Response(case_payload(_reload(case)))


@api_view(["POST"])
def contact_create(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    date = date_from(request.data.get("date"), field="date")
    channel = request.data.get("channel") or ""
    if channel not in Channel.values and channel:
        raise ValidationError({"channel": f"Canal: use um de {', '.join(Channel.values)}."})
    services.contact_add(
        user=request.user, case=case, date=date, channel=channel,
        notes=str(request.data.get("notes") or ""), expected_version=_version(request),
    )  # fmt: skip
    return Response(case_payload(_reload(case)), status=status.HTTP_201_CREATED)


@api_view(["POST"])
def case_close(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    access.require(request.user, "close", case)
    form = request.data.get("form")
    data = form_from(form) if form is not None else None
    services.case_close(user=request.user, case=case, data=data, expected_version=_version(request))
    return Response(case_payload(_reload(case)))


@api_view(["POST"])
def case_reopen(request, pk):
    case = access.get_case_for_user(request.user, pk)
    access.require(request.user, "reopen", case)
    services.case_reopen(user=request.user, case=case, reason=str(request.data.get("reason") or ""))
    return Response(case_payload(_reload(case)))


@api_view(["GET"])
def case_history(request, pk):
    case = access.get_case_for_user(request.user, pk)
    return Response([event_payload(event) for event in history_of(case)])


def _reload(case: Case) -> Case:
    return Case.objects.with_form().get(pk=case.pk)


def _version(request) -> int:
    version = request.data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValidationError({"version": "Informe a versão do caso que você leu (número)."})
    return version


def _page(request, cases) -> dict:
    try:
        page = max(1, int(request.GET.get("pagina", 1)))
    except ValueError:
        raise ValidationError({"pagina": "Página: informe um número."}) from None
    start = (page - 1) * PAGE_SIZE
    rows = list(cases[start : start + PAGE_SIZE])
    personal = access.sees_personal_data(request.user)
    return {
        "count": cases.count(),
        "page": page,
        "results": [summary_payload(c, personal_data=personal) for c in rows],
    }
