"""The dashboard's cards: totals, retention rates, days to finish, open cases by age."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from cases.models import TerminationReason

from ..tables import Column, Table
from .groups import Groups, Tally, closed_of, grouped, ids, percentiles, rate

AGE_BANDS = [("0 a 7 dias", 0, 7), ("8 a 15 dias", 8, 15), ("16 a 30 dias", 16, 30)]


@dataclass(frozen=True)
class AgeBand:
    """Open cases whose Data início lies in [first, last] (None: unbounded); both None and
    `dated` False: the cases without a Data início. `params`: its case-list filter."""

    label: str
    first: datetime.date | None
    last: datetime.date | None
    params: dict | None
    dated: bool = True
    count: int = 0

    def condition(self) -> Q:
        if not self.dated:
            return Q(started_on__isnull=True)
        bounds = {"started_on__gte": self.first, "started_on__lte": self.last}
        return Q(**{k: v for k, v in bounds.items() if v is not None})


@dataclass
class Summary(Tally):
    terminated_actionable: int = 0
    late: int = 0
    ages: list[AgeBand] = field(default_factory=list)
    median_days: float | None = None
    p90_days: float | None = None

    @property
    def retention_rate(self) -> float | None:
        return self.rate

    @property
    def actionable_rate(self) -> float | None:
        return rate(self.retained, self.terminated_actionable)


def summary(cases, today: datetime.date) -> Summary:
    """Totals, retention rates, days to finish and open cases by age."""
    groups = grouped(cases)
    result = Summary()
    for row in groups.places:
        result.add(row)
    if not result.total:
        return result
    result.terminated_actionable = _terminated_actionable(groups)
    days = Counter()
    for row in groups.months:
        if row.days is not None and (n := closed_of(row)):
            days[row.days] += n
    result.median_days, result.p90_days = percentiles(days)
    bands = age_bands(today)
    if result.open:
        result.late, counts = groups.open_counts([b.condition() for b in bands], today)
        bands = [AgeBand(**{**vars(b), "count": n}) for b, n in zip(bands, counts, strict=True)]
    result.ages = bands
    return result


def _terminated_actionable(groups: Groups) -> int:
    """Terminated cases with at least one reason the operator can act on."""
    actionable = set(
        TerminationReason.objects.filter(operator_can_act=True).values_list("pk", flat=True)
    )
    return sum(row.terminated for row in groups.items if actionable.intersection(ids(row.reasons)))


def age_bands(today: datetime.date) -> list[AgeBand]:
    """Open cases by days since started_on; each band with its queue filter."""
    day = datetime.timedelta(days=1)
    bands = []
    for label, low, high in AGE_BANDS:
        first, last = today - high * day, today - low * day
        params = {"opened_after": first.isoformat()}
        if low:
            params["opened_before"] = last.isoformat()
        # the first band takes dates after today too
        bands.append(AgeBand(label, first, last if low else None, params))
    last = today - 31 * day
    bands.append(AgeBand("mais de 30 dias", None, last, {"opened_before": last.isoformat()}))
    bands.append(AgeBand("sem data de início", None, None, None, dated=False))
    return bands


def ages_table(s: Summary) -> Table:
    rows = [
        {"band": band.label, "count": band.count, "_params": _open_params(band.params)}
        for band in s.ages
        if band.count or band.params is not None
    ]
    if s.open:
        late = {"situation": "open", "late": "true"}
        rows.append({"band": "com prazo vencido", "count": s.late, "_params": late})
    return Table(
        "idade",
        "Casos em aberto por idade",
        [Column("band", "Idade"), Column("count", "Casos", "int")],
        rows if s.open else [],
        note="Idade contada da Data início até hoje; prazo vencido: próximo prazo antes de hoje.",
    )


def _open_params(params: dict | None) -> dict | None:
    return None if params is None else {"situation": "open", **params}
