"""Words from characters and table cells from ruled lines, on a PDF page's coordinates.

The same rules as pdfplumber's `extract_words` and its "lines" table strategy with their
default tolerances (3 points), written out here on what PDFium gives (readers/pdf.py):

- characters on lines whose tops are within the tolerance of each other form one line,
  read left to right; a space, a change of size, or a gap wider than the tolerance starts
  a new word;
- ruled lines on (almost) the same x or y are snapped to one, touching pieces joined;
  where a horizontal and a vertical line cross is a corner, and the smallest rectangle
  with a corner at each end, its sides on ruled lines, is a cell; cells sharing corners
  are a table, and only tables of two cells or more count (a lone box is not a table).

Coordinates are in points from the page's top-left corner (y grows downwards).
"""

from collections.abc import Iterable
from typing import NamedTuple

TOLERANCE = 3  # points: pdfplumber's defaults for words, snapping and joining lines
MIN_EDGE = 3  # points: a shorter ruled line is no side of a cell


class Char(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


class Word(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


class Edge(NamedTuple):
    """A ruled line: "h" at y = `at` from x = `start` to `end`, or "v" at x = `at`."""

    orientation: str
    at: float
    start: float
    end: float


class Cell(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float
    cut_above: bool = False  # its top side is the page's cut: it began on the page before
    cut_below: bool = False  # it goes on at the top of the next page

    def holds(self, word: Word) -> bool:
        x, y = word.middle
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


# Words -------------------------------------------------------------------------------


def words_of(chars: list[Char]) -> list[Word]:
    """The page's words; runs of characters of one size are read apart, as drawn."""
    words: list[Word] = []
    run: list[Char] = []
    for char in chars:
        if run and char.size != run[-1].size:
            words += _run_words(run)
            run = []
        run.append(char)
    return words + _run_words(run)


def _run_words(chars: list[Char]) -> list[Word]:
    words = []
    for line in _clusters(chars, key=lambda c: c.top):
        current: list[Char] = []
        for char in sorted(line, key=lambda c: c.x0):
            if char.text.isspace():
                words += _word(current)
                current = []
            elif current and _begins_word(current[-1], char):
                words += _word(current)
                current = [char]
            else:
                current.append(char)
        words += _word(current)
    return words


def _begins_word(previous: Char, char: Char) -> bool:
    return (
        char.x0 < previous.x0
        or char.x0 > previous.x1 + TOLERANCE
        or abs(char.top - previous.top) > TOLERANCE
    )


def _word(chars: list[Char]) -> list[Word]:
    if not chars:
        return []
    text = "".join(c.text for c in chars)
    x0, x1 = min(c.x0 for c in chars), max(c.x1 for c in chars)
    top, bottom = min(c.top for c in chars), max(c.bottom for c in chars)
    return [Word(text, x0, x1, top, bottom, chars[0].size)]


def _clusters(items: Iterable, *, key) -> list[list]:
    """Items grouped by `key`: a value within the tolerance of the previous one joins its
    group (pdfplumber's `cluster_objects`)."""
    groups: list[list] = []
    last = None
    for item in sorted(items, key=key):
        value = key(item)
        if last is None or value > last + TOLERANCE:
            groups.append([])
        groups[-1].append(item)
        last = value
    return groups


# Cells -------------------------------------------------------------------------------


def table_cells(edges: list[Edge]) -> list[Cell]:
    """The cells of every ruled table of two cells or more."""
    return ruled(edges)[0]


def ruled(edges: list[Edge]) -> tuple[list[Cell], list[Cell]]:
    """The cells of every table of two cells or more, and the rectangles standing alone
    (a lone box is not a table; a small square one may be a checkbox, readers/pdfboxes.py)."""
    tables = _all_tables(edges)
    cells = [cell for table in tables if len(table) > 1 for cell in table]
    return cells, [table[0] for table in tables if len(table) == 1]


def _all_tables(edges: list[Edge]) -> list[list[Cell]]:
    lines = [e for e in _merged(edges) if e.end - e.start >= MIN_EDGE]
    corners = _corners(lines)
    tops, bottoms = _cut_sides(lines, corners), _cut_sides(lines, corners, bottom=True)
    if tops or bottoms:
        corners = _corners(lines + tops + bottoms)
    cells = [_marked_cut(cell, tops, bottoms) for cell in _cells(corners)]
    return _tables(cells)


def _cut_sides(lines: list[Edge], corners, *, bottom: bool = False) -> list[Edge]:
    """Where a page break cuts a table, its columns' rules stop with no rule across (at
    the foot of the first page, at the head of the next): the missing sides, drawn here,
    close the cells of each part."""
    ys: dict[int, list[float]] = {}
    for corner, (ups, _) in corners.items():
        for i in ups:
            ys.setdefault(i, []).append(corner.y)

    def end(rule: Edge) -> float:
        return rule.end if bottom else rule.start

    open_rules = [
        lines[i]
        for i, found in ys.items()
        if all(abs(y - end(lines[i])) > TOLERANCE for y in found)
    ]
    sides = []
    for group in _clusters(open_rules, key=end):
        if len(group) > 1:
            at = (max if bottom else min)(end(rule) for rule in group)
            sides.append(Edge("h", at, min(r.at for r in group), max(r.at for r in group)))
    return sides


def _marked_cut(cell: Cell, tops: list[Edge], bottoms: list[Edge]) -> Cell:
    def on(sides: list[Edge], y: float) -> bool:
        return any(
            side.at == y and side.start - TOLERANCE <= cell.x0 and cell.x1 <= side.end + TOLERANCE
            for side in sides
        )

    above, below = on(tops, cell.top), on(bottoms, cell.bottom)
    return cell._replace(cut_above=above, cut_below=below) if above or below else cell


def _merged(edges: list[Edge]) -> list[Edge]:
    """Lines snapped to the mean of their neighbours within the tolerance, then pieces
    that touch or overlap on one line joined into one."""
    merged = []
    for orientation in ("h", "v"):
        same = [e for e in edges if e.orientation == orientation]
        for group in _clusters(same, key=lambda e: e.at):
            at = sum(e.at for e in group) / len(group)
            merged += _joined(orientation, at, group)
    return merged


def _joined(orientation: str, at: float, group: list[Edge]) -> list[Edge]:
    joined: list[Edge] = []
    for edge in sorted(group, key=lambda e: e.start):
        if joined and edge.start <= joined[-1].end + TOLERANCE:
            last = joined[-1]
            joined[-1] = last._replace(end=max(last.end, edge.end))
        else:
            joined.append(Edge(orientation, at, edge.start, edge.end))
    return joined


class Corner(NamedTuple):
    x: float
    y: float


def _corners(lines: list[Edge]) -> dict[Corner, tuple[set[int], set[int]]]:
    """Where lines cross: each corner with the indices of its vertical and horizontal lines."""
    corners: dict[Corner, tuple[set[int], set[int]]] = {}
    verticals = [(i, e) for i, e in enumerate(lines) if e.orientation == "v"]
    horizontals = [(i, e) for i, e in enumerate(lines) if e.orientation == "h"]
    for i, v in verticals:
        for j, h in horizontals:
            if (
                v.start - TOLERANCE <= h.at <= v.end + TOLERANCE
                and h.start - TOLERANCE <= v.at <= h.end + TOLERANCE
            ):
                ups, acrosses = corners.setdefault(Corner(v.at, h.at), (set(), set()))
                ups.add(i)
                acrosses.add(j)
    return corners


def _cells(corners: dict[Corner, tuple[set[int], set[int]]]) -> list[Cell]:
    """For each corner, the nearest corners below and to the right that close a rectangle
    whose four sides are ruled."""

    def joined(a: Corner, b: Corner) -> bool:
        side = 0 if a.x == b.x else 1  # the vertical lines of both, or the horizontal ones
        return bool(corners[a][side] & corners[b][side])

    points = sorted(corners)
    cells = []
    for i, corner in enumerate(points):
        later = points[i + 1 :]
        below = [p for p in later if p.x == corner.x]
        right = [p for p in later if p.y == corner.y]
        cell = _first_cell(corner, below, right, corners, joined)
        if cell:
            cells.append(cell)
    return cells


def _first_cell(corner, below, right, corners, joined) -> Cell | None:
    for down in below:
        if not joined(corner, down):
            continue
        for across in right:
            if not joined(corner, across):
                continue
            opposite = Corner(across.x, down.y)
            if opposite in corners and joined(opposite, across) and joined(opposite, down):
                return Cell(corner.x, corner.y, opposite.x, opposite.y)
    return None


def _tables(cells: list[Cell]) -> list[list[Cell]]:
    """Cells grouped into tables: a cell sharing a corner with a table belongs to it."""
    tables: list[list[Cell]] = []
    remaining = list(cells)
    while remaining:
        table = [remaining.pop(0)]
        shared = set(_corners_of(table[0]))
        grew = True
        while grew:
            grew = False
            for cell in list(remaining):
                if shared & set(_corners_of(cell)):
                    table.append(cell)
                    shared |= set(_corners_of(cell))
                    remaining.remove(cell)
                    grew = True
        tables.append(table)
    return tables


def _corners_of(cell: Cell) -> tuple[Corner, ...]:
    return (
        Corner(cell.x0, cell.top),
        Corner(cell.x0, cell.bottom),
        Corner(cell.x1, cell.top),
        Corner(cell.x1, cell.bottom),
    )
