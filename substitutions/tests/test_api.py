"""GET/PUT /api/casos/{id}/substituicao/ and GET /api/substituicoes/ (the issue's contract)."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from substitutions.models import Municipality, Substitution


def client_of(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=user, name='teste')[1]}")
    return client


def put(client, case, body: dict):
    """PUT with the version just read, as a client that GETs before it writes."""
    url = f"/api/casos/{case.pk}/substituicao/"
    read = client.get(url)
    version = read.json()["version"] if read.status_code == 200 else 0
    return client.put(url, {"version": version, **body}, format="json")


@pytest.fixture
def api(analyst):
    return client_of(analyst)


def test_get_gives_the_computed_due_date_and_state(api, terminated):
    put(api, terminated, {"last_service_on": "2024-03-01"})
    body = api.get(f"/api/casos/{terminated.pk}/substituicao/").json()
    assert body["last_service_on"] == "2024-03-01"
    assert body["notice_due_on"] == "2024-01-31"
    assert body["state"] == "late"  # due in January 2024, and today is later
    assert body["substitute"] is None and body["exception"] is None


def test_put_sets_a_substitute_and_publishes(api, terminated):
    Municipality.objects.create(ibge_code="3303906", name="Petrópolis", uf="RJ")
    today = timezone.localdate()
    body = {
        "last_service_on": (today + datetime.timedelta(days=40)).isoformat(),
        "substitute": {
            "name": "CLINICA SORRISO",
            "kind": "clinic",
            "cnpj": "11.222.333/0001-81",
            "cro": "",
            "cro_uf": "",
            "starts_on": (today + datetime.timedelta(days=41)).isoformat(),
            "city": "PETROPOLIS",
            "uf": "RJ",
        },
        "equivalence": "same_municipality",
        "published_on": today.isoformat(),
        "publish_until": (today + datetime.timedelta(days=180)).isoformat(),
    }
    response = put(api, terminated, body)
    assert response.status_code == 200, response.json()
    got = response.json()
    assert got["state"] == "published"
    assert got["substitute"]["cnpj"] == "11222333000181"
    assert (got["substitute"]["city"], got["substitute"]["uf"]) == ("Petrópolis", "RJ")


def test_put_of_an_exception_without_evidence_answers_400_in_portuguese(api, terminated):
    response = put(api, terminated, {"exception": {"kind": "no_production", "evidence": ""}})
    assert response.status_code == 400
    assert "Comprovação da exceção" in response.json()["erros"]["exception_evidence"][0]
    assert Substitution.objects.get().exception == ""


def test_a_bad_date_answers_400_naming_the_field(api, terminated):
    response = put(api, terminated, {"published_on": "31/02/2024"})
    assert response.status_code == 400
    assert "published_on" in response.json()["erros"]


def test_the_list_gives_only_the_late_ones_when_asked(
    api, terminated, make_case, close_case, analyst
):
    other = close_case(make_case(), analyst)
    far = (timezone.localdate() + datetime.timedelta(days=90)).isoformat()
    put(api, terminated, {"last_service_on": "2024-03-01"})
    put(api, other, {"last_service_on": far})
    late = api.get("/api/substituicoes/?atrasadas=true").json()
    assert [r["case"] for r in late["results"]] == [terminated.pk]
    assert api.get("/api/substituicoes/").json()["count"] == 2


def test_the_manager_reads_but_cannot_put(terminated, manager):
    client = client_of(manager)
    assert client.get(f"/api/casos/{terminated.pk}/substituicao/").status_code == 200
    response = put(client, terminated, {"last_service_on": "2024-03-01"})
    assert response.status_code == 403


def test_another_analyst_gets_404(terminated, other_analyst):
    client = client_of(other_analyst)
    assert client.get(f"/api/casos/{terminated.pk}/substituicao/").status_code == 404
    assert client.get("/api/substituicoes/").json()["count"] == 0


def test_a_put_without_version_is_refused_naming_the_field(api, terminated):
    response = api.put(
        f"/api/casos/{terminated.pk}/substituicao/",
        {"last_service_on": "2024-03-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["erros"]["version"] == ["campo obrigatório."]
    assert Substitution.objects.get().last_service_on is None


def test_a_put_with_a_stale_version_answers_409_and_saves_nothing(api, terminated):
    url = f"/api/casos/{terminated.pk}/substituicao/"
    read = api.get(url).json()
    assert read["version"] == 1  # opened: one history entry
    first = api.put(url, {"version": 1, "last_service_on": "2030-03-01"}, format="json")
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = api.put(url, {"version": 1, "last_service_on": "2030-04-01"}, format="json")
    assert stale.status_code == 409
    body = stale.json()
    assert body["current_version"] == 2
    assert body["changed_fields"] == ["último dia de atendimento (D)"]
    assert "alterada por outra pessoa" in body["erros"]["version"][0]
    assert Substitution.objects.get().last_service_on == datetime.date(2030, 3, 1)


def test_a_cancelled_substitution_is_out_of_the_api_list_and_refuses_a_put(
    api, terminated, supervisor
):
    from cases import services as case_services

    case_services.case_reopen(user=supervisor, case=terminated, reason="Prestador ficou")
    assert api.get("/api/substituicoes/").json()["count"] == 0
    read = api.get(f"/api/casos/{terminated.pk}/substituicao/").json()
    assert read["state"] == "cancelled"
    response = put(api, terminated, {"last_service_on": "2030-03-01"})
    assert response.status_code == 400
    assert "caso foi reaberto" in response.json()["erros"]["__all__"][0]
