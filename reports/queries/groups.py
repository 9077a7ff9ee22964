"""The GROUP BYs behind every figure, over the CaseFact rows a filter selects.

Every figure of the dashboard reads the rows of a few GROUP BY queries (`Groups`): each
runs once per request, when a figure first needs it, and returns named rows (the grouped
values and `n`, the number of cases). Python then only walks those rows, never cases.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Max, Q, QuerySet

from ..models import CaseFact, Outcome

OPEN = Q(outcome=Outcome.OPEN)
CLOSED = Q(outcome__gt=Outcome.OPEN)
TERMINATED = Q(outcome=Outcome.TERMINATED)
AT_RISK = Q(at_risk=True)


def facts() -> QuerySet[CaseFact]:
    """Every case's facts: what the view filters (access rules, DashboardFilters)."""
    return CaseFact.objects.all()


def rate(retained: int, terminated: int) -> float | None:
    decided = retained + terminated
    return retained / decided if decided else None


@dataclass
class Tally:
    """Cases of a group by outcome."""

    total: int = 0
    open: int = 0
    closed: int = 0
    retained: int = 0
    terminated: int = 0
    not_retention: int = 0

    def add(self, outcome: int, n: int) -> None:
        self.total += n
        if outcome == Outcome.OPEN:
            self.open += n
            return
        self.closed += n
        if outcome == Outcome.RETAINED:
            self.retained += n
        elif outcome == Outcome.TERMINATED:
            self.terminated += n
        else:
            self.not_retention += n

    @property
    def rate(self) -> float | None:
        return rate(self.retained, self.terminated)


class Groups:
    """The GROUP BY queries of `cases` (CaseFact rows), each run at most once.

    Rows are named tuples (`values_list(named=True)`): the grouped fields, then `n`.
    """

    def __init__(self, cases: QuerySet[CaseFact]):
        self.cases = cases.order_by()

    def _count(self, cases: QuerySet, *fields) -> list:
        counted = cases.values(*fields).annotate(n=Count("*"))
        return list(counted.values_list(*fields, "n", named=True))

    @cached_property
    def places(self) -> list:
        """(outcome, analyst_id, service_uf, city, n)."""
        return self._count(self.cases, "outcome", "analyst_id", "service_uf", "city")

    @cached_property
    def items(self) -> list:
        """(outcome, reasons, actions, sectors, n); ids as "4,9"."""
        return self._count(self.cases, "outcome", "reasons", "actions", "sectors")

    @cached_property
    def closings(self) -> list:
        """(finish_month, outcome, days, analyst_id, start_month, n) of closed cases."""
        closed = self.cases.filter(CLOSED)
        fields = ("finish_month", "outcome", "days", "analyst_id", "start_month")
        return self._count(closed, *fields)

    @cached_property
    def openings(self) -> list:
        """(start_month, n) of cases with a Data início."""
        return self._count(self.cases.filter(start_month__isnull=False), "start_month")

    def risk_cities(self) -> list[dict]:
        """Per (UF, city): most lives, open and terminated cases at coverage risk."""
        at_risk = self.cases.filter(AT_RISK & (OPEN | TERMINATED))
        return list(
            at_risk.values("service_uf", "city").annotate(
                lives=Max("lives"),
                open=Count("pk", filter=OPEN),
                terminated=Count("pk", filter=TERMINATED),
            )
        )

    def open_counts(self, spans: list[Q], today: datetime.date) -> tuple[int, list[int]]:
        """Open cases past their deadline, and in each of `spans` (conditions)."""
        counts = {f"span{i}": Count("pk", filter=span) for i, span in enumerate(spans)}
        late = Count("pk", filter=Q(next_due_on__lt=today))
        figures = self.cases.filter(OPEN).aggregate(late=late, **counts)
        return figures["late"], [figures[f"span{i}"] for i in range(len(spans))]


def grouped(cases) -> Groups:
    """`cases` as Groups (a CaseFact queryset, or Groups already)."""
    return cases if isinstance(cases, Groups) else Groups(cases)


def ids(text: str) -> list[int]:
    """The ids of a fact's "4,9" text."""
    return [int(i) for i in text.split(",")] if text else []


# Percentiles: like PostgreSQL's percentile_cont, over a histogram {value: cases} --------

MEDIAN, P90 = (1, 2), (9, 10)  # fractions as integers: the arithmetic stays exact


def percentiles(histogram: Counter, fractions=(MEDIAN, P90)) -> list[float | None]:
    """Percentiles of the values counted in `histogram`, interpolated between neighbours."""
    if not histogram:
        return [None] * len(fractions)
    ordered = sorted(histogram.items())
    return [_from_histogram(ordered, f) for f in fractions]


def _from_histogram(histogram: list[tuple[int, int]], fraction) -> float:
    """The value at position (n - 1) * fraction of the sorted values, interpolated."""
    num, den = fraction
    total = sum(n for _, n in histogram)
    position = (total - 1) * num / den
    low = int(position)
    below, above = _nth(histogram, low), _nth(histogram, min(low + 1, total - 1))
    return float(below + (above - below) * (position - low))


def _nth(histogram, index: int):
    """The index-th (0-based) of the sorted values."""
    seen = 0
    for value, n in histogram:
        seen += n
        if index < seen:
            return value
    return histogram[-1][0]
