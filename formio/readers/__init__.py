"""Readers: a filled "Formulário - Processo de Retenção" file in, a CaseData out.

    read_form(path) / read_form_bytes(content, filename, vocabulary=PRINTED)
        -> ReadResult(data, warnings, text)

Text/Markdown (any encoding), DOCX/DOCM, PDF, HTML/MHT ("página da web") and, through
LibreOffice (convert.py), Word 97-2003 .doc, RTF and .odt are told apart by their bytes
first and their extension second (sniff.py), so a .doc that is really RTF or HTML is read
as what it is. Anything that is not a readable form raises UnreadableForm with a one-line
Portuguese reason naming the real problem; no other exception leaves this package. No Django here.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from formio.casedata import CaseData
from formio.vocabulary import PRINTED, Vocabulary

from .docx import text_of
from .errors import UnreadableForm
from .labels import PRINTED_OPTIONS, OptionLists
from .parser import FormParser
from .scan import ScanReading, is_scan, read_scan
from .sniff import EXTENSIONS, FORM_SUFFIXES, FORMATS_TEXT, NAMES, sniff
from .split import forms_in
from .text import blocks_of, decode, looks_like_text

__all__ = [
    "FORM_SUFFIXES",
    "FORMATS_TEXT",
    "MAX_BYTES",
    "ReadResult",
    "UnreadableForm",
    "converted_ahead",
    "read_form",
    "read_form_bytes",
]

MAX_BYTES = 20 * 1024 * 1024
MIN_RECOGNIZED = 4  # labels and boxes of the form found before a file counts as a form

log = logging.getLogger(__name__)


@dataclass
class ReadResult:
    data: CaseData
    warnings: list[str] = field(default_factory=list)
    text: str = ""  # the plain text read from the file, shown beside the preview
    others: list["ReadResult"] = field(default_factory=list)  # forms pasted after this one
    scan: ScanReading | None = None  # read by OCR: confidences, fields to check


def read_form(path: str | Path, *, vocabulary: Vocabulary = PRINTED) -> ReadResult:
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError:
        raise UnreadableForm("não foi possível abrir o arquivo") from None
    return read_form_bytes(content, path.name, vocabulary=vocabulary)


def read_form_bytes(
    content: bytes, filename: str, *, vocabulary: Vocabulary = PRINTED, converted=None
) -> ReadResult:
    """The form in `content`; its boxes are matched against `vocabulary`'s labels (the
    paper's by default: old forms carry only those). `converted`: the .docx LibreOffice
    already made of this .doc, RTF or .odt file (`converted_ahead`)."""
    if len(content) > MAX_BYTES:
        size = len(content) / 1024 / 1024
        raise UnreadableForm(f"arquivo grande demais ({size:.0f} MB; limite 20 MB)")
    if not content.strip():
        raise UnreadableForm("o arquivo está vazio")
    try:
        options = PRINTED_OPTIONS if vocabulary == PRINTED else OptionLists.of(vocabulary)
        if is_scan(content):  # a photo or scanned PDF: OCR, then the same parser
            return read_scan(content, options)
        blocks, text, warnings = _extract(content, filename, converted)
        return _parse(blocks, text, warnings, options)
    except UnreadableForm:
        raise
    except Exception:  # a reader bug must not break a batch import: say so, log it
        log.exception("reading %s failed", filename)
        raise UnreadableForm("erro inesperado ao ler o arquivo (registrado no log)") from None


CONVERTED = ("doc", "rtf", "odt")  # the formats LibreOffice turns into .docx


def converted_ahead(items: Iterable[tuple[bytes, str]]) -> list[bytes | None]:
    """For each (content, filename) of `items`, the .docx of a .doc, RTF or .odt file, all
    converted by one LibreOffice run (convert.to_docx_many: starting LibreOffice is most
    of a conversion); None for any other file, or when there are fewer than two to convert
    (read_form_bytes converts one alone). Handed to read_form_bytes as `converted`. Only
    the files to convert are kept in memory meanwhile (`items` may be a generator)."""
    ahead: list[bytes | None] = []
    wanted: dict[int, tuple[bytes, str]] = {}
    for n, (content, filename) in enumerate(items):
        ahead.append(None)
        if kind := _kind_to_convert(content, filename):
            wanted[n] = (content, kind)
    if len(wanted) < 2:
        return ahead
    from .convert import to_docx_many

    for n, document in zip(wanted, to_docx_many(list(wanted.values())), strict=True):
        ahead[n] = document
    return ahead


def _kind_to_convert(content: bytes, filename: str) -> str | None:
    if not content.strip() or len(content) > MAX_BYTES:
        return None
    try:
        kind = sniff(content, filename)
    except UnreadableForm:  # read_form_bytes says why, when the file is read
        return None
    return kind if kind in CONVERTED else None


def _extract(
    content: bytes, filename: str, converted: bytes | None = None
) -> tuple[list[list[str]], str, list[str]]:
    kind = sniff(content, filename)
    warnings = []
    extension = Path(filename).suffix.lower()
    if extension in FORM_SUFFIXES and extension not in EXTENSIONS[kind]:
        warnings.append(f"O arquivo tem extensão {extension}, mas o conteúdo é {NAMES[kind]}.")
    if kind == "text":
        text = decode(content)
        if not looks_like_text(text[:8000]):
            raise UnreadableForm(_not_text(extension))
        return blocks_of(text), text, warnings
    blocks = _converted_blocks(converted) if kind in CONVERTED and converted else None
    blocks = blocks or _BLOCKS[kind](content)
    return blocks, text_of(blocks), warnings


def _converted_blocks(document: bytes) -> list[list[str]] | None:
    """The blocks of a .docx a LibreOffice run of many made; None when it is no .docx one
    can read (the file is then converted alone, whose failure names the problem)."""
    try:
        return _docx(document)
    except UnreadableForm:
        return None


def _pdf(content: bytes) -> list[list[str]]:
    from .pdf import pdf_blocks

    return pdf_blocks(content)


def _docx(content: bytes) -> list[list[str]]:
    from .docx import docx_blocks

    return docx_blocks(content)


def _converted(kind: str):
    def blocks(content: bytes) -> list[list[str]]:
        from .convert import to_docx
        from .docx import docx_blocks

        return docx_blocks(to_docx(content, kind))

    return blocks


def _html(content: bytes) -> list[list[str]]:
    from .html import html_blocks

    return html_blocks(content)


def _mht(content: bytes) -> list[list[str]]:
    from .html import mht_blocks

    return mht_blocks(content)


_BLOCKS = {
    "pdf": _pdf,
    "docx": _docx,
    "doc": _converted("doc"),
    "rtf": _converted("rtf"),
    "odt": _converted("odt"),
    "html": _html,
    "mht": _mht,
}


def _not_text(extension: str) -> str:
    """Why a file that is none of the formats is refused: what its extension promised."""
    for kind, suffixes in EXTENSIONS.items():
        if extension in suffixes and kind != "text":
            return f"o arquivo {extension} está corrompido (não é {NAMES[kind]} válido)"
    return "não é um arquivo de texto, Word (.docx/.doc), .odt, .rtf, HTML ou PDF"


def _parse(
    blocks: list[list[str]], text: str, warnings: list[str], options: OptionLists
) -> ReadResult:
    """The file's form; forms pasted after it are read too, into `others`, each on its
    own: their values never merge into the first one (the import makes each a case)."""
    parsers = []
    for form in forms_in(blocks):
        parser = FormParser(options)
        for block in form:
            parser.feed_block(block)
        parsers.append(parser)
    forms = [p for p in parsers if p.recognized >= MIN_RECOGNIZED]
    if not forms:
        raise UnreadableForm("não parece um Formulário - Processo de Retenção")
    return one_file([ReadResult(*p.result(), text=text) for p in forms], warnings)


def one_file(results: list[ReadResult], warnings: list[str] = ()) -> ReadResult:
    """The forms read from one file as its ReadResult: the first, the others in `others`;
    what is said of the file (`warnings`, and that it holds several) said of each."""
    if len(results) > 1:
        warnings = [*warnings, _several(len(results))]
    for result in results:
        result.warnings = [*warnings, *result.warnings]
    first = results[0]
    first.others = results[1:]
    return first


def _several(count: int) -> str:
    return (
        f"O arquivo tem {count} formulários, um depois do outro; cada um é importado "
        "como um caso próprio."
    )
