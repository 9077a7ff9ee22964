"""Where forms come from: files, folders (recursive) and .zip archives, with size limits.

Yields `Source(name, content, error)`; a source that cannot be taken (too big, a zip bomb,
an unreadable archive, an unsafe name) comes with an `error` in Portuguese instead of
content, so the rest of the batch goes on.

Decompressed sizes are bounded before anything is decompressed: each member at
MAX_FORM_BYTES, and all the files of one upload together at MAX_UPLOAD_UNPACKED_BYTES (an
`Allowance`). The sizes a zip declares are the most it can give: Python's zipfile stops a
member at its declared size (and fails its CRC check when the data is longer).
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath

FORM_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".jpg", ".jpeg", ".png"}  # pictures: OCR
MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_UPLOAD_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
UNSAFE_NAME = "nome de arquivo inseguro no .zip (caminho com '..' ou absoluto); não foi extraído."


@dataclass
class Source:
    name: str
    content: bytes = b""
    error: str = ""


@dataclass
class Allowance:
    """The bytes an upload may still unpack, all its files and zip members together."""

    left: int = field(default_factory=lambda: MAX_UPLOAD_UNPACKED_BYTES)

    def take(self, size: int) -> None:
        self.left -= size


def sources_from_paths(paths: Iterable[Path]) -> Iterator[Source]:
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in FORM_SUFFIXES | {".zip"}:
                    yield from _from_file(child)
        elif path.exists():
            yield from _from_file(path)
        else:
            yield Source(str(path), error="arquivo ou pasta não encontrado.")


def sources_from_upload(
    name: str, content: bytes, allowance: Allowance | None = None
) -> Iterator[Source]:
    """The forms of one uploaded file; pass one `allowance` for all the files of an upload."""
    allowance = allowance or Allowance()
    if name.lower().endswith(".zip"):
        yield from sources_from_zip(name, content, allowance)
    elif len(content) > allowance.left:
        yield Source(name, error=_upload_too_big(len(content)))
    else:
        allowance.take(len(content))
        yield _sized(name, content)


def _from_file(path: Path) -> Iterator[Source]:
    size = path.stat().st_size
    if path.suffix.lower() == ".zip":
        yield from sources_from_zip(str(path), path.read_bytes())
    elif size > MAX_FORM_BYTES:
        yield Source(str(path), error=_too_big(size))
    else:
        yield Source(str(path), path.read_bytes())


def sources_from_zip(
    name: str, content: bytes, allowance: Allowance | None = None
) -> Iterator[Source]:
    """The forms inside a .zip, refusing zip bombs before anything is decompressed."""
    allowance = allowance or Allowance()
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Source(name, error="arquivo .zip corrompido ou inválido.")
        return
    problem = _zip_problem(members, allowance)
    if problem:
        yield Source(name, error=problem)
        return
    for member in members:
        yield _zip_member(name, archive, member, allowance)


def _zip_problem(members: list[zipfile.ZipInfo], allowance: Allowance) -> str:
    # what would be extracted: safe form members within the size of a form (others fail alone)
    extracted = sum(
        m.file_size
        for m in members
        if _suffix(m) in FORM_SUFFIXES and _safe(m.filename) and m.file_size <= MAX_FORM_BYTES
    )
    if len(members) > MAX_ZIP_MEMBERS:
        return f"o .zip tem {len(members)} arquivos; o limite é {MAX_ZIP_MEMBERS}."
    if extracted > allowance.left:
        return _upload_too_big(extracted)
    declared = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if declared / packed > MAX_COMPRESSION_RATIO:
        return "o .zip tem taxa de compressão suspeita (possível 'zip bomb'); não foi aberto."
    return ""


def _zip_member(
    name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, allowance: Allowance
) -> Source:
    full_name = f"{name}:{member.filename}"
    suffix = _suffix(member)
    if not _safe(member.filename):
        return Source(full_name, error=UNSAFE_NAME)
    if suffix not in FORM_SUFFIXES:
        return Source(
            full_name, error=f"tipo de arquivo não suportado ({suffix or 'sem extensão'})."
        )
    if member.file_size > MAX_FORM_BYTES:
        return Source(full_name, error=_too_big(member.file_size))
    try:
        with archive.open(member) as handle:
            content = handle.read(min(MAX_FORM_BYTES, allowance.left) + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return Source(
            full_name, error="não foi possível extrair do .zip (corrompido ou protegido)."
        )
    if len(content) > allowance.left:
        return Source(full_name, error=_upload_too_big(len(content)))
    allowance.take(len(content))
    return _sized(full_name, content)


def _suffix(member: zipfile.ZipInfo) -> str:
    return PurePosixPath(member.filename.replace("\\", "/")).suffix.lower()


def _safe(member_name: str) -> bool:
    """False for a name that climbs out of its folder or starts at a root (../x, ..\\x, /x, C:x)."""
    path = PurePosixPath(member_name.replace("\\", "/"))
    return not (path.is_absolute() or ".." in path.parts or ":" in member_name)


def _sized(name: str, content: bytes) -> Source:
    if len(content) > MAX_FORM_BYTES:
        return Source(name, error=_too_big(len(content)))
    return Source(name, content)


def _upload_too_big(size: int) -> str:
    limit = MAX_UPLOAD_UNPACKED_BYTES // (1024 * 1024)
    return (
        f"descompactado, o envio passaria de {limit} MB (este arquivo: {_megabytes(size)} MB); "
        "envie os formulários em partes menores."
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def _too_big(size: int) -> str:
    return f"arquivo de {size / 1024 / 1024:.1f} MB passa do limite de 20 MB.".replace(".", ",", 1)
