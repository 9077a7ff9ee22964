"""The GROUP BYs behind every figure, over the CaseFact rows a filter selects.

Every figure of the dashboard reads the rows of a few GROUP BY queries (`Groups`): each
runs once per request, when a figure first needs it, and returns named rows (the grouped
values, then the group's cases by outcome). Python then only walks those rows, never cases.
"""

import datetime
import functools
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.db import connections
from django.db.models import Count, Max, Q, QuerySet

from ..models import CaseFact, Outcome
from . import one_scan
from .one_scan import ITEMS, MONTHS, OUTCOMES, PLACES

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


# Each GROUP BY counts the cases of its groups by outcome in the same pass (conditional
# aggregates): the outcome is no part of the grouping, so a query has fewer groups and one
# scan serves every figure that shares its grouping.
OUTCOME_COUNTS = {name: Q(outcome=outcome) for name, outcome in OUTCOMES.items()}


def _by_outcome() -> dict:
    # Count("outcome") (never null), not "pk": the covering indexes hold outcome, not case_id
    return {name: Count("outcome", filter=condition) for name, condition in OUTCOME_COUNTS.items()}


def closed_of(row) -> int:
    """The closed cases of a grouped row."""
    return row.retained + row.terminated + row.not_retention


def total_of(row) -> int:
    return row.open + closed_of(row)


@dataclass
class Tally:
    """Cases of a group by outcome."""

    total: int = 0
    open: int = 0
    closed: int = 0
    retained: int = 0
    terminated: int = 0
    not_retention: int = 0

    def add(self, row, *, closed_only: bool = False) -> None:
        """Adds a grouped row's counts (open, retained, terminated, not_retention)."""
        # called for every grouped row, several times a request: closed_of written out
        closed = row.retained + row.terminated + row.not_retention
        open_ = 0 if closed_only else row.open
        self.total += open_ + closed
        self.open += open_
        self.closed += closed
        self.retained += row.retained
        self.terminated += row.terminated
        self.not_retention += row.not_retention

    @property
    def rate(self) -> float | None:
        return rate(self.retained, self.terminated)


class Groups:
    """The GROUP BY queries of `cases` (CaseFact rows), each run at most once (on
    PostgreSQL all three at once: one_scan).

    Rows are named tuples: the grouped fields, then the cases of the group by outcome
    (`open`, `retained`, `terminated`, `not_retention`) and any other count the query names.
    """

    def __init__(self, cases: QuerySet[CaseFact]):
        self.cases = cases.order_by()

    def _count(self, cases: QuerySet, fields: tuple, **extra) -> list:
        counted = cases.values(*fields).annotate(**_by_outcome(), **extra)
        return list(counted.values_list(*fields, *OUTCOME_COUNTS, *extra, named=True))

    @cached_property
    def _one_scan(self) -> dict[str, list] | None:
        """The three groupings counted in one scan where the database can (PostgreSQL:
        one_scan); None where each runs its own GROUP BY (SQLite)."""
        if connections[self.cases.db].vendor != "postgresql":
            return None
        return one_scan.grouped(self.cases)

    @cached_property
    def places(self) -> list:
        """(service_uf, city, analyst_id, outcomes…, risk_lives, risk_open,
        risk_terminated): the coverage-risk counts ride on the same scan, since they group
        by place too (alone they scanned the whole table: SQLite cannot use the partial
        index `fact_city_risk` with bound parameters)."""
        if self._one_scan is not None:
            return self._one_scan["places"]
        at_risk = AT_RISK & (OPEN | TERMINATED)
        return self._count(
            self.cases,
            PLACES,
            risk_lives=Max("lives", filter=at_risk),
            risk_open=Count("outcome", filter=AT_RISK & OPEN),
            risk_terminated=Count("outcome", filter=AT_RISK & TERMINATED),
        )

    @cached_property
    def items(self) -> list:
        """(reasons, actions, sectors, outcomes…); ids as "4,9". Cases without any option
        count in no item table, so they are left out of the grouping. On PostgreSQL each row
        groups by one of the three, the other two None (one_scan); a table reads only its own
        column either way."""
        if self._one_scan is not None:
            return self._one_scan["items"]
        return self._count(self.cases.exclude(reasons="", actions="", sectors=""), ITEMS)

    @cached_property
    def months(self) -> list:
        """(start_month, finish_month, analyst_id, days, outcomes…): the cases opened per
        month, closed per month with their days, and each analyst's days, in one scan."""
        if self._one_scan is not None:
            return self._one_scan["months"]
        return self._count(self.cases, MONTHS)

    def risk_cities(self) -> list[dict]:
        """Per (UF, city): most lives, open and terminated cases at coverage risk."""
        cities: dict = {}
        for row in self.places:
            if not (row.risk_open or row.risk_terminated):
                continue
            key = (row.service_uf, row.city)
            city = cities.setdefault(
                key,
                {
                    "service_uf": row.service_uf,
                    "city": row.city,
                    "lives": None,
                    "open": 0,
                    "terminated": 0,
                },
            )
            city["lives"] = max(city["lives"] or 0, row.risk_lives or 0)
            city["open"] += row.risk_open
            city["terminated"] += row.risk_terminated
        return list(cities.values())

    def open_counts(self, spans: list[Q], today: datetime.date) -> tuple[int, list[int]]:
        """Open cases past their deadline, and in each of `spans` (conditions)."""
        counts = {f"span{i}": Count("outcome", filter=span) for i, span in enumerate(spans)}
        late = Count("outcome", filter=Q(next_due_on__lt=today))
        figures = self.cases.filter(OPEN).aggregate(late=late, **counts)
        return figures["late"], [figures[f"span{i}"] for i in range(len(spans))]


def grouped(cases) -> Groups:
    """`cases` as Groups (a CaseFact queryset, or Groups already)."""
    return cases if isinstance(cases, Groups) else Groups(cases)


@functools.lru_cache(maxsize=10_000)
def ids(text: str) -> tuple[int, ...]:
    """The ids of a fact's "4,9" text (remembered: the same few texts recur in every
    request, one per grouped row of each item table)."""
    return tuple(int(i) for i in text.split(",")) if text else ()


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
