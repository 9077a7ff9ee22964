"""Every figure of the dashboard against the crafted cases of conftest.py, worked by hand."""

import datetime

import pytest

from reports import facts, queries
from reports.forms import DashboardFilters

from .conftest import TODAY

D = datetime.date
pytestmark = pytest.mark.django_db


def board(**filters):
    form = DashboardFilters(filters)
    assert form.is_valid(), form.errors
    return queries.dashboard(form.apply(queries.facts()), today=TODAY)


def rows(table, *keys):
    return [tuple(r[k] for k in keys) for r in table.rows]


def test_totals_and_retention_rates_leave_not_retention_out(crafted):
    s = board().summary
    assert (s.total, s.open, s.closed) == (10, 4, 6)
    assert (s.retained, s.terminated, s.not_retention) == (2, 3, 1)
    assert s.retention_rate == pytest.approx(2 / 5)
    # c3 left for reasons the operator cannot act on (Aposentou, Óbito): out of the rate.
    assert s.terminated_actionable == 2
    assert s.actionable_rate == pytest.approx(2 / 4)


def test_median_and_90th_percentile_interpolate_over_ties(crafted):
    s = board().summary
    # 10, 10, 20, 20, 30, 40: the written 40 of the form without dates counts.
    assert s.median_days == pytest.approx(20)
    assert s.p90_days == pytest.approx(35)


def test_months_show_opened_closed_backlog_and_empty_months(crafted):
    table = board().tables["mensal"]
    assert rows(table, "month", "opened", "closed", "backlog") == [
        (D(2024, 1, 1), 4, 1, 3),
        (D(2024, 2, 1), 0, 2, 1),
        (D(2024, 3, 1), 3, 2, 2),
        (D(2024, 4, 1), 1, 0, 3),
    ]
    assert rows(table, "retained", "terminated", "rate") == [
        (1, 0, 1.0),
        (0, 2, 0.0),
        (0, 1, 0.0),
        (0, 0, None),
    ]
    assert rows(table, "median", "p90") == [
        (10, 10),
        (25, pytest.approx(29)),
        (15, pytest.approx(19)),
        (None, None),
    ]


def test_months_of_a_chosen_period_include_months_without_cases(crafted):
    months = queries.month_range(D(2023, 12, 1), D(2024, 2, 29))
    table = queries.monthly_table(queries.facts(), months)
    assert rows(table, "opened", "closed") == [(0, 0), (4, 1), (0, 2)]


def test_a_later_period_counts_in_its_backlog_the_cases_opened_before_it(crafted):
    # January's 4 opened and February's closings stay in March's backlog: 4 - 3 + 3 - 2
    months = queries.month_range(D(2024, 3, 1), D(2024, 4, 30))
    table = queries.monthly_table(queries.facts(), months)
    assert rows(table, "month", "opened", "backlog") == [
        (D(2024, 3, 1), 3, 2),
        (D(2024, 4, 1), 1, 3),
    ]


def test_reasons_are_two_paretos_with_ties_in_the_forms_order(crafted):
    tables = board().tables
    actionable, other = tables["motivos-acionaveis"], tables["motivos-outros"]
    assert rows(actionable, "reason", "count") == [("Valores", 2), ("Glosas", 1)]
    assert rows(actionable, "share", "cumulative") == [
        (pytest.approx(2 / 3), pytest.approx(2 / 3)),
        (pytest.approx(1 / 3), 1.0),
    ]
    assert rows(other, "reason", "count", "share", "cumulative") == [
        ("Aposentou", 1, 0.5, 0.5),
        ("Óbito", 1, 0.5, 1.0),
    ]


def test_sectors_and_actions_count_cases_and_retention_per_action(crafted):
    tables = board().tables
    assert rows(tables["setores"], "sector", "count") == [("Comercial", 2), ("Análise Técnica", 1)]
    assert rows(tables["acoes"], "action", "offered", "retained", "terminated", "rate") == [
        ("Ofertado Novos Valores", 2, 1, 1, 0.5),
        ("Ofertado Suporte", 1, 0, 1, 0.0),
    ]


def test_open_cases_by_age_and_past_deadline(crafted):
    table = board().tables["idade"]
    assert rows(table, "band", "count") == [
        ("0 a 7 dias", 1),
        ("8 a 15 dias", 1),
        ("16 a 30 dias", 0),
        ("mais de 30 dias", 1),
        ("sem data de início", 1),
        ("com prazo vencido", 2),
    ]
    assert table.rows[1]["_params"] == {
        "situation": "open",
        "opened_after": "2024-03-26",
        "opened_before": "2024-04-02",
    }


def test_per_analyst_open_closed_rate_and_median(crafted, analyst):
    table = board().tables["colaboradores"]
    assert rows(table, "analyst", "total", "open", "closed", "median") == [
        ("Ana Analista", 5, 2, 3, 30),
        ("Bruno Analista", 4, 1, 3, 20),
        ("Sem colaborador", 1, 1, 0, None),
    ]
    assert [r["rate"] for r in table.rows] == [pytest.approx(2 / 3), 0.0, None]
    assert table.rows[0]["_params"] == {"analyst": analyst.pk}


def test_by_uf_and_city_with_spellings_merged(crafted):
    tables = board().tables
    assert rows(tables["ufs"], "uf", "total") == [("RJ", 4), ("SP", 3), ("MG", 2), ("sem UF", 1)]
    assert rows(tables["cidades"], "city", "uf", "total", "open") == [
        ("Petrópolis", "RJ", 4, 1),
        ("São Paulo", "SP", 3, 1),
        ("Belo Horizonte", "MG", 2, 1),
        ("sem cidade", "", 1, 1),
    ]


def test_coverage_risk_lists_open_cases_and_cities_by_lives(crafted):
    tables = board().tables
    assert rows(tables["risco-casos"], "provider_name", "lives") == [
        ("PATRICIA SANTOS", 352),
        ("CLÍNICA SORRISO", 100),
    ]
    assert rows(tables["risco-cidades"], "city", "lives", "open", "terminated") == [
        ("Petrópolis", 352, 1, 0),
        ("Belo Horizonte", 300, 1, 1),
    ]


def test_filters_narrow_every_figure(crafted):
    assert board(uf="MG").summary.total == 2
    assert board(city="petropolis").summary.total == 4  # case and accents aside
    by_closing = board(period_by="closed", start="2024-02-01", end="2024-02-29").summary
    assert (by_closing.total, by_closing.terminated) == (2, 2)
    by_opening = board(start="2024-03-01", end="2024-03-31").summary
    assert (by_opening.total, by_opening.open) == (3, 1)


def test_operator_and_analyst_together_keep_the_analysts_cases(crafted, analyst):
    # Ana's cases: c1 (retained), c2 (terminated), c6 and c7 (open), c10 (retained, no dates)
    s = board(operator=crafted["c1"].operator_id, analyst=analyst.pk).summary
    assert (s.total, s.open, s.retained, s.terminated) == (5, 2, 2, 1)
    assert s.retention_rate == pytest.approx(2 / 3)
    assert (s.median_days, s.late) == (30, 1)  # days 10, 30, 40; c6 due 09/04


def test_a_uf_and_a_period_together_count_the_months_of_the_period(crafted):
    form = DashboardFilters({"uf": "RJ", "start": "2024-01-01", "end": "2024-01-31"})
    assert form.is_valid(), form.errors
    cases = form.apply(queries.facts())
    got = queries.dashboard(cases, today=TODAY, months=[D(2024, 1, 1)])
    # RJ cases opened in January: c1 (retained on 15/01) and c2 (terminated on 09/02)
    assert (got.summary.total, got.summary.retained, got.summary.terminated) == (2, 1, 1)
    assert rows(got.tables["mensal"], "month", "opened", "closed", "backlog") == [
        (D(2024, 1, 1), 2, 1, 1),
    ]
    # a tie: the form lists Valores before Glosas
    assert rows(got.tables["motivos-acionaveis"], "reason", "count") == [
        ("Valores", 1),
        ("Glosas", 1),
    ]


def test_the_months_never_run_past_the_current_month(crafted):
    from .conftest import _create

    _create(started_on=D(2024, 6, 3), service_uf="RJ")  # a date typed months ahead
    facts.refresh()
    table = board().tables["mensal"]
    assert [r["month"] for r in table.rows][-1] == D(2024, 4, 1)
    assert board().summary.open == 5


def test_filters_that_match_nothing_give_an_empty_dashboard(crafted):
    empty = board(uf="AC")
    assert empty.empty and empty.tables == {}


def test_a_start_after_the_end_is_a_clear_error():
    form = DashboardFilters({"start": "2024-03-01", "end": "2024-02-01"})
    assert not form.is_valid()
    assert "anterior à inicial" in form.errors["end"][0]
