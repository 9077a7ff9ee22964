"""Previous and next case on the case screen, in the order of the queue the user came from.

The queue keeps its last filters and sort in the session (QUEUE_SESSION_KEY); the case
screen walks that list by keyset (the case's own sort value and number), so it costs three
short queries however long the list (sorted by a name across a relation: worklist.walk).
A case outside that list (opened from Hoje, a notification) walks the user's open cases by
deadline instead.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict

from accounts import access
from cases.filters import CaseFilter
from cases.models import Case
from cases.views import QUEUE_SESSION_KEY
from worklist import columns, walk

BY_DEADLINE = "prazo"


@dataclass(frozen=True)
class Neighbours:
    previous: int | None
    next: int | None
    source: str  # "fila" (the queue's filters) or "prazo" (my open cases by deadline)


def neighbours_of(user, case: Case, session) -> Neighbours:
    queue_query = session.get(QUEUE_SESSION_KEY)
    if queue_query is not None:
        params = QueryDict(queue_query)
        cases = _queue_cases(user, params)
        if cases.filter(pk=case.pk).exists():
            sort = columns.sort_of(params.get("ordem"))
            if walk.walked(sort):
                return Neighbours(*walk.neighbours(cases, sort, case), "fila")
            return _walk(cases, case, columns.ordering(sort), "fila")
    mine = access.visible_cases(user).open().filter(analyst=user)
    if mine.filter(pk=case.pk).exists():
        return _walk(mine, case, columns.ordering(BY_DEADLINE), BY_DEADLINE)
    return Neighbours(None, None, "")


def _queue_cases(user, params: QueryDict) -> QuerySet[Case]:
    visible = access.visible_cases(user)
    filterset = CaseFilter(params or None, queryset=visible)
    return filterset.qs if filterset.is_bound and filterset.is_valid() else visible


def _walk(cases: QuerySet[Case], case: Case, order, source: str) -> Neighbours:
    """The cases just before and after `case` in `order` then "-pk" (the queue's order)."""
    name, descending = order.expression.name, order.descending
    # the case's own sort value: a column of Case (a sort across a relation is walked)
    value = case.pk if name == "pk" else getattr(case, name)
    after, before = (
        _after(name, value, case.pk, descending),
        _before(name, value, case.pk, descending),
    )
    ahead = [columns.sorted_by(name, descending=descending), "-pk"]
    back = [columns.sorted_by(name, descending=not descending, nulls_first=True), "pk"]
    nxt = cases.filter(after).order_by(*ahead).values_list("pk", flat=True).first()
    prev = cases.filter(before).order_by(*back).values_list("pk", flat=True).first()
    return Neighbours(prev, nxt, source)


def _after(name: str, value, pk: int, descending: bool) -> Q:
    """Rows after (value, pk) in (name asc|desc nulls last, pk desc)."""
    if name == "pk":
        return Q(pk__lt=pk) if descending else Q(pk__gt=pk)
    if value is None:
        return Q(**{f"{name}__isnull": True, "pk__lt": pk})
    beyond, bound = ("lt", "lte") if descending else ("gt", "gte")
    after = _bounded(name, value, bound, Q(**{f"{name}__{beyond}": value}), Q(pk__lt=pk))
    return after | Q(**{f"{name}__isnull": True}) if columns.nullable(name) else after


def _before(name: str, value, pk: int, descending: bool) -> Q:
    if name == "pk":
        return Q(pk__gt=pk) if descending else Q(pk__lt=pk)
    if value is None:
        return Q(**{f"{name}__isnull": False}) | Q(**{f"{name}__isnull": True, "pk__gt": pk})
    ahead, bound = ("gt", "gte") if descending else ("lt", "lte")
    return _bounded(name, value, bound, Q(**{f"{name}__{ahead}": value}), Q(pk__gt=pk))


def _bounded(name: str, value, bound: str, beyond: Q, tie: Q) -> Q:
    """Rows beyond `value`, or at it and beyond on pk (`tie`), under a plain bound on `name`
    too: alone the OR is no range an index can start from, and PostgreSQL read the queue's
    order from its first row (~50,000 rows by Prestador at 100k: 26-33 ms a neighbour)."""
    return Q(**{f"{name}__{bound}": value}) & (beyond | (Q(**{name: value}) & tie))
