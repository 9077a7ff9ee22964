"""Issue 18 end to end: close as Desligamento, set D, pick a substitute, publish, see it public."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cases.models import Provider
from substitutions.models import Plan, Substitution
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def br(date: datetime.date) -> str:
    return f"{date:%d/%m/%Y}"


def test_a_termination_is_substituted_and_announced_publicly(
    page, live_server, analyst, make_case, shot
):
    case = make_case(user=analyst)
    Provider.objects.create(cro="54321", uf="RJ", name="MARIA SOUZA", person_type="F")
    Plan.objects.create(commercial_name="ODONTO MAIS", ans_registration="412345")
    today = timezone.localdate()
    last_day = today + datetime.timedelta(days=40)

    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/{case.pk}/")
    page.get_by_label("Data final", exact=True).fill("")
    page.get_by_label("Data final", exact=True).press_sequentially("20032024")
    page.get_by_label("Desligamento", exact=True).check()
    page.get_by_label("Valores", exact=True).check()
    page.get_by_role("button", name="Encerrar caso").click()
    expect(page.get_by_text("Caso encerrado.")).to_be_visible()

    page.get_by_role("link", name="Abrir o painel de substituição").click()
    page.get_by_label("Último dia de atendimento (D)", exact=True).fill(br(last_day))
    page.get_by_label("ODONTO MAIS (ANS 412345)", exact=True).check()
    page.get_by_label("Substituto já cadastrado na rede (CRO/UF, ex.: 12345/RJ)").fill("54321/RJ")
    page.get_by_label("Início do substituto", exact=True).fill(
        br(last_day + datetime.timedelta(days=1))
    )
    page.get_by_label("Equivalência alcançada", exact=True).select_option("same_municipality")
    page.get_by_label("Comprovação do aumento de capacidade", exact=True).fill(
        "Aditivo contratual nº 12/2026: mais 20 horas semanais."
    )
    page.get_by_label("Aviso publicado em (site e Central)", exact=True).fill(br(today))
    page.get_by_label("Aviso publicado até", exact=True).fill(
        br(today + datetime.timedelta(days=180))
    )
    page.get_by_role("button", name="Salvar substituição").click()
    expect(page.get_by_text("Substituição salva.")).to_be_visible()
    expect(page.locator("#aviso-ate")).to_have_text(br(last_day - datetime.timedelta(days=30)))
    shot("substituicao-painel")

    sub = Substitution.objects.get()
    assert (sub.state(), sub.substitute_name, sub.substitute_cro) == (
        "published",
        "MARIA SOUZA",
        "54321",
    )

    page.get_by_role("button", name="Sair").click()
    page.goto(f"{live_server.url}/rede/substituicoes/?uf=RJ")
    expect(page.get_by_role("heading", name="Substituições de prestadores da rede")).to_be_visible()
    notice = page.locator("article.notice")
    expect(notice).to_have_count(1)
    expect(notice).to_contain_text("PATRICIA SANTOS BARROS")
    expect(notice).to_contain_text("MARIA SOUZA")
    expect(notice).to_contain_text(f"Último dia de atendimento: {br(last_day)}")
    expect(notice).to_contain_text("ODONTO MAIS (registro ANS nº 412345)")
    expect(notice).not_to_contain_text("073.094.747-59")
    shot("substituicao-aviso-publico")
