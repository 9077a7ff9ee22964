"""Issue 17 (2): the new case's provider look-up is no oracle. Of a case the user may not
see it says only that it exists, its number and whose it is (docs/permissions.md)."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(make_case, analyst):
    """Ana's open case and her closed one of the same dentist (CPF 073.094.747-59)."""
    closed = make_case(
        protocol_number="SAD9", finished_on=datetime.date(2024, 2, 20), status="retencao_efetiva"
    )
    return make_case(started_on=datetime.date(2024, 3, 4)), closed


def lookup(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("cases:provider_lookup"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_another_analyst_learns_that_a_case_exists_and_whose_not_the_persons_data(
    client, other_analyst, theirs
):
    page = lookup(client, other_analyst, provider__cpf="073.094.747-59")
    assert "Já existe caso aberto para este prestador" in page
    assert f"Caso {theirs[0].pk} · com Ana Analista" in page
    assert f"Caso {theirs[1].pk} · com Ana Analista (sem acesso)" in page
    for secret in ("PATRICIA", "26666", "04/03/2024", "30/01/2024", "Retenção Efetiva"):
        assert secret not in page


def test_the_analyst_of_the_case_and_a_supervisor_see_the_whole_line(
    client, analyst, supervisor, theirs
):
    for user in (analyst, supervisor):
        page = lookup(client, user, provider__cro="26666", provider__cro_uf="RJ")
        assert f"Caso {theirs[0].pk} · PATRICIA SANTOS BARROS · CRO 26666/RJ · Ana Analista" in page
        assert "aberto em 04/03/2024" in page
        assert "sem acesso" not in page


def test_a_new_case_is_pre_filled_only_from_a_case_the_user_may_see(
    client, analyst, other_analyst, theirs
):
    url = reverse("cases:new") + f"?prestador={theirs[0].provider_id}"
    client.force_login(other_analyst)
    page = client.get(url).content.decode()
    assert "PATRICIA" not in page and "26666" not in page
    client.force_login(analyst)
    assert 'value="PATRICIA SANTOS BARROS"' in client.get(url).content.decode()
