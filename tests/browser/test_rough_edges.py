"""Issue 20's rough edges that only a browser shows: Enter, the money mask, focus on the
first error, actions that stay on screen, the unsaved-changes warning, no CSP error."""

import pytest
from playwright.sync_api import expect

from cases.models import Case
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_enter_in_a_field_does_not_open_a_case(page, live_server, analyst):
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/novo/")
    page.get_by_label("Nome dentista", exact=True).fill("ENTER TEST")
    page.get_by_label("Nome dentista", exact=True).press("Enter")
    page.wait_for_timeout(300)
    expect(page.get_by_role("button", name="Abrir caso")).to_be_visible()
    assert not Case.objects.exists()


def test_the_money_mask_types_reais_and_the_comma_starts_the_cents(page, live_server, analyst):
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/novo/")
    money = page.get_by_label("Moeda", exact=True)
    money.press_sequentially("1500")
    expect(money).to_have_value("R$ 1.500")
    money.fill("")
    money.press_sequentially("0,30")
    expect(money).to_have_value("R$ 0,30")


def test_focus_lands_on_the_first_error(page, live_server, analyst):
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/novo/")
    page.get_by_label("Nome dentista", exact=True).fill("FULANO")
    page.get_by_label("CPF", exact=True).press_sequentially("07309474750")
    start = page.get_by_label("Data início", exact=True)
    start.fill("")
    start.press_sequentially("31022024")
    page.get_by_role("button", name="Abrir caso").click()
    cpf = page.get_by_label("CPF", exact=True)
    expect(cpf).to_be_focused()  # the CPF comes before Data início on the paper form
    expect(cpf).to_have_class("form-control is-invalid")
    expect(start).to_have_class("form-control is-invalid")


def test_save_stays_on_screen_and_leaving_unsaved_changes_asks(
    page, live_server, analyst, make_case, shot
):
    case = make_case()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/{case.pk}/")
    save = page.get_by_role("button", name="Salvar", exact=True)
    expect(save).to_be_in_viewport()  # at the top of a form of some 2,500 px
    page.get_by_label("Cidade", exact=True).fill("Niterói")
    page.mouse.wheel(0, 1200)
    expect(save).to_be_in_viewport()
    shot("caso-acoes-fixas")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay

    page.on("dialog", answer)
    page.get_by_role("link", name="Fila de casos").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert f"/casos/{case.pk}/" in page.url
    page.remove_listener("dialog", answer)
    save.click()  # saving is no leaving
    expect(page.get_by_text("Alterações salvas.")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e], errors
