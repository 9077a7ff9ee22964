"""The queue sorted by a name across a relation (Colaborador, Operadora), walked one related
row at a time.

No index of Case holds the analyst's or the operator's name, so the database sorted every
case to show one page of them: at 1,000,000 cases on PostgreSQL, 275 ms for the page and
about 250 for each of the case screen's previous and next. The related rows are few (a
team's analysts, the operators), so the cases are counted per related row (one GROUP BY,
read from the relation's index), the related rows are put in name order here, and a page
reads its cases from one or two of them through the (relation, -id) indexes of Case.

The order is the queue's: related rows by name (ties by their number), the cases of each
newest first, the cases without one last, whichever the direction.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cases.models import Case

from . import columns


@dataclass(frozen=True)
class Group:
    key: int | None  # the related row's number; None for the cases without one
    count: int


@dataclass(frozen=True)
class Walk:
    relation: str  # the Case field: "analyst", "operator"
    groups: list[Group]  # in the sort's order, only those with cases

    @property
    def count(self) -> int:
        return sum(group.count for group in self.groups)

    def numbers(self, cases: QuerySet[Case], offset: int, limit: int) -> list[int]:
        """The case numbers at [offset, offset + limit) in the walked order."""
        found: list[int] = []
        for group in self.groups:
            if offset >= group.count:
                offset -= group.count
                continue
            newest = (
                _of(cases, self.relation, group.key).order_by("-pk").values_list("pk", flat=True)
            )
            found += newest[offset : offset + limit - len(found)]
            offset = 0
            if len(found) >= limit:
                break
        return found


def walked(sort: str) -> bool:
    """Whether the queue walks `sort` (a `columns.sort_of` value): a sort by a name across a
    relation; the others are of a column of Case, which the database reads from an index."""
    return "__" in columns.SORT_FIELDS[sort.removeprefix("-")]


def counted(cases: QuerySet[Case], sort: str) -> Walk:
    """`cases` counted per related row of a walked `sort`, in its order."""
    relation, _ = _related(sort)
    counted = cases.order_by().values_list(relation).annotate(n=Count("*"))
    counts = dict(counted.values_list(relation, "n"))
    keys = _in_order(sort, counts)
    return Walk(relation, [Group(key, counts[key]) for key in keys])


def neighbours(cases: QuerySet[Case], sort: str, case: Case) -> tuple[int | None, int | None]:
    """The case numbers before and after `case` (one of `cases`) in a walked `sort`: three
    short queries (the related rows, then a case each way), without counting the cases; a
    few more at the edge of a related row."""
    relation, _ = _related(sort)
    keys = _in_order(sort)
    at = keys.index(getattr(case, f"{relation}_id"))
    mine = _of(cases, relation, keys[at]).values_list("pk", flat=True)
    before = mine.filter(pk__gt=case.pk).order_by("pk").first()
    after = mine.filter(pk__lt=case.pk).order_by("-pk").first()
    if before is None:  # the oldest case of the nearest related row before that has any
        before = _first_of(cases, relation, reversed(keys[:at]), "pk")
    if after is None:  # the newest case of the nearest one after
        after = _first_of(cases, relation, keys[at + 1 :], "-pk")
    return before, after


def _related(sort: str) -> tuple[str, str]:
    """(the Case relation, the related row's name field) of a walked sort."""
    relation, name = columns.SORT_FIELDS[sort.removeprefix("-")].split("__")
    return relation, name


def _in_order(sort: str, among=None) -> list[int | None]:
    """The related rows' numbers (those in `among`, else all) in the order of `sort`, None
    (cases without one) last."""
    relation, name = _related(sort)
    related = Case._meta.get_field(relation).related_model._default_manager
    rows = related.all() if among is None else related.filter(pk__in=among)
    keys = list(rows.order_by(name, "pk").values_list("pk", flat=True))
    if sort.startswith("-"):
        keys.reverse()
    return [*keys, None] if among is None or None in among else keys


def _of(cases: QuerySet[Case], relation: str, key: int | None) -> QuerySet[Case]:
    return cases.filter(**{relation: key})


def _first_of(cases: QuerySet[Case], relation: str, keys, order: str) -> int | None:
    """The first case in `order` of the first of the related rows `keys` that has any."""
    for key in keys:
        first = _of(cases, relation, key).order_by(order).values_list("pk", flat=True).first()
        if first is not None:
            return first
    return None
