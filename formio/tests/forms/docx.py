"""The form as a Word document, with the kinds of boxes Word forms really hold.

boxes="glyph": ☒/☐ typed as text; "sdt": checkbox content controls (w14:checkbox, the
box Word 2010+ inserts); "legacy": form-field checkboxes (FORMCHECKBOX fields). Values
of rows sit inside plain-text content controls when `controls` is true, which
python-docx's `.text` would miss.
"""

import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from .layout import Boxes, Contact, Free, Row, Signatures, sections

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"


def docx_form(data, *, boxes: str = "glyph", controls: bool = False) -> bytes:
    document = Document()
    document.add_paragraph("Formulário - Processo de Retenção", style="Title")
    for item in sections(data):
        _add(document, item, boxes, controls)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pasted_docx(first, second) -> bytes:
    """The second form's body appended to the first's, as Word's copy and paste does."""
    one = Document(io.BytesIO(docx_form(first)))
    two = Document(io.BytesIO(docx_form(second)))
    section = one.element.body[-1]
    for element in list(two.element.body)[:-1]:  # all but the second one's section
        section.addprevious(element)
    out = io.BytesIO()
    one.save(out)
    return out.getvalue()


def _add(document, item, boxes: str, controls: bool) -> None:
    if isinstance(item, Row):
        table = document.add_table(rows=2, cols=len(item.cells))
        for i, (label, value) in enumerate(item.cells):
            _write(table.cell(0, i).paragraphs[0], label)
            _write(table.cell(1, i).paragraphs[0], value, control=controls)
    elif isinstance(item, Boxes):
        cols = 4 if item.trailing else 2
        table = document.add_table(rows=1, cols=cols)
        _write(table.cell(0, 0).paragraphs[0], item.label)
        cell = table.cell(0, 1)
        for i, (ticked, text) in enumerate(item.options):
            paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            _box(paragraph, ticked, boxes)
            paragraph.add_run(f" {text}")
        if item.trailing:
            _write(table.cell(0, 2).paragraphs[0], item.trailing[0])
            _lines(table.cell(0, 3), item.trailing[1])
    elif isinstance(item, Contact):
        table = document.add_table(rows=1, cols=5)
        texts = [f"{item.number}º contato", "Data", item.date, "Obs.:"]
        for i, text in enumerate(texts):
            _write(table.cell(0, i).paragraphs[0], text)
        _breaks(table.cell(0, 4).paragraphs[0], item.notes)
    elif isinstance(item, Free):
        table = document.add_table(rows=1, cols=2)
        _write(table.cell(0, 0).paragraphs[0], item.label)
        if item.instruction:
            table.cell(0, 0).add_paragraph(item.instruction)
        _lines(table.cell(0, 1), item.text)
    elif isinstance(item, Signatures):
        for name in item.names:
            document.add_paragraph(name)


def _write(paragraph, text: str, *, control: bool = False) -> None:
    if not text:
        return
    if not control:
        paragraph.add_run(text)
        return
    sdt = OxmlElement("w:sdt")
    properties = OxmlElement("w:sdtPr")
    properties.append(OxmlElement("w:text"))
    content = OxmlElement("w:sdtContent")
    content.append(_run(text))
    sdt.append(properties)
    sdt.append(content)
    paragraph._p.append(sdt)


def _lines(cell, text: str) -> None:
    """Each line of free text its own paragraph in the cell."""
    for i, line in enumerate(text.split("\n") if text else []):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.add_run(line)


def _breaks(paragraph, text: str) -> None:
    """Lines of free text separated by Word line breaks (w:br) in one paragraph."""
    for i, line in enumerate(text.split("\n") if text else []):
        run = paragraph.add_run()
        if i:
            run.add_break()
        run.add_text(line)


def _run(text: str):
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    return run


def _box(paragraph, ticked: bool, kind: str) -> None:
    if kind == "sdt":
        paragraph._p.append(_checkbox_control(ticked))
    elif kind == "legacy":
        for run in _legacy_checkbox(ticked):
            paragraph._p.append(run)
    else:
        paragraph.add_run("☒" if ticked else "☐")


def _checkbox_control(ticked: bool):
    """<w:sdt> with <w14:checkbox>, as Word 2010+ writes it."""
    value = "1" if ticked else "0"
    xml = (
        f'<w:sdt xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:w14="{W14}"><w:sdtPr><w:id w:val="1"/><w14:checkbox>'
        f'<w14:checked w14:val="{value}"/>'
        '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
        '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/>'
        "</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:t>"
        f"{'☒' if ticked else '☐'}</w:t></w:r></w:sdtContent></w:sdt>"
    )
    return etree.fromstring(xml)


def _legacy_checkbox(ticked: bool) -> list:
    """The runs of a FORMCHECKBOX field: begin (with its ffData), code, end."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    begin = etree.fromstring(
        f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check"/>'
        '<w:enabled/><w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/>'
        f'<w:default w:val="0"/><w:checked w:val="{int(ticked)}"/></w:checkBox>'
        "</w:ffData></w:fldChar></w:r>"
    )
    code = etree.fromstring(
        f'<w:r xmlns:w="{w}"><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
    )
    end = etree.fromstring(f'<w:r xmlns:w="{w}"><w:fldChar w:fldCharType="end"/></w:r>')
    return [begin, code, end]
