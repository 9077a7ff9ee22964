"""What a file really is, from its bytes (its extension only breaks ties).

    sniff(content, filename) -> "pdf" | "docx" | "doc" | "odt" | "rtf" | "html" | "mht" | "text"

Anything else is refused with UnreadableForm naming what the file is ("é uma planilha do
Excel", "está protegido por senha"), never a generic "corrompido" for a file that is whole.
"""

import io
import re
import zipfile
from pathlib import Path

from .errors import UnreadableForm

# Extensions of the forms an archive holds, by kind (the first one is the kind's own).
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx", ".docm", ".dotx", ".dotm"),
    "doc": (".doc", ".dot"),
    "odt": (".odt", ".ott"),
    "rtf": (".rtf",),
    "html": (".html", ".htm", ".xhtml"),
    "mht": (".mht", ".mhtml"),
    "text": (".txt", ".md", ".markdown", ".text"),
    "image": (".jpg", ".jpeg", ".png"),  # photos and scans: read by OCR (scan.py), not sniffed
}
FORM_SUFFIXES = frozenset(s for suffixes in EXTENSIONS.values() for s in suffixes)
NAMES = {
    "pdf": "um PDF",
    "docx": "um documento Word (.docx)",
    "doc": "um documento Word 97-2003 (.doc)",
    "odt": "um documento do LibreOffice (.odt)",
    "rtf": "RTF",
    "html": "uma página HTML",
    "mht": "uma página da web em arquivo único (.mht)",
    "text": "texto",
    "image": "uma imagem JPEG ou PNG",
}

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:(?P<page>!doctype\s+html|html|head|body|meta)|table|div|p|h[1-6])[\s>/]",
    re.IGNORECASE | re.DOTALL,
)
_MHT = re.compile(rb"\A\s*(?:[\w-]+:[^\n]*\n)*?(?:mime-version|content-type):", re.IGNORECASE)
_IMAGES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}


def sniff(content: bytes, filename: str) -> str:
    head = content[:2048]
    extension = Path(filename).suffix.lower()
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(content, extension)
    if head.startswith(OLE):
        return _ole_kind(content, extension)
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    _refuse_binary(head)
    start = _HTML_START.match(head)
    # Markdown may start with a raw HTML <table> (pandoc's, for cells it cannot draw)
    if start and (start.group("page") or extension not in EXTENSIONS["text"]):
        return "html"
    if extension in EXTENSIONS["html"] and b"<" in head:
        return "html"
    if _MHT.match(head) and b"multipart/related" in content[:8000].lower():
        return "mht"
    return "text"


def _zip_kind(content: bytes, extension: str) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(content)).namelist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        kind = "o documento" if extension in EXTENSIONS["odt"] else "o arquivo .docx"
        raise UnreadableForm(f"{kind} está corrompido") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        mimetype = _odf_mimetype(content)
        if mimetype.startswith("application/vnd.oasis.opendocument.text"):
            return "odt"
        if "spreadsheet" in mimetype:
            raise UnreadableForm("é uma planilha do LibreOffice (.ods), não um formulário")
        raise UnreadableForm("é um arquivo do LibreOffice que não é um documento de texto")
    if "xl/workbook.xml" in names:
        raise UnreadableForm("é uma planilha do Excel (.xlsx), não um formulário")
    if "ppt/presentation.xml" in names:
        raise UnreadableForm("é uma apresentação do PowerPoint (.pptx), não um formulário")
    if extension in EXTENSIONS["docx"]:
        raise UnreadableForm(f"o arquivo {extension} está corrompido (falta o texto do documento)")
    raise UnreadableForm(
        "é um arquivo .zip, não um documento: envie-o na importação, que lê os formulários "
        "de dentro dele"
    )


def _odf_mimetype(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        return archive.read("mimetype")[:100].decode("ascii", "replace").strip()
    except Exception:  # no mimetype member, or a damaged one: the content tells
        return "application/vnd.oasis.opendocument.text"


def _ole_kind(content: bytes, extension: str) -> str:
    """An old Office file (OLE2): its streams' names (UTF-16 in the directory) tell."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in content

    if has("EncryptedPackage"):
        raise UnreadableForm("o documento está protegido por senha; remova a senha e envie de novo")
    if has("WordDocument"):
        return "doc"
    if has("Workbook") or has("Book"):
        raise UnreadableForm("é uma planilha do Excel (.xls), não um formulário")
    if has("PowerPoint Document"):
        raise UnreadableForm("é uma apresentação do PowerPoint (.ppt), não um formulário")
    if extension in EXTENSIONS["doc"]:
        raise UnreadableForm(f"o arquivo {extension} (Word 97-2003) está corrompido")
    raise UnreadableForm(
        "arquivo do Office no formato antigo que não é um documento Word, ou está corrompido"
    )


def _refuse_binary(head: bytes) -> None:
    for magic, name in _IMAGES.items():
        if head.startswith(magic):
            raise UnreadableForm(
                f"é uma imagem {name} que não pôde ser lida: envie a foto ou digitalização "
                "em JPEG, PNG ou PDF"
            )
    if head.startswith((b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")):
        raise UnreadableForm("é um arquivo compactado que não é .zip (gz, 7z ou rar)")


# The formats as the screens and commands list them.
FORMATS_TEXT = ".txt, .md, .docx, .docm, .doc, .odt, .rtf, .html, .mht, .pdf, foto .jpg/.png"
