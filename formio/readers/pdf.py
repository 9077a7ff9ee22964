"""PDF forms with a text layer: words placed back into cells and lines.

PDFium (pypdfium2: its helper classes and its raw PDFium functions, both public API)
gives each character with its box and each drawn path; readers/geometry.py turns them into
words and ruled table cells by pdfplumber's rules. pdfplumber itself reads the same words
and cells, but its pure-Python parsing of the page takes about four times longer (bench:
2.6 PDF/s against 11 PDF/s of CPU on the demo forms; the import target is 10 PDF/s).
Boxes are taken the way pdfminer takes them (origin to advance, descent to descent + em
size), so the thresholds mean what they mean in pdfplumber.

The page's words and ruled cells then become blocks in reading order: readers/layout.py,
shared with the scans.
"""

import ctypes
import math
import threading
from typing import NamedTuple

from .errors import UnreadableForm
from .geometry import Char, Edge, ruled, words_of
from .layout import Placed, joined_pages, layout_blocks
from .pdfboxes import LARGEST, Mark, box_words
from .pdfstreams import refuse_bombs

MAX_PAGES = 40
PDFIUM_HYPHEN = 0x02  # PDFium's code for a hyphen that ends a line ("e-" of "e-mail")

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


def _page_blocks(page: Page) -> list[Placed]:
    cells, lone = ruled(page.edges)
    boxes, chars = box_words(lone, page.marks, page.chars)
    return layout_blocks(words_of(chars) + boxes, page.edges, cells)
