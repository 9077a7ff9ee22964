"""The monthly report for the directors: the dashboard's figures for one month, as a PDF.

The month's figures (retention, reasons, sectors, actions, analysts, places) answer for the
cases closed in that month (Data final); the trend covers the twelve months ending there;
open cases by age and coverage risk are the position on the day the report is made.
"""

import datetime

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from formio.formats import MONTH_NAMES

from . import charts, queries
from .tables import Column, Table

TOP_ROWS = 15


def month_cases(cases: QuerySet, month: datetime.date) -> QuerySet:
    return cases.filter(queries.CLOSED, finished_on__range=(month, queries.month_end(month)))


def month_case_count(cases: QuerySet, month: datetime.date) -> int:
    return month_cases(cases, month).count()


def context(cases: QuerySet, month: datetime.date, *, filters: list[str], today) -> dict:
    first = (month - datetime.timedelta(days=365)).replace(day=1)
    trend = queries.monthly_table(cases, queries.month_range(first, month)[-12:], today=today)
    closed = queries.dashboard(month_cases(cases, month), today=today, months=[month])
    current = queries.summary(cases, today)
    no_link = lambda params: None  # noqa: E731
    board_charts = charts.specs(closed, no_link) if not closed.empty else []
    trend_board = queries.Dashboard(current, {"mensal": trend})
    trend_charts = _trend_charts(trend_board)
    tables = closed.tables
    return {
        "month": month,
        "month_name": f"{MONTH_NAMES[month.month - 1]} de {month.year}",
        "filters": filters,
        "today": today,
        "generated_at": timezone.localtime(),
        "row": trend.rows[-1],
        "closed": closed,
        "s": closed.summary,
        "current": current,
        "trend": trend,
        "trend_charts": [_with_svg(c) for c in trend_charts],
        "reason_charts": [
            _with_svg(c) for c in board_charts if c["type"] == "hbar" and c["id"] != "c-idade"
        ],
        "ages": queries.ages_table(current),
        "risk_cases": _top(queries.coverage_open_cases_table(cases, limit=TOP_ROWS)),
        "risk_cities": _top(queries.coverage_cities_table(cases)),
        "month_tables": [
            _top(tables[s])
            for s in (
                "motivos-acionaveis",
                "motivos-outros",
                "setores",
                "acoes",
                "colaboradores",
                "ufs",
                "cidades",
            )
            if s in tables
        ],
    }


def _trend_charts(board) -> list[dict]:
    board = queries.Dashboard(board.summary, _with_empty_tables(board.tables))
    specs = charts.specs(board, lambda params: None)
    return [c for c in specs if c["type"] != "hbar"]


def _with_empty_tables(tables: dict) -> dict:
    slugs = ("motivos-acionaveis", "motivos-outros", "setores", "idade")
    empty = {slug: Table(slug, "", [Column("x", "")]) for slug in slugs}
    return {**empty, **tables}


def _with_svg(spec: dict) -> dict:
    return {**spec, "svg": charts.svg_data_uri(spec)}


def _top(table):
    if len(table.rows) > TOP_ROWS:
        table.note = (table.note + " " if table.note else "") + (
            f"Os {TOP_ROWS} primeiros de {len(table.rows)}; a tabela inteira sai no painel "
            "(XLSX/CSV)."
        )
        table.rows = table.rows[:TOP_ROWS]
    return table


def monthly_report(cases: QuerySet, month: datetime.date, *, filters: list[str], today) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reports/monthly.html", context(cases, month, filters=filters, today=today)
    )
    return HTML(string=html).write_pdf()
