"""Forms saved as a web page (Word's and LibreOffice's "Salvar como página da web").

The page is parsed (lxml's HTML parser), not read as text, and walked like a Word
document: each table cell is a block, each paragraph or <br> in it a line; outside
tables each paragraph is a block. A checkbox is `<input type="checkbox" checked>` (a
legacy form field), a box glyph, or a Wingdings symbol in Word's markup; all become ☒/☐.
Never values: the head, scripts and styles, comments (Word's conditional ones included),
deleted text (<del>, <s>), hidden text (display:none, mso-hide:all) and Word's comment
balloons and their list. A single-file page (.mht) is MIME: its HTML part is read.
"""

import email
import email.policy
import re

from lxml import etree
from lxml import html as lxml_html

from .docx import BOX, SYMBOLS, TICK
from .errors import UnreadableForm
from .mdtables import Cell, table_blocks
from .text import decode

_DROPPED = {"head", "script", "style", "noscript", "template", "del", "s", "strike", "title"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dt", "dd"}
_BLOCKS |= {"ul", "ol", "dl", "section", "article", "center", "form", "body", "caption"}
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.I)
_COMMENT_MARK = re.compile(r"msocom|mso-element\s*:\s*comment|MsoCommentReference", re.I)
_SYMBOL_FONT = re.compile(r"(?:font-family|mso-symbol-font-family)\s*:\s*[\"']?wingdings", re.I)
_TAB = re.compile(r"mso-tab-count", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w:.-]+)", re.I)
_SPACES = re.compile(r"[ \r\n\f\xa0]+")
# Source line breaks and tabs are spaces in HTML; control characters (LibreOffice leaves
# some around content controls) are nothing. Only <br>, paragraphs and tabs break text.
_SOURCE_BLANKS = {**dict.fromkeys(range(0x20), None), **dict.fromkeys((9, 10, 12, 13), " ")}


def html_blocks(content: bytes) -> list[list[str]]:
    root = _document(_decoded(content))
    blocks: list[list[str]] = []
    body = root.find("body")
    _walk(body if body is not None else root, blocks)
    return [block for block in blocks if any(line.strip() for line in block)]


def mht_blocks(content: bytes) -> list[list[str]]:
    message = email.message_from_bytes(content, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not _META_CHARSET.search(payload[:4000]):
                payload = _as_utf8(payload, charset)
            return html_blocks(payload)
    raise UnreadableForm("a página .mht não tem nenhuma parte HTML")


def _as_utf8(payload: bytes, charset: str) -> bytes:
    try:
        return payload.decode(charset, errors="replace").encode("utf-8")
    except LookupError:
        return payload


def _decoded(content: bytes) -> str:
    declared = _META_CHARSET.search(content[:4000])
    if declared:
        try:
            return content.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return decode(content)


def _document(text: str):
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (etree.ParserError, ValueError):
        raise UnreadableForm("a página HTML está vazia ou corrompida") from None
    return root


def _skipped(element) -> bool:
    if not isinstance(element.tag, str):
        return True  # comments, processing instructions
    tag = element.tag.lower()
    if tag in _DROPPED:
        return True
    style = element.get("style") or ""
    if _HIDDEN.search(style) or _COMMENT_MARK.search(style):
        return True
    marks = f"{element.get('class') or ''} {element.get('id') or ''} {element.get('href') or ''}"
    return bool(_COMMENT_MARK.search(marks))


def _walk(element, blocks: list[list[str]], tables: list[list[str]] | None = None) -> None:
    """Body or a block element: tables give one block per cell, paragraphs one each. With
    `tables`, the cells of the element's own tables go there instead (a cell's nested
    tables follow the cell)."""
    pieces: list[str] = []
    _text(element.text, pieces)
    for child in element:
        if _skipped(child):
            _tail(child, pieces)
            continue
        tag = child.tag.lower()
        if tag == "table":
            _flush(pieces, blocks)
            _walk_table(child, blocks if tables is None else tables)
        elif tag in _BLOCKS:
            _flush(pieces, blocks)
            _walk(child, blocks)
        else:
            _inline(child, pieces)
            continue
        _tail(child, pieces)
    _flush(pieces, blocks)


def _tail(element, pieces: list[str]) -> None:
    _text(element.tail, pieces)


def _text(text: str | None, pieces: list[str]) -> None:
    if text:
        pieces.append(text.translate(_SOURCE_BLANKS))


def _flush(pieces: list[str], blocks: list[list[str]]) -> None:
    lines = _lines(pieces)
    pieces.clear()
    if lines:
        blocks.append(lines)


def _walk_table(table, blocks: list[list[str]]) -> None:
    """Cells row by row, blank ones kept in their place (mdtables.table_blocks)."""
    rows = (
        [_cell(cell) for cell in row if _is_cell(cell)]
        for row in table.iter("tr")
        if _owner_table(row) is table
    )
    blocks.extend(table_blocks(rows))


def _is_cell(element) -> bool:
    return isinstance(element.tag, str) and element.tag.lower() in ("td", "th")


def _colspan(cell) -> int:
    try:
        return min(100, max(1, int(cell.get("colspan") or 1)))
    except ValueError:
        return 1


def _owner_table(row):
    parent = row.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cell(cell) -> Cell:
    """A cell's paragraphs are its lines; a nested table's cells follow it."""
    inner: list[list[str]] = []
    nested: list[list[str]] = []
    _walk(cell, inner, tables=nested)
    return Cell([line for block in inner for line in block], _colspan(cell), nested=nested)


def _inline(element, pieces: list[str]) -> None:
    """An inline element and its tail: text, <br> as a line break, boxes as glyphs."""
    tag = element.tag.lower()
    if tag == "br":
        pieces.append("\n")
    elif tag == "input":
        if (element.get("type") or "").lower() in ("checkbox", "radio"):
            pieces.append(TICK if element.get("checked") is not None else BOX)
    elif tag == "span" and _TAB.search(element.get("style") or ""):
        pieces.append("\t")
    elif _SYMBOL_FONT.search(element.get("style") or "") or _is_symbol_font(element):
        pieces.append(_symbols(element.text_content()))
    else:
        _text(element.text, pieces)
        for child in element:
            if _skipped(child):
                _tail(child, pieces)
                continue
            if isinstance(child.tag, str) and child.tag.lower() in _BLOCKS | {"table"}:
                pieces.append("\n")
                _text(child.text_content(), pieces)
                pieces.append("\n")
                _tail(child, pieces)
                continue
            _inline(child, pieces)
    _tail(element, pieces)


def _is_symbol_font(element) -> bool:
    return element.tag.lower() == "font" and "wingdings" in (element.get("face") or "").lower()


def _symbols(text: str) -> str:
    """Wingdings characters as box glyphs: Word writes them as their ASCII codes."""
    out = []
    for char in text:
        code = ord(char)
        code = code + 0xF000 if code < 0x100 else code
        out.append(SYMBOLS.get(f"{code:04X}", char if char in (TICK, BOX) else ""))
    return "".join(out)


def _lines(pieces: list[str]) -> list[str]:
    """Collapsed whitespace (as a browser shows it), a tab as a cell separator."""
    text = "".join(pieces)
    lines = []
    for raw in text.split("\n"):
        parts = [_SPACES.sub(" ", part).strip() for part in raw.split("\t")]
        line = "  ".join(part for part in parts if part)
        if line:
            lines.append(line)
    return lines
