"""Who may do what: the one place that decides, called by every view, the API and exports.

The matrix below is the documented permission table (docs/permissions.md mirrors it).
Analysts see and work only the cases assigned to them (or that they opened); the other
roles see every case. A case a user may not see answers 404; one they may see but not
change answers 403 on writes and is shown read-only.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from cases.models import Case

from .roles import ADMINISTRATOR, ANALYST, MANAGER, SUPERVISOR

ACTIONS = (
    "view",
    "create",
    "edit",
    "close",
    "reopen",
    "reassign",
    "import",
    "export",
    "reports",
    "admin",
)

MATRIX: dict[str, set[str]] = {
    ANALYST: {"view", "create", "edit", "close", "export"},
    SUPERVISOR: {
        "view",
        "create",
        "edit",
        "close",
        "reopen",
        "reassign",
        "import",
        "export",
        "reports",
    },
    MANAGER: {"view", "export", "reports"},
    ADMINISTRATOR: set(ACTIONS),
}

# Roles that work with the provider's identity and so see CPFs whole in lists and exports;
# the others (Gestor) read statistics and see ***.094.747-** (LGPD: need to know).
PERSONAL_DATA_ROLES = {ANALYST, SUPERVISOR, ADMINISTRATOR}

# Actions that change a case: a user allowed to view but not to do these sees it read-only.
WRITE_ACTIONS = {"edit", "close", "reopen", "reassign"}


def role_of(user) -> str | None:
    """The user's role (the first of their groups that is a role); superusers administer."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ADMINISTRATOR
    if not hasattr(user, "_retencao_role"):  # one query per request, however often asked
        names = set(user.groups.values_list("name", flat=True))
        user._retencao_role = next((role for role in MATRIX if role in names), None)
    return user._retencao_role


def can(user, action: str, case: Case | None = None) -> bool:
    """May `user` do `action` (on `case`, when the action is about one case)?"""
    role = role_of(user)
    if role is None or action not in MATRIX[role]:
        return False
    if case is not None and role == ANALYST:
        return _is_analysts_case(user, case)
    return True


def visible_cases(user, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases `user` may see (empty for users without a role), from `cases` if given."""
    cases = Case.objects.all() if cases is None else cases
    role = role_of(user)
    if role is None:
        return cases.none()
    if role == ANALYST:
        return cases.filter(Q(analyst=user) | Q(created_by=user))
    return cases


def get_case_for_user(user, pk, *, write: bool = False, queryset=None) -> Case:
    """The case, or 404 when the user may not see it; 403 when `write` and they may not edit.

    `queryset` (of Case) says what to fetch with it, e.g. `Case.objects.with_form()`.
    """
    case = get_object_or_404(visible_cases(user, queryset), pk=pk)
    if write and not can(user, "edit", case):
        raise PermissionDenied("Você pode consultar este caso, mas não alterá-lo.")
    return case


def sees_personal_data(user) -> bool:
    """Whether lists and exports show this user whole CPFs (notes are masked for everyone)."""
    return role_of(user) in PERSONAL_DATA_ROLES


def require(user, action: str, case: Case | None = None) -> None:
    if not can(user, action, case):
        raise PermissionDenied("Seu perfil não permite esta ação.")


def _is_analysts_case(user, case: Case) -> bool:
    return case.analyst_id == user.pk or case.created_by_id == user.pk
