"""Two or more forms pasted one after the other in one file, told apart.

A form starts at its title ("Formulário - Processo de Retenção") or at its first label
("Colaborador") standing alone in its cell, opening a row of labels, or followed by the
analyst's name typed into its cell ("Colaborador: Maria Souza"). A second start,
after the first form's own "Colaborador", opens the next form; the title just before a
"Colaborador" belongs to the form that label opens.
"""

from .labelcells import looks_like_name
from .labels import fold, match_label

_TITLE = fold("Formulário - Processo de Retenção")


def forms_in(blocks: list[list[str]]) -> list[list[list[str]]]:
    """`blocks` cut into one list of blocks per form (one list when there is one form)."""
    forms: list[list[list[str]]] = [[]]
    has_first_label = False  # the current form's own "Colaborador" was seen
    for block in blocks:
        first = next((line for line in block if line.strip()), "")
        starts = _is_title(first) or _is_first_label(first)
        if starts and has_first_label:
            forms.append([])
            has_first_label = False
        has_first_label = has_first_label or _is_first_label(first)
        forms[-1].append(block)
    return [form for form in forms if form]


def _is_title(line: str) -> bool:
    return "rocesso" in line[:60] and fold(line).startswith(_TITLE)  # fold only the likely


def _is_first_label(line: str) -> bool:
    match = match_label(line)
    if match is None or not any(label.key == "analyst" for label in match.labels):
        return False
    if not match.rest or match_label(match.rest) is not None:
        return True
    return match.joined and looks_like_name(match.rest)
