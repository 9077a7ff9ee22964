"""The dashboard's facts follow every service at once, and equal a full rebuild."""

import datetime
import re

import pytest
import time_machine
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.conversion import case_to_data
from cases.models import Case, DeadlinePolicy
from conftest import PASSWORD
from reports import facts, queries
from reports.models import CaseFact, Outcome

pytestmark = pytest.mark.django_db
D = datetime.date


def fact_rows() -> list[dict]:
    return list(CaseFact.objects.order_by("case").values())


def assert_same_as_a_rebuild():
    kept = fact_rows()
    assert facts.refresh() == Case.objects.count()
    assert fact_rows() == kept


def summary():
    return queries.summary(queries.facts(), timezone.localdate())


def fact(case) -> CaseFact:
    return CaseFact.objects.get(case=case)


def test_an_opened_case_counts_at_once(make_case):
    case = make_case(lives=120, unique_cros_listed=1, cro_count=1)
    s = summary()
    assert (s.total, s.open, s.closed) == (1, 1, 0)
    f = fact(case)
    expected = (Outcome.OPEN, "Petrópolis", D(2024, 1, 1), True)
    assert (f.outcome, f.city, f.start_month, f.at_risk) == expected
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


def test_a_bulk_change_moves_the_facts_of_every_case_it_touched(make_case):
    first, second, third = make_case(), make_case(), make_case()
    moved = Case.objects.filter(pk__in=[first.pk, second.pk])
    moved.update(service_uf="MG", city="Belo Horizonte", lives=F("pk") + 10)
    facts.cases_changed(moved)
    assert [(f.service_uf, f.lives) for f in map(fact, (first, second, third))] == [
        ("MG", first.pk + 10),
        ("MG", second.pk + 10),
        ("RJ", None),
    ]
    assert_same_as_a_rebuild()


def test_bulk_changes_by_id_forget_the_cases_that_are_gone(make_case):
    kept, gone = make_case(), make_case()
    Case.objects.filter(pk=kept.pk).update(closed_at=timezone.now(), status="desligamento")
    gone_pk = gone.pk
    Case.objects.filter(pk=gone_pk).delete()
    facts.cases_changed([kept.pk, gone_pk])
    assert fact(kept).outcome == Outcome.TERMINATED
    assert not CaseFact.objects.filter(case_id=gone_pk).exists()
    assert_same_as_a_rebuild()


def late_on_the_dashboard(client) -> str:
    # filtered (every case here is in RJ): the board without filters is kept for a minute
    page = client.get(reverse("reports:dashboard") + "?uf=RJ").content.decode()
    found = re.search(r'report-figure">([^<]+)</span><span>em aberto com prazo vencido', page)
    return found.group(1)


def test_a_deadline_policy_saved_in_the_admin_moves_the_late_count_at_once(
    client, make_case, administrator
):
    with time_machine.travel(datetime.datetime(2024, 3, 12, 15, tzinfo=datetime.UTC)):
        # opened on Monday 04/03 without contacts: first contact due 06/03, late on 12/03
        make_case(started_on=D(2024, 3, 4), contacts=[])
        make_case(started_on=D(2024, 3, 11), contacts=[])  # due 13/03: not late
        client.login(username=administrator.username, password=PASSWORD)
        assert late_on_the_dashboard(client) == "1"
        url = reverse("admin:cases_deadlinepolicy_change", args=[DeadlinePolicy.current().pk])
        policy = {"first_contact_days": 10, "contact_interval_days": 5, "closing_days": 30}
        response = client.post(url, policy)
        assert response.status_code == 302, response.content.decode()[:2000]
        # 10 business days after 04/03: 18/03, not yet due
        assert late_on_the_dashboard(client) == "0"
    assert_same_as_a_rebuild()


def test_a_deleted_users_cases_count_without_analyst(make_case, other_analyst):
    make_case(user=other_analyst)
    other_analyst.delete()
    table = queries.analysts_table(queries.facts())
    assert [(r["analyst"], r["total"], r["_params"]) for r in table.rows] == [
        ("Sem colaborador", 1, None)
    ]


def test_changes_gathered_in_one_transaction_count_at_its_end_and_an_undone_one_not(
    make_case, analyst
):
    first, second = make_case(), make_case()
    with facts.gathered():
        data = case_to_data(first)
        data.service_uf, data.city = "MG", "Belo Horizonte"
        services.case_update(user=analyst, case=first, data=data)
        with pytest.raises(RuntimeError), transaction.atomic():  # a form that failed
            data = case_to_data(second)
            data.lives = 999
            services.case_update(user=analyst, case=second, data=data)
            raise RuntimeError
        third = make_case(city="Niterói")
    assert (fact(first).city, fact(second).lives, fact(third).city) == (
        "Belo Horizonte",
        None,
        "Niterói",
    )
    assert_same_as_a_rebuild()
