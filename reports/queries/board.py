"""The whole dashboard, and any one of its tables (for the exports)."""

import datetime
from dataclasses import dataclass

from ..tables import Table
from .groups import grouped
from .monthly import monthly_table
from .risk import coverage_cities_table, coverage_open_cases_table
from .summary import Summary, ages_table, summary
from .tables import (
    actions_table,
    analysts_table,
    cities_table,
    reason_tables,
    sectors_table,
    ufs_table,
)


@dataclass
class Dashboard:
    summary: Summary
    tables: dict[str, Table]

    @property
    def empty(self) -> bool:
        return self.summary.total == 0


def dashboard(cases, *, today: datetime.date, months=None) -> Dashboard:
    """Every figure of `cases` (CaseFact rows), each GROUP BY run once; `months`: the
    monthly table's months (default: those the cases span, up to today's)."""
    groups = grouped(cases)
    s = summary(groups, today)
    if not s.total:
        return Dashboard(s, {})
    actionable, other = reason_tables(groups)
    tables = [
        monthly_table(groups, months, today=today),
        actionable,
        other,
        sectors_table(groups),
        actions_table(groups),
        ages_table(s),
        analysts_table(groups),
        ufs_table(groups),
        cities_table(groups),
        coverage_open_cases_table(groups),
        coverage_cities_table(groups),
    ]
    return Dashboard(s, {t.slug: t for t in tables})


TABLE_BUILDERS = {
    "mensal": lambda groups, today: monthly_table(groups, today=today),
    "motivos-acionaveis": lambda groups, today: reason_tables(groups)[0],
    "motivos-outros": lambda groups, today: reason_tables(groups)[1],
    "setores": lambda groups, today: sectors_table(groups),
    "acoes": lambda groups, today: actions_table(groups),
    "idade": lambda groups, today: ages_table(summary(groups, today)),
    "colaboradores": lambda groups, today: analysts_table(groups),
    "ufs": lambda groups, today: ufs_table(groups),
    "cidades": lambda groups, today: cities_table(groups),
    "risco-casos": lambda groups, today: coverage_open_cases_table(groups, limit=100_000),
    "risco-cidades": lambda groups, today: coverage_cities_table(groups),
}


def table(slug: str, cases, *, today: datetime.date) -> Table | None:
    """One of the dashboard's tables, as the dashboard shows it; None for an unknown slug."""
    builder = TABLE_BUILDERS.get(slug)
    return builder(grouped(cases), today) if builder else None
