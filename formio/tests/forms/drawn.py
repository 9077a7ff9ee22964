"""A PDF written operator by operator, with table rules drawn the ways other programs draw
them: thin filled rectangles inside a form XObject (as Word saves a table), stroked
rectangles, a plain line and a curve, and text in a standard font (Helvetica)."""

FORM_ROWS = [["Nome dentista", "CRO", "UF"], ["MARIA SILVA", "12345", "SP"]]
PAGE_ROWS = [["Cidade", "Moeda"], ["Campinas", "1,5"]]
LOOSE_TEXT = "Texto solto fora da tabela"


def drawn_tables_pdf() -> bytes:
    widths = [150, 150, 200]
    in_form = _row(0, 0, widths, FORM_ROWS[0]) + _row(0, -18, widths, FORM_ROWS[1])
    page = [
        "q 1 0 0 1 40 760 cm /T1 Do Q",
        "q 0.5 0 0 0.5 0 0 cm " + _row(80, 1400, [300, 300, 400], ["", "", ""], 36) + " Q",
        _row(40, 640, [250, 250], PAGE_ROWS[0], stroke=True),
        _row(40, 622, [250, 250], PAGE_ROWS[1], stroke=True),
        f"BT /F1 9 Tf 40 580 Td ({LOOSE_TEXT}) Tj ET",
        "1 w 40 560 m 540 560 l S",
        "40 540 m 40 520 l 60 520 c 60 500 80 500 100 500 l 100 540 l h S",
    ]
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    form = "/Type /XObject /Subtype /Form /BBox [-10 -100 600 100] /Resources"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /T1 6 0 R >> >> >>",
            _stream("", "\n".join(page)),
            font,
            _stream(f"{form} << /Font << /F1 5 0 R >> >>", in_form),
        ]
    )


def _row(x, top, widths, texts, height=18, *, stroke=False) -> str:
    """One row of cells, its top at `top`: ruled by thin filled rectangles, or stroked."""
    lefts = [x]
    for width in widths:
        lefts.append(lefts[-1] + width)
    if stroke:
        cells = zip(lefts[:-1], widths, strict=True)
        ops = [f"0.5 w {left} {top - height} {width} {height} re S" for left, width in cells]
    else:
        rule, span, bottom = 0.5, lefts[-1] - x, top - height
        ops = [f"0 g {x} {top - rule} {span} {rule} re f {x} {bottom - rule} {span} {rule} re f"]
        ops += [f"{left} {bottom - rule} {rule} {height + rule} re f" for left in lefts]
    ops += [
        f"BT /F1 9 Tf {left + 3} {top - 12} Td ({text}) Tj ET"
        for left, text in zip(lefts, texts, strict=False)
        if text
    ]
    return "\n".join(ops) + "\n"


def _stream(dictionary: str, text: str) -> bytes:
    data = text.encode("latin-1")
    head = f"<< {dictionary} /Length {len(data)} >>\nstream\n".encode()
    return head + data + b"\nendstream"


def _pdf(objects: list[bytes]) -> bytes:
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode()
