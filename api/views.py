"""REST API over the same services and access helper as the screens.

Bodies are the interchange format (`case.schema.json`): a case is {"id", "version",
"open", "warnings", "form": {...}}; every write sends the `version` it read so that a stale
client is refused (409) instead of overwriting someone's work. Errors come back as
{"erros": {"campo": ["mensagem em português"]}} (`api.exceptions`). The OpenAPI document
(`/api/schema/`, `/api/docs/`) is built from the decorators here and `api.schema`.
"""

from django.core.exceptions import ValidationError
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import api_view
from rest_framework.response import Response

from accounts import access
from cases import services
from cases.models import Case, Channel

from . import bodies
from .idempotency import idempotent
from .listing import case_page
from .payloads import (
    assignee,
    case_payload,
    date_from,
    event_payload,
    form_from,
    history_of,
    refuse_reassignment,
)
from .schema import IDEMPOTENCY_KEY, LIST_FILTERS, answers, body, with_conflict

CASE_ID = OpenApiParameter(
    "id",
    int,
    OpenApiParameter.PATH,
    description="Id do caso.",
    examples=[OpenApiExample("Caso 1", value=1)],
)
READ_ERRORS = (401, 404, 429)


@extend_schema(
    methods=["GET"],
    operation_id="casos_listar",
    summary="Lista os casos",
    description="Os casos que o usuário pode ver, com os filtros da fila, 50 por página, do "
    "mais novo ao mais antigo (com `updated_since`: do id menor ao maior). `next` e "
    "`previous` levam às páginas vizinhas.",
    parameters=LIST_FILTERS,
    responses=answers(200, "CasePage", "Uma página da lista.", errors=(400, 401, 404, 429)),
)
@extend_schema(
    methods=["POST"],
    operation_id="casos_abrir",
    summary="Abre um caso",
    description="Abre um caso com o formulário enviado; o caso fica com quem o abre.",
    parameters=[IDEMPOTENCY_KEY],
    request=body("CaseOpen"),
    responses=answers(201, "Case", "O caso aberto.", errors=(400, 401, 403, 429)),
)
@never_cache
@api_view(["GET", "POST"])
@idempotent
def case_list(request):
    if request.method == "GET":
        return Response(case_page(request))
    access.require(request.user, "create")
    data = form_from(bodies.checked(request.data, "CaseOpen")["form"])
    refuse_reassignment(user=request.user, case=None, data=data)
    data.analyst = None
    case = services.case_open(user=request.user, data=data, analyst=request.user)
    return _case_answer(request, case, status.HTTP_201_CREATED)


@extend_schema(
    methods=["GET"],
    operation_id="caso_ler",
    summary="Lê um caso",
    parameters=[CASE_ID],
    responses=answers(200, "Case", "O caso.", errors=READ_ERRORS),
)
@extend_schema(
    methods=["PUT"],
    operation_id="caso_gravar",
    summary="Grava o formulário",
    description="Grava os campos do formulário (os contatos têm sua própria operação). O "
    "Colaborador não muda por aqui: reatribuir é `POST .../atribuir/`.",
    parameters=[CASE_ID],
    request=body("CaseUpdate"),
    responses=with_conflict(answers(200, "Case", "O caso gravado.")),
)
@never_cache
@api_view(["GET", "PUT"])
def case_detail(request, pk):
    case = access.get_case_for_user(request.user, pk, write=request.method == "PUT")
    if request.method == "PUT":
        sent = bodies.checked(request.data, "CaseUpdate")
        data = form_from(sent["form"])
        refuse_reassignment(user=request.user, case=case, data=data)
        services.case_update(
            user=request.user, case=case, data=data, expected_version=sent["version"]
        )
    return _case_answer(request, case)


@extend_schema(
    operation_id="caso_registrar_contato",
    summary="Registra um contato",
    parameters=[CASE_ID, IDEMPOTENCY_KEY],
    request=body("ContactAdd"),
    responses=with_conflict(answers(201, "Case", "O caso, com o contato.")),
)
@never_cache
@api_view(["POST"])
@idempotent
def contact_create(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    sent = bodies.checked(request.data, "ContactAdd")
    channel = sent.get("channel") or ""
    if channel not in Channel.values and channel:
        raise ValidationError({"channel": f"Canal: use um de {', '.join(Channel.values)}."})
    services.contact_add(
        user=request.user,
        case=case,
        date=date_from(sent.get("date"), field="date"),
        channel=channel,
        notes=sent.get("notes") or "",
        expected_version=sent["version"],
    )
    return _case_answer(request, case, status.HTTP_201_CREATED)


@extend_schema(
    operation_id="caso_encerrar",
    summary="Encerra o caso",
    description="Encerra o caso (gravando antes o formulário, quando enviado); as regras de "
    "encerramento precisam passar todas.",
    parameters=[CASE_ID],
    request=body("CaseClose"),
    responses=with_conflict(answers(200, "Case", "O caso encerrado.")),
)
@never_cache
@api_view(["POST"])
def case_close(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    access.require(request.user, "close", case)
    sent = bodies.checked(request.data, "CaseClose")
    data = form_from(sent["form"]) if sent.get("form") is not None else None
    if data is not None:
        refuse_reassignment(user=request.user, case=case, data=data)
    services.case_close(user=request.user, case=case, data=data, expected_version=sent["version"])
    return _case_answer(request, case)


@extend_schema(
    operation_id="caso_reabrir",
    summary="Reabre o caso (Supervisor)",
    parameters=[CASE_ID],
    request=body("CaseReopen"),
    responses=with_conflict(answers(200, "Case", "O caso reaberto.")),
)
@never_cache
@api_view(["POST"])
def case_reopen(request, pk):
    case = access.get_case_for_user(request.user, pk)
    access.require(request.user, "reopen", case)
    sent = bodies.checked(request.data, "CaseReopen")
    case = services.case_reopen(
        user=request.user, case=case, reason=sent["reason"], expected_version=sent["version"]
    )
    return _case_answer(request, case)


@extend_schema(
    operation_id="caso_atribuir",
    summary="Atribui o caso a um Analista ou Supervisor (Supervisor)",
    parameters=[CASE_ID],
    request=body("CaseAssign"),
    responses=with_conflict(answers(200, "Case", "O caso, com o novo Colaborador.")),
)
@never_cache
@api_view(["POST"])
def case_assign(request, pk):
    case = access.get_case_for_user(request.user, pk)
    access.require(request.user, "reassign", case)
    sent = bodies.checked(request.data, "CaseAssign")
    analyst = assignee(sent["analyst"])
    case = services.case_assign(
        user=request.user, case=case, analyst=analyst, expected_version=sent["version"]
    )
    return _case_answer(request, case)


@extend_schema(
    operation_id="caso_historico",
    summary="Histórico do caso",
    description="Cada alteração: quem, quando, o quê e cada campo antes e depois.",
    parameters=[CASE_ID],
    responses=answers(
        200, "CaseHistory", "As entradas, da mais antiga à mais nova.", errors=READ_ERRORS
    ),
)
@never_cache
@api_view(["GET"])
def case_history(request, pk):
    case = access.get_case_for_user(request.user, pk)
    personal = access.sees_personal_data(request.user)
    return Response([event_payload(e, personal_data=personal) for e in history_of(case)])


def _case_answer(request, case: Case, code: int = status.HTTP_200_OK) -> Response:
    """The case as it is now, masked for a role that must not see personal data."""
    fresh = Case.objects.with_form().get(pk=case.pk)
    personal = access.sees_personal_data(request.user)
    return Response(case_payload(fresh, personal_data=personal), status=code)
