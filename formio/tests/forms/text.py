"""The form as text, in the two layouts Word's exports produce.

- "cells": one table cell per block; a row's labels, then its values; an empty cell
  vanishes (seed 001).
- "rows": a row's labels on one line separated by two spaces, its values on the next
  (seed 000).
Markdown adds a title, headings, bold labels, `R\\$` escapes and hard breaks ("  ").
"""

from .layout import Boxes, Contact, Free, Row, Signatures, sections

TITLE = "Formulário - Processo de Retenção"


def text_form(data, *, layout: str = "cells", markdown: bool = False) -> str:
    render = _cells if layout == "cells" else _rows
    blocks = [f"# {TITLE}" if markdown else TITLE]
    for item in sections(data):
        blocks += render(item, markdown)
    text = "\n\n".join(b for b in blocks if b.strip())
    return markdown_of(text) if markdown else text + "\n"


def markdown_of(text: str) -> str:
    """Markdown of a plain export: money signs escaped, cell lines ended by hard breaks."""
    lines = [line.replace("R$", "R\\$") for line in text.split("\n")]
    out = []
    for i, line in enumerate(lines):
        follows = i + 1 < len(lines) and lines[i + 1].strip()
        out.append(line.rstrip() + "  " if follows and line.strip() else line)
    return "\n".join(out) + "\n"


def _label(text: str, markdown: bool) -> str:
    return f"**{text}**" if markdown else text


def _cells(item, markdown: bool) -> list[str]:
    if isinstance(item, Row):
        return [_label(label, markdown) for label, _ in item.cells] + [
            value for _, value in item.cells if value
        ]
    if isinstance(item, Boxes):
        blocks = [_label(item.label, markdown)]
        if item.trailing:
            blocks.append(_label(item.trailing[0], markdown))
        blocks += [_box(ticked, text) for ticked, text in item.options]
        if item.trailing and item.trailing[1]:
            blocks.append(item.trailing[1])
        return blocks
    if isinstance(item, Contact):
        blocks = [f"{item.number}º contato", _label("Data", markdown)]
        return blocks + ([item.date] if item.date else []) + [_obs("Obs.:", item.notes)]
    if isinstance(item, Free):
        return [_free(item, markdown)]
    return list(item.names) if isinstance(item, Signatures) else []


def _rows(item, markdown: bool) -> list[str]:
    if isinstance(item, Row):
        values = "  ".join(value for _, value in item.cells if value)
        return ["  ".join(_label(label, markdown) for label, _ in item.cells), values]
    if isinstance(item, Boxes):
        lines = [_label(item.label, markdown)]
        for start in range(0, len(item.options), item.per_line):
            chunk = item.options[start : start + item.per_line]
            lines.append(" ".join(_box(ticked, text) for ticked, text in chunk))
        if item.trailing:
            lines[-1] += f" {item.trailing[0]} {item.trailing[1]}".rstrip()
        return ["\n".join(lines)]
    if isinstance(item, Contact):
        head = f"{item.number}º contato Data" + (f"  {item.date}" if item.date else "")
        return [head, _obs("Obs.:", item.notes)]
    if isinstance(item, Free):
        return [_free(item, markdown)]
    return list(item.names) if isinstance(item, Signatures) else []


def _box(ticked: bool, text: str) -> str:
    return f"{'☒' if ticked else '☐'} {text}"


def _obs(label: str, text: str) -> str:
    return f"{label}\n{text}" if text else label


def _free(item: Free, markdown: bool) -> str:
    label = _label(item.label, markdown)
    first = f"{label} {_label(item.instruction, markdown)}" if item.instruction else label
    return f"{first}\n{item.text}" if item.text else first
