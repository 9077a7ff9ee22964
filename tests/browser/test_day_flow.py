"""The analyst's day in a browser: Hoje, a case and back, three cases exported at once;
the supervisor reassigns two at once and the analyst's bell counts them."""

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from formio.casedata import ProviderData
from tests.browser.helpers import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def provider(name: str, cro: str) -> ProviderData:
    return ProviderData(name=name, cro=cro, cro_uf="RJ")


def tick(page: Page, case) -> None:
    page.get_by_label(f"Selecionar o caso {case.pk}", exact=True).check()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Sair").click()


def test_the_analysts_day_and_the_supervisors_bulk_reassign(
    page: Page, live_server, make_case, analyst, other_analyst, supervisor, shot, tmp_path
):
    mine = [make_case(provider=provider(f"DENTISTA {n}", f"10{n}")) for n in range(1, 4)]
    theirs = [
        make_case(user=other_analyst, provider=provider(f"CLINICA {n}", f"20{n}")) for n in (1, 2)
    ]

    log_in(page, live_server.url, "analista")
    page.get_by_role("link", name="Hoje").click()
    late = page.get_by_role("region", name="Atrasados (3)")
    expect(late.get_by_role("link")).to_have_count(3)
    shot("dia-hoje")
    late.get_by_role("link", name=f"Caso {mine[0].pk} · DENTISTA 1").click()
    expect(page.get_by_role("heading", name=f"Caso {mine[0].pk}")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Atrasados (3)")).to_be_visible()

    page.get_by_role("link", name="Fila de casos").click()
    for case in mine:
        tick(page, case)
    expect(page.get_by_text("3 caso(s) selecionado(s).")).to_be_visible()
    shot("dia-fila-tres-marcados")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exportar seleção (Excel)").click()
    path = tmp_path / "casos.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    assert sorted(row[0] for row in rows) == sorted(case.pk for case in mine)
    log_out(page)

    log_in(page, live_server.url, "supervisor")
    for case in theirs:
        tick(page, case)
    page.get_by_role("button", name="Reatribuir").click()
    page.get_by_label("Novo colaborador").select_option(label="Ana Analista")
    shot("dia-reatribuir-confirmar")
    page.get_by_role("button", name="Reatribuir 2 caso(s)").click()
    expect(page.get_by_text("2 caso(s) alterado(s), 0 recusado(s).")).to_be_visible()
    shot("dia-reatribuir-resultado")
    log_out(page)

    log_in(page, live_server.url, "analista")
    bell = page.get_by_role("link", name="Notificações 2 não lida(s)")
    expect(bell).to_be_visible()
    bell.click()
    for case in theirs:
        expect(page.get_by_text(f"supervisor atribuiu a você o caso {case.pk}")).to_be_visible()
    shot("dia-notificacoes")
