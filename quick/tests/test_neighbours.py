"""Previous/next case on the case screen: the queue's filters and order, else my open cases
by deadline."""

import datetime
import re

import pytest
from django.urls import reverse


def _links(html: str) -> dict:
    return {rel: int(pk) for rel, pk in re.findall(r'rel="(prev|next)" href="/casos/(\d+)/"', html)}


@pytest.fixture
def three(make_case):
    """Cases started 10/01, 30/01 and 20/01; the last one in Niterói."""
    return [
        make_case(started_on=datetime.date(2024, 1, 10)),
        make_case(started_on=datetime.date(2024, 1, 30)),
        make_case(started_on=datetime.date(2024, 1, 20), city="Niterói"),
    ]


def test_the_links_follow_the_queues_sort(client, analyst, three):
    first, second, third = three
    client.force_login(analyst)
    client.get(reverse("cases:queue"), {"ordem": "inicio"})  # 10/01, 20/01, 30/01
    html = client.get(reverse("cases:detail", args=[third.pk])).content.decode()
    assert _links(html) == {"prev": first.pk, "next": second.pk}
    html = client.get(reverse("cases:detail", args=[first.pk])).content.decode()
    assert _links(html) == {"next": third.pk}


def test_the_links_follow_the_queues_filter_for_a_supervisor(client, supervisor, three):
    first, second, third = three
    client.force_login(supervisor)
    client.get(reverse("cases:queue"), {"city": "Petrópolis"})  # newest first: 2, 1
    html = client.get(reverse("cases:detail", args=[second.pk])).content.decode()
    assert _links(html) == {"next": first.pk}
    # a case outside that list: the supervisor has no open cases of their own, so no links
    assert _links(client.get(reverse("cases:detail", args=[third.pk])).content.decode()) == {}


def test_without_the_queue_the_links_walk_my_open_cases_by_deadline(client, analyst, three):
    first, second, third = three
    client.force_login(analyst)
    # all three are due on 19/02/2024 (the closing deadline): then the newest first
    html = client.get(reverse("cases:detail", args=[second.pk])).content.decode()
    assert _links(html) == {"prev": third.pk, "next": first.pk}


def test_the_gestor_and_the_other_analyst(client, manager, other_analyst, three):
    client.force_login(manager)
    client.get(reverse("cases:queue"), {"ordem": "-id"})
    html = client.get(reverse("cases:detail", args=[three[1].pk])).content.decode()
    assert _links(html) == {"prev": three[2].pk, "next": three[0].pk}
    client.force_login(other_analyst)
    client.get(reverse("cases:queue"))
    assert client.get(reverse("cases:detail", args=[three[1].pk])).status_code == 404


def test_the_links_walk_ties_and_empty_values_in_the_queues_order(client, analyst, make_case):
    """By Prestador descending, the same name twice: the newer case first. By Data início
    descending: the case without a date comes last."""
    from formio.casedata import ProviderData

    def named(name, started_on):
        provider = ProviderData(name=name, cro=str(len(name)), cro_uf="RJ")
        return make_case(provider=provider, started_on=started_on)

    ana = named("ANA", datetime.date(2024, 1, 10))
    bia_old = named("BIA", None)
    bia_new = named("BIA", datetime.date(2024, 1, 30))
    caio = named("CAIO", datetime.date(2024, 1, 20))
    client.force_login(analyst)

    def links(case):
        return _links(client.get(reverse("cases:detail", args=[case.pk])).content.decode())

    client.get(reverse("cases:queue"), {"ordem": "-prestador"})  # CAIO, BIA (new, old), ANA
    assert links(bia_new) == {"prev": caio.pk, "next": bia_old.pk}
    assert links(bia_old) == {"prev": bia_new.pk, "next": ana.pk}
    client.get(reverse("cases:queue"), {"ordem": "-inicio"})  # 30/01, 20/01, 10/01, no date
    assert links(ana) == {"prev": caio.pk, "next": bia_old.pk}
    assert links(bia_old) == {"prev": ana.pk}
