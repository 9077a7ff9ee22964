"""The queue sorted by Colaborador or Operadora (worklist.walk): the related rows in name
order, the cases of each newest first, the cases without one last; its pages, its filters,
and the case screen's previous and next across the edges of a related row."""

import re

import pytest
from django.urls import reverse

from accounts import roles
from accounts.services import user_create
from cases import services
from cases.models import Operator
from formio.casedata import CaseData, ProviderData

QUEUE = reverse("cases:queue")


def _pks(response) -> list[int]:
    return [case.pk for case in response.context["page"].object_list]


def _links(client, case) -> dict:
    html = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return {rel: int(pk) for rel, pk in re.findall(r'rel="(prev|next)" href="/casos/(\d+)/"', html)}


@pytest.fixture
def without_analyst(supervisor):
    """A case imported from an old form whose Colaborador is nobody in the system."""

    def make(service_uf="RJ", city="Niterói"):
        data = CaseData(
            operator="ODONTOLIFE",
            provider=ProviderData(name="JOÃO LIMA", cro="4321", cro_uf="RJ"),
            service_uf=service_uf,
            city=city,
            analyst="Fulano de Antigamente",
        )
        case, _ = services.case_import(user=supervisor, data=data, warnings=[], source="velho.txt")
        assert case.analyst is None
        return case

    return make


@pytest.fixture
def carla(db):
    return user_create(
        username="carla", role=roles.ANALYST, password="senha-da-carla-123", first_name="Carla"
    )


def test_the_pages_cross_from_one_analyst_to_the_next_and_end_with_cases_without_one(
    client, make_case, supervisor, analyst, other_analyst, without_analyst
):
    """25 a page: Ana's 20 cases, then Bruno's 6 cut by the page, then the 2 without analyst;
    Z-A, Bruno's first, Ana's cut, the 2 without analyst last again."""
    anas = [make_case(user=analyst) for _ in range(20)]
    brunos = [make_case(user=other_analyst) for _ in range(6)]
    nobodys = [without_analyst(), without_analyst()]
    newest = [*reversed(anas), *reversed(brunos), *reversed(nobodys)]
    client.force_login(supervisor)
    first = client.get(QUEUE, {"ordem": "colaborador"})
    assert _pks(first) == [case.pk for case in newest[:25]]
    assert first.context["page"].paginator.count == 28
    second = client.get(QUEUE, {"ordem": "colaborador", "pagina": "2"})
    assert _pks(second) == [case.pk for case in newest[25:]]
    # a page past the last one shows the last one, as every sort does
    assert _pks(client.get(QUEUE, {"ordem": "colaborador", "pagina": "9"})) == _pks(second)
    z_a = [*reversed(brunos), *reversed(anas), *reversed(nobodys)]
    assert _pks(client.get(QUEUE, {"ordem": "-colaborador"})) == [c.pk for c in z_a[:25]]
    second = client.get(QUEUE, {"ordem": "-colaborador", "pagina": "2"})
    assert _pks(second) == [case.pk for case in z_a[25:]]


def test_analysts_with_the_same_first_name_keep_their_cases_together(
    client, make_case, supervisor, analyst, other_analyst
):
    other_analyst.first_name = "Ana"
    other_analyst.save()
    first, second = make_case(user=analyst), make_case(user=other_analyst)
    third, fourth = make_case(user=analyst), make_case(user=other_analyst)
    client.force_login(supervisor)
    page = client.get(QUEUE, {"ordem": "colaborador"})
    assert _pks(page) == [third.pk, first.pk, fourth.pk, second.pk]


def test_the_sort_follows_the_filters(client, make_case, supervisor, analyst, other_analyst):
    sp = make_case(user=other_analyst, service_uf="SP", city="Santos")
    make_case(user=analyst)  # RJ
    older_sp = make_case(user=analyst, service_uf="SP", city="Santos")
    client.force_login(supervisor)
    page = client.get(QUEUE, {"ordem": "colaborador", "uf": "SP"})
    assert _pks(page) == [older_sp.pk, sp.pk]
    assert page.context["page"].paginator.count == 2


def test_sorted_by_operadora(client, make_case, supervisor):
    Operator.objects.create(code="amil", label="AMIL DENTAL")
    odontolife, amil = make_case(), make_case(operator="AMIL DENTAL")
    client.force_login(supervisor)
    assert _pks(client.get(QUEUE, {"ordem": "operadora"})) == [amil.pk, odontolife.pk]
    assert _pks(client.get(QUEUE, {"ordem": "-operadora"})) == [odontolife.pk, amil.pk]


def test_previous_and_next_cross_the_edges_of_an_analyst(
    client, make_case, supervisor, analyst, other_analyst, carla, without_analyst
):
    """In SP by Colaborador: Ana's two, Carla's, then the one without analyst. Bruno has only
    a case in RJ, so the walk passes him by."""
    ana_old = make_case(user=analyst, service_uf="SP", city="Santos")
    ana_new = make_case(user=analyst, service_uf="SP", city="Santos")
    make_case(user=other_analyst)  # Bruno, RJ
    carlas = make_case(user=carla, service_uf="SP", city="Santos")
    nobodys = without_analyst(service_uf="SP", city="Santos")
    client.force_login(supervisor)
    client.get(QUEUE, {"ordem": "colaborador", "uf": "SP"})
    assert _links(client, ana_new) == {"next": ana_old.pk}
    assert _links(client, ana_old) == {"prev": ana_new.pk, "next": carlas.pk}
    assert _links(client, carlas) == {"prev": ana_old.pk, "next": nobodys.pk}
    assert _links(client, nobodys) == {"prev": carlas.pk}
    client.get(QUEUE, {"ordem": "-colaborador", "uf": "SP"})  # Carla, Ana's two, nobody's
    assert _links(client, carlas) == {"next": ana_new.pk}
    assert _links(client, ana_new) == {"prev": carlas.pk, "next": ana_old.pk}
    assert _links(client, nobodys) == {"prev": ana_old.pk}
