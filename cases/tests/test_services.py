import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases import services
from cases.conversion import case_to_data
from cases.models import Case, CaseEvent, EventKind
from formio.casedata import CaseData, ProviderData


def test_opening_links_the_case_to_its_provider_by_cro_and_uf(make_case):
    first = make_case()
    second = make_case()
    assert first.provider == second.provider
    assert list(first.provider.cases.order_by("pk")) == [first, second]


def test_opening_refuses_an_invalid_cpf_and_saves_nothing(db, analyst):
    data = CaseData(provider=ProviderData(cpf="07309474750"))
    with pytest.raises(ValidationError) as error:
        services.case_open(user=analyst, data=data)
    assert error.value.message_dict == {"provider.cpf": ["CPF: dígitos verificadores inválidos."]}
    assert Case.objects.count() == 0


def test_the_history_records_who_changed_which_field(make_case, supervisor):
    case = make_case()
    data = case_to_data(case)
    data.city = "Niterói"
    services.case_update(user=supervisor, case=case, data=data, expected_version=case.version)
    event = case.events.last()
    assert (event.user, event.kind) == (supervisor, EventKind.UPDATED)
    assert event.changes == [
        {"field": "city", "label": "Cidade", "old": "Petrópolis", "new": "Niterói"}
    ]


def test_a_refused_close_leaves_the_case_exactly_as_it_was(make_case, analyst):
    case = make_case()
    before = (case_to_data(case), case.version, case.events.count())
    data = case_to_data(case)
    data.status, data.finished_on = "desligamento", datetime.date(2024, 3, 20)
    data.city = "Outra"
    with pytest.raises(ValidationError) as error:
        services.case_close(user=analyst, case=case, data=data)
    assert "termination_reasons" in error.value.message_dict
    case = Case.objects.with_form().get(pk=case.pk)
    assert (case_to_data(case), case.version, case.events.count()) == before
    assert case.is_open


def test_closing_computes_days_to_finish(make_case, analyst):
    case = make_case()
    data = case_to_data(case)
    data.status, data.finished_on = "desligamento", datetime.date(2024, 3, 20)
    data.termination_reasons = ["prazo_liberacao_de_guias"]
    services.case_close(user=analyst, case=case, data=data)
    case.refresh_from_db()
    assert (case.is_open, case.days_to_finish) == (False, 50)


def test_a_closed_case_refuses_changes_until_reopened_with_a_reason(make_case, supervisor):
    case = make_case()
    data = case_to_data(case)
    data.status, data.finished_on = "retencao_efetiva", datetime.date(2024, 2, 10)
    services.case_close(user=supervisor, case=case, data=data)
    with pytest.raises(ValidationError, match="reabra"):
        services.contact_add(user=supervisor, case=case, date=None, notes="Mais um")
    with pytest.raises(ValidationError, match="motivo da reabertura"):
        services.case_reopen(user=supervisor, case=case, reason=" ")
    services.case_reopen(user=supervisor, case=case, reason="Prestador voltou a reclamar")
    case.refresh_from_db()
    assert case.is_open
    assert case.events.last().note == "Prestador voltou a reclamar"


def test_contacts_have_no_limit_of_five(make_case, analyst):
    case = make_case(contacts=[])
    for day in range(1, 8):
        services.contact_add(
            user=analyst, case=case, date=datetime.date(2024, 2, day), notes=f"contato {day}"
        )
    assert [c.position for c in case.contacts.all()] == list(range(1, 8))
    assert case.contacts.first().recorded_by == analyst


def test_a_contact_in_the_future_is_refused(make_case, analyst):
    case = make_case()
    future = timezone.localdate() + datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        services.contact_add(user=analyst, case=case, date=future, notes="x")
    assert error.value.message_dict == {
        "contacts.1.date": ["2º contato - Data: não pode estar no futuro."]
    }
    assert case.contacts.count() == 1


def test_a_save_on_a_stale_version_is_refused_and_says_what_changed(make_case, analyst, supervisor):
    case = make_case()
    opened_version = case.version
    data = case_to_data(case)
    data.lives = 10
    services.case_update(user=supervisor, case=case, data=data, expected_version=opened_version)
    mine = case_to_data(case)
    mine.lives = 20
    with pytest.raises(services.CaseConflict) as conflict:
        services.case_update(user=analyst, case=case, data=mine, expected_version=opened_version)
    assert [e.user for e in conflict.value.events] == [supervisor]
    assert Case.objects.get(pk=case.pk).lives == 10


def test_warnings_are_stored_with_the_case(db, analyst, seed_001):
    case = services.case_open(user=analyst, data=seed_001)
    assert any("sem cobertura" in w for w in case.warnings)


def test_every_service_leaves_one_history_entry(make_case, analyst, supervisor):
    case = make_case()
    services.contact_add(user=analyst, case=case, date=datetime.date(2024, 2, 12), notes="ok")
    services.case_assign(user=supervisor, case=case, analyst=supervisor)
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [EventKind.OPENED, EventKind.CONTACT_ADDED, EventKind.ASSIGNED]
