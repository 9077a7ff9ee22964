"""Whatever the bytes, a reader answers with a ReadResult or an UnreadableForm."""

import io
import zipfile
from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData, schema_errors
from formio.readers import ReadResult, UnreadableForm, read_form_bytes
from formio.tests.forms import docx_form, pdf_form
from formio.tests.forms.html import word_html_form
from formio.tests.forms.office import libreoffice, word_rtf_form

SEEDS = seed_paths()
SEED_TEXT = [p.read_text(encoding="utf-8") for p in SEEDS]
FILENAMES = st.sampled_from(
    ["form.txt", "form.md", "form.docx", "form.pdf", "form", "x.DOCX", "a.doc", "a.odt", "a.htm"]
)
LOOSE = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def seed_docx() -> bytes:
    return docx_form(CaseData.from_dict(expected_seed(SEEDS[1])), boxes="sdt", controls=True)


@cache
def seed_pdf() -> bytes:
    return pdf_form(CaseData.from_dict(expected_seed(SEEDS[1])))


def outcome(content: bytes, filename: str):
    """The reader's answer; anything but these two would escape as a traceback."""
    try:
        result = read_form_bytes(content, filename)
    except UnreadableForm as error:
        assert str(error) and "\n" not in str(error)
        assert "erro inesperado" not in str(error)  # a reader bug caught by the safety net
        return error
    assert isinstance(result, ReadResult)
    assert schema_errors(result.data.to_dict()) == []
    assert all(isinstance(w, str) for w in result.warnings)
    return result


@LOOSE
@given(st.binary(max_size=4000), FILENAMES)
def test_random_bytes_never_escape_as_another_exception(content, filename):
    outcome(content, filename)


@LOOSE
@given(st.sampled_from(SEED_TEXT), st.data())
def test_mutated_seed_text_always_reads_to_a_schema_valid_case(text, data):
    lines = text.split("\n")
    for _ in range(data.draw(st.integers(0, 8))):
        i = data.draw(st.integers(0, len(lines) - 1))
        edit = data.draw(st.sampled_from(["drop", "duplicate", "replace", "swap"]))
        if edit == "drop":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "replace":
            lines[i] = data.draw(st.text(max_size=40))
        elif i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        if not lines:
            lines = [""]
    outcome("\n".join(lines).encode("utf-8", errors="surrogatepass"), "form.txt")


@LOOSE
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=600))
def test_arbitrary_text_never_escapes_as_another_exception(text):
    outcome(text.encode("utf-8"), "form.md")


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_truncated_or_corrupted_word_files_give_an_answer(data):
    content = bytearray(seed_docx())
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    for _ in range(data.draw(st.integers(0, 20))):
        if content:
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    outcome(bytes(content), "form.docx")


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_truncated_or_corrupted_pdfs_give_an_answer(data):
    content = bytearray(seed_pdf())
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    for _ in range(data.draw(st.integers(0, 20))):
        if content:
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    outcome(bytes(content), "form.pdf")


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["word/document.xml", "other.xml"]))
def test_a_zip_with_junk_inside_gives_an_answer(junk, name):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, junk)
    outcome(out.getvalue(), "form.docx")


@cache
def seed_page() -> bytes:
    return word_html_form(CaseData.from_dict(expected_seed(SEEDS[1])))


def mutated(content: bytes, data) -> bytes:
    content = bytearray(content)
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    for _ in range(data.draw(st.integers(0, 20))):
        if content:
            content[data.draw(st.integers(0, len(content) - 1))] = data.draw(st.integers(0, 255))
    return bytes(content)


@settings(max_examples=60, deadline=None)
@given(st.data(), st.sampled_from(["form.html", "form.txt", "form.doc"]))
def test_truncated_or_corrupted_web_pages_give_an_answer(data, filename):
    outcome(mutated(seed_page(), data), filename)


@LOOSE
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["<td>", "</td>", "<tr>", "<table>", "<br>", "<p>", "<del>", "</p>"]),
            st.sampled_from(["<input type=checkbox checked>", "<!--", "-->", "<span style='"]),
            st.sampled_from(["Colaborador", "CRO", "☒ Desligamento", "&nbsp;", "&#x", ";"]),
            st.text(max_size=20),
        ),
        max_size=60,
    )
)
def test_arbitrary_markup_never_escapes_as_another_exception(pieces):
    outcome(("<html><body>" + "".join(pieces)).encode("utf-8", "surrogatepass"), "form.html")


@settings(max_examples=8, deadline=None)  # each one runs LibreOffice
@given(st.data())
def test_truncated_or_corrupted_rtf_gives_an_answer(data):
    content = mutated(word_rtf_form(CaseData.from_dict(expected_seed(SEEDS[1]))), data)
    outcome(content if content.startswith(b"{\\rtf") else b"{\\rtf1" + content, "form.rtf")


@cache
def seed_old_office() -> dict[str, bytes]:
    docx = {"form.docx": seed_docx()}
    return {to: libreoffice(docx, to)["form.docx"] for to in ("doc", "odt")}


@settings(max_examples=8, deadline=None)  # each one runs LibreOffice
@given(st.data(), st.sampled_from(["doc", "odt"]))
def test_truncated_or_corrupted_word_97_and_odt_files_give_an_answer(data, kind):
    outcome(mutated(seed_old_office()[kind], data), f"form.{kind}")


@cache
def seed_pandoc_markdown() -> list[str]:
    import subprocess

    markdown = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "markdown"],
        input=seed_docx(),
        capture_output=True,
        check=True,
    ).stdout.decode()
    return markdown.split("\n")


@LOOSE
@given(st.data())
def test_mutated_pandoc_tables_always_read_to_a_schema_valid_case(data):
    lines = list(seed_pandoc_markdown())
    for _ in range(data.draw(st.integers(0, 10))):
        i = data.draw(st.integers(0, len(lines) - 1))
        edit = data.draw(st.sampled_from(["drop", "duplicate", "cut", "rule"]))
        if edit == "drop":
            del lines[i]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "cut":
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        else:
            lines.insert(
                i, data.draw(st.sampled_from(["  -----", "+---+--+", "  --- ---", "<table>"]))
            )
        if not lines:
            lines = [""]
    outcome("\n".join(lines).encode("utf-8"), "form.md")
