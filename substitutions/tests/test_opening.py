"""Which closings open a substitution, and the imported ones that wait for a user."""

import datetime

from cases import services as case_services
from cases.conversion import case_to_data
from substitutions.models import Substitution


def test_closing_a_case_as_desligamento_opens_its_substitution(terminated):
    sub = Substitution.objects.get()
    assert sub.case == terminated
    assert sub.state() == "pending"
    assert list(sub.events.values_list("note", flat=True)) == ["Substituição aberta"]


def test_closing_a_case_retained_opens_none(make_case, close_case, analyst):
    close_case(make_case(), analyst, status="retencao_efetiva")
    assert not Substitution.objects.exists()


def imported_termination(make_case, analyst):
    data = case_to_data(make_case())
    data.status, data.finished_on = "desligamento", datetime.date(2024, 2, 20)
    data.termination_reasons = ["valores"]
    case, _ = case_services.case_import(
        user=analyst, data=data, warnings=[], source="antigo.txt", analyst=analyst
    )
    return case


def test_an_imported_old_termination_does_not_open_a_substitution(make_case, analyst):
    case = imported_termination(make_case, analyst)
    assert case.closed_at is not None and case.status == "desligamento"
    assert not Substitution.objects.exists()


def test_a_user_opens_an_imported_termination_one_by_one(client, make_case, analyst):
    case = imported_termination(make_case, analyst)
    client.force_login(analyst)
    page = client.get(f"/casos/{case.pk}/substituicao/")
    assert "Abrir substituição" in page.text
    client.post(f"/casos/{case.pk}/substituicao/abrir/")
    assert Substitution.objects.get().case == case


def test_a_supervisor_opens_imported_terminations_in_bulk(client, make_case, analyst, supervisor):
    first = imported_termination(make_case, analyst)
    second = imported_termination(make_case, analyst)
    client.force_login(supervisor)
    listing = client.get("/substituicoes/")
    assert f'value="{first.pk}"' in listing.text and f'value="{second.pk}"' in listing.text
    client.post("/substituicoes/abrir/", {"caso": [first.pk, second.pk]})
    assert set(Substitution.objects.values_list("case_id", flat=True)) == {first.pk, second.pk}
    client.post("/substituicoes/abrir/", {"caso": [first.pk]})  # twice: still one each
    assert Substitution.objects.count() == 2


def test_a_manager_cannot_open_them(client, make_case, analyst, manager):
    case = imported_termination(make_case, analyst)
    client.force_login(manager)
    assert client.post("/substituicoes/abrir/", {"caso": [case.pk]}).status_code == 403
    assert client.post(f"/casos/{case.pk}/substituicao/abrir/").status_code == 403
    assert not Substitution.objects.exists()


def test_opening_in_bulk_ignores_what_is_no_case_number(client, make_case, analyst, supervisor):
    case = imported_termination(make_case, analyst)
    client.force_login(supervisor)
    junk = ["abc", "31/02/2024", "²", "99999999999999999999", str(case.pk)]
    response = client.post("/substituicoes/abrir/", {"caso": junk}, follow=True)
    assert "1 substituição(ões) aberta(s)." in response.text
    assert Substitution.objects.get().case == case
