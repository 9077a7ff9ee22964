"""A page's words and ruled cells as blocks in reading order: PDFs with a text layer
(readers/pdf.py) and the words OCR finds on a scanned page (readers/scan.py).

A ruled table's cells become blocks, like a Word cell; text outside tables is cut into
cells where the gap between two words is wider than a few spaces, and a line that only
wraps such a cell (a table without borders) goes on it. Inside a cell, a line
that reaches the right edge was wrapped by the layout and is joined to the next with a
space; a line that stops short ended a paragraph and keeps its line break (FORM.md,
"Reading a filled form", rule 4).
"""

import re
from typing import NamedTuple

from .geometry import TOLERANCE, Cell, Edge, Word, ruled
from .labels import match_label
from .mdtables import EMPTY_CELL
from .values import cut_value, cut_word

# points: rounding in glyph widths and positions, and OCR's word boxes, which hug the ink and
# stop short of the letters' advance ("Data inclusão" wrapped 0.5 pt short of the column's
# end at 1 pt: scans of LibreOffice's borderless PDFs 87.65% -> 94.71%, text layers unchanged)
WRAP_TOLERANCE = 2.5
CELL_GAP = 0.9  # em: a wider gap between two words on a line parts two cells


def joined_pages(placed: list[list["Placed"]]) -> list[list[str]]:
    """The blocks of every page in reading order, without the running headers and footers,
    a cell or a borderless row cut by a page break joined (also for scans, readers/scan.py)."""
    running = _running_lines(placed)
    kept = [
        [block for block in page if not (block.loose and _normal(block.lines[0]) in running)]
        for page in placed
    ]
    _join_cut_cells(kept)
    _join_cut_rows(kept)
    return [block.lines for page in kept for block in page]


# Blocks -----------------------------------------------------------------------------------


class Placed(NamedTuple):
    """A block of lines and where it starts on the page, for the reading order."""

    top: float
    x0: float
    lines: list[str]
    cut: tuple[Cell, list[Word]] | None = None  # a cell cut by a page break, and its words
    row: "LooseCells | None" = None  # a line outside any ruled table, cut into cells

    @property
    def loose(self) -> bool:
        return self.row is not None


def layout_blocks(
    words: list[Word], edges: list[Edge], cells: list[Cell] | None = None
) -> list["Placed"]:
    """The page's table cells and loose lines, top to bottom and left to right (also for
    the words OCR finds on a scanned page, readers/scan.py)."""
    if not words:
        return []
    cells = ruled(edges)[0] if cells is None else cells
    by_cell: dict[Cell, list[Word]] = {}
    loose = []
    for word in words:
        x, y = word.middle  # Cell.holds, written out: a page has thousands of words
        cell = next((c for c in cells if c.x0 <= x <= c.x1 and c.top <= y <= c.bottom), None)
        if cell is None:
            loose.append(word)
        else:
            by_cell.setdefault(cell, []).append(word)
    placed = [
        Placed(cell.top, cell.x0, _cell_lines(found, cell), cut=_cut(cell, found))
        for cell, found in by_cell.items()
    ]
    placed += [Placed(cell.top, cell.x0, [EMPTY_CELL]) for cell in _blank_cells(cells, by_cell)]
    placed += [_loose_block(row) for row in _loose_rows(_lines(loose))]
    return _reading_order(placed)


def _blank_cells(cells: list[Cell], filled: dict[Cell, list[Word]]) -> list[Cell]:
    """Ruled cells without words right under a cell with words (a blank value under its
    label): EMPTY_CELL keeps their place, as a blank Word cell's (mdtables.table_blocks),
    so the values after them stay under their labels (a Data final under a blank Data
    início is no Data início)."""
    return [
        cell
        for cell in cells
        if cell not in filled and any(_right_under(cell, above) for above in filled)
    ]


def _right_under(cell: Cell, above: Cell) -> bool:
    """`cell` is the one under `above`, in its column (as wide: a scan's broken rules may
    cut a cell in pieces, none of them a cell of its own)."""
    return (
        abs(cell.top - above.bottom) <= TOLERANCE
        and abs(cell.x0 - above.x0) <= TOLERANCE
        and abs(cell.x1 - above.x1) <= TOLERANCE
    )


ROW_SLACK = 6.0  # points: how far below a row's first block another block of it may start


def _reading_order(placed: list["Placed"]) -> list["Placed"]:
    """Row after row, each left to right. A row is the blocks starting at most ROW_SLACK
    below its first one: on a PDF the cells of a row share their top, but on a scan a cell
    is found a little lower, or a label whose broken rule left it loose starts at its text
    ("Dt. abertura protocolo" would be read after the value to its right). A line below
    starts at least a line's height lower."""
    placed = sorted(placed, key=lambda block: block.top)
    rows: list[list[Placed]] = []
    for block in placed:
        if rows and block.top - rows[-1][0].top <= ROW_SLACK:
            rows[-1].append(block)
        else:
            rows.append([block])
    return [block for row in rows for block in sorted(row, key=lambda block: block.x0)]


def _cut(cell: Cell, words: list[Word]) -> tuple[Cell, list[Word]] | None:
    return (cell, words) if cell.cut_above or cell.cut_below else None


def _join_cut_cells(pages: list[list[Placed]]) -> None:
    """A cell cut by a page break is one value: the part at the head of the next page
    (same column) joins the part at the foot of the page, its first line joined to the
    last one with a space when the layout wrapped it there."""
    carried: list[tuple[int, int]] = []  # (page, position) of joined parts that go on
    for i in range(len(pages) - 1):
        below = [(i, j) for j, block in enumerate(pages[i]) if block.cut and block.cut[0].cut_below]
        below, carried = below + carried, []
        for page, j in below:
            upper = pages[page][j]
            lower = next((b for b in pages[i + 1] if _continues(upper, b)), None)
            if lower is None:
                continue
            pages[i + 1].remove(lower)
            pages[page][j] = _joined(upper, lower)
            if lower.cut[0].cut_below:
                carried.append((page, j))


def _continues(upper: Placed, lower: Placed) -> bool:
    if lower.cut is None or not lower.cut[0].cut_above:
        return False
    a, b = upper.cut[0], lower.cut[0]
    return abs(a.x0 - b.x0) <= TOLERANCE and abs(a.x1 - b.x1) <= TOLERANCE


def _joined(upper: Placed, lower: Placed) -> Placed:
    """The words of both parts in one cell, the lower part's placed under the upper's."""
    (cell, words), (below, more) = upper.cut, lower.cut
    shift = max(w.bottom for w in words) + 1 - min(w.top for w in more)
    more = [w._replace(top=w.top + shift, bottom=w.bottom + shift) for w in more]
    cell = cell._replace(cut_below=below.cut_below)
    return upper._replace(lines=_cell_lines(words + more, cell), cut=(cell, words + more))


_DIGITS = re.compile(r"\d+")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_PAGE_NUMBER = re.compile(r"(p[áa]gina|p[áa]g\.?)?\s*#\s*(de|/)\s*#", re.IGNORECASE)
RUNNING_DEPTH = 2  # loose lines at each end of a page where running headers/footers sit


def _running_lines(pages: list[list["Placed"]]) -> set[str]:
    """Page headers and footers (logo text, "Página 1 de 2"): loose lines among the first
    or last two of a page found at the same height on two pages or more (numbers aside),
    or a page number. They are dropped, so a value cut by a page break holds none of them."""
    seen: dict[tuple[str, int], int] = {}
    for page in pages:
        loose = [block for block in page if block.loose]
        ends = {(_normal(b.lines[0]), round(b.top / 2)) for b in loose[:RUNNING_DEPTH]}
        ends |= {(_normal(b.lines[0]), round(b.top / 2)) for b in loose[-RUNNING_DEPTH:]}
        for key in ends:
            seen[key] = seen.get(key, 0) + 1
    running = {text for (text, _), count in seen.items() if count >= 2}
    return running | {text for text, _ in seen if _PAGE_NUMBER.fullmatch(text)}


def _normal(line: str) -> str:
    return _DIGITS.sub("#", " ".join(line.split()))


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into lines by their vertical position, each line left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(lines[-1][0].top - word.top) <= word.size * 0.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _line_text(line: list[Word]) -> str:
    """Words of one line; a gap wider than a few spaces separates two cells ("  ")."""
    return "  ".join(" ".join(word.text for word in piece) for piece in _pieces(line))


# A row of a table drawn without borders: its columns, each the lines of words it holds.
LooseRow = list[list[list[Word]]]


class LooseCells(NamedTuple):
    columns: LooseRow
    right: float  # where the last column ends (_tables_right)


def _loose_rows(lines: list[list[Word]]) -> list[LooseCells]:
    """Lines outside ruled tables as rows of cells. A table without borders wraps a long
    value onto the next line inside its column: a piece of a line that starts where a
    column of the line above starts, and whose first word would not have fitted there,
    goes on that cell; the rest of the line begins a row of its own. A line with a piece
    under each of two or more columns is the next row (values under labels), not a wrap."""
    cut = [_pieces(line) for line in lines]
    right = _tables_right(cut)
    rows: list[LooseCells] = []
    for pieces in cut:
        if rows and not _under_every_column(rows[-1], pieces):
            pieces = _row_begun(rows[-1], pieces)
        if pieces:
            columns = [[piece] for piece in pieces]
            if rows and _labels_only(rows[-1]):
                columns = _blank_cells_kept(rows[-1], columns)
            rows.append(LooseCells(columns, right))
    return rows


def _labels_only(row: LooseCells) -> bool:
    """True when every cell of `row` is a label and nothing more ("Data início", "Data
    final", "Tempo finalização")."""
    texts = (_column_text(column, None) for column in row.columns)
    return all((found := match_label(text)) and not found.rest for text in texts)


def _blank_cells_kept(labels: LooseCells, columns: LooseRow) -> LooseRow:
    """The values under a row of labels, a blank cell (EMPTY_CELL) where a label has no
    value. The values then stay under their labels, where the parser would move a value
    into the blank field before it when it has the same look (a Data final under a blank
    Data início), and a value wrapped in its column ends where the next label starts,
    even beside a blank last cell ("SAD8358391" / "58635" under "Nº do protocolo").
    Only where every value starts under a label, as a table's cells do."""
    under = [_column_under(labels, column[0]) for column in columns]
    if None in under or len(set(under)) < len(under):
        return columns
    filled = dict(zip(under, columns, strict=True))
    line = columns[0][0][0]
    return [
        filled.get(i) or [[_blank_word(label[0][0], line)]]
        for i, label in enumerate(labels.columns)
    ]


def _column_under(row: LooseCells, piece: list[Word]) -> int | None:
    """The column of `row` that starts where `piece` starts, or None."""
    x0 = piece[0].x0
    return next(
        (i for i, column in enumerate(row.columns) if abs(column[0][0].x0 - x0) <= TOLERANCE),
        None,
    )


def _blank_word(label: Word, value: Word) -> Word:
    """EMPTY_CELL as a word under `label`, on the line of `value`."""
    return value._replace(text=EMPTY_CELL, x0=label.x0, x1=label.x0 + 1)


def _row_begun(row: LooseCells, pieces: list[list[Word]]) -> list[list[Word]]:
    """The pieces of a line that do not wrap a cell of `row` (those go on it). A piece
    that starts where `row` has no column begins the table's next row, which starts below
    every cell of `row`: the pieces right of it are that row's cells, even one under a
    column of `row` ("2º contato … Obs.: Sem" under a note that the page above began). A
    piece under a column of `row` that wraps none may be the same cell's next paragraph
    ("☐ NÃO" under "☒ SIM"), so the pieces right of it may still wrap."""
    kept = []
    for i, piece in enumerate(pieces):
        if _goes_on(row, piece):
            continue
        kept.append(piece)
        if _column_under(row, piece) is None:
            return kept + pieces[i + 1 :]
    return kept


def _loose_block(row: "LooseCells") -> Placed:
    first = row.columns[0][0][0]
    return Placed(first.top, first.x0, [_row_text(row)], row=row)


def _tables_right(lines: list[list[list[Word]]]) -> float:
    """Where the tables' last column ends: as far as a line of two cells or more reaches
    (a page header or footer, a title, alone on their lines, may reach past the tables)."""
    rows = [pieces for pieces in lines if len(pieces) > 1] or lines
    return max((piece[-1].x1 for pieces in rows for piece in pieces), default=0)


def _pieces(line: list[Word]) -> list[list[Word]]:
    """A line cut where the gap between two words is wider than a few spaces."""
    pieces = [[line[0]]]
    for before, word in zip(line, line[1:], strict=False):
        if word.x0 - before.x1 > word.size * CELL_GAP:
            pieces.append([word])
        else:
            pieces[-1].append(word)
    return pieces


def _under_every_column(row: LooseCells, pieces: list[list[Word]]) -> bool:
    starts = [column[0][0].x0 for column in row.columns]
    return len(pieces) == len(starts) > 1 and all(
        abs(piece[0].x0 - start) <= TOLERANCE for piece, start in zip(pieces, starts, strict=True)
    )


def _goes_on(row: LooseCells, piece: list[Word]) -> bool:
    """Appends `piece` to the cell of `row` it continues, if it wraps one."""
    column = _continued(row, piece, next_page=False)
    if column is not None:
        row.columns[column].append(piece)
    return column is not None


def _continued(row: LooseCells, piece: list[Word], *, next_page: bool) -> int | None:
    """The column of `row` whose text `piece` continues, or None."""
    for i, column in enumerate(row.columns):
        last = column[-1]
        if abs(last[0].x0 - piece[0].x0) > TOLERANCE:
            continue
        # a wrapped line follows at the line spacing (1.2 to 1.4 em); the next row sits
        # lower, by the cells' padding or the paragraphs' spacing. The em is the largest
        # size of the cell's lines: OCR gives a line the height of its box, which is
        # shorter for a line without capitals or descenders ("Oliveira" 8.6 pt under 14)
        size = max(piece[0].size, *(line[0].size for line in column))
        if not next_page and piece[0].top - last[0].top > size * 1.5:
            return None
        return i if _wrapped(last, piece, _column_end(row, i)) else None
    return None


def _column_end(row: LooseCells, i: int) -> float:
    """Where the text of the row's column `i` can reach: a cell-gap short of where the
    next column starts, or the right of the last column."""
    if i + 1 == len(row.columns):
        return row.right
    start = row.columns[i + 1][0][0]
    return start.x0 - start.size * CELL_GAP


def _join_cut_rows(pages: list[list[Placed]]) -> None:
    """A row without borders cut by a page break: the loose line heading the next page
    goes on the last row of the page when each of its pieces wraps a cell of that row."""
    for page, following in zip(pages, pages[1:], strict=False):
        if not (page and following and page[-1].row and following[0].row):
            continue
        upper, lower = page[-1].row, following[0].row
        columns = [_continued(upper, column[0], next_page=True) for column in lower.columns]
        if None in columns or len(set(columns)) < len(columns):
            continue
        for i, column in zip(columns, lower.columns, strict=True):
            upper.columns[i].extend(column)
        page[-1] = page[-1]._replace(lines=[_row_text(upper)])
        following.pop(0)


def _row_text(row: LooseCells) -> str:
    last = len(row.columns) - 1
    # where the last column ends is not drawn: row.right is only as far as any text reaches
    ends = [_column_end(row, i) if i < last else None for i in range(last + 1)]
    return "  ".join(_column_text(c, end) for c, end in zip(row.columns, ends, strict=True))


def _column_text(column: list[list[Word]], end: float | None) -> str:
    # where a last column ends is not drawn (end None): as far as its text reaches, then
    reach = max(line[-1].x1 for line in column) if end is None else end
    text = _line_text(column[0])
    for above, line in zip(column, column[1:], strict=False):
        more = _line_text(line)
        text = _join_wrapped(text, more, cut=_cut_word(above, more, reach, drawn=end is not None))
    return text


def _join_wrapped(text: str, more: str, *, cut: bool = False) -> str:
    """A wrapped line after the one above: with a space, but not inside a word `cut` at
    the end of its line (_cut_word), after a hyphen that breaks a word ("e-" + "mail") or
    inside a value cut where its column ends ("SAD3641454" / "79126": values.cut_value)."""
    glued = cut or _HYPHENATED.search(text) or cut_value(text, more)
    return text + more if glued else f"{text} {more}"


def _cut_word(line: list[Word], more: str, end: float, *, drawn: bool = True) -> bool:
    """True when `line` ends inside a word its column cut, `more` (the next line) going on
    with it. The line ends less than a letter short of where its column ends (`end`), and
    it is one word: a word wider than its column starts a line of its own and is cut where
    the line is full ("RONDONÓPOLI" / "S"); a word that wraps for want of room for the next
    word stops further short (at the seeds' sizes, a letter and a third or more). Where the
    column's end is not drawn (the last column without borders: `end` is then as far as
    its text reaches, which natural lines reach too) the pieces must also be one word by
    the word list (values.cut_word); and a full line of several words is cut only where
    the next starts with a stop ("desligamento" / ".")."""
    last = line[-1]
    if end - last.x1 >= (last.x1 - last.x0) / len(last.text):
        return False
    if drawn and len(line) == 1 and len(last.text) >= 3:
        return True
    return cut_word(_line_text(line), more)


def _cell_lines(words: list[Word], cell: Cell) -> list[str]:
    """Lines of one cell; the cell's padding is taken as equal on both sides."""
    lines = _lines(words)
    inner_right = cell.x1 - (min(w.x0 for w in words) - cell.x0)
    out: list[str] = []
    for i, line in enumerate(lines):
        text = _line_text(line)
        if i and _wrapped(lines[i - 1], line, inner_right):
            cut = _cut_word(lines[i - 1], text, inner_right)
            out[-1] = _join_wrapped(out[-1], text, cut=cut)
        else:
            out.append(text)
    return out


def _wrapped(previous: list[Word], line: list[Word], right: float) -> bool:
    """True when `line` only starts below `previous` because its first word did not fit."""
    space = line[0].size * 0.3
    first = line[0].x1 - line[0].x0
    return previous[-1].x1 + space + first > right - WRAP_TOLERANCE
