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


def pdf_form(data, *, extra_css: str = "") -> bytes:
    """The form as a PDF; `extra_css` adds e.g. running page headers and footers."""
    from weasyprint import HTML

    body = "".join(_html(item) for item in sections(data))
    page = (
        f"<html><head><meta charset='utf-8'><style>{CSS}{extra_css}</style></head><body>"
        f"<h1>Formulário - Processo de Retenção</h1>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _html(item) -> str:
    if isinstance(item, Row):
        labels = "".join(f"<td class='label'>{_text(label)}</td>" for label, _ in item.cells)
        values = "".join(f"<td>{_text(value)}</td>" for _, value in item.cells)
        return f"<table><tr>{labels}</tr><tr>{values}</tr></table>"
    if isinstance(item, Boxes):
        boxes = "<br>".join(
            f"{'☒' if ticked else '☐'} {_text(text)}" for ticked, text in item.options
        )
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
    if isinstance(item, Signatures):
        return "".join(f"<p>{_text(name)}</p>" for name in item.names)
    return ""
