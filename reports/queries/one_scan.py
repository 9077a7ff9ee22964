"""The dashboard's three GROUP BYs as one PostgreSQL query (GROUPING SETS).

`Groups` counts the filtered facts by place, by option set and by month: three GROUP BYs,
each a scan of the same rows. PostgreSQL counts all three groupings in one scan. At
100,000 cases on PostgreSQL (bench/bench_dashboard.py, 2 cores), a board of last year's
50,000 facts spent 72-80 ms in the three queries and spends 46 ms in this one (plus 10 ms
to fetch and split the rows): the board's p95 went from 181 to 126 ms, level with Django
admin's case list (125 ms) in the same run. SQLite has no GROUPING SETS and runs
the three GROUP BYs (`Groups._count`).

The option sets are counted here by reasons, by actions and by sectors apart, not by the
three together: every table reads one of them only, and the rows fall from ~2,600 to ~420
(at 100,000 cases, operator + analyst or last year): the board, SQL and tables, took 62
instead of 70 ms (in-process, the two queries timed in turn 40 times). SQLite keeps the
one GROUP BY by the three, which its index `fact_items` reads in order (by one of them
alone, it would sort every fact).

Raw SQL over the ORM's own query: the filtered facts are the queryset's SQL as a subquery
(the filters and access rules stay in one place), and this module only groups and counts.
Its counts are `Groups._count`'s written in SQL (cases by outcome; coverage risk's lives
and cases, open or terminated; option sets without any option left out): a change to one
is a change to the other, and the reports tests, run on both databases against the same
figures worked out by hand, tell when they part.
"""

from collections import namedtuple

from django.core.exceptions import EmptyResultSet
from django.db import connections

from ..models import Outcome

PLACES = ("service_uf", "city", "analyst_id")
ITEMS = ("reasons", "actions", "sectors")
MONTHS = ("start_month", "finish_month", "analyst_id", "days")
OUTCOMES = {
    "open": Outcome.OPEN,
    "retained": Outcome.RETAINED,
    "terminated": Outcome.TERMINATED,
    "not_retention": Outcome.NOT_RETENTION,
}
RISK = ("risk_lives", "risk_open", "risk_terminated")

# Each row says which grouping it belongs to: GROUPING(column) is 0 when the row groups by
# that column, and GROUPING(a, b, c) has a bit set for each of them it does not group by
# (places group by service_uf, option lists by one of reasons, actions or sectors).
SQL = """
SELECT GROUPING(service_uf) = 0, GROUPING(reasons, actions, sectors) < 7,
    service_uf, city, reasons, actions, sectors, start_month, finish_month, analyst_id, days,
    {outcomes},
    MAX(lives) FILTER (WHERE at_risk AND outcome IN (%s, %s)),
    COUNT(*) FILTER (WHERE at_risk AND outcome = %s),
    COUNT(*) FILTER (WHERE at_risk AND outcome = %s)
FROM ({facts}) AS facts
GROUP BY GROUPING SETS (({places}), {items}, ({months}))
"""

Place = namedtuple("Place", (*PLACES, *OUTCOMES, *RISK))
Items = namedtuple("Items", (*ITEMS, *OUTCOMES))
Month = namedtuple("Month", (*MONTHS, *OUTCOMES))


def grouped(cases) -> dict[str, list]:
    """{"places": [Place], "items": [Items], "months": [Month]} of `cases` (CaseFact rows),
    the rows `Groups` reads, counted in one scan."""
    columns = dict.fromkeys((*PLACES, *ITEMS, *MONTHS, "outcome", "at_risk", "lives"))
    try:
        facts, facts_params = cases.values(*columns).query.sql_with_params()
    except EmptyResultSet:  # a filter Django knows selects nothing ("city in ()"): no SQL
        return {"places": [], "items": [], "months": []}
    sql = SQL.format(
        outcomes=", ".join(["COUNT(*) FILTER (WHERE outcome = %s)"] * len(OUTCOMES)),
        facts=facts,
        places=", ".join(PLACES),
        items=", ".join(f"({item})" for item in ITEMS),
        months=", ".join(MONTHS),
    )
    at_risk = [Outcome.OPEN, Outcome.TERMINATED, Outcome.OPEN, Outcome.TERMINATED]
    params = [*OUTCOMES.values(), *at_risk, *facts_params]
    with connections[cases.db].cursor() as cursor:
        cursor.execute(sql, params)
        return _split(cursor.fetchall())


def _split(rows) -> dict[str, list]:
    places, items, months = [], [], []
    for is_place, is_items, uf, city, reasons, actions, sectors, *rest in rows:
        start, finish, analyst, days, *counts = rest
        outcomes = counts[: len(OUTCOMES)]
        if is_place:
            places.append(Place(uf, city, analyst, *counts))
        elif is_items and (reasons or actions or sectors):  # cases with no option: no item
            items.append(Items(reasons, actions, sectors, *outcomes))  # 2 of them None
        elif not is_items:
            months.append(Month(start, finish, analyst, days, *outcomes))
    return {"places": places, "items": items, "months": months}
