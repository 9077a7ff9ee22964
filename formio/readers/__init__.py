"""Readers: a filled "Formulário - Processo de Retenção" file in, a CaseData out.

    read_form(path) / read_form_bytes(content, filename, vocabulary=PRINTED)
        -> ReadResult(data, warnings, text)

Text/Markdown, DOCX and PDF are told apart by their bytes first and their extension
second, so a .docx that is really a PDF (or text) is read as what it is. Anything that is
not a readable form raises UnreadableForm with a one-line Portuguese reason; no other
exception leaves this package. Pure Python: no Django here.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from formio.casedata import CaseData
from formio.vocabulary import PRINTED, Vocabulary

from .errors import UnreadableForm
from .labels import PRINTED_OPTIONS, OptionLists
from .parser import FormParser
from .scan import ScanReading, is_scan, read_scan

__all__ = ["ReadResult", "UnreadableForm", "read_form", "read_form_bytes", "MAX_BYTES"]

MAX_BYTES = 20 * 1024 * 1024
MIN_RECOGNIZED = 4  # labels and boxes of the form found before a file counts as a form

log = logging.getLogger(__name__)


@dataclass
class ReadResult:
    data: CaseData
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the plain text read from the file, shown beside the preview
    scan: ScanReading | None = None  # read by OCR: confidences, fields to check


def read_form(path: str | Path, *, vocabulary: Vocabulary = PRINTED) -> ReadResult:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        raise UnreadableForm("não foi possível abrir o arquivo") from None
    return read_form_bytes(content, path.name, vocabulary=vocabulary)


def read_form_bytes(
    content: bytes, filename: str, *, vocabulary: Vocabulary = PRINTED
) -> ReadResult:
    """The form in `content`; its boxes are matched against `vocabulary`'s labels (the
    paper's by default: old forms carry only those)."""
    if len(content) > MAX_BYTES:
        size = len(content) / 1024 / 1024
        raise UnreadableForm(f"arquivo grande demais ({size:.0f} MB; limite 20 MB)")
    if not content.strip():
        raise UnreadableForm("o arquivo está vazio")
    try:
        options = PRINTED_OPTIONS if vocabulary == PRINTED else OptionLists.of(vocabulary)
        if is_scan(content):  # a photo or scanned PDF: OCR, then the same parser
            return read_scan(content, options)
        blocks, text, warnings = _extract(content, filename)
        return _parse(blocks, text, warnings, options)
    except UnreadableForm:
        raise
    except Exception:  # a reader bug must not break a batch import: say so, log it
        log.exception("reading %s failed", filename)
        raise UnreadableForm("erro inesperado ao ler o arquivo (registrado no log)") from None


def _extract(content: bytes, filename: str) -> tuple[list[list[str]], str, list[str]]:
    kind = sniff(content, filename)
    warnings = []
    extension = Path(filename).suffix.lower()
    expected = {"pdf": ".pdf", "docx": ".docx"}.get(kind)
    if extension in (".pdf", ".docx") and expected != extension:
        warnings.append(f"O arquivo tem extensão {extension}, mas o conteúdo é {_NAMES[kind]}.")
    if kind == "pdf":
        from .pdf import pdf_blocks

        blocks = pdf_blocks(content)
    elif kind == "docx":
        from .docx import docx_blocks

        blocks = docx_blocks(content)
    else:
        from .text import blocks_of, decode

        text = decode(content)
        return blocks_of(text), text, warnings
    return blocks, "\n\n".join("\n".join(block) for block in blocks), warnings


_NAMES = {"pdf": "um PDF", "docx": "um documento Word (.docx)", "text": "texto"}


def sniff(content: bytes, filename: str) -> str:
    """ "pdf", "docx" or "text", from the bytes; refuses what none of them reads."""
    head = content[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableForm("arquivo .doc (Word 97-2003): salve-o como .docx e envie de novo")
    if head.startswith(b"{\\rtf"):
        raise UnreadableForm("arquivo RTF: salve-o como .docx e envie de novo")
    from .text import decode, looks_like_text

    if not looks_like_text(decode(content[:8000])):
        extension = Path(filename).suffix.lower()
        if extension == ".docx":
            raise UnreadableForm("o arquivo .docx está corrompido")
        if extension == ".pdf":
            raise UnreadableForm("o arquivo PDF está corrompido")
        raise UnreadableForm("não é um arquivo de texto, .docx ou .pdf")
    return "text"


def _parse(
    blocks: list[list[str]], text: str, warnings: list[str], options: OptionLists
) -> ReadResult:
    parser = FormParser(options)
    for block in blocks:
        parser.feed_block(block)
    if parser.recognized < MIN_RECOGNIZED:
        raise UnreadableForm("não parece um Formulário - Processo de Retenção")
    data, found = parser.result()
    return ReadResult(data=data, warnings=[*warnings, *found], text=text)
