"""What people do to a Word form: leave cells blank, edit with tracked changes on, add
comments. Blank cells keep the values after them in their columns; a tracked change
counts as accepted; a comment is never a value."""

import io
import re
import zipfile
from functools import cache

import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.tests.forms import docx_form
from formio.tests.forms.office import libreoffice

SEEDS = seed_paths()


@cache
def seed() -> dict:
    return expected_seed(SEEDS[1])


def blanked(**fields) -> CaseData:
    return CaseData.from_dict({**seed(), **fields})


def as_web_page(content: bytes) -> bytes:
    return libreoffice({"f.docx": content}, "html")["f.docx"]


@pytest.mark.parametrize("container", ["docx", "html"])
def test_a_blank_first_row_leaves_the_operator_in_operadora_not_in_colaborador(container):
    data = blanked(analyst=None, cro_count=None, form_date=None)
    content = docx_form(data)
    if container == "html":
        content = as_web_page(content)
    read = read_form_bytes(content, f"f.{container}").data
    assert read.analyst is None and read.form_date is None
    assert read.operator == "ODONTOLIFE" and read.provider.name == "PATRICIA SANTOS BARROS"
    assert read.to_dict() == data.to_dict()


@pytest.mark.parametrize("container", ["docx", "html"])
def test_a_blank_start_date_keeps_the_final_date_in_data_final(container):
    data = blanked(started_on=None, days_to_finish=None)
    content = docx_form(data)
    if container == "html":
        content = as_web_page(content)
    read = read_form_bytes(content, f"f.{container}").data
    assert read.started_on is None
    assert read.finished_on.isoformat() == "2024-03-20"
    assert read.to_dict() == data.to_dict()


def test_a_blank_colaborador_with_the_rest_of_its_row_filled():
    data = blanked(analyst=None)
    assert read_form_bytes(docx_form(data), "f.docx").data.to_dict() == data.to_dict()


def edited(xml_edit) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(docx_form(CaseData.from_dict(seed()))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for item in archive.infolist():
            data = archive.read(item)
            if item.filename == "word/document.xml":
                changed = xml_edit(data.decode())
                assert changed != data.decode()
                data = changed.encode()
            new.writestr(item, data)
    return out.getvalue()


INS = '<w:ins w:id="1" w:author="Revisor" w:date="2024-03-21T10:00:00Z">{}</w:ins>'
DEL = '<w:del w:id="2" w:author="Revisor" w:date="2024-03-21T10:00:00Z">{}</w:del>'


def test_a_tracked_change_counts_as_accepted_inserted_in_deleted_out():
    def edit(xml):
        old = "<w:r><w:t>PETROPOLIS</w:t></w:r>"
        assert old in xml
        removed = DEL.format("<w:r><w:delText>TERESOPOLIS</w:delText></w:r>")
        inserted = INS.format("<w:r><w:t>PETROPOLIS</w:t></w:r>")
        return xml.replace(old, removed + inserted)

    assert read_form_bytes(edited(edit), "f.docx").data.city == "PETROPOLIS"


def test_text_moved_away_and_a_deleted_row_are_not_read():
    def edit(xml):
        moved = '<w:moveFrom w:id="3" w:author="R" w:date="2024-03-21T10:00:00Z">'
        moved += "<w:r><w:t>Texto antigo</w:t></w:r></w:moveFrom>"
        xml = xml.replace(
            "<w:r><w:t>PETROPOLIS</w:t></w:r>", moved + "<w:r><w:t>PETROPOLIS</w:t></w:r>"
        )
        row = '<w:tr><w:trPr><w:del w:id="4" w:author="R" w:date="2024-03-21T10:00:00Z"/></w:trPr>'
        row += "<w:tc><w:p><w:r><w:t>Cidade</w:t></w:r></w:p></w:tc>"
        row += "<w:tc><w:p><w:r><w:t>NITEROI</w:t></w:r></w:p></w:tc></w:tr>"
        return xml.replace("</w:tbl>", row + "</w:tbl>", 1)

    result = read_form_bytes(edited(edit), "f.docx")
    assert result.data.city == "PETROPOLIS"
    assert not any("Texto antigo" in w or "NITEROI" in w for w in result.warnings)


def test_a_comment_on_a_value_is_never_a_value():
    def edit(xml):
        commented = (
            '<w:commentRangeStart w:id="9"/><w:r><w:t>PETROPOLIS</w:t></w:r>'
            '<w:commentRangeEnd w:id="9"/><w:r><w:commentReference w:id="9"/></w:r>'
        )
        return xml.replace("<w:r><w:t>PETROPOLIS</w:t></w:r>", commented)

    content = edited(edit)
    content = _with_comments_part(content, "Conferir a cidade com o cadastro")
    result = read_form_bytes(content, "f.docx")
    assert result.data.to_dict() == seed()
    assert "Conferir" not in result.text


def _with_comments_part(content: bytes, text: str) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for item in archive.infolist():
            new.writestr(item, archive.read(item))
        w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        new.writestr(
            "word/comments.xml",
            f'<w:comments xmlns:w="{w}"><w:comment w:id="9" w:author="S"><w:p><w:r>'
            f"<w:t>{text}</w:t></w:r></w:p></w:comment></w:comments>",
        )
    return out.getvalue()


def test_an_empty_spacer_column_does_not_take_a_value():
    def edit(xml):  # an empty column after "Colaborador" in both rows of the first table
        empty = "<w:tc><w:p/></w:tc>"
        first = xml.index("<w:tbl>")
        head, tail = xml[:first], xml[first:]
        tail = re.sub(
            r"(<w:tc>(?:(?!</w:tc>).)*?Colaborador.*?</w:tc>)", r"\1" + empty, tail, count=1
        )
        return head + tail

    assert read_form_bytes(edited(edit), "f.docx").data.to_dict() == seed()


def emphasised(option: str, rpr: str) -> bytes:
    """Seed 001 with every box of its status list empty and `option` in bold/highlight."""

    def edit(xml):
        run = f'<w:r><w:t xml:space="preserve"> {option}</w:t></w:r>'
        assert run in xml
        xml = xml.replace(
            run, f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve"> {option}</w:t></w:r>'
        )
        return xml.replace(
            '<w:t>☒</w:t></w:r><w:r><w:t xml:space="preserve"> Desligamento',
            '<w:t>☐</w:t></w:r><w:r><w:t xml:space="preserve"> Desligamento',
        ).replace("<w:t>☒</w:t></w:r><w:r><w:rPr>", "<w:t>☐</w:t></w:r><w:r><w:rPr>")

    return edited(edit)


@pytest.mark.parametrize("rpr", ["<w:b/>", '<w:highlight w:val="yellow"/>'])
def test_an_option_made_bold_or_highlighted_when_no_box_is_ticked_is_the_one_marked(rpr):
    result = read_form_bytes(emphasised("Desligamento", rpr), "f.docx")
    assert result.data.status == "desligamento"
    assert any("negrito ou destacada" in w for w in result.warnings)


def test_a_bold_option_does_not_override_a_ticked_box():
    result = read_form_bytes(
        edited(
            lambda x: x.replace(
                '<w:r><w:t xml:space="preserve"> Retenção Efetiva</w:t></w:r>',
                '<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> Retenção Efetiva</w:t></w:r>',
            )
        ),
        "f.docx",
    )
    assert result.data.status == "desligamento"


def test_a_form_all_in_bold_marks_nothing_by_its_boldness():
    def edit(xml):
        xml = xml.replace("<w:r><w:t", "<w:r><w:rPr><w:b/></w:rPr><w:t")
        return xml.replace("☒", "☐")

    data = read_form_bytes(edited(edit), "f.docx").data
    assert data.status is None and data.termination_reasons == []
