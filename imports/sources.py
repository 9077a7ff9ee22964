"""Where forms come from: files, folders (recursive) and .zip archives, with size limits.

Yields `Source(name, content, error)`; a source that cannot be taken (too big, a zip bomb,
an unreadable archive) comes with an `error` in Portuguese instead of content, so the rest
of the batch goes on.
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

FORM_SUFFIXES = {".txt", ".md", ".docx", ".pdf"}
MAX_FORM_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200


@dataclass
class Source:
    name: str
    content: bytes = b""
    error: str = ""


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


def sources_from_upload(name: str, content: bytes) -> Iterator[Source]:
    if name.lower().endswith(".zip"):
        yield from sources_from_zip(name, content)
    else:
        yield _sized(name, content)


def _from_file(path: Path) -> Iterator[Source]:
    size = path.stat().st_size
    if path.suffix.lower() == ".zip":
        yield from sources_from_zip(str(path), path.read_bytes())
    elif size > MAX_FORM_BYTES:
        yield Source(str(path), error=_too_big(size))
    else:
        yield Source(str(path), path.read_bytes())


def sources_from_zip(name: str, content: bytes) -> Iterator[Source]:
    """The forms inside a .zip, refusing zip bombs before anything is decompressed."""
    try:
        archive = zipfile.ZipFile(BytesIO(content))
        members = [m for m in archive.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        yield Source(name, error="arquivo .zip corrompido ou inválido.")
        return
    problem = _zip_problem(members)
    if problem:
        yield Source(name, error=problem)
        return
    for member in members:
        yield _zip_member(name, archive, member)


def _zip_problem(members: list[zipfile.ZipInfo]) -> str:
    total = sum(m.file_size for m in members)
    if len(members) > MAX_ZIP_MEMBERS:
        return f"o .zip tem {len(members)} arquivos; o limite é {MAX_ZIP_MEMBERS}."
    if total > MAX_ZIP_TOTAL_BYTES:
        return "o .zip descompactado passaria do limite de 2 GB."
    packed = sum(m.compress_size for m in members) or 1
    if total / packed > MAX_COMPRESSION_RATIO:
        return "o .zip tem taxa de compressão suspeita (possível 'zip bomb'); não foi aberto."
    return ""


def _zip_member(name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Source:
    full_name = f"{name}:{member.filename}"
    suffix = Path(member.filename).suffix.lower()
    if suffix not in FORM_SUFFIXES:
        return Source(
            full_name, error=f"tipo de arquivo não suportado ({suffix or 'sem extensão'})."
        )
    if member.file_size > MAX_FORM_BYTES:
        return Source(full_name, error=_too_big(member.file_size))
    try:
        with archive.open(member) as handle:
            content = handle.read(MAX_FORM_BYTES + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError):
        return Source(
            full_name, error="não foi possível extrair do .zip (corrompido ou protegido)."
        )
    return _sized(full_name, content)


def _sized(name: str, content: bytes) -> Source:
    if len(content) > MAX_FORM_BYTES:
        return Source(name, error=_too_big(len(content)))
    return Source(name, content)


def _too_big(size: int) -> str:
    return f"arquivo de {size / 1024 / 1024:.1f} MB passa do limite de 20 MB.".replace(".", ",", 1)
