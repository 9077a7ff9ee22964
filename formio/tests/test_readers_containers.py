"""Every container an archive holds: Word 97-2003, RTF, OpenDocument, web pages, .docm,
text in old encodings; each made by the real tool (LibreOffice) or as Word writes it."""

import io
import zipfile
from functools import cache

import pytest

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData, schema_errors
from formio.readers import UnreadableForm, read_form_bytes
from formio.tests.forms import docx_form
from formio.tests.forms.html import word_html_form
from formio.tests.forms.office import libreoffice, word97, word_rtf_form

SEEDS = seed_paths()
BOXES = ("glyph", "sdt", "legacy")


@cache
def seed_data(index: int) -> CaseData:
    return CaseData.from_dict(expected_seed(SEEDS[index]))


@cache
def word_forms() -> dict[str, bytes]:
    """Seed 001 as Word forms with each kind of box."""
    return {f"{boxes}.docx": docx_form(seed_data(1), boxes=boxes) for boxes in BOXES}


@cache
def converted(to: str) -> dict[str, bytes]:
    return libreoffice(word_forms(), to)


def read(content: bytes, filename: str):
    result = read_form_bytes(content, filename)
    assert schema_errors(result.data.to_dict()) == []
    return result


@pytest.mark.parametrize("to", ["doc", "odt"])
@pytest.mark.parametrize("boxes", BOXES)
def test_a_word_97_or_libreoffice_form_reads_like_the_docx_it_came_from(to, boxes):
    result = read(converted(to)[f"{boxes}.docx"], f"formulario.{to}")
    assert result.data.to_dict() == expected_seed(SEEDS[1])
    assert result.warnings == []


def test_a_word_97_form_keeps_its_legacy_checkboxes_and_the_other_seed_reads_too():
    content = word97(docx_form(seed_data(0), boxes="legacy"))
    assert content.startswith(b"\xd0\xcf\x11\xe0")  # really the Word 97 binary format
    assert read(content, "antigo.doc").data.to_dict() == expected_seed(SEEDS[0])


@pytest.mark.parametrize("boxes", ["glyph", "sdt"])
def test_an_rtf_saved_by_libreoffice_reads_whole(boxes):
    content = converted("rtf")[f"{boxes}.docx"]
    assert content.startswith(b"{\\rtf")
    assert read(content, "formulario.rtf").data.to_dict() == expected_seed(SEEDS[1])


def test_an_rtf_from_word_reads_its_form_field_checkboxes():
    data = read(word_rtf_form(seed_data(1)), "formulario.rtf").data
    assert data.to_dict() == expected_seed(SEEDS[1])
    assert data.status == "desligamento"


@pytest.mark.parametrize("boxes", BOXES)
def test_a_web_page_saved_by_libreoffice_is_read_as_a_page_not_as_text(boxes):
    result = read(converted("html")[f"{boxes}.docx"], "formulario.html")
    assert result.data.to_dict() == expected_seed(SEEDS[1])
    assert not any("<" in w or "style" in w for w in result.warnings)


@pytest.mark.parametrize("boxes", ["wingdings", "input"])
@pytest.mark.parametrize("index", [0, 1])
def test_a_web_page_saved_by_word_reads_whole_in_windows_1252(index, boxes):
    content = word_html_form(seed_data(index), boxes=boxes)
    assert b"charset=windows-1252" in content and "ç".encode("cp1252") in content
    result = read(content, "formulario.htm")
    assert result.data.to_dict() == expected_seed(SEEDS[index])
    assert not any("CA1" in w or "Conferir" in w or "Author" in w for w in result.warnings)


def test_the_comment_balloons_of_a_word_web_page_are_not_values():
    data = read(word_html_form(seed_data(1)), "f.htm").data
    assert "Conferir o CRO" not in (data.general_notes + data.retention_actions_notes)
    assert data.signatures == expected_seed(SEEDS[1])["signatures"]


def test_a_single_file_web_page_mht_reads_its_html_part():
    page = word_html_form(seed_data(1))
    mht = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n'
        b'--b\r\nContent-Type: text/html; charset="windows-1252"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        + __import__("base64").encodebytes(page)
        + b"\r\n--b--\r\n"
    )
    assert read(mht, "formulario.mht").data.to_dict() == expected_seed(SEEDS[1])


def test_a_macro_enabled_docm_reads_like_a_docx():
    content = _as_docm(word_forms()["sdt.docx"])
    result = read(content, "formulario.docm")
    assert result.data.to_dict() == expected_seed(SEEDS[1])
    assert result.warnings == []


def _as_docm(docx: bytes) -> bytes:
    archive = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in archive.infolist():
            data = archive.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"document.main+xml", b"document.macroEnabled.main+xml"
                ).replace(b"wordprocessingml.document.main", b"ms-word.document.macroEnabled.12")
            new.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "mac_roman", "utf-16-le", "utf-8-sig"])
@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_text_in_an_old_encoding_or_with_crlf_reads_its_accents(encoding, ending):
    text = SEEDS[1].read_text(encoding="utf-8").replace("☐", "[ ]").replace("☒", "[x]")
    text = text.replace("\n", ending)
    data = read(text.encode(encoding), "formulario.txt").data
    assert data.to_dict() == expected_seed(SEEDS[1])
    assert "ç" in data.general_notes or "ã" in data.general_notes


def test_windows_1252_quotes_and_dashes_are_not_mistaken_for_latin_1_control_codes():
    text = SEEDS[1].read_text(encoding="utf-8").replace("☐", "[ ]").replace("☒", "[x]")
    text = text.replace("Obs. Geral", "Obs. Geral\n“Contato” – retorno em 5 dias", 1)
    data = read(text.encode("cp1252"), "formulario.txt").data
    assert data.general_notes.startswith("“Contato” – retorno em 5 dias")


@pytest.mark.parametrize(
    ("content", "filename", "reason"),
    [
        (lambda: _zip({"content.xml": b"<x/>", "mimetype": _ODS}), "a.odt", "planilha"),
        (lambda: _zip({"xl/workbook.xml": b"<x/>"}), "a.docx", "planilha do Excel (.xlsx)"),
        (lambda: _zip({"a.txt": b"x"}), "formularios.docx", "corrompido"),
        (lambda: _zip({"a.txt": b"x"}), "formularios.pdf", "é um arquivo .zip"),
        (lambda: _ole("Workbook"), "a.doc", "planilha do Excel (.xls)"),
        (lambda: _ole("EncryptedPackage"), "a.docx", "protegido por senha"),
        (lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "foto.docx", "imagem está corrompida"),
        (lambda: b"\xff\xd8\xff\xe0" + b"\0" * 200, "scan.pdf", "imagem está corrompida"),
    ],
)
def test_a_refusal_names_the_real_problem(content, filename, reason):
    with pytest.raises(UnreadableForm) as error:
        read_form_bytes(content(), filename)
    assert reason in str(error.value)
    assert ".docx está corrompido" not in str(error.value) or filename.endswith(".docx")


def test_a_damaged_odt_is_not_called_a_docx():
    damaged = converted("odt")["glyph.docx"][:3000]
    with pytest.raises(UnreadableForm) as error:
        read_form_bytes(damaged, "formulario.odt")
    assert ".docx" not in str(error.value) and "corrompido" in str(error.value)


def test_a_damaged_word_97_file_says_libreoffice_could_not_open_it():
    content = converted("doc")["glyph.docx"]
    damaged = content[:1024] + b"\0" * (len(content) - 1024)
    with pytest.raises(UnreadableForm) as error:
        read_form_bytes(damaged, "formulario.doc")
    message = str(error.value)
    assert ".doc" in message and ".docx" not in message


def test_without_libreoffice_a_doc_is_refused_saying_what_the_server_needs(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("SOFFICE", raising=False)
    with pytest.raises(UnreadableForm, match="precisa do LibreOffice"):
        read_form_bytes(converted("doc")["glyph.docx"], "formulario.doc")


def test_an_rtf_named_doc_is_read_as_rtf_with_a_warning():
    result = read(converted("rtf")["glyph.docx"], "formulario.doc")
    assert result.data.to_dict() == expected_seed(SEEDS[1])
    assert result.warnings == ["O arquivo tem extensão .doc, mas o conteúdo é RTF."]


_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _ole(stream: str) -> bytes:
    """The start of an OLE2 file whose directory names one stream."""
    return (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + stream.encode("utf-16-le") + b"\0" * 64
    )
