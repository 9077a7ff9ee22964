"""Tables in text, read as cells (never their rules as values), and the one rule for
the blank cells of every table format (Word, web page, Markdown, tab rows).

pandoc's Markdown holds a Word form's tables in four shapes: grid tables (`+----+----+`
borders, `|` between cells, a cell's paragraphs separated by blank lines), multiline
tables (framed by a line of dashes; a row may take several lines and rows are separated
by blank lines), simple tables (a header line underlined with groups of dashes, one line
a row) and, when a cell holds what none of these can, raw HTML `<table>`s. Column bounds
come from the rule lines; the lines of a cell are joined back (pandoc wrapped them to the
column's width; a value pandoc cut mid-word to fit a narrow column, such as a protocol
number, is joined back without the space: _joined), its paragraphs kept as lines. Each
cell becomes a block, like a Word cell; the rules are dropped. Pipe tables (`| a | b |`
rows, over a `|---|` rule or not) and the rows Word's "save as text" writes (cells
separated by tabs, a cell's later paragraphs on lines of their own) are tables too.

A blank cell keeps its place (table_blocks): under a cell with text it is the blank value
of that column (EMPTY_CELL), so the values after it stay in their own columns; under
nothing it is a spacer and vanishes.
"""

import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from .values import cut_value, cut_word

# An empty cell under a cell with text: the blank value of the label above it, so that the
# values after it stay in their own columns. Parsers take it as "nothing written here".
EMPTY_CELL = "\u2400"

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_DASH_GROUPS = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")
_FULL_DASHES = re.compile(r"^\s*-{3,}\s*$")
_HTML_TABLE = re.compile(r"^\s*<table\b", re.IGNORECASE)
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_HINT = re.compile(r"^\s*(?:\+[-=]|-{3,}|<table|\|)|\t", re.IGNORECASE | re.MULTILINE)

Blocks = list[list[str]]


class Cell(NamedTuple):
    lines: list[str]
    span: int = 1  # grid columns it covers
    continued: bool = False  # continues a vertical merge: its text is the one above
    nested: Blocks = []  # cells of tables nested in it, read after it


def table_blocks(rows: Iterable[list[Cell]]) -> Blocks:
    """One block per cell, row after row: a cell with text is its lines; a blank one is
    EMPTY_CELL when a cell of the row above has text in its columns, else nothing."""
    blocks: Blocks = []
    above: set[int] = set()
    for row in rows:
        column, filled = 0, set()
        for cell in row:
            columns = set(range(column, column + cell.span))
            if any(line.strip() for line in cell.lines):
                blocks.append(cell.lines)
                filled |= columns
            elif columns & above and not cell.continued:
                blocks.append([EMPTY_CELL])
            blocks.extend(cell.nested)
            column += cell.span
        above = filled
    return blocks


def has_tables(text: str) -> bool:
    return _HINT.search(text) is not None


def split_tables(lines: list[str], unmark: Callable[[str], list[str]]) -> list:
    """`lines` in order, as runs of plain lines (a list of str) and tables (a Blocks,
    wrapped in a tuple so the two can be told apart)."""
    parts: list = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        found = _table_at(lines, i, unmark)
        if found is None:
            plain.append(lines[i])
            i += 1
            continue
        blocks, i = found
        if plain:
            parts.append(plain)
            plain = []
        parts.append((blocks,))
    if plain:
        parts.append(plain)
    return parts


def _table_at(lines: list[str], i: int, unmark) -> tuple[Blocks, int] | None:
    line = lines[i]
    if _GRID_BORDER.match(line):
        return _grid(lines, i, unmark)
    if _HTML_TABLE.match(line):
        return _html(lines, i)
    if "\t" in line and line.strip():
        return _tab_rows(lines, i, unmark)
    if _is_pipe_row(line) and i + 1 < len(lines) and _is_pipe_row(lines[i + 1]):
        return _pipe(lines, i, unmark)
    starts_block = i == 0 or not lines[i - 1].strip()
    if not starts_block:
        return None
    if _FULL_DASHES.match(line):
        return _multiline(lines, i, unmark)
    if _DASH_GROUPS.match(line):
        return _headerless(lines, i, unmark)
    if line.strip() and i + 1 < len(lines) and _DASH_GROUPS.match(lines[i + 1]):
        return _simple(lines, i, unmark)
    return None


# -- grid tables -----------------------------------------------------------------------


def _grid(lines: list[str], start: int, unmark) -> tuple[Blocks, int]:
    bounds = [m.start() for m in re.finditer(r"\+", lines[start])]
    rows: list[list[str]] = [[]]
    i = start + 1
    while i < len(lines) and (lines[i].lstrip().startswith(("|", "+"))):
        if _GRID_BORDER.match(lines[i]):
            rows.append([])
        else:
            rows[-1].append(lines[i])
        i += 1
    columns = _between(bounds)
    cells = (_row_cells(row, columns, unmark, paragraphs=True) for row in rows if row)
    return table_blocks(cells), i


def _between(bounds: list[int]) -> list[tuple[int, int]]:
    return [(a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]


# -- dash-ruled tables -----------------------------------------------------------------


def _multiline(lines: list[str], start: int, unmark) -> tuple[Blocks, int] | None:
    """A framed table: full rule, header, dash groups, rows, full rule."""
    groups_at = close_at = None
    for j in range(start + 1, min(len(lines), start + 400)):
        if groups_at is None and _DASH_GROUPS.match(lines[j]):
            groups_at = j
        elif _FULL_DASHES.match(lines[j]) and groups_at is not None:
            close_at = j
            break
        elif _FULL_DASHES.match(lines[j]) or _GRID_BORDER.match(lines[j]):
            return None  # a rule (<hr>) of its own, not a table's frame
    if groups_at is None or close_at is None:
        return None
    columns = _columns(lines[groups_at])
    body = lines[groups_at + 1 : close_at]
    # a row of blank cells is a line of spaces, which alone looks like a row separator
    rows = [lines[start + 1 : groups_at], *(_rows_by_blank(body) or [[""]] if body else [])]
    return table_blocks(_row_cells(row, columns, unmark) for row in rows if row), close_at + 1


def _headerless(lines: list[str], start: int, unmark) -> tuple[Blocks, int] | None:
    """Dash groups, rows (one a line, or several separated by blank lines), dash groups."""
    columns = _columns(lines[start])
    for j in range(start + 1, min(len(lines), start + 400)):
        if _DASH_GROUPS.match(lines[j]):
            body = lines[start + 1 : j]
            rows = _rows_by_blank(body) if any(not s.strip() for s in body) else [[s] for s in body]
            return table_blocks(_row_cells(row, columns, unmark) for row in rows), j + 1
    return None


def _simple(lines: list[str], start: int, unmark) -> tuple[Blocks, int]:
    """A header line, its dash groups, then one row a line until a blank line."""
    columns = _columns(lines[start + 1])
    rows = [[lines[start]]]
    i = start + 2
    while i < len(lines) and lines[i].strip() and not _DASH_GROUPS.match(lines[i]):
        rows.append([lines[i]])
        i += 1
    if i < len(lines) and _DASH_GROUPS.match(lines[i]):
        i += 1
    return table_blocks(_row_cells(row, columns, unmark) for row in rows), i


def _columns(rule: str) -> list[tuple[int, int]]:
    """Each column from the start of its dashes to the start of the next column's."""
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    return [(a, b) for a, b in zip(starts, [*starts[1:], 10**6], strict=True)]


def _rows_by_blank(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            rows[-1].append(line)
        elif rows[-1]:
            rows.append([])
    return [row for row in rows if row]


# -- cells -----------------------------------------------------------------------------


def _row_cells(
    row: list[str], columns: list[tuple[int, int]], unmark, *, paragraphs: bool = False
) -> list[Cell]:
    """The cells of a row: their wrapped lines joined, their paragraphs kept (a blank
    line inside a grid cell ends a paragraph)."""
    cells = []
    for start, end in columns:
        texts = [line[start:end].strip() for line in row]
        width = max(map(len, texts), default=0)
        lines: list[str] = []
        current: list[str] = []
        for text in texts:
            if _HARD_BREAK.search(text):
                lines.append(_joined([*current, text], width))
                current = []
            elif text:
                current.append(text)
            elif paragraphs and current:
                lines.append(_joined(current, width))
                current = []
        if current:
            lines.append(_joined(current, width))
        cells.append(Cell([part for line in lines for part in unmark(line)]))
    return cells


_HARD_BREAK = re.compile(r"(?<!\\)\\$")  # a line ending in one backslash


def _joined(pieces: list[str], width: int) -> str:
    """A cell's wrapped lines as one line: joined by a space, except a value or a word
    pandoc cut into pieces to fit a narrow column (values.cut_value, values.cut_word). A
    word longer than its column ends in a piece as wide as the column, `width` (the
    cell's widest line, a hard line break's backslash counted): "de" / "sligamento." is
    one word, "de" / "liberação" two."""
    texts = [_HARD_BREAK.sub("", piece).rstrip() for piece in pieces]
    text = texts[0] if texts else ""
    for above, piece, raw in zip(texts, texts[1:], pieces[1:], strict=False):
        cut = cut_value(text, piece) or (len(raw) == width and cut_word(above, piece))
        text = text + piece if cut else f"{text} {piece}"
    return text


# -- pipe tables and tab rows ----------------------------------------------------------


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|")


def _pipe(lines: list[str], start: int, unmark) -> tuple[Blocks, int]:
    """Rows of `| a | b |`, one a line, with or without a `|---|` rule under the first
    (a form typed by hand, or cut from a wiki, often has none): its blank cells keep
    their columns either way."""
    rows = []
    i = start
    while i < len(lines) and _is_pipe_row(lines[i]):
        if not _PIPE_RULE.match(lines[i]):
            rows.append(lines[i])
        i += 1
    return table_blocks(_pipe_cells(row, unmark) for row in rows), i


def _pipe_cells(row: str, unmark) -> list[Cell]:
    """An escaped pipe stays in its cell; a `<br>` breaks a line inside it."""
    texts = re.split(r"(?<!\\)\|", row.strip()[1:-1])
    return [Cell(unmark(text.strip().replace("\\|", "|"))) for text in texts]


def _tab_rows(lines: list[str], start: int, unmark) -> tuple[Blocks, int]:
    """Rows of cells separated by tabs; a line without a tab after a row is a later
    paragraph of its last cell. A blank line ends the table."""
    rows: list[list[list[str]]] = []
    i = start
    while i < len(lines) and (lines[i].strip() or "\t" in lines[i]):
        if "\t" in lines[i]:
            rows.append([unmark(text) if text.strip() else [] for text in lines[i].split("\t")])
        else:
            rows[-1][-1] = [*rows[-1][-1], *unmark(lines[i].strip())]
        i += 1
    return table_blocks([Cell(lines) for lines in row] for row in rows), i


# -- raw HTML --------------------------------------------------------------------------


def _html(lines: list[str], start: int) -> tuple[Blocks, int]:
    from .html import html_blocks

    depth = 0
    for j in range(start, len(lines)):
        depth += len(re.findall(r"<table\b", lines[j], re.I))
        depth -= len(re.findall(r"</table\s*>", lines[j], re.I))
        if depth <= 0:
            break
    segment = "\n".join(lines[start : j + 1])
    return html_blocks(segment.encode("utf-8")), j + 1


# -- LibreOffice's text export ---------------------------------------------------------


def one_cell_a_line(lines: list[str]) -> bool:
    """LibreOffice's "Texto" export: every paragraph and every table cell on a line of its
    own, nothing between them; a blank line there is a blank cell. Told by labels alone
    on lines next to each other (the other text exports part cells by blank lines)."""
    pairs = 0
    for line, following in zip(lines, lines[1:], strict=False):
        if not (line.strip() and following.strip()):  # most lines: cheap to pass over
            continue
        if _label_only(following) and _label_only(line):
            pairs += 1
            if pairs >= 3:
                return True
    return False


def line_cells(lines: list[str], unmark) -> Blocks:
    """Each line a block; an empty line the blank cell EMPTY_CELL."""
    return [unmark(line) if line.strip() else [EMPTY_CELL] for line in lines]


def _label_only(line: str) -> bool:
    from .labels import match_label

    if not line.strip() or len(line) > 60:  # a label is short: most lines need no look
        return False
    match = match_label(line)
    return match is not None and not match.rest
