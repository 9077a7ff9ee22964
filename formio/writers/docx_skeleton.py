"""Builds case_form.docx, the empty Word document the DOCX writer fills (run once, when the
page or the styles change, and commit the file):

    .venv/bin/python -m formio.writers.docx_skeleton

The skeleton holds what every printed form shares: an A4 page with the paper's margins,
"Página X de Y" in the footer as Word fields (Word renumbers them after an edit), and the
named styles the writer's template applies (Word users see them in the styles pane):

    FormTitle    the title, bold 14 pt          PrintedLine  "Impresso em", right, 7,5 pt
    Label        bold run (labels, headings)    Instruction  the bold 7,5 pt instruction
    Signature    a centred name under a line to sign on
    TableGrid    Word's own grid table style (python-docx's default document has it)

python-docx has no API for fields or paragraph borders, so those two are written as XML on
the public `element` of a run and of a style.
"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SKELETON = Path(__file__).with_name("case_form.docx")
FONT = "Arial"
SMALL = Pt(7.5)


def build(path: Path = SKELETON) -> None:
    document = Document()
    document.core_properties.title = "Formulário - Processo de Retenção"
    document.core_properties.author = document.core_properties.last_modified_by = "Retenção"
    _page(document.sections[0])
    _styles(document.styles)
    _page_numbers(document.sections[0].footer.paragraphs[0])
    document.save(path)


def _page(section) -> None:
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(13)
    section.top_margin, section.bottom_margin = Mm(14), Mm(16)


def _styles(styles) -> None:
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(8.5)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    title = _style(styles, "FormTitle", "Título do formulário", WD_STYLE_TYPE.PARAGRAPH)
    title.font.bold, title.font.size = True, Pt(14)
    printed = _style(styles, "PrintedLine", "Impresso em", WD_STYLE_TYPE.PARAGRAPH)
    printed.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    printed.font.size, printed.font.color.rgb = SMALL, RGBColor(0x33, 0x33, 0x33)
    _style(styles, "Label", "Rótulo", WD_STYLE_TYPE.CHARACTER).font.bold = True
    instruction = _style(styles, "Instruction", "Instrução", WD_STYLE_TYPE.CHARACTER)
    instruction.font.bold, instruction.font.size = True, SMALL
    signature = _style(styles, "Signature", "Assinatura", WD_STYLE_TYPE.PARAGRAPH)
    _line_above(signature)  # first: the border comes before alignment in Word's XML order
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    signature.paragraph_format.left_indent = signature.paragraph_format.right_indent = Mm(5)


def _style(styles, style_id: str, name: str, kind):
    style = styles.add_style(name, kind)
    style.style_id = style_id
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = styles["Normal"]
    return style


def _line_above(style) -> None:
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "4"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    style.element.get_or_add_pPr().append(borders)


def _page_numbers(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for piece in ("Página ", "PAGE", " de ", "NUMPAGES"):
        if piece.isupper():
            _field(paragraph, piece)
        else:
            paragraph.add_run(piece).font.size = SMALL


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word computes when it lays out the pages."""
    for kind in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run("1" if kind == "result" else None)
        run.font.size = SMALL
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
            run.element.append(element)
        elif kind != "result":
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run.element.append(element)


if __name__ == "__main__":
    build()
    print(f"escrito {SKELETON}")
