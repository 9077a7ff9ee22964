"""Scanned and photographed forms: page images -> OCR words and drawn boxes -> the parser.

An image-only PDF (or one whose pages are scans with a text layer of unknown quality), a
JPEG or a PNG is read from its pictures, never from a text layer:

1. each page becomes a grey image at 200 dpi (pypdfium2 renders PDF pages; a photo's page
   is found by its outline and straightened to A4 by its four corners, OpenCV);
2. uneven light is evened out, the tilt measured on the table's ruled lines and undone;
3. the ruled lines become the table's edges (readers/geometry.py finds the cells), the
   small squares drawn on paper become boxes, ticked when ink fills their inside;
4. Tesseract (Portuguese) reads the words, each with its confidence, on the page without
   its lines and boxes; readers/layout.py lays words and cells out as blocks and the one
   parser (readers/parser.py) reads them, as for a PDF with a text layer.

Every field read carries a confidence (readers/confidence.py). Handwriting under
"Assinaturas" (the signatures themselves) is not a value: words Tesseract is unsure of
there are dropped. Pure Python + OpenCV + the `tesseract` program: no Django here.
"""

import os
from dataclasses import dataclass, field

from .errors import UnreadableForm
from .geometry import Edge, Word
from .labels import LABEL_INDEX, fold_word

DPI = 200
A4_POINTS = (595.0, 842.0)
PAGE_SECONDS = 60  # Tesseract is stopped past this, per page (a page takes 1–3 s)
MAX_PAGES = 10
PT = 72 / DPI  # points per pixel of the normalised page
SURE = 0.8  # a word, box or field read with less confidence waits for a person
SURE_WORD = 0.95  # a label's word read with less may be repaired (_repaired)
# A form printed without its tables' lines: OCR's word positions are too rough to keep
# every value in its column, so every field of it waits for a person (confidence.unruled)
UNRULED_WARNING = (
    "Formulário digitalizado sem as linhas das tabelas: os campos foram lidos pela posição "
    "das palavras e podem ter trocado de lugar; confira todos."
)
TABLE_RULE = 297.0  # points: a table's horizontal rule spans over half the page's width

# One core per page: the worker reads one page at a time and the other core stays free
# for people's requests (Tesseract's OpenMP would otherwise take every core).
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


@dataclass
class Box:
    """A box drawn on paper, in points, ticked or not, and how sure the reading is (0–1)."""

    x0: float
    top: float
    x1: float
    bottom: float
    ticked: bool
    confidence: float


@dataclass
class ScanPage:
    words: list[Word]
    confidences: list[float]  # one per word, 0–1
    edges: list[Edge]
    boxes: list[Box] = field(default_factory=list)


# Telling a scan from a document ---------------------------------------------------------

_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
PAGE_COVERED = 0.6  # an image over this share of a page makes it a scanned page


def is_image(content: bytes) -> bool:
    return content.startswith(_IMAGE_MAGIC)


def is_scan(content: bytes) -> bool:
    """A photo (JPEG/PNG), or a PDF whose every page is mostly one picture (a scan, with or
    without an OCR text layer: that layer's quality is unknown, so the page is read again)."""
    if is_image(content):
        return True
    if b"%PDF-" not in content[:1024]:
        return False
    from .pdf import PDFIUM_LOCK
    from .pdfstreams import refuse_bombs

    refuse_bombs(content)  # before PDFium opens it: PDFium would inflate a bomb whole

    with PDFIUM_LOCK:
        return _pdf_is_scanned(content)


def _pdf_is_scanned(content: bytes) -> bool:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        return False  # the PDF reader says why it cannot be read
    try:
        if not 0 < len(pdf) <= MAX_PAGES:
            return False
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_size()
            images = page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4)
            covered = max((_area(obj.get_bounds()) for obj in images), default=0)
            page.close()
            if covered < PAGE_COVERED * width * height:
                return False
        return True
    except Exception:
        return False
    finally:
        pdf.close()


def _area(pos: tuple[float, float, float, float]) -> float:
    left, bottom, right, top = pos
    return max(0.0, right - left) * max(0.0, top - bottom)


# Page images ----------------------------------------------------------------------------


def page_images(content: bytes, *, dpi: int = DPI) -> list:
    """The pages as grey PIL images: a PDF's rendered at `dpi`, an image file's one page."""
    if is_image(content):
        return [_photo(content)]
    import pypdfium2 as pdfium

    from .pdf import PDFIUM_LOCK

    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(content)
        except pdfium.PdfiumError:
            raise UnreadableForm("o arquivo PDF está corrompido") from None
        try:
            if len(pdf) > MAX_PAGES:
                raise UnreadableForm(f"o PDF digitalizado tem {len(pdf)} páginas; o limite é 10")
            return [pdf[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(pdf))]
        finally:
            pdf.close()


def _photo(content: bytes):
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise UnreadableForm("a imagem está corrompida ou em formato não suportado") from None
    return ImageOps.exif_transpose(image).convert("L")


def page_preview(content: bytes, index: int, *, width: int = 1000) -> bytes:
    """Page `index` as a PNG about `width` pixels wide, for the review screen."""
    import io

    images = page_images(content, dpi=110)
    if not 0 <= index < len(images):
        raise UnreadableForm("página inexistente")
    image = images[index]
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


# Reading one page -----------------------------------------------------------------------


def scan_pages(content: bytes) -> list[ScanPage]:
    """Words, ruled lines and boxes of every page of a scanned form or photo."""
    from . import scan_image

    return [scan_image.read_page(image, photo=is_image(content)) for image in page_images(content)]


# From pages to a form -------------------------------------------------------------------


@dataclass
class ScanReading:
    """What OCR adds to a form read from pictures: each field's confidence (0–1, by its
    interchange path: "provider.cro", "contacts.0.date", "status"...) and the fields a
    person must check before the case is saved. `first_page`: where the form starts in
    its file (from 0), when the file holds several."""

    pages: int
    confidence: dict[str, float]
    uncertain: list[str]
    first_page: int = 0

    def to_dict(self) -> dict:
        return {
            "pages": self.pages,
            "first_page": self.first_page,
            "confidence": self.confidence,
            "uncertain": self.uncertain,
        }


def read_scan(content: bytes, options):
    """The form(s) in a scan or photo, as the other readers give them (forms after the
    first in `others`), each with its ScanReading. A box of paper forms scanned into one
    PDF is cut into forms at the pages where one starts (split.forms_in: its title or its
    first label); pages that alone are too little of a form belong to the form before
    them (a page header repeating the title), or to the one after. OCR runs once."""
    from . import one_file

    pages = scan_pages(content)
    forms: list = []  # (first page, end page, its ReadResult)
    carried = None  # leading pages that are no form alone: they join the next
    for start, end in _form_pages(pages):
        start = start if carried is None else carried
        result = _form_read(pages, options, start, end)
        if result is not None:
            forms.append((start, end, result))
            carried = None
        elif forms:
            first = forms[-1][0]
            forms[-1] = (first, end, _form_read(pages, options, first, end))
        else:
            carried = start
    if not forms:
        raise UnreadableForm("a imagem não parece um Formulário - Processo de Retenção")
    return one_file([result for _, _, result in forms])


def _form_pages(pages: list[ScanPage]) -> list[tuple[int, int]]:
    """(start, end) of each form's pages: a form starts on the page where forms_in sees
    one start (paper forms never share a page)."""
    from .split import forms_in

    page_of: dict[int, int] = {}  # id of a block -> its page
    blocks = []
    for n, page in enumerate(pages):
        for block in _page_blocks(page, flip=False):
            page_of[id(block)] = n
            blocks.append(block)
    starts = sorted({page_of[id(form[0])] for form in forms_in(blocks)} | {0})
    return list(zip(starts, [*starts[1:], len(pages)], strict=True))


def _form_read(pages: list[ScanPage], options, start: int, end: int):
    """The form on pages[start:end], or None when they hold too little of one."""
    from . import MIN_RECOGNIZED, ReadResult
    from .confidence import field_confidence, unruled
    from .docx import text_of
    from .parser import FormParser

    pages = pages[start:end]
    parsers = []
    for flip in (False, True):  # the uncertain boxes read one way, then the other
        parser = FormParser(options)
        for block in _blocks(pages, flip=flip):
            parser.feed_block(block)
        parsers.append(parser)
    if parsers[0].recognized < MIN_RECOGNIZED:
        return None
    (data, warnings), (flipped, _) = parsers[0].result(), parsers[1].result()
    confidence = field_confidence(parsers[0], data, flipped, warnings, pages)
    if not _ruled(pages):
        warnings = [*warnings, UNRULED_WARNING]
        confidence = unruled(confidence)
    uncertain = [path for path, value in confidence.items() if value < SURE]
    text = text_of(_blocks(pages, flip=False))
    reading = ScanReading(len(pages), confidence, uncertain, start)
    return ReadResult(data, warnings, text, scan=reading)


def _ruled(pages: list[ScanPage]) -> bool:
    """True when the pages show their tables' lines: two horizontal rules or more wider
    than half a page (a signature's line is shorter)."""
    rules = [e for page in pages for e in page.edges if e.orientation == "h"]
    return sum(e.end - e.start > TABLE_RULE for e in rules) >= 2


def _blocks(pages: list[ScanPage], *, flip: bool) -> list[list[str]]:
    """The pages' blocks as a PDF's (page headers dropped, values cut by a break joined)."""
    from .layout import joined_pages

    return joined_pages([_placed(page, flip=flip) for page in pages])


def _page_blocks(page: ScanPage, *, flip: bool) -> list[list[str]]:
    return [block.lines for block in _placed(page, flip=flip)]


def _placed(page: ScanPage, *, flip: bool) -> list:
    from .layout import layout_blocks

    glyphs = [_glyph(box, flip=flip) for box in page.boxes]
    words = _repaired(page.words, page.confidences)
    return layout_blocks([*words, *glyphs], page.edges)


LABEL_WORDS = frozenset(word for spelling in LABEL_INDEX for word in spelling)
# two words one after the other in a label ("no", "do" of "Nº do protocolo")
LABEL_PAIRS = frozenset(
    pair for spelling in LABEL_INDEX for pair in zip(spelling, spelling[1:], strict=False)
)
# A letter OCR takes for another in the labels' type: the tail of a "Q" lost ("Otd" for
# "Qtd"); a "J" that loses its top ("CNP)") is mended before folding drops the ")".
_MISREAD = {"o": "q"}


def _repaired(words: list[Word], confidences: list[float]) -> list[Word]:
    """Words of the printed labels that OCR doubled, mangled or glued, spelled back: "CRrRO"
    is "CRO", "Oobs.:" "Obs.:", "CNP)" "CNPJ", "Otd" "Qtd", "Nºdo" "Nº" and "do". Only
    unsure words that are no word of any label are touched, so values are never changed
    here."""
    out = []
    for word, confidence in zip(words, confidences, strict=True):
        if confidence < SURE_WORD and fold_word(word.text) not in LABEL_WORDS:
            out.extend(_label_spelling(word))
        else:
            out.append(word)
    return out


def _label_spelling(word: Word) -> list[Word]:
    """`word` as the label word(s) it was meant to be, or as it is."""
    text = word.text.replace(")", "j")
    folded = fold_word(text)
    tail = word.text[len(word.text.rstrip(".:?")) :]
    misread = (_misread(folded, i) for i, letter in enumerate(folded) if letter in _MISREAD)
    for candidate in (folded, *misread):
        single = "".join(c for i, c in enumerate(candidate) if i == 0 or c != candidate[i - 1])
        if single in LABEL_WORDS:
            return [word._replace(text=single.upper() + tail)]
    for cut in range(1, len(folded)):
        if (folded[:cut], folded[cut:]) in LABEL_PAIRS:
            middle = word.x0 + (word.x1 - word.x0) * cut / len(folded)
            first = word._replace(text=folded[:cut].upper(), x1=middle)
            return [first, word._replace(text=folded[cut:].upper() + tail, x0=middle)]
    return [word]


def _misread(folded: str, i: int) -> str:
    return folded[:i] + _MISREAD.get(folded[i], folded[i]) + folded[i + 1 :]


def _glyph(box: Box, *, flip: bool) -> Word:
    ticked = box.ticked != (flip and box.confidence < SURE)
    size = (box.bottom - box.top) / 0.7
    return Word("☒" if ticked else "☐", box.x0, box.x1, box.top, box.bottom, size)
