"""The dashboard's tables of reasons, sectors, actions, analysts, UFs and cities."""

from collections import Counter, defaultdict

from django.contrib.auth import get_user_model

from cases.models import ResponsibleSector, RetentionAction, Status, TerminationReason
from cases.rules import fold

from ..tables import Column, Table
from .groups import MEDIAN, Groups, Tally, closed_of, grouped, ids, percentiles, rate, total_of

PARETO_COLUMNS = [
    Column("count", "Casos", "int"),
    Column("share", "%", "pct"),
    Column("cumulative", "% acumulado", "pct"),
]
OUTCOME_COLUMNS = [
    Column("total", "Casos", "int"),
    Column("open", "Em aberto", "int"),
    Column("closed", "Encerrados", "int"),
    Column("rate", "Taxa de retenção", "pct"),
]


def _pareto(rows: list[dict]) -> list[dict]:
    """Adds % and cumulative % to rows already ordered by count (largest first)."""
    total = sum(r["count"] for r in rows)
    running = 0
    for r in rows:
        running += r["count"]
        r["share"], r["cumulative"] = r["count"] / total, running / total
    return rows


def _counted(model, counts: Counter, *fields) -> list:
    """The `model` items counted, largest count first, ties in the form's order."""
    items = model.objects.filter(pk__in=list(counts)).only("label", "order", *fields)
    return sorted(items, key=lambda item: (-counts[item.pk], item.order, item.label))


# Reasons, sectors, actions -------------------------------------------------------------

REASON_TITLES = {
    True: ("motivos-acionaveis", "Motivos em que a operadora pode agir"),
    False: ("motivos-outros", "Motivos fora do alcance da operadora"),
}


def reason_tables(cases) -> tuple[Table, Table]:
    """Termination reasons of terminated cases as two Paretos: the operator can act, or not.

    Ties keep the form's order of the reasons.
    """
    counts = Counter()
    for row in grouped(cases).items:
        for pk in ids(row.reasons):
            counts[pk] += row.terminated
    groups = {True: [], False: []}
    for reason in _counted(TerminationReason, counts, "operator_can_act"):
        params = {"situation": Status.TERMINATED, "reason": reason.pk}
        row = {"reason": reason.label, "count": counts[reason.pk], "_params": params}
        groups[reason.operator_can_act].append(row)
    note = "Casos desligados; um caso pode ter mais de um motivo."
    columns = [Column("reason", "Motivo"), *PARETO_COLUMNS]
    actionable, other = (
        Table(*REASON_TITLES[k], columns, _pareto(groups[k]), note=note) for k in (True, False)
    )
    return actionable, other


def sectors_table(cases) -> Table:
    counts = Counter()
    for row in grouped(cases).items:
        for pk in ids(row.sectors):
            counts[pk] += total_of(row)
    data = [
        {"sector": sector.label, "count": counts[sector.pk], "_params": {"sector": sector.pk}}
        for sector in _counted(ResponsibleSector, counts)
    ]
    return Table(
        "setores",
        "Setores responsáveis",
        [Column("sector", "Setor"), *PARETO_COLUMNS],
        _pareto(data),
        note="Um caso pode indicar mais de um setor.",
    )


def actions_table(cases) -> Table:
    tallies: dict = defaultdict(Tally)
    for row in grouped(cases).items:
        for pk in ids(row.actions):
            tallies[pk].add(row)
    offered = Counter({pk: t.total for pk, t in tallies.items()})
    data = []
    for action in _counted(RetentionAction, offered):
        t = tallies[action.pk]
        data.append(
            {
                "action": action.label,
                "offered": t.total,
                "retained": t.retained,
                "terminated": t.terminated,
                "rate": t.rate,
            }
        )
    return Table(
        "acoes",
        "Ações de retenção ofertadas",
        [
            Column("action", "Ação"),
            Column("offered", "Casos", "int"),
            Column("retained", "Retidos", "int"),
            Column("terminated", "Desligados", "int"),
            Column("rate", "Taxa de retenção", "pct"),
        ],
        data,
        note="Taxa: retidos / (retidos + desligados) entre os casos em que a ação foi ofertada.",
    )


# Analysts, places ----------------------------------------------------------------------


def analysts_table(cases) -> Table:
    groups = grouped(cases)
    pks = {row.analyst_id for row in groups.places if row.analyst_id}
    users = get_user_model().objects.filter(pk__in=pks)
    names = {u.pk: u.get_full_name() or u.username for u in users}

    def known(pk):  # a deleted user's cases count without analyst
        return pk if pk in names else None

    tallies: dict = defaultdict(Tally)
    for row in groups.places:
        tallies[known(row.analyst_id)].add(row)
    days: dict = defaultdict(Counter)
    for row in groups.months:
        if row.days is not None and (n := closed_of(row)):
            days[known(row.analyst_id)][row.days] += n
    data = [
        {
            "analyst": names.get(pk, "Sem colaborador"),
            **_outcomes(t),
            "median": percentiles(days[pk], (MEDIAN,))[0] if pk in days else None,
            "_params": {"analyst": pk} if pk else None,
        }
        for pk, t in sorted(tallies.items(), key=lambda item: (-item[1].total, item[0] or 0))
    ]
    return Table(
        "colaboradores",
        "Por colaborador",
        [
            Column("analyst", "Colaborador"),
            *OUTCOME_COLUMNS,
            Column("median", "Mediana de dias", "days"),
        ],
        data,
    )


def _outcomes(t: Tally) -> dict:
    return {"total": t.total, "open": t.open, "closed": t.closed, "rate": t.rate}


def _places(groups: Groups) -> dict:
    """{(UF, city as written): Tally}."""
    tallies: dict = defaultdict(Tally)
    for row in groups.places:
        tallies[(row.service_uf, row.city)].add(row)
    return tallies


def ufs_table(cases) -> Table:
    by_uf: dict = defaultdict(Tally)
    for row in grouped(cases).places:
        by_uf[row.service_uf].add(row)
    data = [
        {"uf": uf or "sem UF", **_outcomes(t), "_params": {"uf": uf} if uf else None}
        for uf, t in sorted(by_uf.items(), key=lambda item: (-item[1].total, item[0]))
    ]
    return Table("ufs", "Por UF", [Column("uf", "UF"), *OUTCOME_COLUMNS], data)


PLACE_SUMS = ("total", "open", "closed", "retained", "terminated")


def cities_table(cases) -> Table:
    """Cases per city; spellings that differ only in case or accents are one city."""
    rows = [
        {"service_uf": uf, "city": city, **vars(t)}
        for (uf, city), t in _places(grouped(cases)).items()
    ]
    merged = merge_cities(rows, PLACE_SUMS)
    merged.sort(key=lambda r: (-r["total"], fold(r["city"]), r["service_uf"]))
    data = [
        {
            "city": r["city"] or "sem cidade",
            "uf": r["service_uf"],
            "total": r["total"],
            "open": r["open"],
            "closed": r["closed"],
            "rate": rate(r["retained"], r["terminated"]),
            "_params": city_params(r),
        }
        for r in merged
    ]
    columns = [Column("city", "Cidade"), Column("uf", "UF"), *OUTCOME_COLUMNS]
    return Table("cidades", "Por cidade", columns, data)


def city_params(r: dict) -> dict | None:
    """The case-list filter of a city row (its UF too, when it has one)."""
    if not r["city"]:
        return None
    return {"city": r["city"], **({"uf": r["service_uf"]} if r["service_uf"] else {})}


def merge_cities(rows, sums: tuple[str, ...], maxima: tuple[str, ...] = ()) -> list[dict]:
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
