"""What only a browser shows: typing a paper form, live formatting, htmx contacts, closing."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases.models import Case
from conftest import SEEDS, expected_seed
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SEED = expected_seed(SEEDS / "001_2ef8644a227c06e3.txt")


def br(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def type_seed_001(page: Page):
    """The form's fields typed as an analyst would: digits only, the masks do the rest."""
    page.get_by_label("Data", exact=True).fill("")
    page.get_by_label("Data", exact=True).press_sequentially("20032024")
    page.get_by_label("Qtd CRO(s)", exact=True).fill("1")
    page.get_by_label("Operadora", exact=True).select_option("ODONTOLIFE")
    page.get_by_label("Nome dentista", exact=True).fill(SEED["provider"]["name"])
    page.get_by_label("CRO", exact=True).fill("26666")
    page.get_by_label("UF do CRO", exact=True).select_option("RJ")
    page.get_by_label("CPF", exact=True).press_sequentially("07309474759")
    page.get_by_label("Data inclusão", exact=True).press_sequentially("20122023")
    page.get_by_label("Pessoa física", exact=True).check()
    page.get_by_label("Demandado por?", exact=True).select_option("Operadora")
    page.get_by_label("Nº do protocolo", exact=True).fill(SEED["protocol_number"])
    page.get_by_label("Dt. abertura protocolo", exact=True).press_sequentially("30012024")
    page.get_by_label("UF", exact=True).select_option("RJ")
    page.get_by_label("Cidade", exact=True).fill("PETROPOLIS")
    page.get_by_label("nº de vidas", exact=True).fill("352")
    page.get_by_label("nº CRO(S) únicos divulgados", exact=True).fill("1")
    page.locator("#id_serves_other_plans_1").check()
    page.get_by_label("Moeda", exact=True).press_sequentially("0,30")
    page.get_by_label("Última produç.", exact=True).fill("sem guias")
    page.get_by_label("Data início", exact=True).fill("")
    page.get_by_label("Data início", exact=True).press_sequentially("30012024")
    page.get_by_label("Obs. Geral", exact=True).fill(SEED["general_notes"])


def test_an_analyst_types_seed_001_adds_its_contacts_and_closes_it(
    page, live_server, analyst, shot
):
    log_in(page, live_server.url, "analista")
    page.get_by_role("link", name="Novo caso").click()
    type_seed_001(page)
    expect(page.get_by_label("CPF", exact=True)).to_have_value("073.094.747-59")
    expect(page.get_by_label("Moeda", exact=True)).to_have_value("R$ 0,30")
    shot("novo-caso")
    page.get_by_role("button", name="Abrir caso").click()
    expect(page.get_by_text("aberto.")).to_be_visible()

    for contact in SEED["contacts"]:
        page.get_by_label("Data", exact=True).nth(1).fill(br(contact["date"]))
        page.get_by_label("Canal", exact=True).select_option("whatsapp")
        page.get_by_label("Obs.", exact=True).fill(contact["notes"])
        page.get_by_role("button", name="Registrar contato").click()
        expect(page.locator("#contatos").get_by_text(contact["notes"][:40])).to_be_visible()
    expect(page.get_by_role("heading", name="Contatos (4)")).to_be_visible()

    page.get_by_label("Data final", exact=True).press_sequentially("20032024")
    expect(page.locator("#days-to-finish")).to_have_text("50 dia(s)")
    page.get_by_label("Desligamento", exact=True).check()
    page.get_by_label("Prazo Liberação de Guias", exact=True).check()
    shot("caso-antes-de-encerrar")
    page.get_by_role("button", name="Encerrar caso").click()
    expect(page.get_by_text("Caso encerrado.")).to_be_visible()
    expect(page.locator("#days-to-finish")).to_have_text("50 dia(s)")
    shot("caso-encerrado")

    case = Case.objects.get()
    assert (case.status, case.days_to_finish, case.contacts.count()) == ("desligamento", 50, 4)

    page.goto(f"{live_server.url}/?q=petropolis")
    expect(page.get_by_role("heading", name="1 caso(s)")).to_be_visible()
    shot("fila-busca")


def test_an_invalid_cpf_shows_its_error_next_to_the_field(page, live_server, analyst):
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/novo/")
    page.get_by_label("Nome dentista", exact=True).fill("FULANO")
    page.get_by_label("CPF", exact=True).press_sequentially("07309474750")
    page.get_by_role("button", name="Abrir caso").click()
    error = page.locator("#id_provider__cpf ~ .errorlist, #id_provider__cpf_error")
    expect(error.first).to_contain_text("CPF")
    assert Case.objects.count() == 0


def test_outros_without_justification_cannot_close(page, live_server, analyst, make_case):
    case = make_case(user=analyst)
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/{case.pk}/")
    page.get_by_label("Retenção Efetiva", exact=True).check()
    page.get_by_label("Outros", exact=True).first.check()
    page.get_by_label("Data final", exact=True).fill("")
    page.get_by_label("Data final", exact=True).press_sequentially("20032024")
    page.get_by_role("button", name="Encerrar caso").click()
    expect(page.get_by_text("Nada foi salvo")).to_be_visible()
    case.refresh_from_db()
    assert case.is_open


def test_another_analyst_cannot_open_the_case_by_its_url(
    page, live_server, make_case, other_analyst
):
    case = make_case()
    log_in(page, live_server.url, "analista2")
    response = page.goto(f"{live_server.url}/casos/{case.pk}/")
    assert response.status == 404


def test_typing_a_known_provider_warns_before_saving(page, live_server, analyst, make_case):
    case = make_case()
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/novo/")
    page.get_by_label("CRO", exact=True).fill("26666")
    page.get_by_label("UF do CRO", exact=True).select_option("RJ")
    warning = page.locator("#provider-lookup")
    expect(warning).to_contain_text("Já existe caso aberto para este prestador")
    expect(warning).to_contain_text(f"Caso {case.pk}")


def test_the_queue_and_the_history_at_tablet_width(page, live_server, analyst, make_case, shot):
    make_case()  # started 30/01/2024: late
    on_time = make_case(started_on=timezone.localdate(), contacts=[], city="Niterói")
    page.set_viewport_size({"width": 820, "height": 1100})
    log_in(page, live_server.url, "analista")
    late_row = page.locator("#todos").locator("xpath=../..").locator("tr.late")
    expect(late_row).to_have_count(1)
    expect(late_row).to_contain_text("atrasado")
    shot("fila-tablet")
    page.goto(f"{live_server.url}/casos/{on_time.pk}/")
    page.get_by_label("Cidade", exact=True).fill("Petrópolis")
    page.get_by_role("button", name="Salvar").click()
    page.get_by_role("tab", name=re.compile("Histórico")).click()
    change = page.get_by_role("row").filter(has_text="Petrópolis").filter(has_text="Niterói")
    expect(change).to_contain_text("Cidade")
    shot("historico-tablet")
