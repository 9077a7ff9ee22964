"""API errors in Portuguese, in one shape: {"erros": {"campo": ["mensagem"]}}.

Whatever goes wrong under /api/ answers this shape: a refused value (400), missing or bad
credentials (401), a role that may not (403), a case out of reach or a page past the end
(404), a stale version of a case or a substitution (409, with `current_version` and
`changed_fields`), too many
requests (429, with Retry-After), and even an unexpected failure (500, logged).
"""

import logging

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from cases.services import CaseConflict
from substitutions.services import SubstitutionConflict

logger = logging.getLogger(__name__)

INTERNAL_ERROR = "Erro interno: a equipe de sistemas foi avisada. Tente de novo mais tarde."
CASE_NOT_FOUND = "Caso não encontrado (ou fora do alcance do seu perfil)."
NOT_FOUND = "Endereço inexistente na API (veja /api/docs/)."


def handle(exc, context):
    if isinstance(exc, ValidationError):
        return Response({"erros": _messages(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, CaseConflict | SubstitutionConflict):
        return Response(conflict_body(exc), status=status.HTTP_409_CONFLICT)
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Erro inesperado na API", exc_info=exc)
        return Response(errors(INTERNAL_ERROR), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, Http404):
        response.data = errors(CASE_NOT_FOUND)
    else:
        response.data = {"erros": _drf_messages(response.data)}
    return response


def conflict_body(exc: CaseConflict | SubstitutionConflict) -> dict:
    changed = [change["label"] for event in exc.events for change in event.changes]
    changed_one = exc.case if isinstance(exc, CaseConflict) else exc.substitution
    return {
        "erros": {"version": [str(exc)]},
        "current_version": changed_one.version,
        "changed_fields": list(dict.fromkeys(changed)),
    }


def errors(message: str, field: str = "__all__") -> dict:
    return {"erros": {field: [message]}}


@csrf_exempt  # it changes nothing, and a POST to a wrong path must answer 404, not 403
def not_found(request, *args, **kwargs):
    """Any path under /api/ that names no operation: 404 in the error shape, not a page."""
    return JsonResponse(errors(NOT_FOUND), status=404)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [m for e in errs for m in e.messages] for field, errs in error.error_dict.items()
        }
    return {"__all__": error.messages}


def _drf_messages(data) -> dict[str, list[str]]:
    if isinstance(data, dict) and "detail" in data:
        return {"__all__": [str(data["detail"])]}
    if isinstance(data, dict):
        return {field: [str(m) for m in _as_list(value)] for field, value in data.items()}
    return {"__all__": [str(m) for m in _as_list(data)]}


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]
