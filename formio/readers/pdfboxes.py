"""Checkboxes drawn as vector boxes: small ruled squares beside the options' labels.

Some programs print the form's boxes as drawings, not as ☐/☒ characters: a small square
(a rectangle, four lines or four thin bars), and the tick drawn inside it (an X of two
lines, a check mark, a filled square) or typed in it ("X"). Each such square becomes the
☒ or ☐ word the parser already reads, where the box is, so one path follows. A square
holding a box character is left to that character.
"""

from bisect import bisect_left, bisect_right
from typing import NamedTuple

from .geometry import TOLERANCE, Cell, Char, Word

SMALLEST, LARGEST = 4.0, 20.0  # points: a box's side (pdfplumber's rects of 6 to 12 pt)
REACH = 1.5  # points a tick may pass over the box's sides
TICK_SHARE = 0.3  # of the box's side: a tick is no thinner (a side of the box is)
BOX_GLYPHS = set("☐☒☑□◻❑⊠✓✔✅")


class Mark(NamedTuple):
    """The bounding box of a small drawn path, and how it was drawn."""

    x0: float
    top: float
    x1: float
    bottom: float
    rectangle: bool  # an upright rectangle: maybe the box's own outline
    dark: bool  # filled with a dark colour


def is_box(cell: Cell) -> bool:
    """A small square; ruled lines within 3 points are snapped to one, so a filled square
    drawn inside a box pulls its sides in by up to half of that."""
    width, height = cell.x1 - cell.x0, cell.bottom - cell.top
    return (
        SMALLEST <= min(width, height)
        and max(width, height) <= LARGEST
        and (abs(width - height) <= TOLERANCE)
    )


def box_words(
    lone: list[Cell], marks: list[Mark], chars: list[Char]
) -> tuple[list[Word], list[Char]]:
    """The page's drawn boxes as ☒/☐ words, and its characters without those typed
    inside a box (they are its tick)."""
    boxes = [cell for cell in lone if is_box(cell)]
    boxes = [box for box in boxes if not any(_inside(box, other) for other in boxes)]
    if not boxes:
        return [], chars
    by_middle = sorted(chars, key=_middle_y)
    middles = [_middle_y(c) for c in by_middle]
    words, typed = [], set()
    for box in boxes:
        near = by_middle[
            bisect_left(middles, box.top - LARGEST) : bisect_right(middles, box.bottom + LARGEST)
        ]
        inside = [c for c in near if _holds(box, c) and not c.text.isspace()]
        if any(c.text in BOX_GLYPHS for c in inside):
            continue
        typed.update(id(c) for c in inside)
        ticked = bool(inside) or any(_ticks(box, mark) for mark in marks)
        words.append(_word(box, ticked, near))
    return words, [c for c in chars if id(c) not in typed]


def _middle_y(char: Char) -> float:
    return (char.top + char.bottom) / 2


def _inside(box: Cell, other: Cell) -> bool:
    """`box` lies within `other` (a filled square drawn inside a box is its tick)."""
    return box != other and (
        other.x0 - REACH <= box.x0
        and box.x1 <= other.x1 + REACH
        and other.top - REACH <= box.top
        and box.bottom <= other.bottom + REACH
    )


def _holds(box: Cell, char: Char) -> bool:
    x = (char.x0 + char.x1) / 2
    return box.x0 <= x <= box.x1 and box.top <= _middle_y(char) <= box.bottom


def _ticks(box: Cell, mark: Mark) -> bool:
    side = box.x1 - box.x0
    if not (
        box.x0 - REACH <= mark.x0
        and mark.x1 <= box.x1 + REACH
        and box.top - REACH <= mark.top
        and mark.bottom <= box.bottom + REACH
    ):
        return False
    width, height = mark.x1 - mark.x0, mark.bottom - mark.top
    if width < TICK_SHARE * side or height < TICK_SHARE * side:
        return False  # a side of the box drawn as a thin bar
    outline = mark.rectangle and width >= 0.8 * side and height >= 0.8 * side
    return mark.dark or not outline


def _word(box: Cell, ticked: bool, near: list[Char]) -> Word:
    """The box as a word on its text line: the top, bottom and size of the label's
    first character beside it, so the line reads "☒ Valores"."""
    beside = [
        c
        for c in near
        if c.x0 >= box.x1 - REACH and box.top - REACH <= _middle_y(c) <= box.bottom + REACH
    ]
    label = min(beside, key=lambda c: c.x0, default=None)
    text = "☒" if ticked else "☐"
    if label is None:
        return Word(text, box.x0, box.x1, box.top, box.bottom, box.bottom - box.top)
    return Word(text, box.x0, box.x1, label.top, label.bottom, label.size)
