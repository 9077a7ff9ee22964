"""Old Office forms made by the real tools: LibreOffice converts a test .docx to .doc,
.odt, .rtf or .html; and an RTF as Word writes it, with legacy form-field checkboxes
(LibreOffice's own RTF export drops their state, Word's keeps it in `\\ffres`)."""

import subprocess
import tempfile
from pathlib import Path

from formio.readers.convert import soffice

from .layout import Boxes, Contact, Free, Row, Signatures, sections


def libreoffice(files: dict[str, bytes], to: str) -> dict[str, bytes]:
    """Each of `files` (name -> bytes) converted to format `to` ("doc", "odt", "rtf",
    "html"), in one LibreOffice run; the result by the same names with the new suffix."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name, content in files.items():
            (work / name).write_bytes(content)
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation={(work / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                to,
                "--outdir",
                str(work / "out"),
                *(str(work / name) for name in files),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        return {name: (work / "out" / f"{Path(name).stem}.{to}").read_bytes() for name in files}


def word97(docx: bytes) -> bytes:
    """A test .docx as a Word 97-2003 .doc, by way of .odt: LibreOffice 7.4 writes some
    python-docx tables straight into a .doc as plain paragraphs (a flaw of that one
    exporter: the .odt it writes, and the .doc it writes from that, keep the tables)."""
    odt = libreoffice({"form.docx": docx}, "odt")["form.docx"]
    return libreoffice({"form.odt": odt}, "doc")["form.odt"]


def word_rtf_form(data) -> bytes:
    """The filled form as an RTF from Word: tables, cp1252 and FORMCHECKBOX fields."""
    parts = [r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Calibri;}}\f0\fs22 "]
    parts.append(_paragraph("Formulário - Processo de Retenção"))
    for item in sections(data):
        parts.append(_item(item))
    parts.append("}")
    return "".join(parts).encode("ascii")


def _item(item) -> str:
    if isinstance(item, Row):
        return _row([label for label, _ in item.cells]) + _row([v for _, v in item.cells])
    if isinstance(item, Boxes):
        options = r"\par ".join(
            f"{_checkbox(ticked)} {_text(text)}" for ticked, text in item.options
        )
        cells = [_text(item.label), options]
        if item.trailing:
            cells += [_text(item.trailing[0]), _lines(item.trailing[1], r"\par ")]
        return _raw_row(cells)
    if isinstance(item, Contact):
        texts = [f"{item.number}º contato", "Data", item.date, "Obs.:"]
        return _raw_row([_text(t) for t in texts] + [_lines(item.notes, r"\line ")])
    if isinstance(item, Free):
        label = _text(item.label) + (r"\par " + _text(item.instruction) if item.instruction else "")
        return _raw_row([label, _lines(item.text, r"\par ")])
    if isinstance(item, Signatures):
        return "".join(_paragraph(name) for name in item.names)
    return ""


def _row(texts: list[str]) -> str:
    return _raw_row([_text(t) for t in texts])


def _raw_row(cells: list[str]) -> str:
    edges = "".join(rf"\cellx{1800 * (i + 1)}" for i in range(len(cells)))
    body = "".join(rf"\pard\intbl {cell}\cell " for cell in cells)
    return rf"\trowd\trgaph108{edges}{body}\row\pard\par " + "\n"


def _paragraph(text: str) -> str:
    return rf"\pard {_text(text)}\par " + "\n"


def _lines(text: str, separator: str) -> str:
    return separator.join(_text(line) for line in text.split("\n")) if text else ""


def _checkbox(ticked: bool) -> str:
    field = r"{\field{\*\fldinst {FORMCHECKBOX {\*\formfield{\fftype1\ffresSTATE\fftypetxt0"
    field += r"\ffhps20{\*\ffname Check}}}}}{\fldrslt }}"
    return field.replace("STATE", "1" if ticked else "0")


def _text(text: str) -> str:
    out = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif ord(char) > 127:
            out.append(rf"\u{ord(char) if ord(char) < 32768 else ord(char) - 65536}?")
        else:
            out.append(char)
    return "".join(out)
