"""What an uploaded file really is, read from its bytes (the name's extension must agree).

WhatsApp screenshots (PNG, JPEG), protocol PDFs and e-mails (.eml, or printed to .pdf).
A file whose bytes are not what its name says is refused: a renamed executable does not
become a "screenshot".
"""

import email.parser
import email.policy
from pathlib import PurePath

from .models import AttachmentKind

EXTENSIONS = {
    ".png": AttachmentKind.PNG,
    ".jpg": AttachmentKind.JPG,
    ".jpeg": AttachmentKind.JPG,
    ".pdf": AttachmentKind.PDF,
    ".eml": AttachmentKind.EML,
}
ACCEPTED = "PNG, JPG, PDF ou e-mail .eml"
MAGIC = {
    AttachmentKind.PNG: b"\x89PNG\r\n\x1a\n",
    AttachmentKind.JPG: b"\xff\xd8\xff",
    AttachmentKind.PDF: b"%PDF-",
}
# An e-mail starts with its headers; these two say "this is a message" beyond doubt
EML_NEEDS = {"from"}
EML_ONE_OF = {"subject", "date", "to", "message-id", "received", "mime-version"}


class FileRefused(ValueError):
    """The file is not accepted; the message says why, in Portuguese."""


def kind_of(name: str, head: bytes) -> str:
    """The attachment kind of a file named `name` whose first bytes are `head` (4 KB)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise FileRefused(f"“{name}”: tipo de arquivo não aceito; envie {ACCEPTED}.")
    kind = EXTENSIONS[suffix]
    if not _looks_like(kind, head):
        raise FileRefused(
            f"“{name}”: o conteúdo não é {AttachmentKind(kind).label}, "
            f"como diz a extensão {suffix}; envie {ACCEPTED}."
        )
    return kind


def _looks_like(kind: str, head: bytes) -> bool:
    if kind in MAGIC:
        # PDFs may carry a few bytes of junk before the header (readers allow 1 KB)
        return head.startswith(MAGIC[kind]) or (kind == "pdf" and MAGIC[kind] in head[:1024])
    return _is_email(head)


def _is_email(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    headers = email.parser.Parser(policy=email.policy.compat32).parsestr(text, headersonly=True)
    names = {key.lower() for key in headers.keys()}
    return EML_NEEDS <= names and bool(EML_ONE_OF & names)
