"""Every main screen in Chromium: axe-core finds no serious or critical violation, and at
tablet width (800×1280) as on a laptop (1280×800) nothing is cut, hidden or pushed away.
Screenshots of each screen at both widths land in tests/browser/artifacts/."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.services import DEMO_PASSWORD
from cases.models import Case
from conftest import SEEDS
from tests.browser.conftest import ARTIFACTS
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1280, "height": 800}
TABLET = {"width": 800, "height": 1280}
# axe's tags for WCAG 2.1 A/AA and its best practices, minus the rules about a page's shape
# (one main landmark, one h1) that the admin's own templates decide.
# Whether every option of a <select> shows whole (no "Data início (aber"): text width
# against the box less its padding (the right padding holds the arrow).
OPTIONS_FIT = """select => {
    const style = getComputedStyle(select);
    const pen = document.createElement('canvas').getContext('2d');
    pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    const room = select.clientWidth - padding;
    return [...select.options].every(option => pen.measureText(option.text).width <= room);
}"""
RUN_AXE = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} -> ` +
              v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '')
                .split('\\n').slice(1, 2).join('')).join(' | ')))"""


def serious_violations(page: Page) -> list[str]:
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        # Through the DevTools protocol: the page's Content-Security-Policy (scripts from our
        # static files only) would refuse a <script> tag with axe's source.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(RUN_AXE)


@pytest.fixture
def demo(live_server):
    """The demo data (cases of two analysts, some late, some closed) and one import batch."""
    call_command("seed_demo", cases=40, stdout=io.StringIO())
    return live_server


def upload_seed(page: Page, url: str) -> str:
    page.goto(f"{url}/importar/")
    page.set_input_files("input[type=file]", str(SEEDS / "001_2ef8644a227c06e3.txt"))
    page.get_by_role("button", name="Enviar e pré-visualizar").click()
    expect(page.get_by_role("button", name="Confirmar importação")).to_be_visible()
    return page.url


def late_case() -> Case:
    case = (
        Case.objects.filter(closed_at__isnull=True, next_due_on__isnull=False)
        .order_by("next_due_on")
        .first()
    )
    assert case is not None
    return case


def screens(url: str, batch_url: str, case: Case) -> dict[str, str]:
    return {
        "fila": f"{url}/",
        "fila-atrasados": f"{url}/?late=true",
        "busca": f"{url}/?q=RJ",
        "hoje": f"{url}/hoje/",
        "novo-caso": f"{url}/casos/novo/",
        "caso": f"{url}/casos/{case.pk}/",
        "painel": f"{url}/relatorios/",
        "importar": f"{url}/importar/",
        "lote": batch_url,
        "substituicoes": f"{url}/substituicoes/",
        "admin": f"{url}/admin/",
        "admin-motivos": f"{url}/admin/cases/terminationreason/",
        "admin-motivo-novo": f"{url}/admin/cases/terminationreason/add/",
        "admin-operadoras": f"{url}/admin/cases/operator/",
    }


def test_no_screen_has_a_serious_or_critical_accessibility_violation(page: Page, demo, shot):
    page.set_viewport_size(LAPTOP)
    page.goto(f"{demo.url}/entrar/")
    found = {"entrar": serious_violations(page)}
    log_in(page, demo.url, "admin", DEMO_PASSWORD)
    batch_url = upload_seed(page, demo.url)
    for name, address in screens(demo.url, batch_url, late_case()).items():
        page.goto(address)
        found[name] = serious_violations(page)
        if name == "caso":
            page.get_by_role("tab", name="Histórico").click()
            expect(page.locator("#aba-historico")).to_be_visible()
            found["historico"] = serious_violations(page)
    report = "\n".join(f"{name}: {line}" for name, lines in found.items() for line in lines)
    (ARTIFACTS / "axe.txt").write_text(report or "nenhuma violação grave\n", encoding="utf-8")
    assert report == "", report


@pytest.mark.parametrize("size", [TABLET, LAPTOP], ids=["800x1280", "1280x800"])
def test_every_main_screen_fits_a_tablet_and_a_laptop(page: Page, demo, shot, size):
    page.set_viewport_size(size)
    width = size["width"]
    page.goto(f"{demo.url}/entrar/")
    shot(f"tela-entrar-{width}")
    log_in(page, demo.url, "admin", DEMO_PASSWORD)
    batch_url = upload_seed(page, demo.url)
    file_name = page.get_by_role("heading", name="001_2ef8644a227c06e3.txt")
    assert file_name.inner_text() == "001_2ef8644a227c06e3.txt"  # as the file is named
    original = page.get_by_label("Texto original de 001_2ef8644a227c06e3.txt")
    wraps = "el => el.scrollWidth <= el.clientWidth && getComputedStyle(el).maxHeight !== 'none'"
    assert original.evaluate(wraps), "the original text runs off sideways or has no height limit"
    for name, address in screens(demo.url, batch_url, late_case()).items():
        page.goto(address)
        shot(f"tela-{name}-{width}")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width, name
        if page.locator(".app-nav").count():  # the admin's pages have Django's own header
            navbar = page.locator(".app-nav").bounding_box()
            assert navbar["height"] < 70, f"{name}: the navigation wraps"

    page.goto(f"{demo.url}/casos/{late_case().pk}/")
    deadlines = page.get_by_role("heading", name="Prazos (dias úteis)")
    expect(deadlines).to_be_visible()
    form_end = page.locator("#case-form").bounding_box()
    assert deadlines.bounding_box()["y"] < form_end["y"] + form_end["height"] / 2
    page.get_by_role("tab", name="Histórico").click()
    shot(f"tela-historico-{width}")

    page.goto(f"{demo.url}/")
    for heading in ("CPF", "Colaborador"):
        expect(
            page.locator("#resultados").get_by_role("columnheader", name=heading)
        ).to_be_visible()

    page.goto(f"{demo.url}/relatorios/")
    period = page.get_by_label("Período por")
    expect(period).to_be_visible()
    box = period.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width
    assert period.evaluate(OPTIONS_FIT), "Período por: an option is cut"
    title = page.get_by_role("heading", level=1).bounding_box()["height"]
    table_heading = page.locator(".report-table h2").first.bounding_box()["height"]
    assert table_heading < title
    gaps = (
        "() => Object.values(Chart.instances).flatMap(c => c.data.datasets).some(d => d.spanGaps)"
    )
    assert page.evaluate(gaps) is False  # a rate's line breaks at a month without cases
    for label in ("De", "Até"):
        expect(page.get_by_label(label, exact=True)).to_have_attribute("placeholder", "dd/mm/aaaa")


def test_a_contact_added_in_place_updates_the_history_tab_and_the_warnings(
    page: Page, live_server, analyst, make_case
):

    case = make_case(contacts=[], status="retencao_efetiva")
    log_in(page, live_server.url, "analista")
    page.goto(f"{live_server.url}/casos/{case.pk}/")
    warning = page.get_by_text("Caso com status de encerramento e nenhum contato registrado.")
    expect(warning).to_be_visible()
    expect(page.get_by_role("tab", name="Histórico (1)")).to_be_visible()
    page.get_by_label("Data", exact=True).nth(1).fill("21/03/2024")
    page.get_by_label("Obs.", exact=True).fill("Enviou proposta")
    page.get_by_role("button", name="Registrar contato").click()
    expect(page.get_by_role("heading", name="Contatos (1)")).to_be_visible()
    expect(warning).to_have_count(0)
    page.get_by_role("tab", name="Histórico (2)").click()  # the new tab button still works
    expect(page.locator("#aba-historico").get_by_text("Contato registrado").first).to_be_visible()


def test_a_finished_import_shows_a_full_progress_bar(page: Page, demo, shot):
    log_in(page, demo.url, "admin", DEMO_PASSWORD)
    upload_seed(page, demo.url)
    page.get_by_role("button", name="Confirmar importação").click()
    bar = page.get_by_label("Progresso da importação")
    expect(bar).to_have_js_property("position", 1)  # 1 of 1 file: the whole bar
    assert bar.bounding_box()["width"] > 300
    shot("lote-concluido")
