"""A value typed into its label's cell instead of the cell beside it.

"Colaborador: Maria Souza", "Colaborador Maria Souza", "Data início: 09/02/2024" hold a
label and its value; "CRO 12345 UF SP" two labels and their values; "CRO/UF: 12345/SP"
two labels sharing their values across a slash ("Data início / Data final: 30/01/2024 /
20/03/2024" too). The value counts when its shape is one the label takes
(values.shape_of), so "Data combinada com a clínica" stays a note.
"""

import re

from . import values as v
from .labels import match_label

_PARTS = re.compile(r"\s{2,}|\t")
_SEPARATOR = re.compile(r"^(?::\s*|[-–—]\s+)(?=\S)")  # "Colaborador : Maria", "CRO - 123"
_SPACED_SLASH = re.compile(r"\s+/\s+")
_NAME_PARTICLES = frozenset({"da", "de", "do", "das", "dos", "e"})


def typed_value(rest: str, shapes: frozenset[str]) -> tuple[str, str] | None:
    """The value that opens `rest` (the text after a label) when the label takes its
    shape, and what follows it: the next label of the cell, or the next cells."""
    cell, _, after = _first_cell(_SEPARATOR.sub("", rest, count=1))
    shape = v.shape_of(cell)
    if shape == "null" or shape in shapes:
        return cell, after
    words = cell.split(" ")
    for size in range(len(words) - 1, 0, -1):  # "12345 UF SP": the value, then a label
        head, tail = " ".join(words[:size]), " ".join(words[size:])
        if v.shape_of(head) in shapes and match_label(tail) is not None:
            return head, _joined(tail, after)
    return None


def paired_value(rest: str) -> tuple[str, str] | None:
    """ "/UF: 12345/SP" after "CRO": the first label's value ("12345") and the second
    label with its own ("UF: SP"); None when the values are not two around a slash.
    Values holding slashes themselves are parted by a spaced one: "/ Data final:
    30/01/2024 / 20/03/2024" after "Data início"."""
    if not rest.startswith("/"):
        return None
    second = rest[1:].strip()
    match = match_label(second)
    if match is None or not match.rest:
        return None
    label = second[: len(second) - len(match.rest)].rstrip()
    cell, _, after = _first_cell(match.rest)
    spaced = _SPACED_SLASH.split(cell)
    parts = [part.strip() for part in (spaced if len(spaced) == 2 else cell.split("/"))]
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], _joined(f"{label} {parts[1]}", after)


def looks_like_name(text: str) -> bool:
    """ "Maria Souza", "Ana de Lima": a name typed after "Colaborador", not a sentence."""
    words = _first_cell(text)[0].split()
    return 0 < len(words) <= 6 and all(
        word[:1].isupper() or word in _NAME_PARTICLES for word in words
    )


def _first_cell(text: str) -> tuple[str, str, str]:
    parts = _PARTS.split(text.strip(), maxsplit=1)
    return parts[0], "", parts[1] if len(parts) > 1 else ""


def _joined(cell: str, after: str) -> str:
    return f"{cell}  {after}" if after else cell
