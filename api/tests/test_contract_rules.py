"""What an integrator builds on: links, order, updated_since, retries, errors, permissions."""

import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from api.models import ApiToken
from cases.models import Case, Operator


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=user, name='t')[1]}")
    return client


@pytest.fixture
def api(analyst):
    return _client(analyst)


def _new_form(seed_001) -> dict:
    form = seed_001.to_dict()
    form.update(status=None, finished_on=None, termination_reasons=[], responsible_sectors=[])
    form["analyst"] = None
    return form


def test_a_page_far_past_the_end_is_a_404_in_the_error_shape(api, make_case):
    make_case()
    response = api.get("/api/casos/?pagina=9223372036854775807")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "não existe" in response.json()["erros"]["__all__"][0]
    assert api.get("/api/casos/?pagina=0").json()["erros"]["pagina"]


def test_an_unknown_path_and_a_missing_case_answer_json_404s(api):
    assert api.post("/api/nada/", {}, format="json").json()["erros"]["__all__"]
    missing = api.get("/api/casos/999/")
    assert missing.status_code == 404
    assert missing.json() == {
        "erros": {"__all__": ["Caso não encontrado (ou fora do alcance do seu perfil)."]}
    }


def test_pages_link_to_each_other_in_a_stable_order(api, make_case):
    for _ in range(51):
        make_case()
    first = api.get("/api/casos/?uf=RJ").json()
    assert (first["count"], first["pages"], first["previous"]) == (51, 2, None)
    assert first["next"] == "http://testserver/api/casos/?uf=RJ&pagina=2"
    second = api.get(first["next"]).json()
    assert second["previous"].endswith("pagina=1") and second["next"] is None
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == sorted(ids, reverse=True) and len(set(ids)) == 51


def test_updated_since_lists_only_what_changed_oldest_id_first(api, make_case):
    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC)):
        old, changed = make_case(), make_case()
    later = make_case()
    form = api.get(f"/api/casos/{changed.pk}/").json()["form"]
    form["city"] = "Niterói"
    assert (
        api.put(
            f"/api/casos/{changed.pk}/", {"version": changed.version, "form": form}, "json"
        ).status_code
        == 200
    )
    listed = api.get("/api/casos/?updated_since=2024-03-02T00:00:00-03:00").json()
    assert [row["id"] for row in listed["results"]] == [changed.pk, later.pk]
    assert old.pk not in [row["id"] for row in listed["results"]]
    assert api.get("/api/casos/?updated_since=ontem").status_code == 400


def test_the_same_idempotency_key_opens_one_case_and_returns_the_first_answer(api, seed_001):
    body = {"form": _new_form(seed_001)}
    first = api.post("/api/casos/", body, format="json", HTTP_IDEMPOTENCY_KEY="abre-1")
    again = api.post("/api/casos/", body, format="json", HTTP_IDEMPOTENCY_KEY="abre-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Case.objects.count() == 1
    other = api.post(
        "/api/casos/",
        {"form": {**body["form"], "city": "Niterói"}},
        format="json",
        HTTP_IDEMPOTENCY_KEY="abre-1",
    )
    assert other.status_code == 400 and "Idempotency-Key" in other.json()["erros"]


def test_a_retried_contact_is_added_once(api, make_case):
    case = make_case()
    body = {"version": case.version, "date": "2024-03-01", "notes": "Ligação"}
    for _ in range(2):
        response = api.post(
            f"/api/casos/{case.pk}/contatos/", body, format="json", HTTP_IDEMPOTENCY_KEY="contato-7"
        )
        assert response.status_code == 201
    assert case.contacts.count() == 2  # the one of make_case and this one


def test_another_user_may_use_the_same_key(api, other_analyst, seed_001):
    body = {"form": _new_form(seed_001)}
    api.post("/api/casos/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    _client(other_analyst).post("/api/casos/", body, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert Case.objects.count() == 2


def test_an_analyst_cannot_reassign_through_the_form(api, make_case, other_analyst):
    case = make_case()
    form = api.get(f"/api/casos/{case.pk}/").json()["form"]
    form["analyst"] = "analista2"
    response = api.put(f"/api/casos/{case.pk}/", {"version": case.version, "form": form}, "json")
    assert response.status_code == 403
    assert "Supervisor" in response.json()["erros"]["analyst"][0]
    case.refresh_from_db()
    assert case.analyst.username == "analista"


def test_a_supervisor_assigns_to_analysts_and_supervisors_only(make_case, supervisor, manager):
    case = make_case()
    api = _client(supervisor)
    to_manager = api.post(
        f"/api/casos/{case.pk}/atribuir/", {"version": case.version, "analyst": "gestor"}, "json"
    )
    assert (
        to_manager.status_code == 400
        and "Analista ou Supervisor" in to_manager.json()["erros"]["analyst"][0]
    )
    done = api.post(
        f"/api/casos/{case.pk}/atribuir/",
        {"version": case.version, "analyst": "supervisor"},
        "json",
    )
    assert done.status_code == 200 and done.json()["form"]["analyst"] == "supervisor"
    stale = api.post(
        f"/api/casos/{case.pk}/atribuir/", {"version": case.version, "analyst": "analista"}, "json"
    )
    assert stale.status_code == 409 and stale.json()["current_version"] == case.version + 1


def test_an_unknown_operator_is_refused_and_creates_no_option(api, make_case):
    case = make_case()
    before = Operator.objects.count()
    form = api.get(f"/api/casos/{case.pk}/").json()["form"]
    form["operator"] = "OPERADORA FANTASMA"
    response = api.put(f"/api/casos/{case.pk}/", {"version": case.version, "form": form}, "json")
    assert response.status_code == 400
    assert "Operadora" in response.json()["erros"]["operator"][0]
    assert Operator.objects.count() == before


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("", {"form": {}}),
        ("contatos/", {"notes": "x"}),
        ("encerrar/", {}),
        ("reabrir/", {"reason": "x"}),
    ],
)
def test_every_write_requires_the_version(make_case, supervisor, path, body):
    case = make_case()
    method = "put" if path == "" else "post"
    response = getattr(_client(supervisor), method)(
        f"/api/casos/{case.pk}/{path}", body, format="json"
    )
    assert response.status_code == 400
    assert response.json()["erros"]["version"] == ["campo obrigatório."]


def test_api_answers_with_personal_data_are_not_cached(api, make_case):
    case = make_case()
    for path in (f"/api/casos/{case.pk}/", "/api/casos/", f"/api/casos/{case.pk}/historico/"):
        assert "no-store" in api.get(path)["Cache-Control"]
    assert "no-store" in api.get("/api/casos/999/")["Cache-Control"]


def test_a_revoked_token_is_refused_and_use_is_recorded(analyst, make_case):
    token, key = ApiToken.issue(user=analyst, name="BI")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/casos/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token.delete()
    refused = client.get("/api/casos/")
    assert refused.status_code == 401 and "revogado" in refused.json()["erros"]["__all__"][0]


def test_the_documentation_page_loads_only_local_files(client, analyst):
    client.force_login(analyst)
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page.text
    assert "<style>" not in page.text and "<script>" not in page.text
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "/api/schema/" in script.text
    assert client.get("/api/schema/?format=yaml").text.startswith("openapi: 3.1")
