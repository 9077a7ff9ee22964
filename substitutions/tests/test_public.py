"""The public notice: no log-in, only while it should be shown, never a CPF or a note."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Provider
from substitutions import services
from substitutions.models import Plan, ProviderProfile

TODAY = timezone.localdate


def days(n):
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def published(terminated, analyst):
    """Published today for 180 days; D in 40 days; a substitute in the same city."""
    plan = Plan.objects.create(commercial_name="ODONTO MAIS", ans_registration="412345")
    ProviderProfile.objects.create(
        provider=Provider.objects.get(), street="Rua do Imperador, 100", cep="25620000"
    )
    values = {
        "plans": [plan],
        "last_service_on": days(40),
        "substitute_name": "MARIA SOUZA",
        "substitute_kind": "individual",
        "substitute_cro": "54321",
        "substitute_cro_uf": "RJ",
        "substitute_starts_on": days(41),
        "substitute_phone": "(24) 2222-3333",
        "equivalence": "same_municipality",
        "continuing_patients": 3,
        "continuing_patients_notes": "Paciente JOAO em ortodontia, CPF 111.444.777-35",
        "published_on": TODAY(),
        "publish_until": days(180),
    }
    return services.substitution_update(
        user=analyst, substitution=terminated.substitution, values=values
    )


def test_anyone_sees_a_current_notice_with_what_the_rule_asks(client, published):
    page = client.get("/rede/substituicoes/")
    assert page.status_code == 200
    text = page.text
    for expected in (
        "ODONTO MAIS (registro ANS nº 412345)",
        "PATRICIA SANTOS BARROS",
        "CRO 26666/RJ",
        "Rua do Imperador, 100",
        "CEP 25620-000",
        "MARIA SOUZA",
        "CRO 54321/RJ",
        "(24) 2222-3333",
        f"{days(40):%d/%m/%Y}",
        f"{days(41):%d/%m/%Y}",
    ):
        assert expected in text
    assert "public" in page["Cache-Control"]
    assert "sessionid" not in page.cookies and "Cookie" not in page.get("Vary", "")


def test_the_notice_never_shows_a_cpf_nor_notes(client, published):
    text = client.get("/rede/substituicoes/").text
    for secret in ("07309474759", "073.094.747-59", "111.444.777-35", "JOAO", "ortodontia"):
        assert secret not in text


def test_a_notice_past_its_period_or_not_yet_published_is_not_shown(client, published, analyst):
    services.substitution_update(
        user=analyst,
        substitution=published,
        values={"published_on": days(-200), "publish_until": days(-20)},
    )
    assert "MARIA SOUZA" not in client.get("/rede/substituicoes/").text
    services.substitution_update(
        user=analyst,
        substitution=published,
        values={"published_on": days(1), "publish_until": days(181)},
    )
    assert "MARIA SOUZA" not in client.get("/rede/substituicoes/?uf=RJ").text


def test_the_last_day_of_the_period_still_shows_it(client, published, analyst):
    services.substitution_update(
        user=analyst,
        substitution=published,
        values={"published_on": days(-180), "publish_until": TODAY()},
    )
    assert "MARIA SOUZA" in client.get("/rede/substituicoes/").text


def test_the_notice_filters_by_uf_and_municipality(client, published):
    assert "MARIA SOUZA" in client.get("/rede/substituicoes/?uf=RJ&municipio=PETROPOLIS").text
    assert "MARIA SOUZA" not in client.get("/rede/substituicoes/?uf=SP").text
    assert "MARIA SOUZA" not in client.get("/rede/substituicoes/?municipio=Niterói").text


def test_the_notice_prints_as_a_pdf_without_a_cpf(client, published):
    import io

    import pdfplumber

    response = client.get("/rede/substituicoes/pdf/?uf=RJ")
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "MARIA SOUZA" in text and "CRO 54321/RJ" in text
    assert "073.094.747-59" not in text and "07309474759" not in text
