"""Two things analysts do to the cells of a Word form, read right in every rendering of it
(the .docx, its web page, Word's and LibreOffice's "save as text", the Markdown pandoc
writes, the text layouts of the seeds):

- a value typed into its label's cell ("Colaborador: Maria Souza", "CRO 12345 UF SP")
  belongs to that field, and the blank cell beside it moves nothing;
- a blank cell keeps its place in its row: the value after it stays in its own column.
"""

import datetime
import io
import subprocess
from dataclasses import dataclass, field
from functools import cache

import pytest
from docx import Document

from conftest import expected_seed, seed_paths
from formio.casedata import CaseData
from formio.readers import read_form_bytes
from formio.tests.forms import docx_form, text_form
from formio.tests.forms.office import libreoffice

SEEDS = seed_paths()
PANDOC = ["markdown", "gfm", "commonmark", "markdown_strict", "markdown_mmd", "plain"]
FROM_WORD = ["docx", "html", "libreoffice-txt", "word-txt", *(f"pandoc-{t}" for t in PANDOC)]
TEXT_LAYOUTS = ["text-cells", "text-rows", "markdown-cells", "markdown-rows"]


@dataclass(frozen=True)
class Edit:
    """A case: the seed with `fields` changed (what it must read as); on the form, the
    cells under the labels `blank` left blank, and `typed` labels' cells holding the
    text given (their value cells blank; "" empties the label cell too)."""

    fields: tuple = ()
    typed: tuple = ()
    blank: tuple = ()
    blanked_fields: tuple = field(default=())  # fields rendered blank though read set

    def expected(self) -> CaseData:
        data = expected_seed(SEEDS[1])
        for key, value in self.fields:
            target, _, attr = key.rpartition(".")
            (data[target] if target else data)[attr] = value
        return CaseData.from_dict(data)

    def rendered(self) -> CaseData:
        """The case as the form is drawn before the edits: the typed fields empty."""
        data = self.expected().to_dict()
        for key in self.blanked_fields:
            target, _, attr = key.rpartition(".")
            (data[target] if target else data)[attr] = None
        return CaseData.from_dict(data)


def analyst_typed(cell: str) -> Edit:
    """ "Maria Souza" typed into the cell of "Colaborador" as `cell`."""
    return Edit(
        fields=(("analyst", "Maria Souza"),),
        typed=(("Colaborador", cell),),
        blanked_fields=("analyst",),
    )


TYPED = {
    "colaborador-colon": analyst_typed("Colaborador: Maria Souza"),
    "colaborador-space": analyst_typed("Colaborador Maria Souza"),
    "colaborador-spaced-colon": analyst_typed("Colaborador : Maria Souza"),
    "colaborador-dash": analyst_typed("Colaborador - Maria Souza"),
    "cro-uf-slash": Edit(
        fields=(("provider.cro", "12345"), ("provider.cro_uf", "SP")),
        typed=(("CRO", "CRO/UF: 12345/SP"), ("UF", "")),
        blanked_fields=("provider.cro", "provider.cro_uf"),
    ),
    "cro-uf-words": Edit(
        fields=(("provider.cro", "012345"), ("provider.cro_uf", "SP")),
        typed=(("CRO", "CRO 012345 UF SP"), ("UF", "")),
        blanked_fields=("provider.cro", "provider.cro_uf"),
    ),
    "data-inicio-colon": Edit(
        fields=(("started_on", "2024-02-09"), ("days_to_finish", 40)),
        typed=(("Data início", "Data início: 09/02/2024"),),
        blanked_fields=("started_on",),
    ),
    "data-inicio-colon-and-data-final-blank": Edit(
        fields=(("started_on", "2024-02-09"), ("finished_on", None), ("days_to_finish", 40)),
        typed=(("Data início", "Data início: 09/02/2024"),),
        blanked_fields=("started_on",),
    ),
    "data-inicio-final-slash": Edit(
        fields=(("started_on", "2024-02-09"), ("days_to_finish", 40)),
        typed=(
            ("Data início", "Data início / Data final: 09/02/2024 / 20/03/2024"),
            ("Data final", ""),
        ),
        blanked_fields=("started_on", "finished_on"),
    ),
    "colaborador-colon-and-qtd-blank": Edit(
        fields=(("analyst", "Maria Souza"), ("cro_count", None)),
        typed=(("Colaborador", "Colaborador: Maria Souza"),),
        blanked_fields=("analyst",),
    ),
    "cro-uf-slash-and-nome-blank": Edit(
        fields=(("provider.cro", "12345"), ("provider.cro_uf", "SP"), ("provider.name", None)),
        typed=(("CRO", "CRO/UF: 12345/SP"), ("UF", "")),
        blanked_fields=("provider.cro", "provider.cro_uf"),
    ),
}

BLANK = {
    "colaborador": Edit(fields=(("analyst", None),)),
    "first-row": Edit(fields=(("analyst", None), ("cro_count", None), ("form_date", None))),
    "data-inicio": Edit(fields=(("started_on", None), ("days_to_finish", None))),
    "moeda-row-and-data-inicio": Edit(
        fields=(
            ("unit_value", None),
            ("last_production", None),
            ("started_on", None),
            ("days_to_finish", None),
        ),
        blank=("Valor última prod.",),  # "R$ -" erased too: the whole row is blank
    ),
    "cro-and-uf": Edit(fields=(("provider.cro", None), ("provider.cro_uf", None))),
    "cidade": Edit(fields=(("city", None),)),
}


# -- the form as Word holds it, and what Word and LibreOffice make of it ------------------


def word_form(edit: Edit) -> bytes:
    document = Document(io.BytesIO(docx_form(edit.rendered())))
    for label, text in edit.typed:
        cell, below = label_cell(document, label)
        set_text(cell, text)
        set_text(below, "")
    for label in edit.blank:
        set_text(label_cell(document, label)[1], "")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def label_cell(document, label: str):
    """The first cell holding just `label` in a row of labels, and the cell under it."""
    for table in document.tables:
        if len(table.rows) < 2:
            continue
        for i, cell in enumerate(table.rows[0].cells):
            if cell.text.strip() == label:
                return cell, table.rows[1].cells[i]
    raise AssertionError(f"no label cell {label!r}")


def set_text(cell, text: str) -> None:
    for paragraph in cell.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    cell.paragraphs[0].text = text


def word_save_as_text(content: bytes) -> bytes:
    """Word's "Texto sem formatação": a table row is one line, its cells separated by a
    tab (a blank cell leaves two tabs side by side), a cell's paragraphs on lines of
    their own; every paragraph ends with CR LF."""
    document = Document(io.BytesIO(content))
    lines = []
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            lines.append("".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")))
        elif element.tag.endswith("}tbl"):
            table = next(t for t in document.tables if t._tbl is element)
            for row in table.rows:
                cells = ["\r\n".join(p.text for p in cell.paragraphs) for cell in row.cells]
                lines.append("\t".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def pandoc(content: bytes, to: str) -> bytes:
    return subprocess.run(
        ["pandoc", "-f", "docx", "-t", to], input=content, capture_output=True, check=True
    ).stdout


@cache
def office_renderings() -> dict[str, dict[str, bytes]]:
    """LibreOffice's web page and text of every case, in two LibreOffice runs."""
    words = {f"{kind}-{name}.docx": word_form(e) for kind, name, e in all_cases()}
    return {to: libreoffice(words, to) for to in ("html", "txt")}


def all_cases():
    yield from (("typed", name, e) for name, e in TYPED.items())
    yield from (("blank", name, e) for name, e in BLANK.items())


def rendering(kind: str, name: str, how: str) -> tuple[bytes, str]:
    edit = (TYPED if kind == "typed" else BLANK)[name]
    if how == "docx":
        return word_form(edit), "f.docx"
    if how == "html":
        return office_renderings()["html"][f"{kind}-{name}.docx"], "f.html"
    if how == "libreoffice-txt":
        return office_renderings()["txt"][f"{kind}-{name}.docx"], "f.txt"
    if how == "word-txt":
        return word_save_as_text(word_form(edit)), "f.txt"
    if how.startswith("pandoc-"):
        return pandoc(word_form(edit), how.removeprefix("pandoc-")), "f.md"
    return text_layout(edit, how), "f.md" if how.startswith("markdown") else "f.txt"


def read(kind: str, name: str, how: str):
    content, filename = rendering(kind, name, how)
    return read_form_bytes(content, filename)


# -- the seeds' text layouts (blank cells vanish there), edited like the Word form -------


def text_layout(edit: Edit, how: str) -> bytes:
    markup, layout = how.split("-")
    text = text_form(edit.rendered(), layout=layout)
    for label, typed in edit.typed:
        text = retyped(text, label, typed, layout)
    if markup == "markdown":
        text = text.replace("R$", "R\\$")
    return text.encode()


def retyped(text: str, label: str, typed: str, layout: str) -> str:
    """`label`'s first cell holding `typed` instead (nothing, when empty)."""
    if layout == "cells":
        blocks = text.split("\n\n")
        i = blocks.index(label)
        return "\n\n".join(blocks[:i] + ([typed] if typed else []) + blocks[i + 1 :])
    lines = text.split("\n")
    for n, line in enumerate(lines):
        cells = line.split("  ")
        if label in cells:
            i = cells.index(label)
            lines[n] = "  ".join(cells[:i] + ([typed] if typed else []) + cells[i + 1 :])
            return "\n".join(lines)
    raise AssertionError(label)


# -- the tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", FROM_WORD + TEXT_LAYOUTS)
@pytest.mark.parametrize("name", TYPED)
def test_a_value_typed_into_its_label_cell_belongs_to_that_field(name, how):
    result = read("typed", name, how)
    assert result.data.to_dict() == TYPED[name].expected().to_dict()
    assert result.warnings == []


@pytest.mark.parametrize("how", FROM_WORD)
@pytest.mark.parametrize("name", BLANK)
def test_a_blank_cell_keeps_the_values_after_it_in_their_own_columns(name, how):
    result = read("blank", name, how)
    assert result.data.to_dict() == BLANK[name].expected().to_dict()
    assert result.warnings == []


def test_word_text_really_holds_consecutive_tabs_and_pandoc_empty_pipe_cells():
    edit = BLANK["colaborador"]
    assert "\r\n\t1\t20/03/2024\r\n" in word_save_as_text(word_form(edit)).decode()
    assert "|  " in pandoc(word_form(edit), "gfm").decode().split("\n")[2]
    assert b"\nData\n\n1\n" in office_renderings()["txt"]["blank-colaborador.docx"]


def test_the_operator_stays_in_operadora_when_the_first_row_is_blank_in_word_text():
    data = read("blank", "first-row", "word-txt").data
    assert data.analyst is None and data.operator == "ODONTOLIFE"


def test_the_final_date_stays_in_data_final_when_data_inicio_is_blank_in_markdown():
    data = read("blank", "moeda-row-and-data-inicio", "pandoc-gfm").data
    assert data.last_production is None and data.started_on is None
    assert data.finished_on == datetime.date(2024, 3, 20)


@pytest.mark.parametrize("how", ["docx", "word-txt", "pandoc-gfm", "text-cells", "text-rows"])
def test_notes_that_start_with_a_label_word_stay_notes(how):
    notes = "Colaborador Maria Souza ligou para a dentista.\nData início combinada por telefone."
    contact = "Data 13/03/2024 confirmada por telefone."
    edit = Edit(fields=(("general_notes", notes),))
    data = edit.expected()
    data.contacts[1].notes = contact
    content = {
        "docx": lambda: docx_form(data),
        "word-txt": lambda: word_save_as_text(docx_form(data)),
        "pandoc-gfm": lambda: pandoc(docx_form(data), "gfm"),
        "text-cells": lambda: text_form(data).encode(),
        "text-rows": lambda: text_form(data, layout="rows").encode(),
    }[how]()
    result = read_form_bytes(content, "f.docx" if how == "docx" else "f.md")
    assert result.data.to_dict() == data.to_dict()
    assert result.data.analyst is None


@pytest.mark.parametrize("layout", ["text-cells", "text-rows"])
def test_two_forms_with_the_analyst_typed_beside_colaborador_are_read_apart(layout):
    edit = TYPED["colaborador-colon"]
    form = text_layout(edit, layout)
    result = read_form_bytes(form + b"\n\n" + form, "f.txt")
    assert result.data.to_dict() == edit.expected().to_dict()
    assert [other.data.to_dict() for other in result.others] == [edit.expected().to_dict()]


def test_a_sentence_typed_after_colaborador_in_a_note_does_not_open_a_second_form():
    data = TYPED["colaborador-colon"].expected()
    data.general_notes = "Colaborador informou a dentista sobre o prazo."
    result = read_form_bytes(docx_form(data), "f.docx")
    assert result.others == [] and result.data.to_dict() == data.to_dict()
