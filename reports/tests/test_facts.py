"""The dashboard's facts follow every service at once, and equal a full rebuild."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.utils import timezone

from cases import services
from cases.conversion import case_to_data
from cases.models import Case
from reports import facts, queries
from reports.forms import SLICE_FIELDS, DashboardFilters
from reports.models import CaseFact, CaseTally, Outcome

pytestmark = pytest.mark.django_db
D = datetime.date


def fact_rows() -> list[dict]:
    return list(CaseFact.objects.order_by("case").values())


def tally_rows() -> dict:
    return {(t.slice, t.grouping, t.key): t.n for t in CaseTally.objects.exclude(n=0)}


def assert_same_as_a_rebuild():
    kept = fact_rows(), tally_rows()
    assert facts.refresh() == Case.objects.count()
    assert (fact_rows(), tally_rows()) == kept


def summary():
    return queries.summary(queries.facts(), timezone.localdate())


def fact(case) -> CaseFact:
    return CaseFact.objects.get(case=case)


def test_an_opened_case_counts_at_once(make_case):
    case = make_case(lives=120, unique_cros_listed=1, cro_count=1)
    s = summary()
    assert (s.total, s.open, s.closed) == (1, 1, 0)
    f = fact(case)
    assert (f.outcome, f.city, f.start_month, f.at_risk) == (Outcome.OPEN, "Petrópolis",
                                                              D(2024, 1, 1), True)  # fmt: skip
    assert f.next_due_on == Case.objects.get(pk=case.pk).next_due_on
    assert_same_as_a_rebuild()


def test_updating_the_form_moves_the_case_to_its_new_city(make_case, analyst):
    case = make_case()
    data = case_to_data(case)
    data.service_uf, data.city = "MG", "Belo Horizonte"
    services.case_update(user=analyst, case=case, data=data)
    assert (fact(case).service_uf, fact(case).city) == ("MG", "Belo Horizonte")
    assert_same_as_a_rebuild()


def test_a_contact_moves_the_next_deadline(make_case, analyst):
    case = make_case(contacts=[])
    services.contact_add(user=analyst, case=case, date=D(2024, 2, 1), notes="Ligação")
    case.refresh_from_db()
    assert fact(case).next_due_on == case.next_due_on
    assert_same_as_a_rebuild()


def test_closing_counts_the_outcome_days_and_reasons(make_case, analyst):
    case = make_case()
    data = case_to_data(case)
    data.status, data.finished_on = "desligamento", D(2024, 3, 20)
    data.termination_reasons = ["valores", "aposentou"]
    data.retention_actions = ["novos_valores"]
    services.case_close(user=analyst, case=case, data=data)
    s = summary()
    assert (s.open, s.terminated, s.terminated_actionable, s.median_days) == (0, 1, 1, 50)
    f = fact(case)
    assert (f.outcome, f.days, f.finish_month) == (Outcome.TERMINATED, 50, D(2024, 3, 1))
    tables = queries.dashboard(queries.facts(), today=timezone.localdate()).tables
    assert [r["reason"] for r in tables["motivos-acionaveis"].rows] == ["Valores"]
    assert [r["action"] for r in tables["acoes"].rows] == ["Ofertado Novos Valores"]
    assert_same_as_a_rebuild()


def test_reopening_counts_the_case_open_again(make_case, supervisor):
    case = make_case()
    data = case_to_data(case)
    data.status, data.finished_on = "retencao_efetiva", D(2024, 2, 10)
    services.case_close(user=supervisor, case=case, data=data)
    assert summary().retained == 1
    services.case_reopen(user=supervisor, case=case, reason="Voltou a reclamar")
    s = summary()
    assert (s.open, s.retained, s.median_days) == (1, 0, None)
    assert_same_as_a_rebuild()


def test_assigning_moves_the_case_to_the_new_analyst(make_case, supervisor):
    case = make_case()
    services.case_assign(user=supervisor, case=case, analyst=supervisor)
    assert fact(case).analyst == supervisor
    assert_same_as_a_rebuild()


def test_an_imported_form_counts_as_written_and_follows_its_reimport(db, analyst, seed_001):
    case, result = services.case_import(user=analyst, data=seed_001, warnings=[], source="001")
    assert result == "created"
    f = fact(case)  # the seed is a Desligamento from 30/01 to 20/03/2024 in PETROPOLIS
    assert (f.outcome, f.days, f.city) == (Outcome.TERMINATED, 50, "PETROPOLIS")
    seed_001.city = "Niterói"
    services.case_import(user=analyst, data=seed_001, warnings=[], source="001", case=case)
    assert fact(case).city == "Niterói"
    assert_same_as_a_rebuild()


def test_anonymising_keeps_the_statistics(make_case, administrator):
    case = make_case(lives=80)
    before = fact_rows()
    services.provider_anonymise(user=administrator, provider=case.provider)
    assert fact_rows() == before
    assert_same_as_a_rebuild()


def test_a_refused_change_leaves_the_facts_as_they_were(make_case, analyst):
    case = make_case()
    before = fact_rows()
    data = case_to_data(case)
    data.status, data.finished_on, data.city = "desligamento", D(2024, 3, 20), "Outra"
    with pytest.raises(Exception, match="termination_reasons|motivo"):
        services.case_close(user=analyst, case=case, data=data)
    assert fact_rows() == before


def assert_same_figures(one, other):
    assert one.summary == other.summary
    assert one.tables.keys() == other.tables.keys()
    for slug, table in one.tables.items():
        assert table.rows == other.tables[slug].rows, slug


def test_the_dashboard_without_filters_reads_the_tallies_and_agrees_with_the_facts(db):
    call_command("seed_demo", cases=60, stdout=io.StringIO())
    today = timezone.localdate()
    from_tallies = queries.dashboard(queries.facts(), today=today)
    grouped = queries.dashboard(queries.facts().filter(case__isnull=False), today=today)
    assert from_tallies.summary.total == 60
    assert_same_figures(from_tallies, grouped)
    assert_same_as_a_rebuild()


@pytest.mark.parametrize("name", ["uf", "operator", "analyst", "requested_by"])
def test_one_filter_reads_its_own_tallies_and_agrees_with_the_facts(db, name):
    call_command("seed_demo", cases=60, stdout=io.StringIO())
    field = SLICE_FIELDS[name]
    value = CaseFact.objects.values_list(field, flat=True).order_by(field).last()
    form = DashboardFilters({name: value})
    assert form.is_valid(), form.errors
    assert [tally for tally, *_ in form.tally_slices()] == [(field, value)]
    cases, today = form.apply(queries.facts()), timezone.localdate()
    from_tallies = queries.dashboard(cases, today=today, tally=form.tally_slices())
    assert 0 < from_tallies.summary.total < 60
    assert_same_figures(from_tallies, queries.dashboard(cases, today=today))


def most_common(field):
    values = CaseFact.objects.exclude(**{f"{field}__isnull": True}).values_list(field, flat=True)
    return max(set(values), key=list(values).count)


def test_two_filters_read_one_filters_tallies_less_the_cases_the_other_leaves_out(db):
    call_command("seed_demo", cases=80, stdout=io.StringIO())
    analyst = most_common("analyst_id")
    theirs = list(Case.objects.filter(analyst=analyst).order_by("pk").values_list("pk", flat=True))
    # some of the analyst's cases without operator, requester or dates: in the analyst's
    # slice, and left out by any other filter
    Case.objects.filter(pk__in=theirs[:8]).update(operator=None, requested_by=None,
                                                  started_on=None, finished_on=None)  # fmt: skip
    # a city at coverage risk whose most lives are in open cases left out
    every_third = Case.objects.order_by("pk").values_list("pk", flat=True)[::3]
    Case.objects.filter(pk__in=[*every_third, *theirs[:4]]).update(
        city="Vila Risco", service_uf="RJ", cro_count=1, unique_cros_listed=1, lives=F("pk")
    )
    Case.objects.filter(pk__in=theirs[:4]).update(closed_at=None, lives=5000)
    facts.refresh()
    today = timezone.localdate()
    started = sorted(d for d in CaseFact.objects.values_list("started_on", flat=True) if d)
    common = {name: most_common(field) for name, field in SLICE_FIELDS.items()}
    rare = CaseFact.objects.values_list("service_uf", flat=True).order_by("service_uf").first()
    combos = [
        {"operator": common["operator"], "analyst": common["analyst"]},
        {"operator": common["operator"], "requested_by": common["requested_by"]},
        {"operator": common["operator"], "start": started[len(started) // 4]},
        {"period_by": "closed", "end": today, "analyst": common["analyst"], "uf": common["uf"]},
        {"uf": rare, "analyst": common["analyst"]},
    ]
    ways = set()
    for filters in combos:
        form = DashboardFilters(filters)
        assert form.is_valid(), form.errors
        cases = form.apply(queries.facts())
        ways.add(isinstance(queries._groups(cases, form.tally_slices()), queries.DifferenceGroups))
        from_tallies = queries.dashboard(cases, today=today, tally=form.tally_slices())
        assert from_tallies.summary.total == cases.count() > 0, filters
        assert_same_figures(from_tallies, queries.dashboard(cases, today=today))
    assert ways == {True, False}  # both ways were taken


def test_one_pass_over_the_cases_gives_the_figures_of_one_query_per_group_by(db):
    if connection.vendor != "postgresql":
        pytest.skip("GROUPING SETS: the one pass is PostgreSQL's")
    call_command("seed_demo", cases=80, stdout=io.StringIO())
    Case.objects.filter(pk__in=list(Case.objects.values_list("pk", flat=True)[:8])).update(
        started_on=None, next_due_on=None, city=""
    )
    facts.refresh()
    today = timezone.localdate()
    for cases in (
        queries.facts().filter(case__isnull=False),
        queries.facts().exclude(service_uf="RJ"),
    ):
        one_pass = queries.grouped(cases)
        assert isinstance(one_pass, queries.OnePassGroups)
        assert_same_figures(queries.dashboard(one_pass, today=today),
                            queries.dashboard(queries.Groups(cases), today=today))  # fmt: skip


def tally_slices(**filters) -> list[tuple]:
    form = DashboardFilters(filters)
    form.is_valid()
    return [tally for tally, *_ in form.tally_slices()]


def test_each_filter_but_the_city_has_a_tally_slice(db):
    assert tally_slices(uf="RJ", city="Niterói") == []  # a city's few cases: grouped anew
    assert tally_slices(uf="RJ", start="2024-01-01") == [("started_on", D(2024, 1, 1), None),
                                                         ("service_uf", "RJ")]  # fmt: skip
    assert tally_slices(period_by="closed") == []
    assert tally_slices(uf="RJ", period_by="closed", city=" ") == [("service_uf", "RJ")]
    assert tally_slices(start="2024-01-15") == [("started_on", D(2024, 1, 15), None)]
    assert tally_slices(period_by="closed", end="2024-03-31") == [("finished_on", None,
                                                                   D(2024, 3, 31))]  # fmt: skip


@pytest.mark.parametrize("period_by", ["opened", "closed"])
def test_a_period_reads_its_months_tallies_and_the_days_at_its_ends_from_the_facts(db, period_by):
    call_command("seed_demo", cases=80, stdout=io.StringIO())
    field = "started_on" if period_by == "opened" else "finished_on"
    dates = sorted(d for d in CaseFact.objects.values_list(field, flat=True) if d)
    middle, late = dates[len(dates) // 3], dates[2 * len(dates) // 3]
    month = middle.replace(day=1)
    periods = [
        (middle, None), (None, middle), (middle, late), (month, None),
        (month, late.replace(day=1) - datetime.timedelta(days=1)), (middle, middle),
    ]  # fmt: skip
    today = timezone.localdate()
    for start, end in periods:
        form = DashboardFilters({"period_by": period_by, "start": start, "end": end})
        assert form.is_valid(), form.errors
        cases = form.apply(queries.facts())
        months = queries.month_range(start, end) if start and end else None
        from_tallies = queries.dashboard(cases, today=today, months=months,
                                         tally=form.tally_slices())  # fmt: skip
        assert from_tallies.summary.total == cases.count(), (start, end)
        parts = getattr(queries._groups(cases, form.tally_slices()), "parts", [])
        assert any(isinstance(p, queries.TallyGroups) for p in parts) or start == end
        assert_same_figures(from_tallies, queries.dashboard(cases, today=today, months=months))


def test_a_deleted_users_cases_count_without_analyst(make_case, other_analyst):
    make_case(user=other_analyst)
    other_analyst.delete()
    for cases in (queries.facts(), queries.facts().filter(case__isnull=False)):
        table = queries.analysts_table(cases)
        assert [(r["analyst"], r["total"], r["_params"]) for r in table.rows] == [
            ("Sem colaborador", 1, None)
        ]
