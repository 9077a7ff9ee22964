"""One vocabulary and each rule once: what the services accept, what the admin keeps."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.db.models.signals import post_save

from cases import rules, services
from cases.conversion import case_to_data, cases_to_data
from cases.models import Case, CaseEvent, EventKind, Operator, TerminationReason
from formio.casedata import CaseData


def _closing(case: Case, **fields) -> CaseData:
    data = case_to_data(case)
    data.finished_on = datetime.date(2024, 3, 1)
    for key, value in fields.items():
        setattr(data, key, value)
    return data


def test_closing_refuses_an_unknown_status_and_names_the_field(make_case, analyst):
    case = make_case()
    data = _closing(case, status="retido")
    with pytest.raises(ValidationError) as error:
        services.case_close(user=analyst, case=case, data=data, expected_version=case.version)
    assert error.value.message_dict == {"status": ["Status retenção: opção desconhecida «retido»."]}
    case.refresh_from_db()
    assert (case.is_open, case.status) == (True, "")


def test_opening_refuses_an_unknown_reason_and_an_unknown_operator(make_case):
    with pytest.raises(ValidationError) as error:
        make_case(termination_reasons=["valores", "saiu_da_cidade"])
    assert error.value.message_dict == {
        "termination_reasons": ["Motivo desligamento: opção desconhecida «saiu_da_cidade»."]
    }
    with pytest.raises(ValidationError) as error:
        make_case(operator="DENTAL SUL")
    assert error.value.message_dict == {"operator": ["Operadora: opção desconhecida «DENTAL SUL»."]}
    assert Case.objects.count() == 0


def test_a_deactivated_reason_is_refused_on_a_new_case_and_stays_on_the_cases_that_have_it(
    make_case, analyst
):
    case = make_case(termination_reasons=["glosas"])
    TerminationReason.objects.filter(code="glosas").update(active=False)
    data = case_to_data(case)
    data.city = "Niterói"
    services.case_update(user=analyst, case=case, data=data, expected_version=case.version)
    assert case_to_data(Case.objects.get(pk=case.pk)).termination_reasons == ["glosas"]
    with pytest.raises(ValidationError) as error:
        make_case(termination_reasons=["glosas"])
    assert error.value.message_dict == {
        "termination_reasons": ["Motivo desligamento: opção desconhecida «glosas»."]
    }


def test_a_reason_in_use_cannot_be_deleted(make_case):
    make_case(termination_reasons=["glosas"])
    with pytest.raises(ProtectedError):
        TerminationReason.objects.get(code="glosas").delete()
    TerminationReason.objects.get(code="estudos").delete()  # no case has it


def test_the_admin_says_to_deactivate_an_option_in_use(client, administrator, make_case):
    make_case(termination_reasons=["glosas"])
    reason = TerminationReason.objects.get(code="glosas")
    client.force_login(administrator)
    page = client.get(f"/admin/cases/terminationreason/{reason.pk}/delete/")
    assert "não pode ser excluída: desative-a (desmarque «ativo»)" in page.content.decode()
    client.post(f"/admin/cases/terminationreason/{reason.pk}/delete/", {"post": "yes"})
    assert TerminationReason.objects.filter(pk=reason.pk).exists()


def test_an_import_saves_through_save_and_records_each_changed_field(db, analyst, seed_001):
    saved = []

    def receiver(sender, instance, created, **kwargs):
        saved.append((instance.pk, created))

    post_save.connect(receiver, sender=Case)
    try:
        case, outcome = services.case_import(
            user=analyst, data=seed_001, warnings=[], source="a.txt"
        )
    finally:
        post_save.disconnect(receiver, sender=Case)
    assert outcome == "created" and saved[0] == (case.pk, True)
    event = CaseEvent.objects.get(case=case)
    assert (event.kind, event.note, event.version) == (EventKind.IMPORTED, "a.txt", 1)
    changed = {change["field"]: change["new"] for change in event.changes}
    assert changed["status"] == seed_001.status and changed["city"] == seed_001.city
    again = services.case_import(
        user=analyst, data=seed_001, warnings=[], source="a.txt", case=case
    )
    assert again[1] == "unchanged" and CaseEvent.objects.filter(case=case).count() == 1


def test_updating_a_case_moves_its_time_of_change(make_case, analyst):
    case = make_case()
    before = Case.objects.get(pk=case.pk).updated_at
    data = case_to_data(case)
    data.city = "Niterói"
    services.case_update(user=analyst, case=case, data=data, expected_version=case.version)
    assert Case.objects.get(pk=case.pk).updated_at > before


def test_cases_to_data_reads_many_cases_in_a_fixed_number_of_queries(
    make_case, django_assert_max_num_queries
):
    for city in ("Niterói", "Petrópolis", "Macaé"):
        make_case(city=city, termination_reasons=["valores"])
    # One statement of the cases, then per chunk of two one for each of its four lists.
    with django_assert_max_num_queries(1 + 2 * 4):
        forms = list(cases_to_data(Case.objects.order_by("pk"), chunk=2))
    assert [form.data.city for form in forms] == ["Niterói", "Petrópolis", "Macaé"]
    assert [form.data.termination_reasons for form in forms] == [["valores"]] * 3


def test_coverage_risk_and_days_to_finish_say_the_same_in_python_and_in_sql(make_case):
    risky = make_case(lives=40, unique_cros_listed=1, cro_count=1)
    covered = make_case(lives=40, unique_cros_listed=3, cro_count=1)
    written = make_case(started_on=None, days_to_finish=12)
    assert set(Case.objects.filter(rules.COVERAGE_RISK)) == {risky}
    assert covered not in Case.objects.filter(rules.COVERAGE_RISK)
    days = dict(
        Case.objects.annotate(days=rules.days_to_finish_expression()).values_list("pk", "days")
    )
    assert days[written.pk] == 12 == written.effective_days_to_finish


def test_a_deactivated_operator_stays_on_its_case_and_is_refused_on_a_new_one(make_case, analyst):
    case = make_case()
    Operator.objects.filter(label="ODONTOLIFE").update(active=False)
    data = case_to_data(case)
    data.city = "Niterói"
    services.case_update(user=analyst, case=case, data=data, expected_version=case.version)
    assert Case.objects.get(pk=case.pk).operator.label == "ODONTOLIFE"
    with pytest.raises(ValidationError) as error:
        make_case()
    assert error.value.message_dict == {"operator": ["Operadora: opção desconhecida «ODONTOLIFE»."]}
