"""The streamed XLSX table: what Excel (here openpyxl) reads back from it."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from lxml import etree
from openpyxl import load_workbook

from formio.writers.xlsx import write_table

HEADERS = ["Caso", "Nome", "Data", "Valor"]
FORMATS = ["#,##0", None, "dd/mm/yyyy", '"R$" #,##0.00']


def written(rows, headers=HEADERS, formats=FORMATS, title="Casos"):
    out = io.BytesIO()
    count = write_table(out, title=title, headers=headers, formats=formats, rows=iter(rows))
    out.seek(0)
    return count, out


def read_back(rows, **kwargs):
    _, out = written(rows, **kwargs)
    sheet = load_workbook(out).active
    return sheet, list(sheet.iter_rows())


def test_the_header_is_bold_frozen_and_filtered_over_every_row():
    sheet, rows = read_back([[1, "Ana", None, None], [2, "Bia", None, None]])
    assert [c.value for c in rows[0]] == HEADERS
    assert all(c.font.b for c in rows[0])
    assert sheet.title == "Casos"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"


def test_dates_and_numbers_are_real_values_shown_by_their_formats():
    _, rows = read_back([[1250, "Ana", datetime.date(2024, 1, 30), Decimal("1234.56")]])
    case, _, date, money = rows[1]
    assert (case.value, case.number_format) == (1250, "#,##0")
    assert date.value.date() == datetime.date(2024, 1, 30)
    assert date.number_format == "dd/mm/yyyy"
    assert money.value == pytest.approx(1234.56)
    assert money.number_format == '"R$" #,##0.00'


def test_text_stays_text_whatever_it_looks_like():
    texts = [" a & b < c ", "linha 1\nlinha 2", "1234", "Olá, São João"]
    _, rows = read_back([[i, text, None, None] for i, text in enumerate(texts)])
    cells = [row[1] for row in rows[1:]]
    assert [c.value for c in cells] == texts
    assert {c.data_type for c in cells} == {"s"}


def test_text_that_starts_like_a_formula_is_quoted_text_and_numbers_stay_numbers():
    texts = ["=SUM(A1:A2)", '=HYPERLINK("http://x.io";"clique")', "+1", "-2+3", "@A1", "\t=1"]
    _, rows = read_back([[-5, text, None, Decimal("-1.5")] for text in texts])
    cells = [row[1] for row in rows[1:]]
    assert [c.value for c in cells] == ["'" + text for text in texts]
    assert {c.data_type for c in cells} == {"s"}
    assert [(row[0].value, row[3].value) for row in rows[1:]] == [(-5, -1.5)] * len(texts)


def test_control_characters_pasted_from_word_are_dropped():
    _, rows = read_back([[1, "Ligou\x0b e desligou\x07.", None, None]])
    assert rows[1][1].value == "Ligou e desligou."


def test_text_longer_than_a_cell_holds_is_cut_to_excels_limit():
    _, rows = read_back([[1, "x" * 40_000, None, None]])
    assert len(rows[1][1].value) == 32_767


def test_empty_values_leave_the_cell_empty():
    _, rows = read_back([[1, "", None, None]])
    assert [c.value for c in rows[1]] == [1, None, None, None]


def test_a_list_without_rows_is_still_a_workbook_with_its_header():
    count, out = written([])
    sheet = load_workbook(out).active
    assert count == 0
    assert [c.value for c in next(sheet.iter_rows())] == HEADERS


def test_every_part_is_well_formed_xml_and_the_rows_are_counted():
    count, out = written([[i, f"nome {i}", None, None] for i in range(1, 1201)])
    assert count == 1200
    with zipfile.ZipFile(out) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            etree.fromstring(archive.read(name))  # raises on a malformed part
    out.seek(0)
    sheet = load_workbook(out, read_only=True).active
    assert sheet.max_row == 1201
    assert [c.value for c in next(sheet.iter_rows(min_row=1201))] == [1200, "nome 1200", None, None]


def test_true_and_false_are_excel_booleans():
    _, rows = read_back([[1, None, None, True], [2, None, None, False]])
    assert [rows[1][3].value, rows[2][3].value] == [True, False]


def test_a_date_and_time_is_refused_rather_than_written_as_a_wrong_day():
    with pytest.raises(TypeError, match="dates only"):
        written([[1, "Ana", datetime.datetime(2024, 1, 30, 23, 0, tzinfo=datetime.UTC), None]])
