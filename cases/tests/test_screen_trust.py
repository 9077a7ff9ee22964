"""The screen's write paths keep the same rules as the API (issue 17, items 1 and 4): only a
Supervisor reassigns, only to someone who works cases, and no save without the version the
page was opened at."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cases import services
from cases.conversion import case_to_data
from cases.models import Case
from cases.tests.test_views import _post_form


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_a_supervisor_cannot_give_a_case_to_a_gestor_on_the_screen(
    client, make_case, supervisor, manager
):
    case = make_case()
    client.force_login(supervisor)
    response = client.post(
        reverse("cases:assign", args=[case.pk]),
        {"analyst": manager.pk, "version": case.version},
        follow=True,
    )
    assert response.status_code == 200
    assert "Colaborador: 'gestor' não é um Analista ou Supervisor ativo." in _messages(response)
    case.refresh_from_db()
    assert (case.analyst.username, case.version) == ("analista", 1)


def test_the_screen_offers_analysts_and_supervisors_but_no_gestor(
    client, make_case, supervisor, manager, other_analyst
):
    case = make_case()
    client.force_login(supervisor)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    options = page.split('id="id_analyst">')[1].split("</select>")[0]
    assert f'value="{other_analyst.pk}"' in options and f'value="{supervisor.pk}"' in options
    assert f'value="{manager.pk}"' not in options


def test_the_service_itself_refuses_an_analyst_reassigning_and_a_gestor_taking_a_case(
    make_case, analyst, other_analyst, supervisor, manager
):
    case = make_case()
    with pytest.raises(PermissionDenied):
        services.case_assign(user=analyst, case=case, analyst=other_analyst)
    with pytest.raises(ValidationError) as refused:
        services.case_assign(user=supervisor, case=case, analyst=manager)
    assert refused.value.message_dict == {
        "analyst": ["Colaborador: 'gestor' não é um Analista ou Supervisor ativo."]
    }
    assert Case.objects.get(pk=case.pk).analyst == analyst


def test_a_case_save_without_the_version_is_refused_and_overwrites_nothing(
    client, make_case, analyst
):
    case = make_case()
    services.contact_add(user=analyst, case=case, date=None, notes="Outra pessoa gravou antes.")
    case.refresh_from_db()
    client.force_login(analyst)
    url = reverse("cases:detail", args=[case.pk])
    response = _post_form(client, url, case, version="", city="Niterói")
    assert response.status_code == 200
    assert "a página não informou a versão do caso" in response.content.decode()
    case.refresh_from_db()
    assert (case.city, case.version) == ("Petrópolis", 2)


def test_closing_on_the_screen_without_the_version_is_refused(client, make_case, analyst):
    case = make_case()
    client.force_login(analyst)
    url = reverse("cases:detail", args=[case.pk])
    closing = {"action": "close", "status": "nao_se_trata_de_retencao", "version": ""}
    response = _post_form(client, url, case, finished_on="09/02/2024", **closing)
    assert "a página não informou a versão do caso" in response.content.decode()
    assert Case.objects.get(pk=case.pk).is_open


def _closed(make_case, analyst) -> Case:
    case = make_case()
    data = case_to_data(Case.objects.with_form().get(pk=case.pk))
    data.status, data.finished_on = "nao_se_trata_de_retencao", datetime.date(2024, 2, 9)
    services.case_close(user=analyst, case=case, data=data)
    return Case.objects.get(pk=case.pk)


def test_reopen_on_the_screen_takes_the_version_the_page_had(
    client, make_case, analyst, supervisor
):
    case = _closed(make_case, analyst)
    client.force_login(supervisor)
    url = reverse("cases:reopen", args=[case.pk])
    missing = client.post(url, {"reason": "Voltou atrás"}, follow=True)
    assert "a página não informou a versão do caso" in _messages(missing)
    stale = client.post(url, {"reason": "Voltou atrás", "version": case.version - 1}, follow=True)
    assert "alterado por outra pessoa" in _messages(stale)
    assert not Case.objects.get(pk=case.pk).is_open
    client.post(url, {"reason": "Voltou atrás", "version": case.version})
    assert Case.objects.get(pk=case.pk).is_open


def test_assign_on_the_screen_takes_the_version_the_page_had(
    client, make_case, supervisor, other_analyst
):
    case = make_case()
    client.force_login(supervisor)
    url = reverse("cases:assign", args=[case.pk])
    missing = client.post(url, {"analyst": other_analyst.pk}, follow=True)
    assert "a página não informou a versão do caso" in _messages(missing)
    stale = client.post(url, {"analyst": other_analyst.pk, "version": 0}, follow=True)
    assert "alterado por outra pessoa" in _messages(stale)
    assert Case.objects.get(pk=case.pk).analyst.username == "analista"
