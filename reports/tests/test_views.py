"""The dashboard through its URLs: access, figures on screen, links, exports, the PDF."""

import csv
import datetime
import html
import io
import re

import pdfplumber
import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import ExportLog
from conftest import PASSWORD

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2024, 4, 10, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def as_manager(client, manager):
    client.login(username=manager.username, password=PASSWORD)
    return client


@pytest.fixture(autouse=True)
def _today_is_10_april_2024():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("role", ["manager", "supervisor", "administrator"])
def test_managers_supervisors_and_administrators_see_the_dashboard(client, request, role):
    user = request.getfixturevalue(role)
    client.login(username=user.username, password=PASSWORD)
    assert client.get(reverse("reports:dashboard")).status_code == 200


def test_analysts_are_refused_the_dashboard_and_its_exports(client, analyst):
    client.login(username=analyst.username, password=PASSWORD)
    assert client.get(reverse("reports:dashboard")).status_code == 403
    assert client.get(reverse("reports:export", args=["ufs", "csv"])).status_code == 403
    assert client.get(reverse("reports:monthly") + "?month=2024-03").status_code == 403


def test_the_dashboard_shows_the_figures_in_brazilian_format(as_manager, crafted):
    page = as_manager.get(reverse("reports:dashboard")).content.decode()
    assert "40,0%" in page  # retention rate
    assert "50,0%" in page  # where the operator can act
    assert "66,7%" in page  # Valores in the Pareto
    assert "Petrópolis" in page and "Nenhum caso</strong>" not in page


def test_rows_link_to_the_case_list_with_the_same_filters(as_manager, crafted, analyst):
    page = as_manager.get(reverse("reports:dashboard") + "?uf=RJ").content.decode()
    queue = reverse("cases:queue")
    assert f'href="{queue}?uf=RJ&amp;analyst={analyst.pk}"' in page
    assert f"{queue}?uf=RJ&amp;situation=open&amp;late=true" in page


# A city no case has selects no spelling at all: the filter is "city in ()", which Django
# answers without a query (on PostgreSQL the one-scan query had no SQL to wrap: a 500 page)
@pytest.mark.parametrize("query", ["?uf=AC", "?city=Xique-Xique", "?city=Xique-Xique&uf=RJ"])
def test_filters_that_match_nothing_say_nenhum_caso_instead_of_zeros(as_manager, crafted, query):
    page = as_manager.get(reverse("reports:dashboard") + query).content.decode()
    assert "Nenhum caso</strong> atende a estes filtros" in page
    assert "taxa de retenção" not in page


def test_the_charts_data_travels_as_json_without_inline_script(as_manager, crafted):
    page = as_manager.get(reverse("reports:dashboard")).content.decode()
    assert '<script id="report-charts" type="application/json">' in page
    assert "onclick" not in page.lower() and "<script>" not in page


def test_a_table_exports_to_xlsx_with_numbers_and_is_logged(as_manager, crafted, manager):
    response = as_manager.get(reverse("reports:export", args=["ufs", "xlsx"]) + "?uf=RJ")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[3]] == [
        "UF",
        "Casos",
        "Em aberto",
        "Encerrados",
        "Taxa de retenção",
    ]
    assert [c.value for c in sheet[4]] == ["RJ", 4, 1, 3, pytest.approx(2 / 3)]
    log = ExportLog.objects.get()
    assert (log.user, log.case_count, log.filters["uf"]) == (manager, 4, "RJ")


def test_a_table_exports_to_csv_for_a_brazilian_excel(as_manager, crafted):
    response = as_manager.get(reverse("reports:export", args=["motivos-acionaveis", "csv"]))
    assert response.content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines == [
        ["Motivo", "Casos", "%", "% acumulado"],
        ["Valores", "2", "66,7%", "66,7%"],
        ["Glosas", "1", "33,3%", "100,0%"],
    ]


def test_the_monthly_pdf_holds_the_months_figures(as_manager, crafted):
    response = as_manager.get(reverse("reports:monthly") + "?month=2024-03")
    assert response["Content-Type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.content)) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
        pages = len(document.pages)
    assert "Relatório mensal de retenção · março de 2024" in text
    assert f"Página 1 de {pages}" in text
    assert "Valores" in text and "0,0%" in text  # March: one termination, no retention
    assert ExportLog.objects.get().what == "relatório mensal (PDF)"


def test_a_bad_month_is_explained_in_portuguese(as_manager):
    response = as_manager.get(reverse("reports:monthly") + "?month=março", follow=True)
    assert "Mês do relatório inválido" in response.content.decode()


def test_monthly_report_command_writes_the_pdf(crafted, tmp_path):
    out = tmp_path / "fevereiro.pdf"
    said = io.StringIO()
    call_command("monthly_report", month="2024-02", out=str(out), stdout=said)
    size = f"{out.stat().st_size:,}".replace(",", ".")
    assert said.getvalue().strip() == f"Relatório de 02/2024 gravado em {out} ({size} bytes)."
    with pdfplumber.open(out) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    assert "fevereiro de 2024" in text
    assert "Aposentou" in text and "Óbito" in text
    assert "25,0" in text  # February's median days (30 and 20)


def test_table_cells_are_escaped(as_manager, make_case):
    make_case(city="<i>Vila</i> & Cia")
    page = as_manager.get(reverse("reports:dashboard")).content.decode()
    assert "&lt;i&gt;Vila&lt;/i&gt; &amp; Cia" in page
    assert "<i>Vila</i>" not in page


def test_a_city_row_leads_to_exactly_the_cases_it_counted(as_manager, make_case):
    for city in ("São João", "São João", "sao joao", "São João de Meriti"):
        make_case(city=city, service_uf="RJ")
    page = as_manager.get(reverse("reports:dashboard")).content.decode()
    link = re.search(r'href="(/\?city=S%C3%A3o\+Jo%C3%A3o&amp;uf=RJ)"', page).group(1)
    queue = as_manager.get(html.unescape(link)).content.decode()
    assert "3 caso(s)" in queue


def test_the_period_is_typed_dd_mm_aaaa_and_the_month_mm_aaaa_as_everywhere(as_manager, crafted):
    url = reverse("reports:dashboard")
    page = as_manager.get(url + "?start=01/03/2024&end=31/03/2024").content.decode()
    assert 'type="date"' not in page and 'type="month"' not in page
    assert 'name="start" value="01/03/2024"' in page and 'name="end" value="31/03/2024"' in page
    assert 'placeholder="dd/mm/aaaa"' in page
    assert 'name="month" value="03/2024"' in page and 'placeholder="mm/aaaa"' in page  # March
    pdf = as_manager.get(reverse("reports:monthly") + "?month=03/2024")
    assert pdf["Content-Type"] == "application/pdf"


def test_a_date_that_does_not_exist_is_named_in_portuguese(as_manager, crafted):
    page = as_manager.get(reverse("reports:dashboard") + "?start=31/02/2024").content.decode()
    assert "De: data inexistente: fevereiro de 2024 tem 29 dias." in html.unescape(page)


def test_the_rates_and_the_coverage_note_are_explained_in_words(as_manager, crafted):
    page = html.unescape(as_manager.get(reverse("reports:dashboard")).content.decode())
    # crafted: 2 retained, 3 terminated of which 2 for a reason the operator can act on
    assert "retenção onde a operadora pode agir: 2 retidos em 4, sem os desligamentos" in page
    assert "não há outro dentista divulgado na rede além dele" in page
    assert "<=" not in page and "Vidas > 0" not in page


def _words_past_the_right_margin(content: bytes) -> list[str]:
    """Words of the PDF's body (above the 18 mm footer) that end past A4's width less the
    14 mm right margin."""
    right, footer = (210 - 14) / 25.4 * 72, (297 - 18) / 25.4 * 72
    with pdfplumber.open(io.BytesIO(content)) as document:
        words = [w for page in document.pages for w in page.extract_words()]
    return [w["text"] for w in words if w["x1"] > right and w["bottom"] < footer]


def test_the_at_risk_cases_table_keeps_within_the_page(as_manager, make_case):
    from formio.casedata import ProviderData

    long_name = "CLÍNICA ODONTOLÓGICA INTEGRADA SORRISO PERFEITO DE SÃO JOSÉ DOS CAMPOS LTDA"
    for name in (long_name, "PATRICIA SANTOS BARROS"):
        provider = ProviderData(name=name, cro="126666", cro_uf="SP", person_type="J")
        make_case(
            provider=provider,
            city="São José dos Campos",
            service_uf="SP",
            lives=1250,
            unique_cros_listed=1,
            cro_count=1,
        )
    response = as_manager.get(reverse("reports:monthly") + "?month=2024-03")
    with pdfplumber.open(io.BytesIO(response.content)) as document:
        text = "\n".join(page.extract_text() for page in document.pages)
    assert "Casos em aberto com risco de deixar a cidade sem dentista" in text
    words = text.split()
    assert "Próximo" in words and "prazo" in words  # the last column's heading, whole
    assert _words_past_the_right_margin(response.content) == []


def _cases_card(response) -> str:
    return re.search(r'report-figure">([\d.]+)</span><span>casos<', response.content.decode())[1]


def test_the_board_without_filters_shows_a_new_case_within_a_minute(as_manager, crafted, make_case):
    board = reverse("reports:dashboard")
    assert _cases_card(as_manager.get(board)) == "10"
    make_case(service_uf="RJ", city="Niterói")
    assert _cases_card(as_manager.get(board)) == "10"  # the minute's board, not counted again
    # filtered, counted at once: the 4 crafted RJ cases (c1, c2, c9, c10) and the new one
    assert _cases_card(as_manager.get(board + "?uf=RJ")) == "5"
    with time_machine.travel(NOW + datetime.timedelta(seconds=61), tick=False):
        assert _cases_card(as_manager.get(board)) == "11"


def _city_rows(page: str) -> list[str]:
    section = re.search(r'id="t-cidades".*?</section>', page, re.S).group(0)
    return re.findall(r"<tr><td><a [^>]*>([^<]+)</a>", section)


def test_a_long_table_shows_its_first_20_rows_and_opens_whole_on_request(as_manager, make_case):
    # 25 cities, the largest first: "Cidade 01" has 25 cases, "Cidade 25" one
    for n in range(1, 26):
        for _ in range(26 - n):
            make_case(city=f"Cidade {n:02}", service_uf="MG")
    url = reverse("reports:dashboard") + "?uf=MG"
    page = as_manager.get(url).content.decode()
    assert _city_rows(page) == [f"Cidade {n:02}" for n in range(1, 21)]
    assert "Mostrar as outras 5 linhas (25 no total)" in page
    # the button's fragment (htmx): the table alone, every row, no button
    fragment = as_manager.get(url + "&tabela=cidades", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert text.lstrip().startswith('<section class="form-section report-table" id="t-cidades"')
    assert _city_rows(text) == [f"Cidade {n:02}" for n in range(1, 26)]
    assert "Mostrar as outras" not in text and "uf=MG" in text  # exports keep the filter
    # without JavaScript: the page, with that table whole and the others as before
    page = as_manager.get(url + "&tabela=cidades").content.decode()
    assert len(_city_rows(page)) == 25 and "Mostrar as outras" not in page
    assert "tabela=" not in re.search(r'id="t-ufs".*?</section>', page, re.S).group(0)


def test_an_unknown_table_is_a_404_in_portuguese(as_manager, make_case):
    make_case()
    url = reverse("reports:dashboard") + "?tabela=nada"
    response = as_manager.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert "Página não encontrada" in response.content.decode()
