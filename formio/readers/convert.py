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
        _run(command, source, work, kind)
        converted = work / "out" / "form.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise UnreadableForm(
                f"o LibreOffice não conseguiu abrir {_WHAT[kind]} "
                "(corrompido ou protegido por senha?)"
            )
        return converted.read_bytes()


def _run(command: str, source: Path, work: Path, kind: str) -> None:
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
        str(source),
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
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise UnreadableForm(
            f"o LibreOffice não terminou de converter {_WHAT[kind]} em {TIMEOUT_SECONDS} s"
        ) from None


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
