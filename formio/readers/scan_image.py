"""One scanned page image -> words (with confidences), ruled lines and drawn boxes.

OpenCV for the picture, Tesseract for the words (readers/scan.py tells the whole story).
Sizes are for a page normalised to A4 at 200 dpi: a 9-point letter is about 25 pixels.
"""

import re
import statistics

from .errors import UnreadableForm
from .geometry import Edge, Word
from .scan import DPI, PAGE_SECONDS, PT, SURE, Box, ScanPage

A4_PIXELS = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
MAX_TILT = 8.0  # degrees: a page tilted further is not measured on its lines
BOX_PIXELS = (14, 42)  # side of a drawn box, pixels (5 to 15 points; a 9-point ☐ is 16)
# pixels at 200 dpi: a letter's neighbour stands 1 to 6 away (5 to 6 for a round letter in
# LibreOffice's wider setting), a box 9 or more from its option (a space); TOUCHING or
# closer, at any height, is part of the same word
WORD_GAP, TOUCHING = 7, 3
# a page's boxes share one size: one smaller than this share of the usual is a letter,
# where the page has at least MIN_BOXES_SIZED boxes to tell the usual size
BOX_SIZE_SHARE, MIN_BOXES_SIZED = 0.85, 3
SQUARE_SHAPE = (14.8, 22.0)  # perimeter² / area of a drawn box, a dust speck stuck to it
EMPTY_INK, TICKED_INK = 0.05, 0.15  # share of a box's inside inked: surely empty / ticked
SIGNATURE_MIN = 0.6  # words under "Assinaturas" read with less are handwriting
REACH = 4.0  # points a scanned ruled line is taken to reach past its last inked pixel
SPECK_PIXELS = 4  # ink spots this small are noise, not letters
# ink beside a box in a piece smaller than this is dust (a speck is a few pixels; the stem
# of an "i", the smallest piece of a letter but its dot, 40 or more)
LETTER_PIXELS = 20
NOISE_MIN = 0.3  # a word of no letter or digit read with less is a speck
JOINING_SIGNS = frozenset({"-", "–", "—", "/"})  # a word of its own between two words
ORDINAL_SIGNS = frozenset("ºª")  # letters to Python, no letter alone
RULE_STROKES = frozenset("|¦")  # what OCR reads a table's vertical rule as: never a value
# "Página" of the page footer, with its number glued on as OCR often reads it ("Páginal")
_PAGE_WORD = re.compile(r"pagina[0-9lio]{0,2}")


def read_page(image, *, photo: bool) -> ScanPage:
    import cv2
    import numpy as np

    cv2.setNumThreads(1)
    grey = np.asarray(image, dtype=np.uint8)
    grey = _straightened(grey) if photo else _a4_width(grey)
    grey = _even_light(grey)
    grey = _rotated(grey, _tilt(_ink(grey)))
    ink = _ink(grey)
    lines = _line_masks(ink)
    boxes = _boxes(ink & ~(lines[0] | lines[1]))
    clean = ink.copy()  # Tesseract reads black on white, without the lines and boxes
    clean[cv2.dilate(lines[0] | lines[1], np.ones((7, 7), np.uint8)) > 0] = 0
    for box in boxes:
        top, left = _pixels(box.top) - 3, _pixels(box.x0) - 3
        clean[max(0, top) : _pixels(box.bottom) + 4, max(0, left) : _pixels(box.x1) + 4] = 0
    clean = np.where(clean > 0, grey, 255).astype(np.uint8)  # ink keeps its greys
    words, confidences = _ocr(clean)
    words, confidences = _without_handwriting(words, confidences)
    return ScanPage(words, confidences, _edges(*lines), boxes)


def _pixels(points: float) -> int:
    return max(0, round(points / PT))


# The page ------------------------------------------------------------------------------


def _a4_width(grey):
    import cv2

    height, width = grey.shape
    if abs(width - A4_PIXELS[0]) <= 2:
        return grey
    scale = A4_PIXELS[0] / width
    return cv2.resize(grey, (A4_PIXELS[0], round(height * scale)), interpolation=cv2.INTER_AREA)


def _straightened(grey):
    """A photo's sheet of paper, found by its outline, warped flat to A4; the whole picture
    (at A4 width) when no sheet stands out from the background."""
    import cv2
    import numpy as np

    scale = 800 / max(grey.shape)
    small = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, paper = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    contours, _ = cv2.findContours(paper, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return _a4_width(grey)
    sheet = max(contours, key=cv2.contourArea)
    corners = cv2.approxPolyDP(sheet, 0.02 * cv2.arcLength(sheet, True), True)
    if len(corners) != 4 or cv2.contourArea(corners) < 0.25 * small.size:
        return _a4_width(grey)
    source = _ordered(corners.reshape(4, 2).astype(np.float32) / scale)
    width, height = A4_PIXELS
    target = np.float32([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]])
    matrix = cv2.getPerspectiveTransform(source, target)
    return cv2.warpPerspective(grey, matrix, (width, height), borderValue=255)


def _ordered(points):
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    import numpy as np

    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.float32(
        [
            points[np.argmin(sums)],
            points[np.argmin(diffs)],
            points[np.argmax(sums)],
            points[np.argmax(diffs)],
        ]
    )


def _even_light(grey):
    """The paper made evenly white: each pixel divided by the background around it."""
    import cv2
    import numpy as np

    background = cv2.dilate(grey, np.ones((31, 31), np.uint8))
    background = cv2.blur(background, (31, 31))
    return cv2.divide(grey, background, scale=255)


def _ink(grey):
    """Ink as 255 on 0; specks of scanner noise (a few pixels alone) removed."""
    import cv2
    import numpy as np

    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    specks = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] <= SPECK_PIXELS)
    ink[np.isin(labels, specks[specks > 0])] = 0
    return ink


def _tilt(ink) -> float:
    """The page's tilt in degrees, from its long (nearly) horizontal ruled lines: on a
    half-size copy only long horizontal runs of ink are kept, and a straight line is
    fitted through each run longer than a quarter of the page."""
    import cv2
    import numpy as np

    small = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((3, 1), np.uint8))
    across = cv2.getStructuringElement(cv2.MORPH_RECT, (small.shape[1] // 20, 1))
    small = cv2.morphologyEx(small, cv2.MORPH_OPEN, across)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    angles = []
    for label in range(1, count):
        x, y, w, h, _ = stats[label]
        if w < small.shape[1] // 4:
            continue
        ys, xs = np.nonzero(labels[y : y + h, x : x + w] == label)
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        angle = float(np.degrees(np.arctan(slope)))
        if abs(angle) <= MAX_TILT:
            angles.append(angle)
    return float(statistics.median(angles)) if angles else _text_tilt(ink)


def _text_tilt(ink) -> float:
    """The tilt of a page without ruled lines (a form printed with its tables' lines
    hidden), from its lines of text: the rotation under which the ink per row varies most,
    its lines of text then lying flat between blank gaps. Tried on a quarter-size copy
    every half degree, then every tenth around the best: 70-80 ms a page on a busy
    2-core machine, a twentieth of its OCR."""
    import cv2
    import numpy as np

    small = cv2.resize(ink, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    height, width = small.shape

    def sharpness(degrees: float) -> float:
        matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
        rotated = cv2.warpAffine(small, matrix, (width, height))
        return float(rotated.sum(axis=1, dtype=np.float64).var())

    coarse = max(np.arange(-MAX_TILT, MAX_TILT + 0.25, 0.5), key=sharpness)
    return float(max(np.arange(coarse - 0.5, coarse + 0.55, 0.1), key=sharpness))


def _rotated(grey, degrees: float):
    import cv2

    if abs(degrees) < 0.05:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


# Ruled lines ---------------------------------------------------------------------------


def _line_masks(ink):
    """Horizontal and vertical ruled lines: ink runs far longer than any letter. A line
    is thickened across first, so that a slight remaining tilt or a faint pixel does not
    cut it, and small breaks are closed after. A horizontal one is at least a fifteenth of
    the page wide (40 points): the tops of bold letters that touch run up to 61 pixels
    ("rotoc" of a bold "protocolo" at 200 dpi, a thirtieth of the page, which was taken
    for a rule and erased before OCR), and the shortest rule of a form, a signature's
    line, runs 650 pixels."""
    import cv2

    height, width = ink.shape
    rect = cv2.getStructuringElement
    masks = []
    for thick, long, close in (
        ((1, 3), (max(width // 15, 20), 1), (9, 1)),
        ((3, 1), (1, max(height // 60, 20)), (1, 9)),
    ):
        mask = cv2.dilate(ink, rect(cv2.MORPH_RECT, thick))
        mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, rect(cv2.MORPH_RECT, long))
        masks.append(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, rect(cv2.MORPH_RECT, close)))
    return masks[0], masks[1]


def _edges(horizontal, vertical) -> list[Edge]:
    """Each ruled line as an Edge in points, as the PDF reader has them; its ends reach a
    little further, as a scanned line fades before the line it meets."""
    import cv2

    edges = []
    for orientation, mask in (("h", horizontal), ("v", vertical)):
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if orientation == "h":
                edges.append(Edge("h", (y + h / 2) * PT, x * PT - REACH, (x + w) * PT + REACH))
            else:
                edges.append(Edge("v", (x + w / 2) * PT, y * PT - REACH, (y + h) * PT + REACH))
    return edges


# Boxes ---------------------------------------------------------------------------------


def _boxes(ink) -> list[Box]:
    """Small squares outlined in ink; ticked when their inside holds enough ink."""
    import cv2

    contours, _ = cv2.findContours(ink, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    boxes, letters = [], _letter_ink(ink)
    low, high = BOX_PIXELS
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if not (low <= w <= high and low <= h <= high and 0.8 <= w / h <= 1.25):
            continue
        if not _square(contour):
            continue
        patch = ink[y : y + h, x : x + w] > 0
        if not _outlined(patch) or _in_a_word(letters, x, y, w, h):
            continue
        ticked, confidence = _box_reading(_inside_ink(patch))
        boxes.append(Box(x * PT, y * PT, (x + w) * PT, (y + h) * PT, ticked, confidence))
    return _one_size(boxes)


def _letter_ink(ink):
    """The page's ink in pieces as big as a letter's at least: dust is left out."""
    import cv2

    _, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    letters = stats[:, cv2.CC_STAT_AREA] >= LETTER_PIXELS
    letters[0] = False  # the paper
    return letters[labels]


def _one_size(boxes: list[Box]) -> list[Box]:
    """A form prints its boxes in one size: on a page of several, a square well under the
    usual side is a letter (a lone "o" between two words, 16 px where the boxes are 22)."""
    if len(boxes) < MIN_BOXES_SIZED:
        return boxes
    usual = statistics.median(box.bottom - box.top for box in boxes)
    return [box for box in boxes if box.bottom - box.top >= usual * BOX_SIZE_SHARE]


def _in_a_word(letters, x: int, y: int, w: int, h: int) -> bool:
    """A letter (the bold D of "Data", an o) has its neighbours closer than a space: a
    box is written apart from its option. Beside its middle rows, or touching it at any
    height (the hook of the "t" before the "o" of "contato" reaches only its foot).
    `letters`: _letter_ink, so that a speck of dust stuck beside a box is no neighbour."""
    middle = slice(y + h // 4, y + h - h // 4)
    near = [
        letters[middle, max(0, x - WORD_GAP) : x],
        letters[middle, x + w : x + w + WORD_GAP],
        letters[y : y + h, max(0, x - TOUCHING) : x],
        letters[y : y + h, x + w : x + w + TOUCHING],
    ]
    return any(side.any() for side in near)


def _square(contour) -> bool:
    """A square's outline by its perimeter² / area (16; a circle's is 4π ≈ 12.6: round
    letters fall below, letters with arms and holes far above)."""
    import cv2

    area = cv2.contourArea(contour)
    return (
        area > 0 and SQUARE_SHAPE[0] <= cv2.arcLength(contour, True) ** 2 / area <= SQUARE_SHAPE[1]
    )


def _outlined(patch) -> bool:
    """Four straight sides inked along most of their length between the other two, meeting
    at four inked corners (a letter O, o or D has round corners). A side is the best-inked
    pair of rows (or columns) in its quarter of the box, so that dust stuck to the box, or
    the arms of its X reaching out, do not move it."""
    rows, columns = patch.shape
    top, bottom = _side(patch, rows // 4, reverse=False), _side(patch, rows // 4, reverse=True)
    left = _side(patch.T, columns // 4, reverse=False)
    right = _side(patch.T, columns // 4, reverse=True)
    inner = patch[top : bottom + 2, left : right + 2]
    shares = (
        _share(inner[:2]),
        _share(inner[-2:]),
        _share(inner[:, :2].T),
        _share(inner[:, -2:].T),
    )
    if min(shares) < 0.9:
        return False
    corners = ((top, left), (top, right), (bottom, left), (bottom, right))
    return all(patch[y : y + 2, x : x + 2].any() for y, x in corners)


def _side(patch, quarter: int, *, reverse: bool) -> int:
    """The row where the best-inked pair of rows of the top (or bottom) quarter starts."""
    rows = patch.shape[0]
    quarter = max(2, quarter)
    starts = range(rows - quarter, rows - 1) if reverse else range(0, quarter - 1 or 1)
    return max(starts, key=lambda i: _share(patch[i : i + 2]))


def _share(pair) -> float:
    """The share of the length inked in either of two neighbouring lines."""
    return float(pair.any(axis=0).mean()) if pair.size else 0.0


def _inside_ink(patch) -> float:
    height, width = patch.shape
    dy, dx = max(3, height // 4), max(3, width // 4)
    inside = patch[dy : height - dy, dx : width - dx]
    return float(inside.mean()) if inside.size else 0.0


def _box_reading(ink: float) -> tuple[bool, float]:
    """Ticked or not, and how sure (0–1): sure when the ink is clearly little or much."""
    if ink <= EMPTY_INK:
        return False, 1.0 - (ink / EMPTY_INK) * (1 - SURE)
    if ink >= TICKED_INK:
        return True, min(1.0, SURE + (ink - TICKED_INK))
    middle = (EMPTY_INK + TICKED_INK) / 2
    distance = abs(ink - middle) / (middle - EMPTY_INK)  # 0 in the middle, 1 at the edges
    return ink >= middle, 0.5 + distance * (SURE - 0.5 - 0.01)


# Words ---------------------------------------------------------------------------------


def _ocr(grey) -> tuple[list[Word], list[float]]:
    """Tesseract's words in points, each with its confidence (0–1); the words of one line
    share its top, bottom and size, so the layout keeps them on one line."""
    import pytesseract
    from PIL import Image

    try:
        found = pytesseract.image_to_data(
            Image.fromarray(grey),
            lang="por",
            # the page is black on white by now: no line is worth a second, inverted
            # look (Tesseract's default), which cost a tenth of the page (bench_ocr.py)
            config="--psm 6 -c tessedit_do_invert=0",
            timeout=PAGE_SECONDS,
            output_type=pytesseract.Output.DICT,
        )
    except pytesseract.TesseractNotFoundError:
        raise UnreadableForm("o OCR (Tesseract) não está instalado no servidor") from None
    except pytesseract.TesseractError:
        raise UnreadableForm("o OCR (Tesseract) falhou; falta o idioma português?") from None
    except RuntimeError:  # pytesseract's timeout
        raise UnreadableForm(
            f"a leitura de uma página passou de {PAGE_SECONDS} s; envie uma imagem mais nítida"
        ) from None
    return _words(found)


def _words(found: dict) -> tuple[list[Word], list[float]]:
    lines: dict[tuple, list[int]] = {}
    for i, text in enumerate(found["text"]):
        if text.strip() and float(found["conf"][i]) >= 0:
            key = (found["block_num"][i], found["par_num"][i], found["line_num"][i])
            lines.setdefault(key, []).append(i)
    spans = {
        key: (
            min(found["top"][i] for i in indices) * PT,
            max(found["top"][i] + found["height"][i] for i in indices) * PT,
        )
        for key, indices in lines.items()
    }
    # A line's size is the height of its ink, short of the type's size on a line without
    # descenders ("SAD9341644" 9.4 pt, "Oliveira" 8.6, where a "p" makes 10.8): a line is
    # taken at the height of the page's taller lines at least (its upper quartile: a form
    # has one type size for its labels and values, and most lines of a page of notes have
    # no capital or descender), so the spacing to the next line is measured in true ems.
    heights = [bottom - top for top, bottom in spans.values()]
    usual = statistics.quantiles(heights, n=4)[2] if len(heights) > 1 else max(heights, default=0)
    words, confidences = [], []
    for key, indices in lines.items():
        top, bottom = spans[key]
        size = max(bottom - top, usual)
        top = _type_top(top, bottom, " ".join(found["text"][i] for i in indices))
        for i in indices:
            left = found["left"][i] * PT
            right = (found["left"][i] + found["width"][i]) * PT
            words.append(Word(found["text"][i].strip(), left, right, top, bottom, size))
            confidences.append(float(found["conf"][i]) / 100)
    return words, confidences


# Heights in Liberation Sans / Arial, in ems: a small letter's, a capital's, a descent's.
X_HEIGHT, CAP_HEIGHT, DESCENT = 0.52, 0.72, 0.21
_SMALL = frozenset("acemnorsuvwxz.,;:-")  # no taller than an "x"
_DESCENDING = frozenset("gjpqyç")


def _type_top(top: float, bottom: float, text: str) -> float:
    """Where the capitals of a line of small letters would start: its ink starts lower
    ("permanecer" under "aceitou" looked 16.6 pt down where the lines are 14 apart), and
    the spacing of two lines is measured between their tops (layout._continued)."""
    letters = set(text) - {" "}
    if not letters or not letters <= _SMALL | _DESCENDING:
        return top
    descent = DESCENT if letters & _DESCENDING else 0
    em = (bottom - top) / (X_HEIGHT + descent)
    return bottom - em * (CAP_HEIGHT + descent)


def _without_handwriting(
    words: list[Word], confidences: list[float]
) -> tuple[list[Word], list[float]]:
    """Specks and, under "Assinaturas", the signatures themselves dropped: handwriting
    is read by Tesseract as letters it is unsure of."""
    from .labels import fold

    heading = min((w.top for w in words if fold(w.text) == "assinaturas"), default=float("inf"))
    pages = [w for w in words if _PAGE_WORD.fullmatch(fold(w.text))]
    kept = []
    for word, confidence in zip(words, confidences, strict=True):
        if not _has_letters(word.text) and (confidence < NOISE_MIN or not _joins(word, words)):
            continue
        if set(word.text) <= RULE_STROKES:
            continue
        if word.top >= heading and (confidence < SIGNATURE_MIN or not _has_letters(word.text)):
            continue
        if _footer(word, pages):
            continue
        kept.append((word, confidence))
    return [w for w, _ in kept], [c for _, c in kept]


def _footer(word: Word, pages: list[Word]) -> bool:
    """ "Página 1 de 2" however OCR spells its digits ("Página l del", "Páginal del"): not
    a value. `pages`: the page's words "Página", its number glued on or not (_PAGE_WORD)."""
    if word in pages:
        return True
    return any(
        abs(p.top - word.top) < 2 and 0 < word.x0 - p.x1 < 60 and len(word.text) <= 4 for p in pages
    )


def _joins(sign: Word, words: list[Word]) -> bool:
    """True when `sign` (no letter or digit) is a dash or slash between two words of its
    line ("realizada - prestador"). Any other sign belongs to the word it ends: alone it is
    a speck OCR took for one (at 150 dpi, "." and "-" read with confidence up to 0.93)."""
    if sign.text not in JOINING_SIGNS:
        return False
    line = [w for w in words if w.top == sign.top and w is not sign]
    return any(0 <= sign.x0 - w.x1 < sign.size for w in line) and any(
        0 <= w.x0 - sign.x1 < sign.size for w in line
    )


def _has_letters(text: str) -> bool:
    """A letter or digit; the ordinal signs ("º" of "1º", "ª") alone are none: a speck of
    dust is read as one."""
    return any(c.isalnum() and c not in ORDINAL_SIGNS for c in text)
