"""Word and PDF forms: real content controls, legacy checkboxes, WeasyPrint PDFs."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pytest
from docx import Document

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData, schema_errors
from formio.readers import UnreadableForm, read_form_bytes
from formio.readers.pdf import pdf_blocks
from formio.tests.forms import docx_form, pdf_form
from formio.tests.forms.broken import encrypted_pdf, scanned_pdf
from formio.tests.forms.drawn import FORM_ROWS, LOOSE_TEXT, PAGE_ROWS, drawn_tables_pdf

SEEDS = seed_paths()


@cache
def seed_data(index: int) -> CaseData:
    return CaseData.from_dict(expected_seed(SEEDS[index]))


@cache
def seed_pdf(index: int) -> bytes:
    return pdf_form(seed_data(index))


def read(content: bytes, filename: str):
    result = read_form_bytes(content, filename)
    assert schema_errors(result.data.to_dict()) == []
    return result


@pytest.mark.parametrize("index", [0, 1])
@pytest.mark.parametrize("boxes", ["glyph", "sdt", "legacy"])
def test_a_seed_as_a_word_form_reads_the_same_whatever_its_boxes(index, boxes):
    content = docx_form(seed_data(index), boxes=boxes, controls=boxes != "glyph")
    assert read(content, "form.docx").data.to_dict() == expected_seed(SEEDS[index])


def test_the_word_form_really_holds_checkbox_content_controls_and_form_fields():
    xml = zipfile.ZipFile(io.BytesIO(docx_form(seed_data(1), boxes="sdt"))).read(
        "word/document.xml"
    )
    assert b"w14:checkbox" in xml and b'w14:checked w14:val="1"' in xml
    legacy = zipfile.ZipFile(io.BytesIO(docx_form(seed_data(1), boxes="legacy")))
    assert b"FORMCHECKBOX" in legacy.read("word/document.xml")


def test_text_inside_content_controls_is_read_though_python_docx_misses_it():
    content = docx_form(seed_data(1), controls=True)
    cells = [c.text for t in Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells]
    assert "PATRICIA SANTOS BARROS" not in cells
    assert read(content, "form.docx").data.provider.name == "PATRICIA SANTOS BARROS"


def test_the_checked_state_of_a_content_control_wins_over_its_displayed_glyph():
    content = docx_form(seed_data(1), boxes="sdt")
    archive = zipfile.ZipFile(io.BytesIO(content))
    xml = archive.read("word/document.xml").replace("☒".encode(), "☐".encode())
    assert read(_replaced(archive, xml), "form.docx").data.status == "desligamento"


def _replaced(archive: zipfile.ZipFile, document_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as new:
        for item in archive.infolist():
            data = document_xml if item.filename == "word/document.xml" else archive.read(item)
            new.writestr(item, data)
    return out.getvalue()


def test_demo_like_cases_read_back_whole_from_word(demo_cases):
    for i, data in enumerate(demo_cases[:12]):
        content = docx_form(data, boxes=("glyph", "sdt", "legacy")[i % 3], controls=bool(i % 2))
        assert read(content, "form.docx").data.to_dict() == data.to_dict(), i


@pytest.mark.parametrize("index", [0, 1])
def test_a_seed_printed_to_pdf_reads_the_same(index):
    assert read(seed_pdf(index), "form.pdf").data.to_dict() == expected_seed(SEEDS[index])


def test_long_notes_wrapped_by_the_pdf_layout_come_back_as_one_paragraph(demo_cases):
    data = CaseData.from_dict(demo_cases[0].to_dict())
    data.general_notes = " ".join(["Prestador informado sobre as regras da ANS."] * 12)
    data.contacts[0].notes = "Primeira linha curta.\nSegunda linha, depois de uma quebra."
    result = read(pdf_form(data), "form.pdf")
    assert result.data.general_notes == data.general_notes
    assert result.data.contacts[0].notes == data.contacts[0].notes


def test_tables_ruled_by_rectangles_in_a_form_xobject_are_read_cell_by_cell():
    cells = [[text] for row in [*FORM_ROWS, *PAGE_ROWS] for text in row]
    assert pdf_blocks(drawn_tables_pdf()) == [*cells, [LOOSE_TEXT]]


def test_pdfs_read_at_the_same_time_in_several_threads_all_read_whole():
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: read(seed_pdf(i % 2), "form.pdf"), range(8)))
    assert [r.data.to_dict() for r in results] == [expected_seed(SEEDS[i % 2]) for i in range(8)]


def test_the_pdf_text_is_given_for_the_preview():
    assert "PATRICIA SANTOS BARROS" in read(seed_pdf(1), "form.pdf").text


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (lambda: scanned_pdf(), "o PDF não tem texto (digitalizado?)"),
        (lambda: encrypted_pdf(), "o PDF é protegido por senha"),
        (lambda: seed_pdf(1)[:3000], "o arquivo PDF está corrompido"),
        (lambda: b"PK\x03\x04" + b"\0" * 100, "o arquivo .docx está corrompido"),
        (lambda: docx_form(seed_data(1))[:2000], "o arquivo .docx está corrompido"),
    ],
)
def test_a_damaged_or_locked_file_gives_a_clear_reason(content, reason):
    with pytest.raises(UnreadableForm) as error:
        read_form_bytes(content(), "formulario.pdf")
    assert str(error.value) == reason


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("planilha.csv", "a;b\n")
    with pytest.raises(UnreadableForm, match="corrompido"):
        read_form_bytes(out.getvalue(), "form.docx")


def test_a_docx_that_is_really_a_pdf_is_read_as_a_pdf_with_a_warning():
    result = read(seed_pdf(1), "form.docx")
    assert result.data.to_dict() == expected_seed(SEEDS[1])
    assert any("extensão .docx" in w for w in result.warnings)


def test_a_docx_that_is_really_text_is_read_as_text():
    content = SEEDS[1].read_bytes()
    assert read(content, "form.docx").data.to_dict() == expected_seed(SEEDS[1])


def test_a_pdf_that_is_really_a_word_document_is_read_as_word():
    content = docx_form(seed_data(1), boxes="legacy")
    assert read(content, "form.pdf").data.to_dict() == expected_seed(SEEDS[1])
