"""PDF forms with a text layer: words placed back into cells and lines.

PDFium (pypdfium2: its helper classes and its raw PDFium functions, both public API)
gives each character with its box and each drawn path; readers/geometry.py turns them into
words and ruled table cells by pdfplumber's rules. pdfplumber itself reads the same words
and cells, but its pure-Python parsing of the page takes about four times longer (bench:
2.6 PDF/s against 11 PDF/s of CPU on the demo forms; the import target is 10 PDF/s).
Boxes are taken the way pdfminer takes them (origin to advance, descent to descent + em
size), so the thresholds mean what they mean in pdfplumber.

A ruled table's cells become blocks, like a Word cell; text outside tables is cut into
cells where the gap between two words is wider than a few spaces, and a line that only
wraps such a cell (a table without borders) goes on it. Inside a cell, a line
that reaches the right edge was wrapped by the layout and is joined to the next with a
space; a line that stops short ended a paragraph and keeps its line break (FORM.md,
"Reading a filled form", rule 4).
"""

import ctypes
import math
import re
import threading
from typing import NamedTuple

from .errors import UnreadableForm
from .geometry import TOLERANCE, Cell, Char, Edge, Word, ruled, words_of
from .pdfboxes import LARGEST, Mark, box_words
from .pdfstreams import refuse_bombs
from .values import cut_value, cut_word

MAX_PAGES = 40
PDFIUM_HYPHEN = 0x02  # PDFium's code for a hyphen that ends a line ("e-" of "e-mail")
# points: rounding in glyph widths and positions, and OCR's word boxes, which hug the ink and
# stop short of the letters' advance ("Data inclusão" wrapped 0.5 pt short of the column's
# end at 1 pt: scans of LibreOffice's borderless PDFs 87.65% -> 94.71%, text layers unchanged)
WRAP_TOLERANCE = 2.5
CELL_GAP = 0.9  # em: a wider gap between two words on a line parts two cells

# PDFium must never run in two threads at once, not even on different documents.
PDFIUM_LOCK = threading.Lock()


def pdf_blocks(content: bytes) -> list[list[str]]:
    refuse_bombs(content)  # before PDFium, which would inflate a bomb whole
    with PDFIUM_LOCK:
        pages = _read_pages(content)
    blocks = joined_pages([_page_blocks(page) for page in pages])
    if not any(line.strip() for block in blocks for line in block):
        raise UnreadableForm("o PDF não tem texto (digitalizado?)")
    return blocks


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


class Page(NamedTuple):
    chars: list[Char]
    edges: list[Edge]
    marks: list[Mark]  # small drawn paths: maybe the tick inside a drawn box


def _read_pages(content: bytes) -> list[Page]:
    """Characters and ruled lines of each page, in points from its top-left corner."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        raise UnreadableForm(_reason(error)) from None
    try:
        if len(pdf) > MAX_PAGES:
            raise UnreadableForm(f"o PDF tem {len(pdf)} páginas; um formulário tem poucas")
        return [_read_page(pdf, index) for index in range(len(pdf))]
    except UnreadableForm:
        raise
    except Exception:
        raise UnreadableForm("o arquivo PDF está corrompido") from None
    finally:
        pdf.close()


def _reason(error) -> str:
    import pypdfium2.raw as pdfium_c

    if getattr(error, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return "o PDF é protegido por senha"
    return "o arquivo PDF está corrompido"


def _read_page(pdf, index: int) -> Page:
    page = pdf[index]
    try:
        top = page.get_mediabox()[3]  # y of the page's top edge: pdfplumber measures down from it
        textpage = page.get_textpage()
        try:
            chars = _chars(textpage, top)
        finally:
            textpage.close()
        return Page(chars, *_paths(page, top))
    finally:
        page.close()


# Characters -------------------------------------------------------------------------------


def _chars(textpage, top: float) -> list[Char]:
    """Every character drawn (not the spaces PDFium adds), in drawing order."""
    import pypdfium2.raw as pdfium_c

    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    chars: list[Char] = []
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        if pdfium_c.FPDFText_IsGenerated(textpage, i):
            continue
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if 0xDC00 <= code < 0xE000 and chars and "\ud800" <= chars[-1].text < "\udc00":
            high = ord(chars[-1].text) - 0xD800  # the two halves of a character past U+FFFF
            chars[-1] = chars[-1]._replace(text=chr(0x10000 + high * 0x400 + code - 0xDC00))
            continue
        if code == PDFIUM_HYPHEN:
            code = ord("-")
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box)
        pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
        chars.append(_char(code, box, matrix, pdfium_c.FPDFText_GetFontSize(textpage, i), top))
    return chars


def _char(code: int, box, matrix, font_size: float, top: float) -> Char:
    """pdfminer's box: the loose box's sides and bottom (descent), the em size above it."""
    upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
    size = round(font_size * math.hypot(matrix.c, matrix.d), 4)
    bottom = top - box.bottom
    char_top = bottom - size if upright else top - box.top
    return Char(chr(code), x0=box.left, x1=box.right, top=char_top, bottom=bottom, size=size)


# Ruled lines ------------------------------------------------------------------------------


def _paths(page, top: float) -> tuple[list[Edge], list[Mark]]:
    """Horizontal and vertical lines of every stroked or filled path, as pdfminer has
    them, and the bounding box of each small one."""
    edges, marks = [], []
    for points, shape, obj in _subpaths(page):
        flipped = [(x, top - y) for x, y in points]
        found = _subpath_edges(flipped, shape)
        edges += found
        xs, ys = [x for x, _ in flipped], [y for _, y in flipped]
        if max(xs) - min(xs) <= LARGEST + 2 and max(ys) - min(ys) <= LARGEST + 2:
            rectangle = len(found) == 4 and len(set(points)) == 4
            marks.append(Mark(min(xs), min(ys), max(xs), max(ys), rectangle, _dark(obj)))
    return edges, marks


def _dark(obj) -> bool:
    """Whether the path is filled with a dark colour (a tick), not a white background."""
    import pypdfium2.raw as pdfium_c

    mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(obj, mode, stroke)
    if mode.value == pdfium_c.FPDF_FILLMODE_NONE:
        return False
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return True  # a pattern or shading: drawn, not a background
    return a.value > 127 and (r.value + g.value + b.value) / 3 < 128


def _subpaths(page):
    """(points, shape) of each subpath: one point per segment's end, shape like "mlllh"."""
    import pypdfium2.raw as pdfium_c

    letters = {pdfium_c.FPDF_SEGMENT_MOVETO: "m", pdfium_c.FPDF_SEGMENT_LINETO: "l"}
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj, matrix in _path_objects(page):
        points, shape, bezier = [], "", 0
        for j in range(pdfium_c.FPDFPath_CountSegments(obj)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj, j)
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO and points:
                yield points, shape, obj
                points, shape = [], ""
            if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
                bezier += 1
                if bezier % 3:  # a Bézier's two control points: only its end point counts
                    continue
            pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
            points.append(matrix.on_point(x.value, y.value))
            shape += letters.get(kind, "c")
            if pdfium_c.FPDFPathSegment_GetClose(segment):
                points.append(points[0])
                shape += "h"
        if points:
            yield points, shape, obj


def _path_objects(page):
    """Path objects of the page, inside forms too, each with its matrix to page space."""
    import pypdfium2.raw as pdfium_c

    kinds = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM)
    forms = []  # the matrix to page space of each form we are in, outermost first
    for obj in page.get_objects(filter=kinds, max_depth=8):
        del forms[obj.level :]
        matrix = obj.get_matrix()
        if forms:
            matrix = matrix.multiply(forms[-1])
        if obj.type == pdfium_c.FPDF_PAGEOBJ_FORM:
            forms.append(matrix)
        else:
            yield obj.raw, matrix


def _subpath_edges(points: list[tuple[float, float]], shape: str) -> list[Edge]:
    """pdfminer's reading of a subpath: one segment is a line, anything else its sides."""
    if len(shape) > 3 and shape.endswith("lh") and points[-2] == points[0]:
        shape, points = shape[:-2] + "h", points[:-1]  # a closing "l" drawn twice
    if shape in ("ml", "mlh"):
        (x0, y0), (x1, y1) = points[0], points[1]
        return _edge(x0, y0, x1, y1, "h" if y0 == y1 else "v")
    edges = []
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 == x1:
            edges += _edge(x0, y0, x1, y1, "v")
        elif y0 == y1:
            edges += _edge(x0, y0, x1, y1, "h")
    return edges


def _edge(x0: float, y0: float, x1: float, y1: float, orientation: str) -> list[Edge]:
    if orientation == "h":
        edge = Edge("h", at=y0, start=min(x0, x1), end=max(x0, x1))
    else:
        edge = Edge("v", at=x0, start=min(y0, y1), end=max(y0, y1))
    return [edge] if edge.end - edge.start >= 1 else []  # pdfplumber's prefilter


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


def _page_blocks(page: Page) -> list["Placed"]:
    cells, lone = ruled(page.edges)
    boxes, chars = box_words(lone, page.marks, page.chars)
    return layout_blocks(words_of(chars) + boxes, page.edges, cells)


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
    placed += [_loose_block(row) for row in _loose_rows(_lines(loose))]
    return _reading_order(placed)


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
            rows.append(LooseCells([[piece] for piece in pieces], right))
    return rows


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
        if not _under_a_column(row, piece):
            return kept + pieces[i + 1 :]
    return kept


def _under_a_column(row: LooseCells, piece: list[Word]) -> bool:
    return any(abs(column[0][0].x0 - piece[0].x0) <= TOLERANCE for column in row.columns)


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
