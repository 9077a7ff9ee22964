"""The tables pandoc writes in Markdown, read as cells (never their rules as values).

pandoc's Markdown holds a Word form's tables in four shapes: grid tables (`+----+----+`
borders, `|` between cells, a cell's paragraphs separated by blank lines), multiline
tables (framed by a line of dashes; a row may take several lines and rows are separated
by blank lines), simple tables (a header line underlined with groups of dashes, one line
a row) and, when a cell holds what none of these can, raw HTML `<table>`s. Column bounds
come from the rule lines; the lines of a cell are joined back (pandoc wrapped them to the
column's width), its paragraphs kept as lines. Each cell becomes a block, like a Word
cell; the rules are dropped. Pipe tables (`| a | b |`) stay with text.py.
"""

import re
from collections.abc import Callable

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_DASH_GROUPS = re.compile(r"^\s*-{3,}(?:\s+-{3,})+\s*$")
_FULL_DASHES = re.compile(r"^\s*-{3,}\s*$")
_HTML_TABLE = re.compile(r"^\s*<table\b", re.IGNORECASE)
_HINT = re.compile(r"^\s*(?:\+[-=]|-{3,}|<table)", re.IGNORECASE | re.MULTILINE)

Blocks = list[list[str]]


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
    blocks: Blocks = []
    row: list[str] = []
    i = start + 1
    while i < len(lines) and (lines[i].lstrip().startswith(("|", "+"))):
        if _GRID_BORDER.match(lines[i]):
            blocks += _row_cells(row, _between(bounds), unmark, paragraphs=True)
            row = []
        else:
            row.append(lines[i])
        i += 1
    blocks += _row_cells(row, _between(bounds), unmark, paragraphs=True)
    return blocks, i


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
    blocks = _row_cells(lines[start + 1 : groups_at], columns, unmark)
    for row in _rows_by_blank(lines[groups_at + 1 : close_at]):
        blocks += _row_cells(row, columns, unmark)
    return blocks, close_at + 1


def _headerless(lines: list[str], start: int, unmark) -> tuple[Blocks, int] | None:
    """Dash groups, rows (one a line, or several separated by blank lines), dash groups."""
    columns = _columns(lines[start])
    for j in range(start + 1, min(len(lines), start + 400)):
        if _DASH_GROUPS.match(lines[j]):
            body = lines[start + 1 : j]
            rows = _rows_by_blank(body) if any(not s.strip() for s in body) else [[s] for s in body]
            return [b for row in rows for b in _row_cells(row, columns, unmark)], j + 1
    return None


def _simple(lines: list[str], start: int, unmark) -> tuple[Blocks, int]:
    """A header line, its dash groups, then one row a line until a blank line."""
    columns = _columns(lines[start + 1])
    blocks = _row_cells([lines[start]], columns, unmark)
    i = start + 2
    while i < len(lines) and lines[i].strip() and not _DASH_GROUPS.match(lines[i]):
        blocks += _row_cells([lines[i]], columns, unmark)
        i += 1
    if i < len(lines) and _DASH_GROUPS.match(lines[i]):
        i += 1
    return blocks, i


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
) -> Blocks:
    """One block per cell of a row: its wrapped lines joined, its paragraphs kept (a
    blank line inside a grid cell ends a paragraph)."""
    blocks = []
    for start, end in columns:
        texts = [line[start:end].strip() for line in row]
        lines: list[str] = []
        current: list[str] = []
        for text in texts:
            if text.endswith("\\") and not text.endswith("\\\\"):  # a hard line break
                lines.append(" ".join([*current, text[:-1].rstrip()]))
                current = []
            elif text:
                current.append(text)
            elif paragraphs and current:
                lines.append(" ".join(current))
                current = []
        if current:
            lines.append(" ".join(current))
        block = [part for line in lines for part in unmark(line)]
        if block:
            blocks.append(block)
    return blocks


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
