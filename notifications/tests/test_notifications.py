"""In-app notifications: assigned, reopened, deadlines; the bell, the list, mark read."""

import re

import pytest
from django.urls import reverse

from cases import services as case_services
from cases.conversion import case_to_data
from inbox.tests.conftest import D
from notifications.models import Kind, Notification
from notifications.services import deadline_notifications_create


def _bell(html: str) -> str:
    return re.search(r'href="/notificacoes/" title="Notificações">(.*?)</a>', html, re.S).group(1)


def test_the_analyst_is_notified_when_a_supervisor_assigns_them_a_case(
    client, make_case, analyst, other_analyst, supervisor
):
    case = make_case()
    client.force_login(supervisor)
    client.post(
        reverse("cases:assign", args=[case.pk]),
        {"analyst": other_analyst.pk, "version": case.version},
    )

    client.force_login(other_analyst)
    html = client.get(reverse("cases:queue")).content.decode()
    assert re.search(r"badge[^>]*>1<", _bell(html))
    listing = client.get(reverse("notifications:list")).content.decode()
    assert f"atribuiu a você o caso {case.pk} (PATRICIA SANTOS BARROS)" in listing
    assert f'href="/casos/{case.pk}/"' in listing


def test_nobody_is_notified_of_a_case_they_assigned_to_themselves(make_case, supervisor):
    case = make_case()
    case_services.case_assign(user=supervisor, case=case, analyst=supervisor)
    assert not Notification.objects.exists()


def test_the_analyst_is_notified_when_their_case_is_reopened(make_case, analyst, supervisor):
    case = make_case()
    data = case_to_data(case)
    data.status, data.finished_on, data.termination_reasons = (
        "desligamento",
        D(2024, 3, 20),
        ["valores"],
    )
    case = case_services.case_close(user=analyst, case=case, data=data)
    case_services.case_reopen(user=supervisor, case=case, reason="Prestador voltou a negociar")
    [notification] = Notification.objects.filter(user=analyst)
    assert notification.kind == Kind.REOPENED
    assert notification.text == f"supervisor reabriu o caso {case.pk} (PATRICIA SANTOS BARROS)."


def test_deadlines_tomorrow_and_passed_are_notified_once(analyst, make_case):
    late = make_case(contacts=[], started_on=D(2026, 3, 2))  # due Wed 04/03
    tomorrow = make_case(contacts=[], started_on=D(2026, 3, 5))  # due Mon 09/03
    make_case(contacts=[], started_on=D(2026, 3, 9))  # due Wed 11/03: nothing yet
    friday = D(2026, 3, 6)
    assert deadline_notifications_create(today=D(2026, 3, 8)) == 2
    assert deadline_notifications_create(today=D(2026, 3, 8)) == 0  # the same day again
    assert deadline_notifications_create(today=friday) == 0  # still the same deadlines
    texts = set(Notification.objects.filter(user=analyst).values_list("case_id", "text"))
    assert texts == {
        (late.pk, f"O prazo do caso {late.pk} (PATRICIA SANTOS BARROS) venceu em 04/03/2026."),
        (tomorrow.pk, f"O prazo do caso {tomorrow.pk} (PATRICIA SANTOS BARROS) vence amanhã."),
    }


@pytest.fixture
def two_for_the_analyst(make_case, analyst, other_analyst, supervisor):
    cases = [make_case(user=other_analyst), make_case(user=other_analyst)]
    for case in cases:
        case_services.case_assign(user=supervisor, case=case, analyst=analyst)
    return list(Notification.objects.filter(user=analyst).order_by("pk"))


def test_marking_one_read_lowers_the_count(client, analyst, two_for_the_analyst):
    first, second = two_for_the_analyst
    client.force_login(analyst)
    response = client.post(reverse("notifications:mark_read", args=[first.pk]), follow=True)
    html = response.content.decode()
    assert re.search(r"badge[^>]*>1<", _bell(html))
    assert html.count("Marcar como lida</button>") == 1


def test_marking_all_read_empties_the_bell(client, analyst, two_for_the_analyst):
    client.force_login(analyst)
    html = client.post(reverse("notifications:mark_all_read"), follow=True).content.decode()
    assert "2 notificação(ões) marcada(s) como lida(s)." in html
    assert "badge" not in _bell(html)


def test_nobody_can_mark_someone_elses_notification(client, other_analyst, two_for_the_analyst):
    client.force_login(other_analyst)
    client.post(reverse("notifications:mark_read", args=[two_for_the_analyst[0].pk]))
    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.filter(read_at=None).count() == 2
    assert "Nenhuma notificação" in client.get(reverse("notifications:list")).content.decode()


@pytest.mark.parametrize("who", ["analyst", "supervisor", "manager", "administrator"])
def test_every_role_has_a_bell_and_a_list(client, request, who):
    client.force_login(request.getfixturevalue(who))
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Nenhuma notificação" in html and 'title="Notificações"' in html


def test_marking_read_needs_a_post(client, analyst, two_for_the_analyst):
    client.force_login(analyst)
    url = reverse("notifications:mark_read", args=[two_for_the_analyst[0].pk])
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("name", ["notifications:list", "notifications:preferences"])
def test_an_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
