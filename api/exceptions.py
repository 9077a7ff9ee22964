"""API errors in Portuguese, in one shape: {"erros": {"campo": ["mensagem"]}}."""

from django.core.exceptions import ValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from cases.services import CaseConflict


def handle(exc, context):
    if isinstance(exc, ValidationError):
        return Response({"erros": _messages(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, CaseConflict):
        changed = [change["label"] for event in exc.events for change in event.changes]
        body = {"erros": {"version": [str(exc)]}, "current_version": exc.case.version,
                "changed_fields": list(dict.fromkeys(changed))}  # fmt: skip
        return Response(body, status=status.HTTP_409_CONFLICT)
    response = exception_handler(exc, context)
    if response is not None and "detail" in response.data:
        response.data = {"erros": {"__all__": [str(response.data["detail"])]}}
    return response


def _messages(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            field: [m for e in errors for m in e.messages]
            for field, errors in error.error_dict.items()
        }
    return {"__all__": error.messages}
