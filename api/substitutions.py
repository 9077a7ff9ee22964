"""The substitution API (issue 18; these names are the contract), over the same services.

GET/PUT /api/casos/{id}/substituicao/ and GET /api/substituicoes/ with the list's filters
(atrasadas=true, vence_em_breve, situacao, uf, cidade, analista). Dates are ISO
(aaaa-mm-dd); `notice_due_on` and `state` are computed and ignored on PUT. A PUT sends
the `version` it read, like the case's writes: 409 (nothing saved) when the substitution
changed since. Errors come back as {"erros": {"campo": ["mensagem"]}} like the rest of the
API.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from substitutions import services
from substitutions.access import get_substitution_for_user, visible_substitutions
from substitutions.filters import Window, filtered
from substitutions.forms import municipality_named
from substitutions.models import ExceptionKind, Plan, Substitution, SubstitutionPolicy

from .bodies import checked
from .schema import answers, body, with_conflict

PAGE_SIZE = 50
DATES = ("last_service_on", "published_on", "publish_until", "rps_updated_on")
SUBSTITUTE = {  # the substitute object's keys -> the model's fields
    "name": "substitute_name",
    "kind": "substitute_kind",
    "cro": "substitute_cro",
    "cro_uf": "substitute_cro_uf",
    "cnpj": "substitute_cnpj",
    "street": "substitute_street",
    "cep": "substitute_cep",
    "phone": "substitute_phone",
    "website": "substitute_website",
    "in_network": "substitute_in_network",
    "added_capacity_evidence": "added_capacity_evidence",
}  # fmt: skip  (a key and its field side by side read as the mapping they are)


CASE_ID = OpenApiParameter("id", int, OpenApiParameter.PATH, description="Id do caso.")
LIST_FILTERS = [
    OpenApiParameter("atrasadas", str, description="true: só as atrasadas."),
    OpenApiParameter("vence_em_breve", str, description="true: só as que vencem logo."),
    OpenApiParameter("situacao", str, description="pending, late, published, exempt ou done."),
    OpenApiParameter("uf", str, description="UF do caso."),
    OpenApiParameter("cidade", str, description="Cidade do caso."),
    OpenApiParameter("analista", str, description="Login do Colaborador."),
    OpenApiParameter("pagina", int, description="Página (50 por página)."),
]


@extend_schema(
    methods=["GET"],
    operation_id="substituicao_ler",
    summary="Lê a substituição do caso",
    parameters=[CASE_ID],
    responses=answers(200, "Substitution", "A substituição.", errors=(401, 404, 429)),
)
@extend_schema(
    methods=["PUT"],
    operation_id="substituicao_gravar",
    summary="Grava a substituição do caso",
    description="Só os campos enviados mudam, pelo mesmo serviço da tela, com histórico.",
    parameters=[CASE_ID],
    request=body("SubstitutionUpdate"),
    responses=with_conflict(
        answers(200, "Substitution", "A substituição gravada."), what="A substituição"
    ),
)
@api_view(["GET", "PUT"])
def substitution_detail(request, pk):
    sub = get_substitution_for_user(request.user, pk, write=request.method == "PUT")
    if request.method == "PUT":
        sent = checked(request.data, "SubstitutionUpdate")
        services.substitution_update(
            user=request.user,
            substitution=sub,
            values=values_from(sent),
            expected_version=sent["version"],
        )
    return Response(payload(Substitution.objects.get(pk=sub.pk)))


@extend_schema(
    operation_id="substituicoes_listar",
    summary="Lista as substituições",
    description="As substituições dos casos que o usuário pode ver, pelo prazo do aviso.",
    parameters=LIST_FILTERS,
    responses=answers(200, "SubstitutionPage", "Uma página.", errors=(400, 401, 404, 429)),
)
@api_view(["GET"])
def substitution_list(request):
    policy = SubstitutionPolicy.current()
    window = Window(timezone.localdate(), policy.due_soon_days)
    found, _ = filtered(visible_substitutions(request.user), request.GET, window)
    found = found.select_related("case", "substitute_municipality").order_by("notice_due_on", "pk")
    try:
        page = max(1, int(request.GET.get("pagina", 1)))
    except ValueError:
        raise ValidationError({"pagina": "Página: informe um número."}) from None
    count = found.count()
    if page > 1 and (page - 1) * PAGE_SIZE >= count:
        raise NotFound(f"Página {page} inexistente: a lista tem {count} substituição(ões).")
    rows = found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return Response({"count": count, "page": page, "results": [payload(s) for s in rows]})


def payload(sub: Substitution) -> dict:
    today = timezone.localdate()
    town = sub.substitute_municipality
    substitute = None
    if sub.substitute_name:
        substitute = {key: getattr(sub, field) for key, field in SUBSTITUTE.items()}
        substitute |= {
            "starts_on": _iso(sub.substitute_starts_on),
            "city": town.name if town else "",
            "uf": town.uf if town else "",
            "ibge_code": town.ibge_code if town else "",
        }
    exception = None
    if sub.exception:
        exception = {"kind": sub.exception, "evidence": sub.exception_evidence}
    return {
        "case": sub.case_id,
        "state": sub.state(today),
        "version": sub.version,
        "last_service_on": _iso(sub.last_service_on),
        "notice_due_on": _iso(sub.notice_due_on),
        "published_on": _iso(sub.published_on),
        "publish_until": _iso(sub.publish_until),
        "rps_updated_on": _iso(sub.rps_updated_on),
        "plans": [p.ans_registration for p in sub.plans.all()],
        "substitute": substitute,
        "equivalence": sub.equivalence,
        "exception": exception,
        "continuing_patients": sub.continuing_patients,
        "continuing_patients_notes": sub.continuing_patients_notes,
    }


def values_from(data) -> dict:
    """The service's values from a PUT body; only the keys present change."""
    if not isinstance(data, dict):
        raise ValidationError({"__all__": "Envie um objeto JSON."})
    values = {field: _date(data[field], field) for field in DATES if field in data}
    for field in ("equivalence", "continuing_patients_notes"):
        if field in data:
            values[field] = str(data[field] or "")
    if "continuing_patients" in data:
        values["continuing_patients"] = _count(data["continuing_patients"])
    if "plans" in data:
        values["plans"] = _plans(data["plans"])
    if "exception" in data:
        values |= _exception(data["exception"])
    if "substitute" in data:
        values |= _substitute(data["substitute"])
    return values


def _substitute(body) -> dict:
    if body is None:
        return {field: "" for field in SUBSTITUTE.values()} | {
            "substitute_in_network": False,
            "substitute_starts_on": None,
            "substitute_municipality": None,
        }
    if not isinstance(body, dict):
        raise ValidationError({"substitute": "Substituto: envie um objeto (ou null)."})
    values = {
        field: body[key] if key == "in_network" else str(body[key] or "")
        for key, field in SUBSTITUTE.items()
        if key in body
    }
    if "cnpj" in body:
        values["substitute_cnpj"] = values["substitute_cnpj"].replace(".", "").replace("/", "")
        values["substitute_cnpj"] = values["substitute_cnpj"].replace("-", "").upper()
    if "starts_on" in body:
        values["substitute_starts_on"] = _date(body["starts_on"], "substitute.starts_on")
    if "city" in body or "uf" in body:
        values["substitute_municipality"] = _municipality(body)
    return values


def _municipality(body):
    city, uf = str(body.get("city") or ""), str(body.get("uf") or "")
    if not city:
        return None
    found = municipality_named(f"{city}/{uf}")
    if found is None:
        raise ValidationError(
            {"substitute.city": f"Município do substituto: “{city}/{uf}” não encontrado."}
        )
    return found


def _exception(body) -> dict:
    if body is None:
        return {"exception": "", "exception_evidence": ""}
    kind = body.get("kind") if isinstance(body, dict) else None
    if kind not in ExceptionKind.values:
        raise ValidationError(
            {"exception.kind": f"Exceção: use um de {', '.join(ExceptionKind.values)}."}
        )
    return {"exception": kind, "exception_evidence": str(body.get("evidence") or "")}


def _plans(registrations) -> list[Plan]:
    if not isinstance(registrations, list):
        raise ValidationError({"plans": "Planos: envie a lista dos registros na ANS."})
    plans = list(Plan.objects.filter(ans_registration__in=[str(r) for r in registrations]))
    missing = set(map(str, registrations)) - {p.ans_registration for p in plans}
    if missing:
        raise ValidationError({"plans": f"Planos: registro(s) desconhecido(s) {sorted(missing)}."})
    return plans


def _date(value, field: str):
    if value in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError({field: f"{field}: data inválida, use aaaa-mm-dd."}) from None


def _count(value):
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({"continuing_patients": "Pacientes: informe um número ≥ 0."})
    return value


def _iso(value):
    return value.isoformat() if value else None
