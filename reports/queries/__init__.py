"""Every figure of the dashboard and the monthly report, computed on request from CaseFact.

The figures read `reports.models.CaseFact` (one narrow row per case), never the wide case
table: three GROUP BY queries (`groups.Groups`: places, option sets, months and days) count
their groups' cases by outcome with conditional aggregates, each read from an index that
holds its grouping (CaseFact.Meta), and Python only walks those rows. Every filter
combination takes the same path: the filters narrow the facts, the GROUP BYs run.
Modules: `groups` (the queries, rates, percentiles), `summary` (cards, ages), `monthly`,
`tables` (reasons, sectors, actions, analysts, places), `risk`, `board` (all together).
Definitions:

- a case is *opened* in the month of its "Data início" (started_on) and *closed* in the
  month of its "Data final" (finished_on) when it is closed; the queue's "Aberto entre" /
  "Encerrado entre" filters use the same fields, so a figure and its link agree. Cases
  without those dates count in the totals and appear in no month; the months shown never
  run past the current month;
- retention rate = retained / (retained + terminated) over closed cases, "Não se trata de
  Retenção" left out. Retained cases carry no reasons (FORM.md), so the rate "where the
  operator can act" is retained / (retained + terminations with at least one reason the
  operator can act on): the share saved of the cases that could have been saved;
- days to finish = days_to_finish (from the dates) or, lacking dates, the number written
  on an imported form; median and 90th percentile interpolate like percentile_cont;
- coverage risk: lives > 0 and unique CROs listed <= the case's CROs (the case warning's
  rule), for open and terminated cases;
- open cases by age: days from the Data início to today, in the bands of
  `summary.AGE_BANDS`, over 30 days, without a Data início; late: next deadline before today.
"""

from .board import Dashboard, dashboard, table
from .groups import CLOSED, Groups, facts, grouped
from .monthly import MAX_MONTHS, month_end, month_range, monthly_table
from .risk import coverage_cities_table, coverage_open_cases_table
from .summary import Summary, ages_table, summary
from .tables import analysts_table

__all__ = [
    "CLOSED",
    "MAX_MONTHS",
    "Dashboard",
    "Groups",
    "Summary",
    "ages_table",
    "analysts_table",
    "coverage_cities_table",
    "coverage_open_cases_table",
    "dashboard",
    "facts",
    "grouped",
    "month_end",
    "month_range",
    "monthly_table",
    "summary",
    "table",
]
