"""Word (.docx) forms: the document XML walked directly, in reading order.

python-docx's `.text` skips text inside content controls (w:sdt) and knows nothing of
checkboxes, so the reader walks word/document.xml itself (RECIPES.md):

- each table cell is a block, each paragraph (or w:br line break) in it a line;
- a checkbox content control (w14:checkbox) or a legacy form-field checkbox
  (w:ffData/w:checkBox) becomes ☒ or ☐ as it is ticked; a Wingdings box symbol too;
- text inside other content controls, fields' results and insertions is read; deleted
  text, field codes and the fallback copy of drawings are not.
"""

import io
import zipfile

from lxml import etree

from .errors import UnreadableForm
from .mdtables import EMPTY_CELL, Cell, table_blocks

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_XML_BYTES = 30 * 1024 * 1024
TICK, BOX = "☒", "☐"
__all__ = ["EMPTY_CELL", "EMPHASIS", "docx_blocks", "text_of"]  # EMPTY_CELL: see mdtables
# Starts a line whose every word is bold or highlighted: how some analysts marked an
# option instead of ticking its box. The parser counts it only when no box of the list is
# ticked.
EMPHASIS = "\u2401"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT = (_w(t) for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
T, TAB, BR, CR, SYM, FLDCHAR = (_w(t) for t in ("t", "tab", "br", "cr", "sym", "fldChar"))
RUN = _w("r")
_MARKS = tuple(f".//{_w(tag)}" for tag in ("b", "highlight", "shd"))
SKIPPED = {_w("delText"), _w("instrText"), _w("sdtPr"), _w("rPr"), _w("pPr"), f"{{{MC}}}Fallback"}
# Tracked changes count as accepted: deleted and moved-away text is gone, comments' marks
# hold no text (the comments themselves live in another part, never read).
SKIPPED |= {_w("del"), _w("moveFrom"), _w("tcPr"), _w("trPr")}
# Wingdings/Segoe symbols Word uses for boxes: checked and unchecked.
SYMBOLS = {"F0FE": TICK, "F078": TICK, "F0FD": TICK, "F0A8": BOX, "F06F": BOX, "F0A1": BOX}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def docx_blocks(content: bytes) -> list[list[str]]:
    body = _body(content)
    blocks: list[list[str]] = []
    _walk_container(body, blocks)
    return [block for block in blocks if any(line.strip() for line in block)]


def text_of(blocks: list[list[str]]) -> str:
    """The blocks as the plain text shown beside the preview (no empty-cell marks)."""
    kept = (block for block in blocks if block != [EMPTY_CELL])
    text = "\n\n".join("\n".join(block) for block in kept)
    return text.replace(EMPHASIS, "").replace(EMPTY_CELL, "")  # blank cells in a row too


def _body(content: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        info = archive.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError, ValueError, EOFError):
        raise UnreadableForm("o arquivo .docx está corrompido") from None
    if info.file_size > MAX_XML_BYTES:
        raise UnreadableForm("o documento .docx é grande demais para ser um formulário")
    try:
        xml = archive.read(info)
        root = etree.fromstring(xml, _PARSER)
    except Exception:  # zlib, CRC and XML errors: all mean a damaged file
        raise UnreadableForm("o arquivo .docx está corrompido") from None
    body = root.find(_w("body"))
    if body is None:
        raise UnreadableForm("o arquivo .docx está corrompido")
    return body


def _walk_container(element, blocks: list[list[str]]) -> None:
    """Body, cell or block-level content control: paragraphs and tables in order."""
    for child in element:
        if child.tag == P:
            blocks.append(_paragraph_lines(child))
        elif child.tag == TBL:
            _walk_table(child, blocks)
        elif child.tag == SDT:
            if _checkbox_state(child) is not None:
                blocks.append([TICK if _checkbox_state(child) else BOX])
            else:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    _walk_container(content, blocks)


def _walk_table(table, blocks: list[list[str]]) -> None:
    rows = (
        [_cell(cell) for cell in _row_cells(row)]
        for row in table.iter(TR)
        if _parent_table(row) is table and not _deleted_row(row)
    )
    blocks.extend(table_blocks(rows))


def _row_cells(row):
    for cell in row:
        if cell.tag == TC:
            yield cell
        elif cell.tag == SDT:  # a content control around whole cells
            yield from cell.iter(TC)


def _span(cell) -> int:
    span = cell.find(f"{_w('tcPr')}/{_w('gridSpan')}")
    try:
        return max(1, int(span.get(_w("val"), "1"))) if span is not None else 1
    except ValueError:
        return 1


def _merged_below(cell) -> bool:
    """A cell continuing a vertical merge: its text is the one above."""
    merge = cell.find(f"{_w('tcPr')}/{_w('vMerge')}")
    return merge is not None and merge.get(_w("val"), "continue") != "restart"


def _deleted_row(row) -> bool:
    """A table row deleted with tracked changes on."""
    return row.find(f"{_w('trPr')}/{_w('del')}") is not None


def _parent_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != TBL:
        parent = parent.getparent()
    return parent


def _cell(cell) -> Cell:
    """A cell's lines; a table nested in it adds its own cells after."""
    lines: list[str] = []
    nested: list[list[str]] = []
    for child in cell:
        if child.tag == P:
            lines.extend(_paragraph_lines(child))
        elif child.tag == TBL:
            _walk_table(child, nested)
        elif child.tag == SDT:
            inner: list[list[str]] = []
            _walk_container(child, inner)
            for block in inner:
                lines.extend(block)
    return Cell(lines, _span(cell), _merged_below(cell), nested)


def _paragraph_lines(paragraph) -> list[str]:
    pieces: list[str] = []
    _inline(paragraph, pieces)
    lines = "".join(pieces).split("\n")
    if len(lines) == 1 and 0 < len(lines[0]) < 80 and _emphasized(paragraph):
        lines[0] = EMPHASIS + lines[0]
    return lines


def _emphasized(paragraph) -> bool:
    """Every run with words in it bold, highlighted or shaded (boxes aside)."""
    if not any(paragraph.find(mark) is not None for mark in _MARKS):
        return False  # most paragraphs: no such mark at all, no need to look at each run
    seen = False
    for run in paragraph.iter(RUN):
        text = "".join(t.text or "" for t in run.iter(T))
        if not text.strip(f" {TICK}{BOX}"):
            continue
        properties = run.find(_w("rPr"))
        if properties is None or not _emphasis(properties):
            return False
        seen = True
    return seen


def _emphasis(properties) -> bool:
    bold = properties.find(_w("b"))
    if bold is not None and bold.get(_w("val"), "1").lower() not in ("0", "false", "off"):
        return True
    highlight = properties.find(_w("highlight"))
    if highlight is not None and highlight.get(_w("val"), "none") != "none":
        return True
    shading = properties.find(_w("shd"))
    return shading is not None and (shading.get(_w("fill")) or "auto").lower() not in (
        "auto",
        "ffffff",
    )


def _inline(element, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in SKIPPED or not isinstance(tag, str):
            continue
        if tag == T:
            pieces.append(child.text or "")
        elif tag == TAB:
            pieces.append("  ")
        elif tag in (BR, CR):
            pieces.append("\n")
        elif tag == SYM:
            pieces.append(SYMBOLS.get((child.get(_w("char")) or "").upper(), ""))
        elif tag == FLDCHAR:
            pieces.append(_legacy_checkbox(child))
        elif tag == SDT and _checkbox_state(child) is not None:
            pieces.append(TICK if _checkbox_state(child) else BOX)
        elif tag == P:  # a text box's paragraphs inside a run
            _inline(child, pieces)
            pieces.append("\n")
        else:
            _inline(child, pieces)


def _checkbox_state(sdt) -> bool | None:
    """True/False for a checkbox content control, None for any other control."""
    properties = sdt.find(_w("sdtPr"))
    if properties is None:
        return None
    box = properties.find(f"{{{W14}}}checkbox")
    if box is None:
        return None
    checked = box.find(f"{{{W14}}}checked")
    value = checked.get(f"{{{W14}}}val", "1") if checked is not None else "0"
    return value.lower() in ("1", "true", "on")


def _legacy_checkbox(field_char) -> str:
    """☒/☐ for the start of a FORMCHECKBOX field; nothing for any other field mark."""
    box = field_char.find(f"{_w('ffData')}/{_w('checkBox')}")
    if box is None:
        return ""
    state = box.find(_w("checked"))
    if state is None:
        state = box.find(_w("default"))
    if state is None:
        return BOX
    return TICK if state.get(_w("val"), "1").lower() in ("1", "true", "on") else BOX
