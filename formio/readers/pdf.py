"""PDF forms with a text layer (pdfplumber): words placed back into cells and lines.

A ruled table's cells become blocks, like a Word cell; text outside tables is cut into
cells where the gap between two words is wider than a few spaces. Inside a cell, a line
that reaches the right edge was wrapped by the layout and is joined to the next with a
space; a line that stops short ended a paragraph and keeps its line break (FORM.md,
"Reading a filled form", rule 4).
"""

import io
import logging

from .errors import UnreadableForm

MAX_PAGES = 40
WRAP_TOLERANCE = 1.0  # points: rounding in glyph widths and positions

logging.getLogger("pdfminer").setLevel(logging.ERROR)


def pdf_blocks(content: bytes) -> list[list[str]]:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise UnreadableForm(
                    f"o PDF tem {len(pdf.pages)} páginas; um formulário tem poucas"
                )
            blocks = [block for page in pdf.pages for block in _page_blocks(page)]
    except UnreadableForm:
        raise
    except Exception as error:
        raise UnreadableForm(_reason(error)) from None
    if not any(line.strip() for block in blocks for line in block):
        raise UnreadableForm("o PDF não tem texto (digitalizado?)")
    return blocks


def _reason(error: Exception) -> str:
    names = {type(e).__name__ for e in _chain(error)}
    if names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"}:
        return "o PDF é protegido por senha"
    return "o arquivo PDF está corrompido"


def _chain(error: BaseException):
    seen = 0
    while error is not None and seen < 10:
        yield error
        for arg in getattr(error, "args", ()):
            if isinstance(arg, BaseException):
                yield arg
        error = error.__cause__ or error.__context__
        seen += 1


def _page_blocks(page) -> list[list[str]]:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    if not words:
        return []
    cells = [cell for table in page.find_tables() for cell in table.cells]
    placed: list[tuple[float, float, list[str]]] = []
    loose = []
    by_cell: dict[tuple, list[dict]] = {}
    for word in words:
        cell = _cell_of(word, cells)
        if cell is None:
            loose.append(word)
        else:
            by_cell.setdefault(cell, []).append(word)
    for cell, cell_words in by_cell.items():
        placed.append((cell[1], cell[0], _cell_lines(cell_words, right=cell[2], left=cell[0])))
    for line in _lines(loose):
        placed.append((line[0]["top"], line[0]["x0"], [_line_text(line)]))
    placed.sort(key=lambda item: (round(item[0], 0), item[1]))
    return [lines for _, _, lines in placed]


def _cell_of(word: dict, cells: list[tuple]) -> tuple | None:
    x = (word["x0"] + word["x1"]) / 2
    y = (word["top"] + word["bottom"]) / 2
    for cell in cells:
        if cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
            return cell
    return None


def _lines(words: list[dict]) -> list[list[dict]]:
    """Words grouped into lines by their vertical position, each line left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= word["size"] * 0.5:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _line_text(line: list[dict]) -> str:
    """Words of one line; a gap wider than a few spaces separates two cells ("  ")."""
    text = line[0]["text"]
    for before, word in zip(line, line[1:], strict=False):
        gap = word["x0"] - before["x1"]
        text += ("  " if gap > word["size"] * 0.9 else " ") + word["text"]
    return text


def _cell_lines(words: list[dict], *, right: float, left: float) -> list[str]:
    """Lines of one cell; the cell's padding is taken as equal on both sides."""
    lines = _lines(words)
    inner_right = right - (min(w["x0"] for w in words) - left)
    out: list[str] = []
    for i, line in enumerate(lines):
        text = _line_text(line)
        if i and _wrapped(lines[i - 1], line, inner_right):
            out[-1] = f"{out[-1]} {text}"
        else:
            out.append(text)
    return out


def _wrapped(previous: list[dict], line: list[dict], right: float) -> bool:
    """True when `line` only starts below `previous` because its first word did not fit."""
    space = line[0]["size"] * 0.3
    first = line[0]["x1"] - line[0]["x0"]
    return previous[-1]["x1"] + space + first > right - WRAP_TOLERANCE
