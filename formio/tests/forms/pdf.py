"""The form as a PDF with a text layer: HTML tables laid out like the paper, WeasyPrint."""

from html import escape

from .layout import Boxes, Contact, Free, Row, Signatures, sections

CSS = """
@page { size: A4; margin: 1.5cm; }
html { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
table { width: 100%; border-collapse: collapse; margin-bottom: 4pt; }
td { border: 0.6pt solid #444; padding: 3pt 4pt; vertical-align: top; }
td.label { font-weight: bold; }
"""


# Boxes drawn as vector paths (inline SVG), no ☐/☒ character: empty, or ticked the ways
# programs draw a tick inside a box.
BOX = "<rect x='0.5' y='0.5' width='7' height='7' fill='none' stroke='#000' stroke-width='0.6'/>"
TICKS = {
    "x": "<path d='M1.5 1.5 L6.5 6.5 M6.5 1.5 L1.5 6.5' stroke='#000' stroke-width='0.8'/>",
    "check": "<path d='M1.5 4.2 L3.3 6.2 L6.8 1.6' fill='none' stroke='#000' stroke-width='0.9'/>",
    "filled": "<rect x='2' y='2' width='4' height='4' fill='#000'/>",
}


def pdf_form(
    data, *, extra_css: str = "", drawn: str = "", side_by_side: tuple[str, ...] = ()
) -> bytes:
    """The form as a PDF; `extra_css` adds e.g. running page headers and footers; `drawn`
    ("x", "check", "filled") draws the boxes as vector squares ticked that way;
    `side_by_side` prints the signatures in one row, over a line with these roles."""
    from weasyprint import HTML

    items = sections(data)
    body = "".join(_html(item, drawn, side_by_side) for item in items)
    page = (
        f"<html><head><meta charset='utf-8'><style>{CSS}{extra_css}</style></head><body>"
        f"<h1>Formulário - Processo de Retenção</h1>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _box(ticked: bool, drawn: str) -> str:
    if not drawn:
        return "☒" if ticked else "☐"
    tick = TICKS[drawn] if ticked else ""
    return f"<svg width='8pt' height='8pt' viewBox='0 0 8 8'>{BOX}{tick}</svg>"


def _html(item, drawn: str = "", roles: tuple[str, ...] = ()) -> str:
    if isinstance(item, Row):
        labels = "".join(f"<td class='label'>{_text(label)}</td>" for label, _ in item.cells)
        values = "".join(f"<td>{_text(value)}</td>" for _, value in item.cells)
        return f"<table><tr>{labels}</tr><tr>{values}</tr></table>"
    if isinstance(item, Boxes):
        boxes = "<br>".join(f"{_box(ticked, drawn)} {_text(text)}" for ticked, text in item.options)
        cells = f"<td class='label'>{_text(item.label)}</td><td>{boxes}</td>"
        if item.trailing:
            cells += f"<td class='label'>{_text(item.trailing[0])}</td>"
            cells += f"<td>{_text(item.trailing[1])}</td>"
        return f"<table><tr>{cells}</tr></table>"
    if isinstance(item, Contact):
        return (
            f"<table><tr><td class='label'>{item.number}º contato</td><td class='label'>Data</td>"
            f"<td>{_text(item.date)}</td><td class='label'>Obs.:</td>"
            f"<td style='width:60%'>{_text(item.notes)}</td></tr></table>"
        )
    if isinstance(item, Free):
        label = _text(item.label) + (f"<br>{_text(item.instruction)}" if item.instruction else "")
        return (
            f"<table><tr><td class='label'>{label}</td>"
            f"<td style='width:75%'>{_text(item.text)}</td></tr></table>"
        )
    if isinstance(item, Signatures) and roles:
        signed = "".join(
            "<div style='width:40%; margin-right:10%; text-align:center'>"
            f"<p>{_text(name)}</p><div style='border-top:0.6pt solid #000'>{role}</div></div>"
            for name, role in zip(item.names, roles, strict=False)
        )
        return f"<div style='display:flex; margin-top:20pt'>{signed}</div>"
    if isinstance(item, Signatures):
        return "".join(f"<p>{_text(name)}</p>" for name in item.names)
    return ""
