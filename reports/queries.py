"""Every figure of the dashboard and the monthly report, from a few GROUP BYs over CaseFact.

The figures read `reports.models.CaseFact` (one narrow row per case), never the wide case
table: a handful of GROUP BY queries (`Groups`; on PostgreSQL one pass of GROUPING SETS,
`OnePassGroups`) return aggregated rows (months, outcomes per place, reason sets), and
Python only walks those rows, never cases. Without filters, with one of the filters that
have tallies (UF, operator, analyst, requested by) or with the period alone, the same rows
come already grouped from CaseTally (`TallyGroups`, plus the facts of the days at a
period's ends); with several of those, the smallest one's tallies less the cases the
others leave out, when they are the fewer (`DifferenceGroups`): a few thousand rows
however many cases there are. Definitions:

- a case is *opened* in the month of its "Data início" (started_on) and *closed* in the
  month of its "Data final" (finished_on) when it is closed; the queue's "Aberto entre" /
  "Encerrado entre" filters use the same fields, so a figure and its link agree. Cases
  without those dates count in the totals and appear in no month;
- retention rate = retained / (retained + terminated) over closed cases, "Não se trata de
  Retenção" left out. Retained cases carry no reasons (FORM.md), so the rate "where the
  operator can act" is retained / (retained + terminations with at least one reason the
  operator can act on): the share saved of the cases that could have been saved;
- days to finish = days_to_finish (from the dates) or, lacking dates, the number written
  on an imported form; median and 90th percentile interpolate like percentile_cont;
- coverage risk: lives > 0 and unique CROs listed <= the case's CROs (the case warning's
  rule), for open and terminated cases.
"""

import datetime
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Q, QuerySet, Sum

from cases.models import ResponsibleSector, RetentionAction, Status, TerminationReason
from cases.rules import fold

from .models import CaseFact, CaseTally, Outcome
from .tables import Column, Table

OPEN = Q(outcome=Outcome.OPEN)
CLOSED = Q(outcome__gt=Outcome.OPEN)
TERMINATED = Q(outcome=Outcome.TERMINATED)
AT_RISK = Q(at_risk=True)
MEDIAN, P90 = (1, 2), (9, 10)  # fractions as integers: the arithmetic stays exact
MAX_MONTHS = 36
AGE_BANDS = [("0 a 7 dias", 0, 7), ("8 a 15 dias", 8, 15), ("16 a 30 dias", 16, 30)]


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


# The GROUP BYs -------------------------------------------------------------------------


class Groups:
    """The GROUP BY queries behind every figure, each run at most once, when first needed.

    Rows are tuples of the grouped values followed by the number of cases. Two queries
    (`_items`, `_closings`) are split in Python into the narrower rows the figures read,
    which is what the tallies store.
    """

    def __init__(self, cases: QuerySet[CaseFact]):
        self.cases = cases.order_by()

    @cached_property
    def places(self) -> list[tuple]:
        """(outcome, analyst id, UF, city, n)."""
        return self._count(self.cases, "outcome", "analyst", "service_uf", "city")

    @cached_property
    def _items(self) -> list[tuple]:
        return self._count(self.cases, "outcome", "reasons", "actions", "sectors")

    @cached_property
    def reasons(self) -> list[tuple]:
        """(outcome, reason ids, n); ids as "4,9"."""
        return _summed((outcome, reasons, n) for outcome, reasons, _, _, n in self._items)

    @cached_property
    def actions(self) -> list[tuple]:
        """(outcome, action ids, n)."""
        return _summed((outcome, actions, n) for outcome, _, actions, _, n in self._items)

    @cached_property
    def sectors(self) -> list[tuple]:
        """(sector ids, n)."""
        return _summed((sectors, n) for _, _, _, sectors, n in self._items)

    @cached_property
    def _closings(self) -> list[tuple]:
        closed = self.cases.filter(CLOSED).annotate(started=STARTED)
        return self._count(closed, "finish_month", "outcome", "days", "analyst", "started")

    @cached_property
    def closed_months(self) -> list[tuple]:
        """(finish month, outcome, has a Data início, n) of closed cases."""
        return _summed((m, outcome, started, n) for m, outcome, _, _, started, n in self._closings)

    @cached_property
    def month_days(self) -> list[tuple]:
        """(finish month, days to finish, n) of closed cases."""
        return _summed((m, days, n) for m, _, days, _, _, n in self._closings)

    @cached_property
    def analyst_days(self) -> list[tuple]:
        """(analyst id, days to finish, n) of closed cases."""
        return _summed((analyst, days, n) for _, _, days, analyst, _, n in self._closings)

    @cached_property
    def openings(self) -> list[tuple]:
        """(start month, n)."""
        return self._count(self.cases.filter(start_month__isnull=False), "start_month")

    def risk_cities(self) -> list[dict]:
        """Per (UF, city): most lives, open and terminated cases at coverage risk."""
        return list(
            self.cases.filter(AT_RISK & (OPEN | TERMINATED))
            .values("service_uf", "city")
            .annotate(lives=Max("lives"), open=Count("pk", filter=OPEN),
                      terminated=Count("pk", filter=TERMINATED))
        )  # fmt: skip

    def open_ages(self, bands: list[dict], today: datetime.date) -> dict:
        counts = {f"age{i}": Count("pk", filter=_band_q(band)) for i, band in enumerate(bands)}
        late = Count("pk", filter=Q(next_due_on__lt=today))
        return self.cases.filter(OPEN).aggregate(late=late, **counts)

    @staticmethod
    def _count(cases: QuerySet, *fields) -> list[tuple]:
        return list(cases.values_list(*fields).annotate(n=Count("*")))

    @staticmethod
    def grouped(cases: QuerySet, grouping: str, by: str | None = None) -> list[tuple]:
        """One of GROUPINGS in one query: rows (value of `by` or None, values…, n)."""
        where, fields, _ = GROUPINGS[grouping]
        rows = cases.order_by().filter(where).annotate(started=STARTED)
        if by is None:
            return [(None, *row) for row in Groups._count(rows, *fields)]
        return Groups._count(rows, by, *fields)


class OnePassGroups(Groups):
    """The same rows from one pass over the cases: PostgreSQL's GROUPING SETS read the
    filtered facts once for every GROUP BY, where Groups reads them once per GROUP BY."""

    SETS = {
        "places": ("outcome", "analyst_id", "service_uf", "city"),
        "items": ("outcome", "reasons", "actions", "sectors"),
        "closings": ("finish_month", "outcome", "days", "analyst_id", "started"),
        "openings": ("start_month",),
        "open_started": ("outcome", "started_on"),
        "open_due": ("outcome", "next_due_on"),
        "risk": ("at_risk", "outcome", "service_uf", "city"),
    }
    COLUMNS = tuple(dict.fromkeys(c for columns in SETS.values() for c in columns))

    @cached_property
    def _sets(self) -> dict[str, list[tuple]]:
        """Each set's rows: (its columns' values…, most lives, n)."""
        inner = self.cases.annotate(started=STARTED).values_list(*self.COLUMNS, "lives")
        sql, params = inner.query.sql_with_params()
        names = [f"c{i}" for i in range(len(self.COLUMNS))]
        position = dict(zip(self.COLUMNS, names, strict=True))
        sets = ", ".join(f"({', '.join(position[c] for c in s)})" for s in self.SETS.values())
        query = (
            f"SELECT GROUPING({', '.join(names)}), {', '.join(names)}, MAX(lives), COUNT(*) "
            f"FROM ({sql}) AS f ({', '.join(names)}, lives) GROUP BY GROUPING SETS ({sets})"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, params)
            rows = cursor.fetchall()
        width = len(self.COLUMNS)
        masks = {  # GROUPING(): a bit per column left out of the set, the first one highest
            sum(1 << (width - 1 - i) for i, c in enumerate(self.COLUMNS) if c not in s): name
            for name, s in self.SETS.items()
        }  # fmt: skip
        picks = {name: [self.COLUMNS.index(c) + 1 for c in s] for name, s in self.SETS.items()}
        sets = {name: [] for name in self.SETS}
        for row in rows:
            name = masks[row[0]]
            sets[name].append((*(row[i] for i in picks[name]), row[-2], row[-1]))
        return sets

    def _rows(self, name: str) -> list[tuple]:
        """A set's rows without the most lives: (values…, n)."""
        return [(*values, n) for *values, _, n in self._sets[name]]

    @cached_property
    def places(self) -> list[tuple]:
        return self._rows("places")

    @cached_property
    def _items(self) -> list[tuple]:
        return self._rows("items")

    @cached_property
    def _closings(self) -> list[tuple]:
        return [row for row in self._rows("closings") if row[1] != Outcome.OPEN]

    @cached_property
    def openings(self) -> list[tuple]:
        return [row for row in self._rows("openings") if row[0] is not None]

    @cached_property
    def open_started(self) -> list[tuple]:
        return self._open_rows("open_started")

    @cached_property
    def open_due(self) -> list[tuple]:
        return self._open_rows("open_due")

    def _open_rows(self, name: str) -> list[tuple]:
        return [(day, n) for outcome, day, n in self._rows(name) if outcome == Outcome.OPEN]

    def open_ages(self, bands: list[dict], today: datetime.date) -> dict:
        return _ages(self.open_started, self.open_due, bands, today)

    def risk_cities(self) -> list[dict]:
        rows = [
            (outcome, uf, city, lives, n)
            for at_risk, outcome, uf, city, lives, n in self._sets["risk"]
            if at_risk and outcome in (Outcome.OPEN, Outcome.TERMINATED)
        ]
        most: dict = {}
        for _, uf, city, lives, _ in rows:
            most[uf, city] = max(most.get((uf, city), 0), lives)
        return _cities_at_risk([(o, uf, city, n) for o, uf, city, _, n in rows],
                               lambda places: [most[place] for place in places])  # fmt: skip


def _cities_at_risk(rows, most_lives) -> list[dict]:
    """Cases at coverage risk per (UF, city) from rows (outcome, UF, city, n), n negative for
    cases taken away; cities left without any go. `most_lives(places)` gives each remaining
    city's most lives, in order (the most is no sum: each kind of groups finds it its way)."""
    cities: dict = {}
    for outcome, uf, city, n in rows:
        row = cities.setdefault((uf, city), {"service_uf": uf, "city": city, "open": 0,
                                             "terminated": 0})  # fmt: skip
        row["open" if outcome == Outcome.OPEN else "terminated"] += n
    cities = {place: row for place, row in cities.items() if row["open"] or row["terminated"]}
    for row, lives in zip(cities.values(), most_lives(list(cities)), strict=True):
        row["lives"] = lives
    return list(cities.values())


def _ages(started: list[tuple], due: list[tuple], bands: list[dict], today) -> dict:
    """Open cases per age band and past their deadline, from rows (Data início, n) and
    (next deadline, n) of open cases."""
    counts = {f"age{i}": sum(n for day, n in started if _in_band(band, day))
              for i, band in enumerate(bands)}  # fmt: skip
    return {"late": sum(n for day, n in due if day and day < today), **counts}


def grouped(cases: QuerySet[CaseFact]) -> Groups:
    """The GROUP BYs of `cases` in one pass where the database can (PostgreSQL)."""
    return OnePassGroups(cases) if connection.vendor == "postgresql" else Groups(cases)


def _summed(rows) -> list[tuple]:
    """Rows (values…, n) with equal values summed into one."""
    sums = Counter()
    for *values, n in rows:
        sums[tuple(values)] += n
    return [(*values, n) for values, n in sums.items()]


# What the tallies hold: each grouping's cases, grouped values, and where dates stand in
# them (they travel as ISO text). Groups derives the same rows from fewer queries.
STARTED = ExpressionWrapper(Q(start_month__isnull=False), output_field=BooleanField())
GROUPINGS = {
    "places": (Q(), ("outcome", "analyst_id", "service_uf", "city"), ()),
    "reasons": (Q(), ("outcome", "reasons"), ()),
    "actions": (Q(), ("outcome", "actions"), ()),
    "sectors": (Q(), ("sectors",), ()),
    "closed_months": (CLOSED, ("finish_month", "outcome", "started"), (0,)),
    "month_days": (CLOSED, ("finish_month", "days"), (0,)),
    "analyst_days": (CLOSED, ("analyst_id", "days"), ()),
    "openings": (Q(start_month__isnull=False), ("start_month",), (0,)),
    "open_started": (OPEN, ("started_on",), (0,)),
    "open_due": (OPEN, ("next_due_on",), (0,)),
    "risk": (AT_RISK & (OPEN | TERMINATED), ("outcome", "service_uf", "city"), ()),
}
# The filters whose cases have tallies of their own (CaseFact fields), and the months that
# stand for the period filters' dates.
SLICES = ("service_uf", "operator_id", "analyst_id", "requested_by_id", "start_month",
          "finish_month")  # fmt: skip
PERIOD_SLICES = {"started_on": "start_month", "finished_on": "finish_month"}
EVERY_CASE = ""  # the slice of every case


def slice_name(field: str, value) -> str:
    return f"{field}={value}"


class TallyGroups(Groups):
    """The same rows read from the tallies (`reports.tallies`) instead of grouped anew: those
    of one slice (a name; default: every case), or summed over the slices a Q selects.
    `cases` must be those very cases (the few figures not tallied, such as the open cases at
    risk, read them); `within` is the same restriction as SQL over the facts, for the most
    lives per city."""

    def __init__(self, cases: QuerySet[CaseFact], slices: str | Q = EVERY_CASE, within=("", ())):
        super().__init__(cases)
        self.within = within
        keys, counts = defaultdict(list), defaultdict(list)
        for grouping, key, n in _tally_rows(slices):
            keys[grouping].append(key)
            counts[grouping].append(n)
        rows = {g: _decoded(g, keys[g], counts[g]) for g in GROUPINGS}
        vars(self).update(rows)  # in place of Groups' cached (grouped) rows

    def open_ages(self, bands: list[dict], today: datetime.date) -> dict:
        return _ages(self.open_started, self.open_due, bands, today)

    def risk_cities(self) -> list[dict]:
        return _cities_at_risk(self.risk, lambda places: _most_lives(places, *self.within))


def _tally_rows(slices: str | Q) -> list[tuple[str, str, int]]:
    """(grouping, key, cases) of one slice, or summed over several, on a bare cursor: the
    ORM's per-value converters cost more than the query over the few thousand rows."""
    if isinstance(slices, str):  # one slice: each (grouping, key) is one row already
        tallies = CaseTally.objects.filter(slice=slices, n__gt=0)
        tallies = tallies.values_list("grouping", "key", "n")
    else:
        tallies = CaseTally.objects.filter(slices).values_list("grouping", "key")
        tallies = tallies.annotate(total=Sum("n")).filter(total__gt=0)
    sql, params = tallies.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def city_names() -> set[str]:
    """Every city name of the cases, as written, from the tally of places over every case: a
    few thousand rows instead of a DISTINCT over every case's facts."""
    places = CaseTally.objects.filter(slice=EVERY_CASE, grouping="places", n__gt=0)
    keys = list(places.values_list("key", flat=True))
    return {values[3] for values in json.loads("[" + ",".join(keys) + "]")}


def _slice_groups(cases, field: str, value) -> TallyGroups:
    """The tallies of the cases where `field` (one of SLICES) = value."""
    # the field is one of SLICES, whose names are their columns'
    return TallyGroups(cases, slice_name(field, value), (f"AND {field} = %s", [value]))


def _joined(name: str) -> cached_property:
    return cached_property(lambda self: [row for part in self.parts for row in getattr(part, name)])


class JoinedGroups(Groups):
    """The rows of disjoint parts of `cases`, put together: every figure sums rows."""

    def __init__(self, cases: QuerySet[CaseFact], parts: list[Groups]):
        super().__init__(cases)
        self.parts = parts

    places, reasons, actions = _joined("places"), _joined("reasons"), _joined("actions")
    sectors, closed_months = _joined("sectors"), _joined("closed_months")
    month_days, analyst_days = _joined("month_days"), _joined("analyst_days")
    openings = _joined("openings")

    def open_ages(self, bands: list[dict], today: datetime.date) -> dict:
        total = Counter()
        for part in self.parts:
            total.update(part.open_ages(bands, today))
        return total

    def risk_cities(self) -> list[dict]:
        return [row for part in self.parts for row in part.risk_cities()]


def _period_groups(cases, field: str, first, last) -> Groups:
    """Cases whose `field` date (Data início or Data final) lies in [first, last] (either
    may be open): the whole months from their month's tallies, the days at the ends from
    the facts."""
    month_field = PERIOD_SLICES[field]
    day = datetime.timedelta(days=1)
    low = first if first is None or first.day == 1 else _month_end(first) + day
    high = last if last is None or last == _month_end(last) else last.replace(day=1) - day
    if low and high and low > high:
        return Groups(cases)
    names = _month_slices(month_field, low, high)
    within, params = "", []
    if low:
        within, params = f"AND {month_field} >= %s ", [low]
    if high:
        within, params = within + f"AND {month_field} <= %s ", [*params, high.replace(day=1)]
    parts = [TallyGroups(cases, names, (within, params))]
    if low and first and first < low:
        parts.append(grouped(cases.filter(**{f"{field}__lt": low})))
    if high and last and last > high:
        parts.append(grouped(cases.filter(**{f"{field}__gt": high})))
    return JoinedGroups(cases, parts)


def _less(name: str) -> cached_property:
    return cached_property(lambda self: _difference(getattr(self.whole, name),
                                                    getattr(self.less, name)))  # fmt: skip


def _difference(rows, less) -> list[tuple]:
    """Rows (values…, n) less the rows of the same values in `less`; groups left empty go."""
    sums = Counter()
    for *values, n in rows:
        sums[tuple(values)] += n
    for *values, n in less:
        sums[tuple(values)] -= n
    return [(*values, n) for values, n in sums.items() if n]


class DifferenceGroups(Groups):
    """The rows of `cases` as those of a larger set (`whole`, from its tallies) less those of
    the larger set's other cases (`less`, grouped anew): when a filter with tallies holds most
    of the cases the other filters keep, the few it also holds are grouped instead of the many.
    """

    def __init__(self, cases: QuerySet[CaseFact], whole: Groups, less: Groups):
        super().__init__(cases)
        self.whole, self.less = whole, less

    places, reasons, actions = _less("places"), _less("reasons"), _less("actions")
    sectors, closed_months = _less("sectors"), _less("closed_months")
    month_days, analyst_days = _less("month_days"), _less("analyst_days")
    openings = _less("openings")

    def open_ages(self, bands: list[dict], today: datetime.date) -> dict:
        total = Counter(self.whole.open_ages(bands, today))
        total.subtract(self.less.open_ages(bands, today))
        return total

    def risk_cities(self) -> list[dict]:
        """The cases at risk per city, the larger set's less the left-out ones; the most
        lives, which is no sum, asked of the cases themselves (an index probe per city)."""
        where = _where(self.cases)
        if where is None:
            return Groups(self.cases).risk_cities()
        rows = [
            (outcome, row["service_uf"], row["city"], sign * row[kind])
            for sign, groups in ((1, self.whole), (-1, self.less))
            for row in groups.risk_cities()
            for outcome, kind in ((Outcome.OPEN, "open"), (Outcome.TERMINATED, "terminated"))
        ]
        return _cities_at_risk(rows, lambda places: _most_lives(places, *where))


def _sliced_groups(cases, slices: list[tuple[tuple, Q, Q]]) -> Groups:
    """The rows of `cases`, the cases of every slice of `slices` (a slice with tallies, its
    condition, the condition of its cases the other filters leave out): the smallest slice's
    tallies less the cases left out, when those are expected to be fewer than the cases kept
    (filters taken as independent); otherwise grouped anew."""
    if len(slices) == 1:
        return _groups(cases, slices[0][0])
    sizes = [_slice_size(tally) for tally, _, _ in slices]
    every = _slice_size(None) or 1
    smallest = min(range(len(slices)), key=sizes.__getitem__)
    kept = sizes[smallest] * math.prod(n / every for i, n in enumerate(sizes) if i != smallest)
    if sizes[smallest] - kept >= kept:
        return grouped(cases)
    tally, own, left_out = slices[smallest]
    inside = facts().filter(own)
    return DifferenceGroups(cases, _groups(inside, tally), grouped(inside.filter(left_out)))


def _slice_size(tally: tuple | None) -> int:
    """How many cases a slice holds (every case for None; a period: its months, whole), from
    the tallies of responsible sectors, which count every case once."""
    if tally is None:
        names = Q(slice=EVERY_CASE)
    elif tally[0] in PERIOD_SLICES:
        names = _month_slices(PERIOD_SLICES[tally[0]], tally[1], tally[2])
    else:
        names = Q(slice=slice_name(*tally))
    return CaseTally.objects.filter(names, grouping="sectors").aggregate(n=Sum("n"))["n"] or 0


def _where(cases: QuerySet[CaseFact]) -> tuple[str, list] | None:
    """The conditions of `cases` as SQL over the facts table alone ("AND …", params), for
    _most_lives; None when they reach other tables."""
    query = cases.query
    if sum(1 for uses in query.alias_refcount.values() if uses) > 1:  # joins in use
        return None
    sql, params = query.get_compiler(connection=connection).compile(query.where)
    return (f"AND {sql}" if sql else ""), list(params)


def _month_slices(month_field: str, first, last) -> Q:
    """The tally slices of the months of `first` to `last` (dates; either may be None)."""
    names = Q(slice__startswith=f"{month_field}=")
    if first:
        names &= Q(slice__gte=slice_name(month_field, first.replace(day=1)))
    if last:
        names &= Q(slice__lte=slice_name(month_field, last.replace(day=1)))
    return names


def _most_lives(places: list[tuple[str, str]], within: str = "", params=()) -> list[int]:
    """The most lives of a case at risk in each (UF, city), among the facts that also meet
    `within` (SQL, with its `params`): one index probe per city."""
    if not places:
        return []
    table = CaseFact._meta.db_table
    true = "1" if connection.vendor == "sqlite" else "true"
    values = ", ".join(["(%s, %s)"] * len(places))
    sql = (
        f"WITH place (uf, city) AS (VALUES {values}) "
        # Literals written as in the partial index fact_city_risk: SQLite uses a partial
        # index only for a WHERE that visibly implies the index's own.
        f"SELECT (SELECT MAX(lives) FROM {table} WHERE at_risk = {true} "
        f"AND outcome IN ({int(Outcome.OPEN)}, {int(Outcome.TERMINATED)}) "
        f"AND service_uf = place.uf AND city = place.city {within}) FROM place"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [v for place in places for v in place] + list(params))
        return [lives for (lives,) in cursor.fetchall()]


def encode(values) -> str:
    """A group's values as a tally key (JSON; dates as ISO text)."""
    plain = [v.isoformat() if isinstance(v, datetime.date) else v for v in values]
    return json.dumps(plain, ensure_ascii=False, separators=(",", ":"))


def _decoded(grouping: str, keys: list[str], counts: list[int]) -> list[tuple]:
    """Rows (values…, n) of tally keys: all of a grouping's keys parsed as one JSON array."""
    values = json.loads("[" + ",".join(keys) + "]")
    dates = {}  # a few dozen months or days recur across thousands of keys
    for i in GROUPINGS[grouping][2]:
        for v in values:
            text = v[i]
            if text is not None:
                v[i] = dates.get(text) or dates.setdefault(text, datetime.date.fromisoformat(text))
    return [(*v, n) for v, n in zip(values, counts, strict=True)]


def _groups(cases, tally: tuple | list | None = None) -> Groups:
    """The rows behind the figures of `cases`: tallies when they are every case, or when
    the caller vouches that they are the cases of `tally`: (field, value) with a field of
    SLICES, or (date field, first, last) with a field of PERIOD_SLICES; or a list of such
    slices that all hold them (DashboardFilters.tally_slices)."""
    if isinstance(cases, Groups):
        return cases
    if isinstance(tally, list):
        if tally:
            return _sliced_groups(cases, tally)
        tally = None
    if tally is not None and tally[0] in PERIOD_SLICES:
        return _period_groups(cases, *tally)
    if tally is not None:
        return _slice_groups(cases, *tally)
    if cases.model is CaseFact and not cases.query.has_filters():
        return TallyGroups(cases)
    return grouped(cases)


def _ids(text: str) -> list[int]:
    return [int(i) for i in text.split(",")] if text else []


# Percentiles --------------------------------------------------------------------------


def _percentiles(histogram: Counter, fractions=(MEDIAN, P90)) -> list[float | None]:
    """Percentiles of the values counted in `histogram` ({value: cases})."""
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
    return float(_nth(histogram, low) + (_nth(histogram, low + 1, total) - _nth(histogram, low))
                 * (position - low))  # fmt: skip


def _nth(histogram, index: int, total: int | None = None):
    """The index-th (0-based) of the sorted values; the last one past the end."""
    if total is not None and index >= total:
        index = total - 1
    seen = 0
    for value, n in histogram:
        seen += n
        if index < seen:
            return value
    return histogram[-1][0]


# Summary --------------------------------------------------------------------------------


@dataclass
class Summary(Tally):
    terminated_actionable: int = 0
    late: int = 0
    ages: list = field(default_factory=list)
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
    groups = _groups(cases)
    result = Summary()
    for outcome, *_, n in groups.places:
        result.add(outcome, n)
    if not result.total:
        return result
    result.terminated_actionable = _terminated_actionable(groups)
    days = Counter()
    for _, value, n in groups.month_days:
        if value is not None:
            days[value] += n
    result.median_days, result.p90_days = _percentiles(days)
    bands = _age_bands(today)
    figures = groups.open_ages(bands, today) if result.open else {}
    result.late = figures.get("late", 0)
    result.ages = [{**band, "count": figures.get(f"age{i}", 0)} for i, band in enumerate(bands)]
    return result


def _terminated_actionable(groups: Groups) -> int:
    actionable = set(
        TerminationReason.objects.filter(operator_can_act=True).values_list("pk", flat=True)
    )
    return sum(
        n for outcome, reasons, n in groups.reasons
        if outcome == Outcome.TERMINATED and actionable.intersection(_ids(reasons))
    )  # fmt: skip


def _age_bands(today: datetime.date) -> list[dict]:
    """Open cases by days since started_on; each band with its queue filter."""
    day = datetime.timedelta(days=1)
    bands = []
    for label, low, high in AGE_BANDS:
        first, last = today - high * day, today - low * day
        span = (first, last if low else None)  # the first band takes dates after today too
        params = {"opened_after": first.isoformat()}
        if low:
            params["opened_before"] = last.isoformat()
        bands.append({"label": label, "span": span, "params": params})
    last = today - 31 * day
    bands.append({"label": "mais de 30 dias", "span": (None, last),
                  "params": {"opened_before": last.isoformat()}})  # fmt: skip
    bands.append({"label": "sem data de início", "span": None, "params": None})
    return bands


def _band_q(band: dict) -> Q:
    if band["span"] is None:
        return Q(started_on__isnull=True)
    first, last = band["span"]
    return Q(**{k: v for k, v in (("started_on__gte", first), ("started_on__lte", last)) if v})


def _in_band(band: dict, day: datetime.date | None) -> bool:
    if band["span"] is None or day is None:
        return band["span"] is None and day is None
    first, last = band["span"]
    return (first is None or day >= first) and (last is None or day <= last)


def ages_table(s: Summary) -> Table:
    rows = [
        {"band": a["label"], "count": a["count"], "_params": _open_params(a["params"])}
        for a in s.ages
        if a["count"] or a["params"] is not None
    ]
    if s.open:
        rows.append({"band": "com prazo vencido", "count": s.late,
                     "_params": {"situation": "open", "late": "true"}})  # fmt: skip
    return Table(
        "idade",
        "Casos em aberto por idade",
        [Column("band", "Idade"), Column("count", "Casos", "int")],
        rows if s.open else [],
        note="Idade contada da Data início até hoje; prazo vencido: próximo prazo antes de hoje.",
    )


def _open_params(params):
    return None if params is None else {"situation": "open", **params}


# Months --------------------------------------------------------------------------------


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def _month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def monthly_table(cases, months: list[datetime.date] | None = None) -> Table:
    """Opened, closed, open at the month's end, retention and days to finish per month.

    `months` defaults to the months the cases span (at most the last MAX_MONTHS); months
    without any case show zeros, since they are part of the series.
    """
    groups = _groups(cases)
    opened = Counter()
    for month, n in groups.openings:
        opened[month] += n
    closed: dict = defaultdict(lambda: {"tally": Tally(), "started": 0})
    days: dict = defaultdict(Counter)
    for month, outcome, started, n in groups.closed_months:
        if month is not None:
            closed[month]["tally"].add(outcome, n)
            closed[month]["started"] += n if started else 0
    for month, value, n in groups.month_days:
        if month is not None and value is not None:
            days[month][value] += n
    if months is None:
        months = _months_spanned(set(opened) | set(closed))
    return Table(
        "mensal",
        "Casos por mês",
        [
            Column("month", "Mês", "month"),
            Column("opened", "Abertos", "int"),
            Column("closed", "Encerrados", "int"),
            Column("backlog", "Em aberto no fim do mês", "int"),
            Column("retained", "Retidos", "int"),
            Column("terminated", "Desligados", "int"),
            Column("rate", "Taxa de retenção", "pct"),
            Column("median", "Mediana de dias", "days"),
            Column("p90", "90º percentil de dias", "days"),
        ],
        _monthly_rows(months, opened, closed, days),
        note="Abertos pela Data início; encerrados, retenção e dias pela Data final.",
    )


def _months_spanned(keys: set) -> list[datetime.date]:
    if not keys:
        return []
    last = max(keys)
    first = max(min(keys), (last - datetime.timedelta(days=31 * (MAX_MONTHS - 1))).replace(day=1))
    return month_range(first, last)


def _monthly_rows(months, opened, closed, days) -> list[dict]:
    rows = []
    for month in months:
        end = _month_end(month)
        tally = closed[month]["tally"] if month in closed else Tally()
        backlog = sum(n for m, n in opened.items() if m <= month) - sum(
            c["started"] for m, c in closed.items() if m <= month
        )
        median, p90 = _percentiles(days.get(month, Counter()))
        rows.append({
            "month": month, "opened": opened.get(month, 0), "closed": tally.closed,
            "backlog": backlog, "retained": tally.retained, "terminated": tally.terminated,
            "rate": tally.rate, "median": median, "p90": p90,
            "_params": {"opened_after": month.isoformat(), "opened_before": end.isoformat()},
        })  # fmt: skip
    return rows


# Reasons, sectors, actions -----------------------------------------------------------


def _pareto(rows: list[dict]) -> list[dict]:
    """Adds % and cumulative % to rows already ordered by count (largest first)."""
    total = sum(r["count"] for r in rows)
    running = 0
    for r in rows:
        running += r["count"]
        r["share"], r["cumulative"] = r["count"] / total, running / total
    return rows


PARETO_COLUMNS = [Column("count", "Casos", "int"), Column("share", "%", "pct"),
                  Column("cumulative", "% acumulado", "pct")]  # fmt: skip


def _counted(model, counts: Counter, *fields) -> list:
    """The `model` items counted, largest count first, ties in the form's order."""
    items = model.objects.filter(pk__in=list(counts)).only("label", "order", *fields)
    return sorted(items, key=lambda item: (-counts[item.pk], item.order, item.label))


def reason_tables(cases) -> tuple[Table, Table]:
    """Termination reasons of terminated cases as two Paretos: the operator can act, or not.

    Ties keep the form's order of the reasons.
    """
    counts = Counter()
    for outcome, reasons, n in _groups(cases).reasons:
        if outcome == Outcome.TERMINATED:
            for pk in _ids(reasons):
                counts[pk] += n
    groups = {True: [], False: []}
    for reason in _counted(TerminationReason, counts, "operator_can_act"):
        groups[reason.operator_can_act].append({
            "reason": reason.label, "count": counts[reason.pk],
            "_params": {"situation": Status.TERMINATED, "reason": reason.pk},
        })  # fmt: skip
    titles = {True: "Motivos em que a operadora pode agir",
              False: "Motivos fora do alcance da operadora"}  # fmt: skip
    slugs = {True: "motivos-acionaveis", False: "motivos-outros"}
    return tuple(
        Table(slugs[k], titles[k], [Column("reason", "Motivo"), *PARETO_COLUMNS],
              _pareto(groups[k]), note="Casos desligados; um caso pode ter mais de um motivo.")
        for k in (True, False)
    )  # fmt: skip


def sectors_table(cases) -> Table:
    counts = Counter()
    for sectors, n in _groups(cases).sectors:
        for pk in _ids(sectors):
            counts[pk] += n
    data = [
        {"sector": sector.label, "count": counts[sector.pk], "_params": {"sector": sector.pk}}
        for sector in _counted(ResponsibleSector, counts)
    ]
    return Table("setores", "Setores responsáveis", [Column("sector", "Setor"), *PARETO_COLUMNS],
                 _pareto(data), note="Um caso pode indicar mais de um setor.")  # fmt: skip


def actions_table(cases) -> Table:
    tallies: dict = defaultdict(Tally)
    for outcome, actions, n in _groups(cases).actions:
        for pk in _ids(actions):
            tallies[pk].add(outcome, n)
    offered = Counter({pk: t.total for pk, t in tallies.items()})
    data = [
        {"action": action.label, "offered": tallies[action.pk].total,
         "retained": tallies[action.pk].retained, "terminated": tallies[action.pk].terminated,
         "rate": tallies[action.pk].rate}
        for action in _counted(RetentionAction, offered)
    ]  # fmt: skip
    return Table(
        "acoes",
        "Ações de retenção ofertadas",
        [Column("action", "Ação"), Column("offered", "Casos", "int"),
         Column("retained", "Retidos", "int"), Column("terminated", "Desligados", "int"),
         Column("rate", "Taxa de retenção", "pct")],
        data,
        note="Taxa: retidos / (retidos + desligados) entre os casos em que a ação foi ofertada.",
    )  # fmt: skip


# Analysts, places ----------------------------------------------------------------------

OUTCOME_COLUMNS = [
    Column("total", "Casos", "int"), Column("open", "Em aberto", "int"),
    Column("closed", "Encerrados", "int"), Column("rate", "Taxa de retenção", "pct"),
]  # fmt: skip


def analysts_table(cases) -> Table:
    groups = _groups(cases)
    pks = {analyst for _, analyst, _, _, _ in groups.places if analyst}
    users = get_user_model().objects.filter(pk__in=pks)
    names = {u.pk: u.get_full_name() or u.username for u in users}
    tallies: dict = defaultdict(Tally)
    for outcome, analyst, _, _, n in groups.places:
        tallies[analyst if analyst in names else None].add(outcome, n)  # a deleted user: none
    days: dict = defaultdict(Counter)
    for analyst, value, n in groups.analyst_days:
        if value is not None:
            days[analyst if analyst in names else None][value] += n
    data = [
        {"analyst": names.get(pk, "Sem colaborador"), **_outcomes(t),
         "median": _percentiles(days[pk], (MEDIAN,))[0] if pk in days else None,
         "_params": {"analyst": pk} if pk else None}
        for pk, t in sorted(tallies.items(), key=lambda item: (-item[1].total, item[0] or 0))
    ]  # fmt: skip
    return Table(
        "colaboradores", "Por colaborador",
        [Column("analyst", "Colaborador"), *OUTCOME_COLUMNS,
         Column("median", "Mediana de dias", "days")],
        data,
    )  # fmt: skip


def _outcomes(t: Tally) -> dict:
    return {"total": t.total, "open": t.open, "closed": t.closed, "rate": t.rate}


def _places(groups: Groups) -> dict:
    """{(UF, city as written): Tally}."""
    tallies: dict = defaultdict(Tally)
    for outcome, _, uf, city, n in groups.places:
        tallies[(uf, city)].add(outcome, n)
    return tallies


def ufs_table(cases) -> Table:
    by_uf: dict = defaultdict(Tally)
    for (uf, _), t in _places(_groups(cases)).items():
        for name, value in vars(t).items():
            setattr(by_uf[uf], name, getattr(by_uf[uf], name) + value)
    data = [
        {"uf": uf or "sem UF", **_outcomes(t), "_params": {"uf": uf} if uf else None}
        for uf, t in sorted(by_uf.items(), key=lambda item: (-item[1].total, item[0]))
    ]
    return Table("ufs", "Por UF", [Column("uf", "UF"), *OUTCOME_COLUMNS], data)


PLACE_SUMS = ("total", "open", "closed", "retained", "terminated")


def cities_table(cases) -> Table:
    """Cases per city; spellings that differ only in case or accents are one city."""
    rows = [{"service_uf": uf, "city": city, **vars(t)}
            for (uf, city), t in _places(_groups(cases)).items()]  # fmt: skip
    merged = _merge_cities(rows, PLACE_SUMS)
    data = [
        {"city": r["city"] or "sem cidade", "uf": r["service_uf"], "total": r["total"],
         "open": r["open"], "closed": r["closed"], "rate": rate(r["retained"], r["terminated"]),
         "_params": _city_params(r)}
        for r in sorted(merged, key=lambda r: (-r["total"], fold(r["city"]), r["service_uf"]))
    ]  # fmt: skip
    return Table("cidades", "Por cidade", [Column("city", "Cidade"), Column("uf", "UF"),
                                           *OUTCOME_COLUMNS], data)  # fmt: skip


def _city_params(r: dict) -> dict | None:
    if not r["city"]:
        return None
    return {"city": r["city"], **({"uf": r["service_uf"]} if r["service_uf"] else {})}


def _merge_cities(rows, sums: tuple[str, ...], maxima: tuple[str, ...] = ()) -> list[dict]:
    """Groups (uf, city) rows by folded city; the most frequent spelling names the group (on a
    tie, the one sorting last: "Belo Horizonte" rather than "BELO HORIZONTE")."""
    merged: dict = {}
    for r in rows:
        key = (r["service_uf"], fold(r["city"]).strip())
        weight = r.get("total", r.get(sums[0], 0))
        if key not in merged:
            merged[key] = {**r, "_weight": weight}
            continue
        m = merged[key]
        for name in sums:
            m[name] += r[name]
        for name in maxima:
            m[name] = max(m[name] or 0, r[name] or 0)
        if (weight, r["city"]) > (m["_weight"], m["city"]):  # ties: the same name in any order
            m["city"], m["_weight"] = r["city"], weight
    return list(merged.values())


# Coverage risk -------------------------------------------------------------------------


def coverage_cities_table(cases) -> Table:
    """Cities that lose every listed dentist if the case's dentists leave, by lives."""
    rows = _groups(cases).risk_cities()
    merged = _merge_cities(rows, ("open", "terminated"), maxima=("lives",))
    data = [
        {"city": r["city"] or "sem cidade", "uf": r["service_uf"], "lives": r["lives"],
         "open": r["open"], "terminated": r["terminated"], "_params": _city_params(r)}
        for r in sorted(merged, key=lambda r: (-r["lives"], -r["open"], fold(r["city"])))
    ]  # fmt: skip
    return Table(
        "risco-cidades",
        "Cidades com risco de ficar sem dentista",
        [Column("city", "Cidade"), Column("uf", "UF"), Column("lives", "Vidas", "int"),
         Column("open", "Casos em aberto", "int"), Column("terminated", "Desligamentos", "int")],
        data,
        note="Vidas > 0 e CROs únicos divulgados <= CROs do caso (casos em aberto ou desligados).",
    )  # fmt: skip


RISK_CASE_FIELDS = ("provider_name", "cro", "cro_uf", "city", "service_uf", "lives",
                    "unique_cros_listed", "cro_count", "started_on", "next_due_on")  # fmt: skip


def coverage_open_cases_table(cases, limit: int = 50) -> Table:
    """The open cases at risk with the most lives (their facts' index keeps that order)."""
    rows = (
        _groups(cases).cases.filter(AT_RISK & OPEN)
        .order_by("-lives", "started_on", "case")
        .values_list("case", *(f"case__{name}" for name in RISK_CASE_FIELDS))[:limit]
    )  # fmt: skip
    data = []
    for pk, *values in rows:
        r = dict(zip(RISK_CASE_FIELDS, values, strict=True))
        data.append({
            **r, "provider_name": r["provider_name"] or "prestador sem nome",
            "cro": f"{r['cro']}/{r['cro_uf']}" if r["cro"] else "",
            "_params": {"situation": "open", "q": r["cro"]} if r["cro"] else None,
            "_case": pk,
        })  # fmt: skip
    return Table(
        "risco-casos",
        "Casos em aberto com risco de deixar a cidade sem dentista",
        [Column("provider_name", "Prestador"), Column("cro", "CRO"), Column("city", "Cidade"),
         Column("service_uf", "UF"), Column("lives", "Vidas", "int"),
         Column("unique_cros_listed", "CROs únicos divulgados", "int"),
         Column("cro_count", "CROs do caso", "int"), Column("started_on", "Início", "date"),
         Column("next_due_on", "Próximo prazo", "date")],
        data,
        note=f"Os {limit} de mais vidas primeiro." if len(data) == limit else "",
    )  # fmt: skip


# The whole dashboard -----------------------------------------------------------------


@dataclass
class Dashboard:
    summary: Summary
    tables: dict[str, Table]

    @property
    def empty(self) -> bool:
        return self.summary.total == 0


def dashboard(cases, *, today: datetime.date, months=None, tally=None) -> Dashboard:
    """Every figure of `cases` (CaseFact rows), each GROUP BY run once; `tally`: the slice
    (field, value) that `cases` are, to read its tallies."""
    groups = _groups(cases, tally)
    s = summary(groups, today)
    if not s.total:
        return Dashboard(s, {})
    actionable, other = reason_tables(groups)
    tables = [
        monthly_table(groups, months), actionable, other, sectors_table(groups),
        actions_table(groups), ages_table(s), analysts_table(groups), ufs_table(groups),
        cities_table(groups), coverage_open_cases_table(groups), coverage_cities_table(groups),
    ]  # fmt: skip
    return Dashboard(s, {t.slug: t for t in tables})


TABLE_BUILDERS = {
    "mensal": lambda cases, today: monthly_table(cases),
    "motivos-acionaveis": lambda cases, today: reason_tables(cases)[0],
    "motivos-outros": lambda cases, today: reason_tables(cases)[1],
    "setores": lambda cases, today: sectors_table(cases),
    "acoes": lambda cases, today: actions_table(cases),
    "idade": lambda cases, today: ages_table(summary(cases, today)),
    "colaboradores": lambda cases, today: analysts_table(cases),
    "ufs": lambda cases, today: ufs_table(cases),
    "cidades": lambda cases, today: cities_table(cases),
    "risco-casos": lambda cases, today: coverage_open_cases_table(cases, limit=100_000),
    "risco-cidades": lambda cases, today: coverage_cities_table(cases),
}


def table(slug: str, cases, *, today: datetime.date, tally=None) -> Table | None:
    """One of the dashboard's tables (TABLE_BUILDERS), read like the dashboard reads it;
    None for an unknown slug."""
    builder = TABLE_BUILDERS.get(slug)
    return builder(_groups(cases, tally), today) if builder else None
