"""Quick typing in a browser: a contact from a template, the shortcuts and their help."""

import pytest
from playwright.sync_api import expect

from quick.models import ContactTemplate
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_contact_note_from_a_template_is_registered(page, live_server, analyst, make_case):
    ContactTemplate.objects.create(name="Sem resposta", text="Enviado WhatsApp; sem resposta.")
    case = make_case()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/{case.pk}/")
    notes = page.locator("#id_notes")
    notes.fill("Ligou às 10h.")
    page.get_by_label("Modelo de observação").select_option(label="Sem resposta")
    expect(notes).to_have_value("Ligou às 10h.\nEnviado WhatsApp; sem resposta.")
    page.get_by_role("button", name="Registrar contato").click()
    contacts = page.locator("#contatos")
    expect(contacts.get_by_text("2º contato")).to_be_visible()
    expect(contacts.get_by_text("Enviado WhatsApp; sem resposta.")).to_be_visible()
    assert case.contacts.last().notes == "Ligou às 10h.\nEnviado WhatsApp; sem resposta."
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_the_shortcuts_search_walk_the_queue_save_and_are_listed(
    page, live_server, analyst, make_case
):
    first, second = make_case(), make_case(city="Niterói")
    log_in(page, live_server.url, "analista")
    page.keyboard.press("?")
    help_dialog = page.get_by_role("dialog", name="Atalhos do teclado")
    expect(help_dialog).to_be_visible()
    expect(help_dialog.get_by_text("salva o caso")).to_be_visible()
    page.keyboard.press("Escape")
    expect(help_dialog).to_be_hidden()

    page.keyboard.press("/")
    expect(page.locator("#id_q")).to_be_focused()
    page.locator("#id_q").press("Escape")
    page.locator("h1").click()  # out of the field: single keys are shortcuts again
    page.keyboard.press("j")
    page.keyboard.press("j")  # the results list, newest first: second, then first
    expect(page.locator("#resultados tr.table-active a").first).to_have_text(str(first.pk))
    page.keyboard.press("k")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/casos/{second.pk}/")

    page.keyboard.press("j")  # the next case of the queue
    expect(page).to_have_url(f"{live_server.url}/casos/{first.pk}/")
    page.get_by_label("Cidade", exact=True).fill("Teresópolis")
    page.keyboard.press("Control+s")
    expect(page.get_by_text("Alterações salvas.")).to_be_visible()
    first.refresh_from_db()
    assert first.city == "Teresópolis"
