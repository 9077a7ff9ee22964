"""The "Hoje" screen: what is late, due today and this week, with countdowns, per role."""

import re

import pytest
from django.urls import reverse

from cases import services as case_services

from .conftest import D, at_noon

FRIDAY = D(2026, 3, 6)


def _section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _line(html: str, provider: str) -> str:
    return re.sub(
        r"\s+", " ", re.search(rf"<li[^>]*>(?:(?!</li>).)*{provider}.*?</li>", html, re.S).group(0)
    )


def test_an_analyst_sees_late_today_and_this_weeks_deadlines_with_countdowns(
    client, analyst, week_of_cases
):
    client.force_login(analyst)
    with at_noon(FRIDAY):
        html = client.get(reverse("inbox:today")).content.decode()

    late = _section(html, "prazo-late")
    assert "Atrasados (2)" in late
    assert "atrasado há 3 dias" in _line(late, "DENTISTA ANTIGA")
    assert "atrasado há 2 dias" in _line(late, "DENTISTA SEGUNDA")
    assert "03/03/2026" in _line(late, "DENTISTA ANTIGA")
    today = _section(html, "prazo-today")
    assert "Vencem hoje (1)" in today and "vence hoje" in _line(today, "DENTISTA HOJE")
    week = _section(html, "prazo-week")
    assert "vence em 3 dias" in _line(week, "DENTISTA QUINTA")
    assert "vence em 5 dias" in _line(week, "DENTISTA SEMANA")
    assert "DENTISTA DEPOIS" not in week and "Prazo de primeiro contato" in week


def test_the_items_link_to_their_cases(client, analyst, week_of_cases):
    client.force_login(analyst)
    with at_noon(FRIDAY):
        html = client.get(reverse("inbox:today")).content.decode()
    case = week_of_cases["HOJE"]
    assert f'href="/casos/{case.pk}/">Caso {case.pk} · DENTISTA HOJE' in html


def test_a_substitution_notice_due_tomorrow_is_listed(client, analyst, notice_due_tomorrow):
    client.force_login(analyst)
    with at_noon(FRIDAY):
        html = client.get(reverse("inbox:today")).content.decode()
    line = _line(_section(html, "prazo-week"), "DENTISTA SAINDO")
    assert "Aviso de substituição (ANS)" in line and "vence amanhã" in line
    assert f"/casos/{notice_due_tomorrow.pk}/substituicao/" in line


def test_the_navigation_counts_whats_due_today_or_late(client, analyst, week_of_cases):
    client.force_login(analyst)
    with at_noon(FRIDAY):
        html = client.get(reverse("cases:queue")).content.decode()
    hoje = re.search(r'href="/hoje/">Hoje(.*?)</a>', html, re.S).group(1)
    assert re.search(r"badge[^>]*>3<", hoje)  # 2 late + 1 today


def test_another_analysts_deadlines_are_not_mine(client, other_analyst, week_of_cases):
    client.force_login(other_analyst)
    with at_noon(FRIDAY):
        html = client.get(reverse("inbox:today")).content.decode()
    assert "DENTISTA" not in html and "Atrasados (0)" in html
    assert 'href="/hoje/">Hoje</a>' in html  # no count


def test_my_open_cases_are_all_listed_page_by_page(client, analyst, make_case):
    for _ in range(27):
        make_case(contacts=[])
    client.force_login(analyst)
    first = client.get(reverse("inbox:today")).content.decode()
    assert "Meus casos em aberto (27)" in first and "Página 1 de 2" in first
    second = client.get(reverse("inbox:today"), {"pagina": 2}).content.decode()
    assert _section(second, "meus").count('href="/casos/') == 2


def test_a_closed_case_is_no_longer_due(client, analyst, week_of_cases):
    case = week_of_cases["ANTIGA"]
    from cases.conversion import case_to_data

    data = case_to_data(case)
    data.status, data.finished_on = "desligamento", D(2026, 3, 5)
    data.termination_reasons = ["valores"]
    case_services.case_close(user=analyst, case=case, data=data)
    client.force_login(analyst)
    with at_noon(FRIDAY):
        html = client.get(reverse("inbox:today")).content.decode()
    assert "DENTISTA ANTIGA" not in html and "Atrasados (1)" in html


def test_a_supervisor_sees_the_team_per_analyst(
    client, supervisor, analyst, other_analyst, week_of_cases, make_case
):
    make_case(user=other_analyst, contacts=[], started_on=D(2026, 3, 2))  # late 2 days
    client.force_login(supervisor)
    with at_noon(FRIDAY):
        html = client.get(reverse("inbox:today")).content.decode()
    team = re.sub(r"\s+", " ", _section(html, "equipe"))
    assert re.search(r"Ana Analista</a></th><td>2</td><td>1</td><td>2</td><td>6</td>", team)
    assert re.search(r"Bruno Analista</a></th><td>1</td><td>0</td><td>0</td><td>1</td>", team)


@pytest.mark.parametrize("who", ["analyst", "manager"])
def test_analysts_and_managers_see_no_team_table(client, request, who, week_of_cases):
    client.force_login(request.getfixturevalue(who))
    assert 'id="equipe"' not in client.get(reverse("inbox:today")).content.decode()


def test_a_user_without_a_role_is_told_so(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("semperfil", password="x-123456789"))
    response = client.get(reverse("inbox:today"))
    assert response.status_code == 403
    assert "não tem um perfil" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("inbox:today"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
