"""What only a browser shows on the review of a scanned form: the page image beside the
fields, the cursor on the first uncertain field, a correction typed and Enter to confirm."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import Case
from formio.tests.forms import scanned
from formio.tests.test_readers_scan import CITY_VALUE, FORM
from imports import services
from imports.models import ImportedFile, Outcome
from imports.sources import Source
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def stained_scan() -> bytes:
    from formio.writers.pdf import render_pdf

    (printed,) = scanned.printed_pages(render_pdf(FORM, printed_on=datetime.date(2024, 3, 21)))
    return scanned.image_pdf([scanned.scanned(scanned.smudged(printed, box=CITY_VALUE))])


def test_a_scanned_form_is_checked_beside_its_image_and_confirmed_with_enter(
    page: Page, live_server, supervisor, shot
):
    batch = services.batch_create(user=supervisor, sources=[Source("manchado.pdf", stained_scan())])
    services.batch_run(batch)
    row = ImportedFile.objects.get(batch=batch)
    assert row.outcome == Outcome.REVIEW

    log_in(page, live_server.url, "supervisor")
    page.goto(f"{live_server.url}/importar/lote/{batch.pk}/")
    page.get_by_role("link", name="Revisar").click()
    expect(page.get_by_role("heading", name="Revisar formulário digitalizado")).to_be_visible()
    image = page.get_by_alt_text("Página 1 do formulário digitalizado")
    expect(image).to_be_visible()
    page.wait_for_function(  # the page picture really arrived (rendered from the original)
        "() => { const i = document.querySelector('img.scan-page');"
        " return i.complete && i.naturalWidth > 500; }"
    )
    expect(page.locator("#conferir-city")).to_be_visible()  # the smudged city is marked

    focused = page.evaluate("document.activeElement.getAttribute('aria-describedby') || ''")
    assert focused.startswith("conferir-")  # the cursor starts on an uncertain field
    city = page.get_by_label("Cidade", exact=True)
    city.fill("CAMPINAS")
    shot("scan-review")
    city.press("Enter")

    expect(page.get_by_text("Formulário revisado e salvo")).to_be_visible()
    case = Case.objects.get()
    assert case.city == "CAMPINAS" and case.provider_name == "MARIANA COSTA LIMA"
    page.get_by_role("tab", name="Histórico").click()
    expect(page.get_by_role("cell", name="digitalizado, revisado por").first).to_be_visible()
