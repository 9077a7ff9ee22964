"""What only a browser shows on the dashboard: the charts drawn, a bar opening its cases."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.services import DEMO_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DRAWN = """() => [...document.querySelectorAll('.report-chart canvas')].map(canvas => {
    const chart = Chart.getChart(canvas);
    return chart ? chart.data.datasets.flatMap(d => d.data).filter(v => v).length : -1;
})"""
FIRST_BAR = """id => {
    const chart = Chart.getChart(document.getElementById(id));
    const bar = chart.getDatasetMeta(0).data[0];
    return {x: bar.base + (bar.x - bar.base) / 2, y: bar.y, value: chart.data.datasets[0].data[0],
            label: chart.data.labels[0]};
}"""


def _dashboard_of_60_demo_cases(page: Page, live_server) -> None:
    """The dashboard of the demo data (60 cases), as its manager ("gestor") sees it."""
    call_command("seed_demo", cases=60, stdout=io.StringIO())
    page.goto(f"{live_server.url}/entrar/")
    page.get_by_label("Usuário", exact=True).fill("gestor")
    page.get_by_label("Senha", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.goto(f"{live_server.url}/relatorios/")


def test_the_charts_are_drawn_and_a_bar_opens_its_cases_in_the_queue(page: Page, live_server, shot):
    _dashboard_of_60_demo_cases(page, live_server)
    monthly = page.get_by_role("img", name="Casos abertos, encerrados e em aberto por mês")
    expect(monthly).to_be_visible()
    drawn = page.evaluate(DRAWN)
    assert len(drawn) >= 5 and all(values > 0 for values in drawn), drawn  # every chart has data
    shot("painel")

    bar = page.evaluate(FIRST_BAR, "c-motivos-acionaveis")
    page.locator("#c-motivos-acionaveis").click(position={"x": bar["x"], "y": bar["y"]})
    expect(page.get_by_role("heading", name="Fila de casos")).to_be_visible()
    expect(page.locator("#todos")).to_have_text(f"{bar['value']} caso(s)")
    assert "reason=" in page.url, page.url


def test_a_long_table_opens_whole_in_place(page: Page, live_server):
    _dashboard_of_60_demo_cases(page, live_server)
    cities = page.locator("#t-cidades")
    expect(cities.locator("tbody tr")).to_have_count(20)
    more = cities.get_by_role("link", name="Mostrar as outras")
    total = int(more.inner_text().split("(")[1].split()[0])
    assert total > 20
    more.click()
    whole = page.locator("#t-cidades")
    expect(whole.locator("tbody tr")).to_have_count(total)
    expect(whole.get_by_role("link", name="Mostrar as outras")).to_have_count(0)
    assert page.url.endswith("/relatorios/")  # swapped in place, the page not left
    expect(page.locator("#t-ufs")).to_be_visible()
