import pytest
from rest_framework.test import APIClient

from api.models import ApiToken
from cases.models import Case
from formio.casedata import schema_errors


@pytest.fixture
def api(analyst):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(user=analyst, name='teste')[1]}")
    return client


def test_without_credentials_the_api_answers_401_in_portuguese(db):
    response = APIClient().get("/api/casos/")
    assert response.status_code in (401, 403)
    assert "credenciais" in response.json()["erros"]["__all__"][0].lower()


def test_a_case_opened_through_the_api_comes_back_in_the_interchange_format(api, seed_001):
    form = seed_001.to_dict()
    form["status"], form["finished_on"], form["termination_reasons"] = None, None, []
    form["responsible_sectors"] = []
    response = api.post("/api/casos/", {"form": form}, format="json")
    assert response.status_code == 201, response.json()
    body = api.get(f"/api/casos/{response.json()['id']}/").json()
    assert schema_errors(body["form"]) == []
    assert body["form"]["provider"]["cpf"] == "07309474759"
    assert body["open"] is True


def test_an_invalid_cpf_is_refused_with_the_field_named(api, seed_001):
    form = seed_001.to_dict()
    form["status"], form["finished_on"] = None, None
    form["provider"]["cpf"] = "07309474750"
    response = api.post("/api/casos/", {"form": form}, format="json")
    assert response.status_code == 400
    assert "CPF" in " ".join(response.json()["erros"]["provider.cpf"])
    assert not Case.objects.exists()


def test_a_stale_version_is_refused_with_what_changed(api, make_case):
    case = make_case()
    form = api.get(f"/api/casos/{case.pk}/").json()["form"]
    form["city"] = "Niterói"
    first = api.put(f"/api/casos/{case.pk}/", {"version": case.version, "form": form}, "json")
    assert first.status_code == 200
    form["city"] = "Maricá"
    second = api.put(f"/api/casos/{case.pk}/", {"version": case.version, "form": form}, "json")
    assert second.status_code == 409
    assert "Cidade" in second.json()["changed_fields"]
    case.refresh_from_db()
    assert case.city == "Niterói"


def test_contacts_are_added_and_logged_in_the_history(api, make_case):
    case = make_case()
    response = api.post(
        f"/api/casos/{case.pk}/contatos/",
        {"version": case.version, "date": "2024-03-01", "channel": "whatsapp", "notes": "Ok"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    history = api.get(f"/api/casos/{case.pk}/historico/").json()
    assert history[-1]["kind"] == "contact_added" and history[-1]["user"] == "analista"


def test_another_analysts_case_is_not_found(api, make_case, other_analyst):
    case = make_case(user=other_analyst)
    assert api.get(f"/api/casos/{case.pk}/").status_code == 404


def test_a_manager_reads_but_cannot_change_and_sees_masked_cpfs(make_case, manager):
    case = make_case()
    client = APIClient()
    client.force_authenticate(manager)
    listed = client.get("/api/casos/").json()
    assert listed["results"][0]["cpf"] == "***.094.747-**"
    assert (
        client.put(f"/api/casos/{case.pk}/", {"version": 1, "form": {}}, "json").status_code == 403
    )


def test_bad_filter_and_page_values_are_answered_not_crashed(api, make_case):
    make_case()
    assert api.get("/api/casos/?pagina=abc").status_code == 400
    assert api.get("/api/casos/?q=' OR 1=1 --").json()["count"] == 0


def test_a_search_too_long_for_the_database_is_a_400_naming_the_filter(api, make_case):
    make_case()
    response = api.get("/api/casos/", {"q": "z" * 100_000})
    assert response.status_code == 400
    assert response.json()["erros"]["q"] == ["use no máximo 200 caracteres (foram 100000)."]


def test_a_body_nested_too_deep_to_read_is_a_400_not_a_crash(api):
    deep = "[" * 100_000 + "]" * 100_000
    response = api.post("/api/casos/", deep, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["erros"]["__all__"] == [
        "JSON inválido: listas ou objetos aninhados em profundidade demais."
    ]


def test_an_operator_longer_than_any_option_is_refused_naming_the_field(api, make_case):
    case = make_case()
    read = api.get(f"/api/casos/{case.pk}/").json()
    form = {**read["form"], "operator": "A" * 100_000}
    response = api.put(f"/api/casos/{case.pk}/", {"version": read["version"], "form": form}, "json")
    assert response.status_code == 400
    assert response.json()["erros"]["operator"][0].startswith("Operadora: 'AAAA")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"version": 1,\n "form": }', "JSON inválido na linha 2, coluna 10."),
        ('{"version": NaN}', "JSON inválido: NaN e Infinity não são números em JSON."),
        (b'{"form": "\xe9"}', "JSON inválido: o corpo não está em UTF-8."),
    ],
)
def test_a_body_that_is_no_json_is_refused_in_portuguese_saying_where(api, body, message):
    response = api.post("/api/casos/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["erros"]["__all__"] == [message]


def test_the_published_limits_of_the_search_filters_are_the_ones_enforced(api, make_case):
    make_case()
    schema = api.get("/api/schema/", {"format": "json"}).json()
    listing = schema["paths"]["/api/casos/"]["get"]["parameters"]
    limits = {p["name"]: p["schema"].get("maxLength") for p in listing if p["in"] == "query"}
    assert (limits["q"], limits["city"]) == (200, 120)
    assert api.get("/api/casos/", {"q": "z" * 200, "city": "c" * 120}).status_code == 200
    assert api.get("/api/casos/", {"q": "z" * 201}).status_code == 400
    assert api.get("/api/casos/", {"city": "c" * 121}).status_code == 400
