"""Who may see and work a substitution: exactly who may see and change its case.

Analysts and supervisors work the substitutions of the cases they may change; the Gestor
reads (accounts.access decides; docs/permissions.md says it).
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts import access
from cases.models import Case

from .models import Substitution


def visible_substitutions(user) -> QuerySet[Substitution]:
    """The list, its count, the dashboard and the API's list: never a cancelled one."""
    return Substitution.objects.current().filter(case__in=access.visible_cases(user))


def get_case_and_substitution(user, pk, *, write: bool = False):
    """The case (404/403 as its own screens answer) and its substitution (or None)."""
    case = access.get_case_for_user(user, pk, write=write, queryset=Case.objects.all())
    return case, Substitution.objects.filter(case=case).first()


def get_substitution_for_user(user, pk, *, write: bool = False) -> Substitution:
    case, substitution = get_case_and_substitution(user, pk, write=write)
    if substitution is None:
        raise Http404("Este caso não tem substituição.")
    return substitution


def may_work(user, case: Case) -> bool:
    return access.can(user, "edit", case)
