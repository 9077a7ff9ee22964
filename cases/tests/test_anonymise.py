import json

import pytest

from cases import services
from cases.models import Case, CaseEvent, EventKind


@pytest.fixture
def case_with_personal_data(make_case, analyst):
    case = make_case(general_notes="Falar no (21) 99876-5432, CPF 073.094.747-59.")
    services.contact_add(
        user=analyst, case=case, date=None, notes="Ligou do 21 3456-7890 pedindo retorno."
    )
    return Case.objects.get(pk=case.pk)


def test_anonymising_a_provider_removes_personal_data_and_keeps_statistics(
    case_with_personal_data, administrator
):
    case = case_with_personal_data
    city, uf, lives, status = case.city, case.service_uf, case.lives, case.status
    changed = services.provider_anonymise(user=administrator, provider=case.provider)
    assert changed == 1
    case.refresh_from_db()
    assert (case.provider_name, case.cpf, case.cnpj) == ("(anonimizado)", "", "")
    assert "99876-5432" not in case.general_notes and "073.094.747" not in case.general_notes
    assert all("3456-7890" not in c.notes for c in case.contacts.all())
    assert (case.city, case.service_uf, case.lives, case.status) == (city, uf, lives, status)
    assert "patricia" not in case.search_text and "07309474759" not in case.search_text


def test_the_history_keeps_no_trace_of_the_personal_data_but_logs_the_anonymisation(
    case_with_personal_data, administrator
):
    case = case_with_personal_data
    services.provider_anonymise(user=administrator, provider=case.provider)
    history = json.dumps(list(CaseEvent.objects.filter(case=case).values("changes", "note")))
    for secret in ("07309474759", "PATRICIA", "99876-5432", "3456-7890"):
        assert secret not in history
    last = case.events.order_by("-at", "-pk").first()
    assert (last.kind, last.user) == (EventKind.ANONYMISED, administrator)


def test_an_administrator_anonymises_from_the_admin(client, case_with_personal_data, administrator):
    client.force_login(administrator)
    provider = case_with_personal_data.provider
    response = client.post(
        "/admin/cases/provider/",
        {"action": "anonymise", "_selected_action": [provider.pk]},
        follow=True,
    )
    assert "1 prestador(es) anonimizado(s)" in response.content.decode()
    provider.refresh_from_db()
    assert provider.cpf == "" and provider.name == "(anonimizado)"
