"""The substitutions' figures for the dashboard (issue 18): grouped rows, read by the ORM.

- share of notices published by D − 30, per month of D;
- equivalence reached and exceptions used;
- cities where a provider left (D passed) with no substitute while the case says the
  operator has lives there: coverage risk that becomes legal exposure.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from .models import Equivalence, ExceptionKind, Substitution


@dataclass(frozen=True)
class MonthShare:
    month: datetime.date
    total: int
    on_time: int

    @property
    def percent(self) -> float:
        return 100 * self.on_time / self.total if self.total else 0.0


@dataclass(frozen=True)
class Tally:
    label: str
    count: int


@dataclass(frozen=True)
class CityAtRisk:
    uf: str
    city: str
    providers: int
    lives: int


def on_time_by_month(found: QuerySet[Substitution]) -> list[MonthShare]:
    """Per month of D: how many, and how many published on or before their due date."""
    rows = (
        found.filter(last_service_on__isnull=False)
        .annotate(month=TruncMonth("last_service_on"))
        .values("month")
        .annotate(
            total=Count("pk"),
            on_time=Count("pk", filter=Q(published_on__lte=F("notice_due_on"))),
        )
        .order_by("month")
    )
    return [MonthShare(r["month"], r["total"], r["on_time"]) for r in rows]


def equivalences(found: QuerySet[Substitution]) -> list[Tally]:
    counts = dict(found.exclude(equivalence="").values_list("equivalence").annotate(n=Count("pk")))
    return [Tally(label, counts.get(value, 0)) for value, label in Equivalence.choices]


def exceptions(found: QuerySet[Substitution]) -> list[Tally]:
    counts = dict(found.exclude(exception="").values_list("exception").annotate(n=Count("pk")))
    return [Tally(label, counts.get(value, 0)) for value, label in ExceptionKind.choices]


def cities_at_risk(found: QuerySet[Substitution], *, today: datetime.date) -> list[CityAtRisk]:
    rows = (
        found.filter(last_service_on__lt=today, substitute_name="", case__lives__gt=0)
        .values("case__service_uf", "case__city")
        .annotate(providers=Count("pk"), lives=Sum("case__lives"))
        .order_by("-lives", "case__service_uf", "case__city")
    )
    return [
        CityAtRisk(r["case__service_uf"], r["case__city"], r["providers"], r["lives"]) for r in rows
    ]
