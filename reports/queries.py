"""Every figure of the dashboard and the monthly report, as aggregations in the database.

Python only walks aggregated rows (months, reasons, cities), never cases. Definitions:

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
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce

from cases.models import Case, Status
from cases.rules import fold

from .tables import Column, Table

OPEN = Q(closed_at__isnull=True)
CLOSED = Q(closed_at__isnull=False)
RETAINED = CLOSED & Q(status=Status.RETAINED)
TERMINATED = CLOSED & Q(status=Status.TERMINATED)
NOT_RETENTION = CLOSED & Q(status=Status.NOT_RETENTION)
DAYS = Coalesce("days_to_finish", "days_to_finish_written", output_field=IntegerField())
MEDIAN, P90 = (1, 2), (9, 10)  # fractions as integers: window arithmetic stays exact
MAX_MONTHS = 36
AGE_BANDS = [("0 a 7 dias", 0, 7), ("8 a 15 dias", 8, 15), ("16 a 30 dias", 16, 30)]


def _count(q: Q) -> Count:
    return Count("pk", filter=q)


def _outcome_counts() -> dict:
    return {
        "open": _count(OPEN),
        "closed": _count(CLOSED),
        "retained": _count(RETAINED),
        "terminated": _count(TERMINATED),
    }


def rate(retained: int, terminated: int) -> float | None:
    decided = retained + terminated
    return retained / decided if decided else None


def _actionable_reason() -> Exists:
    through = Case.termination_reasons.through
    return Exists(
        through.objects.filter(case_id=OuterRef("pk"), terminationreason__operator_can_act=True)
    )


# Percentiles --------------------------------------------------------------------------


class PercentileCont(Aggregate):
    """PostgreSQL's percentile_cont(fraction) WITHIN GROUP (ORDER BY expression)."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def percentiles(cases: QuerySet, group, fractions=(MEDIAN, P90)) -> dict:
    """{group value: [percentile per fraction]} of the effective days of closed cases.

    PostgreSQL computes percentile_cont in one aggregate. Elsewhere the database counts
    the cases per (group, days) and the percentiles are read off that histogram (rows of
    distinct day counts, not cases), interpolated the way percentile_cont does.
    """
    closed = cases.filter(CLOSED).annotate(_g=group, _v=DAYS).filter(_v__isnull=False)
    if connection.vendor == "postgresql":
        return _percentiles_pg(closed, fractions)
    histogram = closed.values_list("_g", "_v").annotate(n=Count("pk")).order_by("_g", "_v")
    groups: dict = {}
    for key, value, n in histogram:
        groups.setdefault(key, []).append((value, n))
    return {key: [_from_histogram(h, f) for f in fractions] for key, h in groups.items()}


def _percentiles_pg(closed: QuerySet, fractions) -> dict:
    aggregates = {
        f"p{i}": PercentileCont("_v", fraction=num / den) for i, (num, den) in enumerate(fractions)
    }
    rows = closed.values("_g").annotate(**aggregates).order_by()
    return {r["_g"]: [r[f"p{i}"] for i in range(len(fractions))] for r in rows}


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


class MonthStart(Func):
    """The first day of the date's month, with each database's own (fast) function."""

    output_field = DateField()
    template = "CAST(date_trunc('month', %(expressions)s) AS date)"
    sqlite_template = "date(%(expressions)s, 'start of month')"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template=self.sqlite_template, **extra)


# Summary --------------------------------------------------------------------------------


@dataclass
class Summary:
    total: int = 0
    open: int = 0
    closed: int = 0
    retained: int = 0
    terminated: int = 0
    not_retention: int = 0
    terminated_actionable: int = 0
    late: int = 0
    ages: list = field(default_factory=list)
    median_days: float | None = None
    p90_days: float | None = None

    @property
    def retention_rate(self) -> float | None:
        return rate(self.retained, self.terminated)

    @property
    def actionable_rate(self) -> float | None:
        return rate(self.retained, self.terminated_actionable)


def summary(cases: QuerySet, today: datetime.date) -> Summary:
    """Totals, retention rates and open cases by age in one query (plus one for percentiles)."""
    bands = _age_bands(today)
    figures = cases.aggregate(
        total=Count("pk"),
        **_outcome_counts(),
        not_retention=_count(NOT_RETENTION),
        terminated_actionable=_count(TERMINATED & Q(_actionable_reason())),
        late=_count(OPEN & Q(next_due_on__lt=today)),
        **{f"age{i}": _count(OPEN & band["q"]) for i, band in enumerate(bands)},
    )
    ages = [{**band, "count": figures.pop(f"age{i}")} for i, band in enumerate(bands)]
    result = Summary(**figures, ages=ages)
    result.median_days, result.p90_days = percentiles(cases, Value(1)).get(1, [None, None])
    return result


def _age_bands(today: datetime.date) -> list[dict]:
    """Open cases by days since started_on; each band with its queue filter."""
    day = datetime.timedelta(days=1)
    bands = []
    for label, low, high in AGE_BANDS:
        first, last = today - high * day, today - low * day
        q = Q(started_on__gte=first) if low == 0 else Q(started_on__range=(first, last))
        params = {"opened_after": first.isoformat()}
        if low:
            params["opened_before"] = last.isoformat()
        bands.append({"label": label, "q": q, "params": params})
    last = today - 31 * day
    bands.append({
        "label": "mais de 30 dias", "q": Q(started_on__lte=last),
        "params": {"opened_before": last.isoformat()},
    })  # fmt: skip
    bands.append({"label": "sem data de início", "q": Q(started_on__isnull=True), "params": None})
    return bands


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


def monthly_table(cases: QuerySet, months: list[datetime.date] | None = None) -> Table:
    """Opened, closed, open at the month's end, retention and days to finish per month.

    `months` defaults to the months the cases span (at most the last MAX_MONTHS); months
    without any case show zeros, since they are part of the series.
    """
    opened = dict(
        cases.filter(started_on__isnull=False)
        .annotate(m=MonthStart("started_on")).values("m").annotate(n=Count("pk"))
        .order_by().values_list("m", "n")
    )  # fmt: skip
    closed = {
        r["m"]: r
        for r in cases.filter(CLOSED, finished_on__isnull=False)
        .annotate(m=MonthStart("finished_on")).values("m")
        .annotate(n=Count("pk"), started=_count(Q(started_on__isnull=False)), **_outcome_counts())
        .order_by()
    }  # fmt: skip
    if months is None:
        months = _months_spanned(set(opened) | set(closed))
    days = percentiles(cases.filter(finished_on__isnull=False), MonthStart("finished_on"))
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
        c = closed.get(month, {})
        backlog = sum(n for m, n in opened.items() if m <= month) - sum(
            r["started"] for m, r in closed.items() if m <= month
        )
        median, p90 = days.get(month, [None, None])
        rows.append({
            "month": month, "opened": opened.get(month, 0), "closed": c.get("n", 0),
            "backlog": backlog, "retained": c.get("retained", 0),
            "terminated": c.get("terminated", 0),
            "rate": rate(c.get("retained", 0), c.get("terminated", 0)),
            "median": median, "p90": p90,
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


def reason_tables(cases: QuerySet) -> tuple[Table, Table]:
    """Termination reasons of terminated cases as two Paretos: the operator can act, or not.

    Ties keep the form's order of the reasons.
    """
    rows = (
        cases.filter(TERMINATED, termination_reasons__isnull=False)
        .values(
            "termination_reasons", "termination_reasons__label",
            "termination_reasons__operator_can_act", "termination_reasons__order",
        )
        .annotate(count=Count("pk"))
        .order_by("-count", "termination_reasons__order", "termination_reasons__label")
    )  # fmt: skip
    groups = {True: [], False: []}
    for r in rows:
        groups[r["termination_reasons__operator_can_act"]].append({
            "reason": r["termination_reasons__label"], "count": r["count"],
            "_params": {"situation": Status.TERMINATED, "reason": r["termination_reasons"]},
        })  # fmt: skip
    titles = {True: "Motivos em que a operadora pode agir",
              False: "Motivos fora do alcance da operadora"}  # fmt: skip
    slugs = {True: "motivos-acionaveis", False: "motivos-outros"}
    return tuple(
        Table(slugs[k], titles[k], [Column("reason", "Motivo"), *PARETO_COLUMNS],
              _pareto(groups[k]), note="Casos desligados; um caso pode ter mais de um motivo.")
        for k in (True, False)
    )  # fmt: skip


def sectors_table(cases: QuerySet) -> Table:
    rows = (
        cases.filter(responsible_sectors__isnull=False)
        .values("responsible_sectors", "responsible_sectors__label", "responsible_sectors__order")
        .annotate(count=Count("pk"))
        .order_by("-count", "responsible_sectors__order", "responsible_sectors__label")
    )
    data = [
        {"sector": r["responsible_sectors__label"], "count": r["count"],
         "_params": {"sector": r["responsible_sectors"]}}
        for r in rows
    ]  # fmt: skip
    return Table("setores", "Setores responsáveis", [Column("sector", "Setor"), *PARETO_COLUMNS],
                 _pareto(data), note="Um caso pode indicar mais de um setor.")  # fmt: skip


def actions_table(cases: QuerySet) -> Table:
    rows = (
        cases.filter(retention_actions__isnull=False)
        .values("retention_actions__label", "retention_actions__order")
        .annotate(offered=Count("pk"), **_outcome_counts())
        .order_by("-offered", "retention_actions__order", "retention_actions__label")
    )
    data = [
        {"action": r["retention_actions__label"], "offered": r["offered"],
         "retained": r["retained"], "terminated": r["terminated"],
         "rate": rate(r["retained"], r["terminated"])}
        for r in rows
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


def analysts_table(cases: QuerySet) -> Table:
    rows = list(
        cases.values("analyst").annotate(total=Count("pk"), **_outcome_counts())
        .order_by("-total", "analyst")
    )  # fmt: skip
    users = get_user_model().objects.filter(pk__in=[r["analyst"] for r in rows if r["analyst"]])
    names = {u.pk: u.get_full_name() or u.username for u in users}
    days = percentiles(cases, F("analyst"))
    data = [
        {"analyst": names.get(r["analyst"], "Sem colaborador"), **_outcomes(r),
         "median": days.get(r["analyst"], [None])[0],
         "_params": {"analyst": r["analyst"]} if r["analyst"] else None}
        for r in rows
    ]  # fmt: skip
    return Table(
        "colaboradores", "Por colaborador",
        [Column("analyst", "Colaborador"), *OUTCOME_COLUMNS,
         Column("median", "Mediana de dias", "days")],
        data,
    )  # fmt: skip


def _outcomes(r: dict) -> dict:
    return {
        "total": r["total"], "open": r["open"], "closed": r["closed"],
        "rate": rate(r["retained"], r["terminated"]),
    }  # fmt: skip


PLACE_SUMS = ("total", "open", "closed", "retained", "terminated")


def place_counts(cases: QuerySet) -> list[dict]:
    """Cases and outcomes per (UF, city) as written: the one query behind both tables."""
    return list(
        cases.values("service_uf", "city").annotate(total=Count("pk"), **_outcome_counts())
        .order_by()
    )  # fmt: skip


def ufs_table(cases: QuerySet, places: list[dict] | None = None) -> Table:
    by_uf: dict = {}
    for r in places if places is not None else place_counts(cases):
        uf = by_uf.setdefault(r["service_uf"], dict.fromkeys(PLACE_SUMS, 0))
        for name in PLACE_SUMS:
            uf[name] += r[name]
    data = [
        {"uf": uf or "sem UF", **_outcomes(r), "_params": {"uf": uf} if uf else None}
        for uf, r in sorted(by_uf.items(), key=lambda item: (-item[1]["total"], item[0]))
    ]  # fmt: skip
    return Table("ufs", "Por UF", [Column("uf", "UF"), *OUTCOME_COLUMNS], data)


def cities_table(cases: QuerySet, places: list[dict] | None = None) -> Table:
    """Cases per city; spellings that differ only in case or accents are one city."""
    rows = places if places is not None else place_counts(cases)
    merged = _merge_cities([dict(r) for r in rows], PLACE_SUMS)
    data = [
        {"city": r["city"] or "sem cidade", "uf": r["service_uf"], **_outcomes(r),
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
    """Groups (uf, city) rows by folded city; the most frequent spelling names the group."""
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
        if weight > m["_weight"]:
            m["city"], m["_weight"] = r["city"], weight
    return list(merged.values())


# Coverage risk -------------------------------------------------------------------------

AT_RISK = Q(lives__gt=0, unique_cros_listed__isnull=False, cro_count__isnull=False,
            unique_cros_listed__lte=F("cro_count"))  # fmt: skip


def coverage_cities_table(cases: QuerySet) -> Table:
    """Cities that lose every listed dentist if the case's dentists leave, by lives."""
    rows = (
        cases.filter(AT_RISK & (OPEN | TERMINATED))
        .values("service_uf", "city")
        .annotate(lives=Max("lives"), open=_count(OPEN), terminated=_count(TERMINATED))
        .order_by()
    )
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


def coverage_open_cases_table(cases: QuerySet, limit: int = 50) -> Table:
    rows = (
        cases.filter(AT_RISK & OPEN)
        .order_by("-lives", "started_on", "pk")
        .values("pk", "provider_name", "cro", "cro_uf", "city", "service_uf", "lives",
                "unique_cros_listed", "cro_count", "started_on", "next_due_on")[:limit]
    )  # fmt: skip
    data = [
        {**r, "provider_name": r["provider_name"] or "prestador sem nome",
         "cro": f"{r['cro']}/{r['cro_uf']}" if r["cro"] else "",
         "_params": {"situation": "open", "q": r["cro"]} if r["cro"] else None,
         "_case": r["pk"]}
        for r in rows
    ]  # fmt: skip
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


def dashboard(cases: QuerySet, *, today: datetime.date, months=None) -> Dashboard:
    s = summary(cases, today)
    if not s.total:
        return Dashboard(s, {})
    actionable, other = reason_tables(cases)
    places = place_counts(cases)
    tables = [
        monthly_table(cases, months), actionable, other, sectors_table(cases),
        actions_table(cases), ages_table(s), analysts_table(cases), ufs_table(cases, places),
        cities_table(cases, places), coverage_open_cases_table(cases), coverage_cities_table(cases),
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


def date_span(cases: QuerySet) -> tuple:
    span = cases.aggregate(first=Min("started_on"), last=Max("finished_on"))
    return span["first"], span["last"]
