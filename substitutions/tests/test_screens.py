"""The panel, the list and the navigation count, by role."""

import datetime

import pytest
from django.utils import timezone

from substitutions import services
from substitutions.models import Substitution


def panel_post(**values):
    base = {"last_service_on": "", "saida-street": ""}
    return base | values


def test_the_analyst_sets_d_on_the_panel_and_sees_the_due_date(client, terminated, analyst):
    client.force_login(analyst)
    page = client.post(
        f"/casos/{terminated.pk}/substituicao/",
        panel_post(last_service_on="01/03/2024"),
        follow=True,
    )
    assert "Substituição salva." in page.text
    assert "31/01/2024" in page.text
    assert Substitution.objects.get().notice_due_on == datetime.date(2024, 1, 31)


def test_a_refused_exception_shows_the_message_and_saves_nothing(client, terminated, analyst):
    client.force_login(analyst)
    page = client.post(
        f"/casos/{terminated.pk}/substituicao/",
        panel_post(last_service_on="01/03/2024", exception="no_production"),
    )
    assert "Comprovação da exceção: descreva a comprovação ou anexe um arquivo." in page.text
    assert Substitution.objects.get().last_service_on is None


def test_the_case_screen_links_to_its_substitution(client, terminated, analyst):
    client.force_login(analyst)
    page = client.get(f"/casos/{terminated.pk}/")
    assert f"/casos/{terminated.pk}/substituicao/" in page.text


def test_another_analyst_does_not_see_it(client, terminated, other_analyst):
    client.force_login(other_analyst)
    assert client.get(f"/casos/{terminated.pk}/substituicao/").status_code == 404
    assert "Caso " + str(terminated.pk) not in client.get("/substituicoes/").text


def test_the_manager_reads_but_cannot_change(client, terminated, manager):
    client.force_login(manager)
    page = client.get(f"/casos/{terminated.pk}/substituicao/")
    assert page.status_code == 200 and "Salvar substituição" not in page.text
    refused = client.post(
        f"/casos/{terminated.pk}/substituicao/", panel_post(last_service_on="01/03/2024")
    )
    assert refused.status_code == 403
    assert Substitution.objects.get().last_service_on is None


def test_a_supervisor_works_any_case(client, terminated, supervisor):
    client.force_login(supervisor)
    client.post(f"/casos/{terminated.pk}/substituicao/", panel_post(last_service_on="10/10/2030"))
    assert Substitution.objects.get().last_service_on == datetime.date(2030, 10, 10)


@pytest.fixture
def late_and_soon(terminated, make_case, close_case, analyst):
    today = timezone.localdate()
    late = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values={"last_service_on": today + datetime.timedelta(days=29)},  # due yesterday
    )
    other = close_case(make_case(city="Niterói"), analyst)
    soon = services.substitution_update(
        user=analyst,
        substitution=other.substitution,
        values={"last_service_on": today + datetime.timedelta(days=35)},  # due in 5 days
    )
    return late, soon


def test_the_list_filters_late_and_due_soon(client, analyst, late_and_soon):
    late, soon = late_and_soon
    client.force_login(analyst)
    only_late = client.get("/substituicoes/?atrasadas=on").text
    assert f"Caso {late.case_id}<" in only_late and f"Caso {soon.case_id}<" not in only_late
    due_soon = client.get("/substituicoes/?vence_em_breve=on").text
    assert f"Caso {soon.case_id}<" in due_soon and f"Caso {late.case_id}<" not in due_soon
    by_city = client.get("/substituicoes/?cidade=niteroi").text
    assert f"Caso {soon.case_id}<" in by_city and f"Caso {late.case_id}<" not in by_city


def test_the_navigation_counts_the_late_ones(client, analyst, other_analyst, late_and_soon):
    client.force_login(analyst)
    assert 'title="atrasadas">1<' in client.get("/").text
    client.force_login(other_analyst)
    page = client.get("/").text
    assert "Substituições" in page and 'title="atrasadas"' not in page


def test_an_option_id_past_any_the_database_holds_is_refused_not_a_crash(
    client, terminated, analyst
):
    client.force_login(analyst)
    huge = "99999999999999999999999"
    for name in ("substitute_specialties", "plans", "saida-specialties"):
        page = client.post(f"/casos/{terminated.pk}/substituicao/", panel_post(**{name: huge}))
        assert page.status_code == 200
        assert huge in page.text  # "Faça uma escolha válida. 999… não é uma das escolhas"
    assert Substitution.objects.get().last_service_on is None
