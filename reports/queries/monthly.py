"""Cases per month: opened by Data início, closed (and their figures) by Data final."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..tables import Column, Table
from .groups import Tally, closed_of, grouped, percentiles

MAX_MONTHS = 36


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """The first day of every month from `first`'s to `last`'s."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def month_end(month: datetime.date) -> datetime.date:
    return (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


@dataclass
class ClosedMonth:
    """The cases closed in one month: by outcome, how many had a Data início, their days."""

    tally: Tally = field(default_factory=Tally)
    started: int = 0
    days: Counter = field(default_factory=Counter)


def monthly_table(cases, months: list[datetime.date] | None = None, *, today=None) -> Table:
    """Opened, closed, open at the month's end, retention and days to finish per month.

    `months` defaults to the months the cases span, never past `today`'s month, at most the
    last MAX_MONTHS; months without any case show zeros, since they are part of the series.
    """
    groups = grouped(cases)
    opened = Counter()
    closed: dict = defaultdict(ClosedMonth)
    for row in groups.months:
        n = closed_of(row)
        if row.start_month is not None:
            opened[row.start_month] += row.open + n
        if row.finish_month is None or not n:
            continue
        month = closed[row.finish_month]
        month.tally.add(row, closed_only=True)  # an open case with a Data final: not closed
        month.started += n if row.start_month is not None else 0
        if row.days is not None:
            month.days[row.days] += n
    if months is None:
        months = months_spanned(set(opened) | set(closed), today)
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
        _rows(months, opened, closed),
        note="Abertos pela Data início; encerrados, retenção e dias pela Data final.",
    )


def months_spanned(keys: set, today: datetime.date | None = None) -> list[datetime.date]:
    """The months from the first of `keys` to the last (or `today`'s, if earlier), at most
    the last MAX_MONTHS."""
    if today is not None:
        keys = {month for month in keys if month <= today}
    if not keys:
        return []
    last = max(keys)
    earliest = (last - datetime.timedelta(days=31 * (MAX_MONTHS - 1))).replace(day=1)
    return month_range(max(min(keys), earliest), last)


def _backlogs(months, opened: Counter, closed: dict) -> list[int]:
    """The cases open at the end of each of `months` (ascending): those opened up to it
    minus those of them closed up to it, as one running sum over the months with cases."""
    changes = Counter(opened)
    for month, c in closed.items():
        changes[month] -= c.started
    ordered, i, running, backlogs = sorted(changes.items()), 0, 0, []
    for month in months:
        while i < len(ordered) and ordered[i][0] <= month:
            running += ordered[i][1]
            i += 1
        backlogs.append(running)
    return backlogs


def _rows(months, opened: Counter, closed: dict) -> list[dict]:
    rows = []
    for month, backlog in zip(months, _backlogs(months, opened, closed), strict=True):
        this = closed.get(month, ClosedMonth())
        median, p90 = percentiles(this.days)
        t = this.tally
        rows.append(
            {
                "month": month,
                "opened": opened.get(month, 0),
                "closed": t.closed,
                "backlog": backlog,
                "retained": t.retained,
                "terminated": t.terminated,
                "rate": t.rate,
                "median": median,
                "p90": p90,
                "_params": {
                    "opened_after": month.isoformat(),
                    "opened_before": month_end(month).isoformat(),
                },
            }
        )
    return rows
