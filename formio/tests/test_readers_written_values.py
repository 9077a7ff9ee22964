"""Values as analysts really wrote them: dates in any Brazilian way, "50 dias", a CPF with
spaces, a box ticked by typing an "X" beside its option."""

import datetime
import io
import re
import zipfile
from functools import cache

import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.tests.forms import docx_form, text_form

SEEDS = seed_paths()


@cache
def seed(index: int) -> CaseData:
    return CaseData.from_dict(expected_seed(SEEDS[index]))


def in_every_layout(data: CaseData, edit):
    """The form as text (both layouts) and as Word, each passed through `edit`."""
    for layout in ("cells", "rows"):
        yield layout, read_form_bytes(edit(text_form(data, layout=layout)).encode(), "f.txt")
    word = docx_form(data)
    yield "docx", read_form_bytes(_edit_docx(word, edit), "f.docx")


def _edit_docx(content: bytes, edit) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for item in archive.infolist():
            data = archive.read(item)
            if item.filename == "word/document.xml":  # a box and its option in one run
                xml = re.sub(
                    r"([☐☒])</w:t></w:r><w:r><w:t xml:space=\"preserve\"> ", r"\1 ", data.decode()
                )
                edited = edit(xml)
                assert edited != xml, "the edit must reach the Word form too"
                data = edited.encode("utf-8")
            new.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("30/01/24", datetime.date(2024, 1, 30)),
        ("30.01.2024", datetime.date(2024, 1, 30)),
        ("30-01-2024", datetime.date(2024, 1, 30)),
        ("30 de janeiro de 2024", datetime.date(2024, 1, 30)),
        ("30 de jan. de 2024", datetime.date(2024, 1, 30)),
        ("30/jan/2024", datetime.date(2024, 1, 30)),
        ("30/01/2024.", datetime.date(2024, 1, 30)),  # a full stop after it
        ("30 de janeiro de 2024.", datetime.date(2024, 1, 30)),
    ],
)
def test_a_start_date_written_any_brazilian_way_is_that_date(written, meant):
    for layout, result in in_every_layout(seed(1), lambda t: t.replace("30/01/2024", written)):
        data = result.data
        assert data.started_on == meant and data.protocol_opened_on == meant, layout
        assert data.days_to_finish == 50, layout
        assert not any(written in w for w in result.warnings), layout


def test_single_digit_day_and_month_and_long_months_in_every_date_field():
    def edit(text):
        return text.replace("20/03/2024", "20 de março de 2024").replace("20/12/2023", "9/2/2024")

    for layout, result in in_every_layout(seed(1), edit):
        data = result.data
        assert data.finished_on == data.form_date == datetime.date(2024, 3, 20), layout
        assert data.provider.network_entry_date == datetime.date(2024, 2, 9), layout
        assert data.contacts[3].date == datetime.date(2024, 3, 20), layout


def test_an_impossible_long_date_is_a_warning_not_a_wrong_date():
    text = text_form(seed(1)).replace("30/01/2024", "30 de fevereiro de 2024")
    result = read_form_bytes(text.encode(), "f.txt")
    assert result.data.started_on is None
    assert any("30 de fevereiro de 2024" in w for w in result.warnings)


@pytest.mark.parametrize("written", ["50 dias", "50 DIAS", "50 Dias.", "50"])
def test_days_to_finish_written_in_words_when_the_dates_are_missing(written):
    data = seed(1)
    without_dates = CaseData.from_dict({**data.to_dict(), "started_on": None, "finished_on": None})
    for layout, result in in_every_layout(without_dates, lambda t: t.replace("50 dia(s)", written)):
        assert result.data.days_to_finish == 50, layout


@pytest.mark.parametrize("written", ["073 094 747 59", "073.094.747 59", "073 094 747-59"])
def test_a_cpf_written_with_spaces_is_the_cpf(written):
    for layout, result in in_every_layout(seed(1), lambda t: t.replace("073.094.747-59", written)):
        assert result.data.provider.cpf == "07309474759", layout
        assert not any("CPF" in w for w in result.warnings), layout


def test_a_cnpj_written_with_spaces_is_the_cnpj():
    data = CaseData.from_dict(
        {
            **seed(1).to_dict(),
            "provider": {**seed(1).to_dict()["provider"], "cnpj": "11222333000181"},
        }
    )

    def edit(text):
        return text.replace("11.222.333/0001-81", "11 222 333 0001 81")

    for layout, result in in_every_layout(data, edit):
        assert result.data.provider.cnpj == "11222333000181", layout


TYPED = {
    "X before the option, no boxes": lambda t: t.replace("☒ ", "X ").replace("☐ ", ""),
    "x inside an empty box": lambda t: t.replace("☒ ", "☐ x "),
    "X after the option": lambda t: re.sub(r"☒ ([^\n☐☒<]+?)(?=\s*(☐|\n|<|$))", r"☐ \1 X", t),
    "(X) and ( ) boxes": lambda t: t.replace("☒", "(X)").replace("☐", "( )"),
    "X only, blanks for the others": lambda t: t.replace("☒ ", "X ").replace("☐ ", "  "),
}


@pytest.mark.parametrize("index", [0, 1])
@pytest.mark.parametrize("how", TYPED)
def test_a_box_ticked_by_typing_an_x_beside_its_option_is_ticked(index, how):
    expected = expected_seed(SEEDS[index])
    for layout, result in in_every_layout(seed(index), TYPED[how]):
        if how == "X after the option" and layout == "rows" and index == 1:
            continue  # "☐ NÃO X Quais?": the X of NÃO then the next label, ambiguous
        data = result.data.to_dict()
        wrong = {k: (data.get(k), v) for k, v in expected.items() if data.get(k) != v}
        assert wrong == {}, layout
        assert not any("fora de qualquer campo" in w for w in result.warnings), layout


def test_a_value_of_the_wrong_look_in_a_row_of_values_is_refused_in_its_field():
    # "FF" under "Tipo" (a key pressed twice, or OCR doubling a narrow letter): a row of
    # as many values as labels keeps each value under its label, so the bad one is refused
    # there with a warning and the values after it stay in their fields
    text = text_form(seed(1), layout="rows").replace(
        "20/12/2023  F  Operadora", "20/12/2023  FF  Operadora"
    )
    result = read_form_bytes(text.encode(), "f.txt")
    data = result.data
    assert data.provider.person_type is None
    assert any("Tipo" in w and "'FF'" in w for w in result.warnings), result.warnings
    assert (data.requested_by, data.protocol_number) == ("Operadora", "SAD170662950329")
    assert data.protocol_opened_on == datetime.date(2024, 1, 30)
