"""The case as a Word document with the paper form's layout (python-docx).

Real tables, editable in Word: one table of GRID columns where each cell spans what
`layout` says; boxes are the ☐/☒ characters. The page number ("Página X de Y") sits in
the page footer as Word fields, so it stays right after editing.
"""

import datetime
import io

from docx import Document as new_document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import _Cell

from formio.casedata import CaseData
from formio.vocabulary import OUTROS_INSTRUCTION, PRINTED, Vocabulary

from . import layout
from .pdf import SIGN_COLUMNS, signature_rows, today

FONT = "Arial"
SHADES = {"label": "EEEEEE", "heading": "D9D9D9"}
COLUMN_WIDTH = Mm(184 / layout.GRID)


def render_docx(
    data: CaseData,
    *,
    printed_on: datetime.date | None = None,
    case_ref: str | None = None,
    vocabulary: Vocabulary = PRINTED,
) -> bytes:
    """The filled form as .docx bytes; `printed_on` (default today) is printed at the top,
    the option lists are `vocabulary`'s (cases.vocabulary.current(keeping=data))."""
    printed_on = printed_on or today()
    doc = layout.build(data, printed_on=printed_on, case_ref=case_ref, vocabulary=vocabulary)
    document = new_document()
    _page(document)
    _title(document, doc)
    table = _table(document, layout.GRID)
    for row in doc.rows:
        _row(table, row)
    _signatures(document, doc.signatures)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(13)
    section.top_margin, section.bottom_margin = Mm(14), Mm(16)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(8.5)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.space_before = Pt(0)
    _page_numbers(section.footer.paragraphs[0])


def _page_numbers(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for piece in ("Página ", "PAGE", " de ", "NUMPAGES"):
        if piece.isupper():
            _field(paragraph, piece)
        else:
            paragraph.add_run(piece).font.size = Pt(7.5)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word computes when it lays out the pages."""
    parts = [("begin", None), ("instr", instruction), ("separate", None), ("result", "1")]
    for kind, text in [*parts, ("end", None)]:
        run = paragraph.add_run()
        run.font.size = Pt(7.5)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "result":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run.element.append(element)


def _title(document, doc: layout.Document) -> None:
    title = document.add_paragraph()
    run = title.add_run(doc.title)
    run.bold, run.font.size = True, Pt(14)
    printed = document.add_paragraph()
    printed.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    small = printed.add_run(doc.printed_line)
    small.font.size, small.font.color.rgb = Pt(7.5), RGBColor(0x33, 0x33, 0x33)


def _table(document, columns: int):
    table = document.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column in table.columns:
        column.width = COLUMN_WIDTH
    return table


def _row(table, cells: list[layout.Cell]) -> None:
    """One row of the grid, each cell spanning its columns (w:gridSpan), then filled.

    Written directly rather than with `add_row()` and `merge()`, which cost ten times more.
    """
    tr = table._tbl.add_tr()
    for cell in cells:
        tc = tr.add_tc()
        tc.width = COLUMN_WIDTH * cell.span
        if cell.span > 1:
            tc.grid_span = cell.span
        _fill(_Cell(tc, table), cell)


def _fill(target, cell: layout.Cell) -> None:
    paragraph = target.paragraphs[0]
    if cell.kind == "justification":
        instruction = paragraph.add_run(OUTROS_INSTRUCTION)
        instruction.bold, instruction.font.size = True, Pt(7.5)
        if cell.text:
            paragraph = target.add_paragraph()
    if cell.text:
        run = paragraph.add_run(cell.text)  # "\n" becomes a line break (w:br)
        run.bold = cell.kind in SHADES or cell.kind == "ticked"
    if cell.kind in SHADES:
        _shade(target, SHADES[cell.kind])


def _shade(target, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    target._tc.get_or_add_tcPr().append(shading)


def _signatures(document, names: list[str]) -> None:
    document.add_paragraph()
    table = _table(document, SIGN_COLUMNS)
    _row(table, [layout.Cell("Assinaturas", SIGN_COLUMNS, "heading")])
    for pair in signature_rows(names):
        row = table.add_row()
        row.height = Mm(19)
        for target, name in zip(row.cells, pair, strict=True):
            _signature_cell(target, name)


def _signature_cell(target, name: str) -> None:
    """Room to sign, a line, and the name under it."""
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    paragraph = target.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = Mm(5)
    _line_above(paragraph)
    if name:
        paragraph.add_run(name)


def _line_above(paragraph) -> None:
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)
