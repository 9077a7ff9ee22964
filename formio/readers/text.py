"""Text and Markdown exports of the form: bytes -> text -> blocks of lines.

A block is what a blank line separates (one table cell of the Word form); the lines of a
block are the cell's paragraphs and hard breaks. Markdown is undone line by line:
headings, bold, backslash escapes (`R\\$`), tables (`| a | b |`) and task lists.
"""

import codecs
import re

import charset_normalizer

from . import mdtables

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_BOLD = re.compile(r"\*\*|__")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$|>~\"'<])")
_TASK = re.compile(r"^\s*[-*+]\s+(?=\[[ xX]\])")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LEGACY = ["utf_16_le", "utf_16_be", "cp1252", "cp850", "mac_roman", "latin_1"]
_MARKUP = re.compile(r"[#*_\\|<\[]|---")  # a line without any of these is plain text


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or not); else the encoding detected among
    those Brazilian offices wrote text in (Windows-1252, DOS 850, Mac Roman, Latin-1)."""
    if content.startswith(codecs.BOM_UTF8):
        return content[3:].decode("utf-8", errors="replace")
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16", errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(content[:65536], cp_isolation=_LEGACY).best()
    if guess is not None:
        return content.decode(guess.encoding, errors="replace")
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def looks_like_text(text: str) -> bool:
    """False for binary files decoded by force: many control characters."""
    sample = text[:4000]
    if not sample.strip():
        return False
    controls = len(_CONTROL.findall(sample)) + sample.count("\ufffd")
    return controls <= len(sample) * 0.02


def blocks_of(text: str) -> list[list[str]]:
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if mdtables.one_cell_a_line(text.split("\n", 80)[:80]):  # its labels open the form
        return [block for block in mdtables.line_cells(text.split("\n"), _unmark) if block]
    if not mdtables.has_tables(text):
        return _plain_blocks(text.split("\n"), _MARKUP.search(text) is not None)
    blocks: list[list[str]] = []
    for part in mdtables.split_tables(text.split("\n"), _unmark):
        if isinstance(part, tuple):  # a table's cells, already blocks
            blocks.extend(part[0])
        else:
            blocks.extend(_plain_blocks(part, True))
    return blocks


def _plain_blocks(lines: list[str], marked: bool) -> list[list[str]]:
    """Blocks of lines a blank line separates; `marked`: some line may be Markdown (a
    plain .txt has no line to look at for it)."""
    blocks: list[list[str]] = [[]]
    for raw in lines:
        if not raw or raw.isspace():
            if blocks[-1]:
                blocks.append([])
            continue
        if marked and _MARKUP.search(raw):
            blocks[-1].extend(_unmark(raw))
        else:  # as _unmark() gives a plain line, without the call
            blocks[-1].append(raw.rstrip())
    return [block for block in blocks if block]


def _unmark(line: str) -> list[str]:
    """One Markdown line as plain lines (a table row becomes one line of cells)."""
    if not _MARKUP.search(line):
        return [line.rstrip()]
    if _TABLE_RULE.match(line) and "-" in line:
        return []
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
        cells = _split_row(stripped[1:-1])
        line = "  ".join(cell for cell in cells if cell)
    line = _HEADING.sub("", line)
    line = _TASK.sub("", line)
    line = _BOLD.sub("", line)
    line = _ESCAPE.sub(r"\1", line).rstrip("\\")
    return [part.rstrip() for part in _BREAK_TAG.split(line) if part.strip()]


def _split_row(row: str) -> list[str]:
    """Cells of a Markdown table row; an escaped pipe stays in its cell."""
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)]
