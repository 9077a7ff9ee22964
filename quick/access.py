"""Who keeps the contact templates: the team's leads (no new action in accounts.access's
matrix; docs/permissions.md, "Digitação rápida")."""

from django.core.exceptions import PermissionDenied

from accounts import access
from accounts.roles import ADMINISTRATOR, SUPERVISOR

KEEPERS = {SUPERVISOR, ADMINISTRATOR}


def may_keep_templates(user) -> bool:
    return access.role_of(user) in KEEPERS


def require_keeper(user) -> None:
    if not may_keep_templates(user):
        raise PermissionDenied("Só Supervisores e Administradores mantêm os modelos de contato.")
