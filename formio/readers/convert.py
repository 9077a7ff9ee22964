"""Word 97-2003 (.doc), RTF and OpenDocument (.odt) forms, turned into .docx by LibreOffice.

LibreOffice reads these formats faithfully (legacy form-field checkboxes included), and
the .docx it writes is read by the DOCX reader like any other. Each conversion runs
`soffice --headless --convert-to docx` in a temporary folder of its own, with a user
profile of its own there (two conversions sharing a profile block each other, so parallel
import workers would clash), under a time limit; the whole process group is killed when
the time is up. The file is written under a fixed name: the user's name never reaches a
command line.
"""

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import UnreadableForm

TIMEOUT_SECONDS = 90
_SUFFIX = {"doc": ".doc", "rtf": ".rtf", "odt": ".odt"}
_WHAT = {"doc": "o arquivo .doc (Word 97-2003)", "rtf": "o arquivo RTF", "odt": "o arquivo .odt"}


def soffice() -> str | None:
    """The LibreOffice command, or None when it is not installed."""
    return os.environ.get("SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(content: bytes, kind: str) -> bytes:
    """The document in `content` ("doc", "rtf" or "odt") as .docx bytes."""
    command = soffice()
    if command is None:
        raise UnreadableForm(
            f"para ler {_WHAT[kind]} o servidor precisa do LibreOffice (comando soffice), "
            "que não está instalado"
        )
    with tempfile.TemporaryDirectory(prefix="formio-lo-") as folder:
        work = Path(folder)
        source = work / f"form{_SUFFIX[kind]}"
        source.write_bytes(content)
        _run(command, [source], work, kind)
        converted = work / "out" / "form.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise UnreadableForm(
                f"o LibreOffice não conseguiu abrir {_WHAT[kind]} "
                "(corrompido ou protegido por senha?)"
            )
        return converted.read_bytes()


# Starting LibreOffice is most of a conversion: one .doc takes ~1.8 s, twenty in one run
# ~2.7 s (bench/bench_import.py --doc). A batch import converts its files together.
MANY_SECONDS_EACH = 5  # the time limit of a run of many grows by this for each file


def to_docx_many(items: list[tuple[bytes, str]]) -> list[bytes | None]:
    """Each document of `items` ((content, kind) pairs) as .docx bytes, all converted by
    one LibreOffice run; None for one it did not convert (the caller converts that one
    alone with `to_docx`, which says why it fails). LibreOffice writes a .docx even of
    some garbage: the caller reads the result and, when that fails, converts alone too."""
    command = soffice()
    if command is None or not items:
        return [None] * len(items)
    with tempfile.TemporaryDirectory(prefix="formio-lo-") as folder:
        work = Path(folder)
        sources = [work / f"form{n:04}{_SUFFIX[kind]}" for n, (_, kind) in enumerate(items)]
        for source, (content, _) in zip(sources, items, strict=True):
            source.write_bytes(content)
        timeout = TIMEOUT_SECONDS + MANY_SECONDS_EACH * len(items)
        try:
            _run(command, sources, work, "documentos", timeout=timeout)
        except UnreadableForm:  # timed out: each is converted alone
            return [None] * len(items)
        return [_written(work / "out" / f"{source.stem}.docx") for source in sources]


def _written(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() and path.stat().st_size else None


def _run(command: str, sources: list[Path], work: Path, kind: str, timeout=TIMEOUT_SECONDS) -> None:
    arguments = [
        command,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(work / "out"),
        *map(str, sources),
    ]
    environment = {**os.environ, "HOME": str(work)}
    process = subprocess.Popen(
        arguments,
        cwd=work,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: soffice starts a child of its own
    )
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise UnreadableForm(
            f"o LibreOffice não terminou de converter {_WHAT.get(kind, kind)} em {timeout} s"
        ) from None


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
