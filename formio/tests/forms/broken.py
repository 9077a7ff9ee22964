"""PDFs the readers must refuse politely: no text layer, or a password."""

import hashlib


def scanned_pdf() -> bytes:
    """A page with only a drawing, as a scanner would give (no text layer)."""
    from weasyprint import HTML

    page = (
        "<html><head><style>@page{size:A4} div{width:10cm;height:14cm;background:#888}"
        "</style></head><body><div></div></body></html>"
    )
    return HTML(string=page).write_pdf()


def encrypted_pdf() -> bytes:
    """A one-page PDF behind a user password (standard security handler, RC4 40-bit)."""
    file_id = hashlib.md5(b"retencao").hexdigest()
    encrypt = (
        f"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <{'a1' * 32}> /U <{'b2' * 32}> >>"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        encrypt,
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Encrypt 4 0 R "
        f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out
