"""Scan upload under load: one supervisor sends 200 scanned forms while the team works.

    bin/throwaway-postgres bash -c '.venv/bin/python bench/generate.py --cases 20000 &&
                                    .venv/bin/python bench/bench_scan_upload.py --scans 200'

The app under gunicorn, with a `db_worker` beside it (bench/load.py's pieces). Two phases in
the same run: the anchor (--anchor seconds, the --users analysts of load.py working: queue,
search, case, contact, save) and the upload (--seconds more of the same, while supervisor
exporta0 sends one .zip of --scans scanned forms through /importar/, confirms it and polls the
batch's progress as the browser does, every 2 s). Printed: the users' p95 beside the anchor's,
the upload request's own time (it stores the files, never reads them), the preview, the
confirmation, the progress page while OCR runs, the forms read in the window (pages/s, and
the projected time for all), the worker's largest resident memory.

The scans are made as the OCR tests make them (formio/tests/forms/scanned.py): demo forms
printed by our PDF writer, rendered at 200 dpi, tilted and speckled (a seed each, so no two
files are the same), saved once in /tmp/retencao-scans-<N>.zip.
"""

import argparse
import datetime
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load  # noqa: E402
from _setup import br, django_setup  # noqa: E402

UPLOADER = "exporta0"  # the supervisor load._prepare_users makes for one "exporter"
PROGRESS = re.compile(rb"(\d+) de (\d+) arquivo")


def main() -> None:
    args = _arguments()
    if args.drive:
        _drive(args)
        return
    scans = _scans(args.scans)
    cases = load._prepare_users(args.users, 1)
    port = load._free_port()
    servers = [load._start_gunicorn(port, args.workers), load._start(["manage.py", "db_worker"])]
    try:
        for title, count, seconds in (
            ("âncora", 0, args.anchor),
            ("envio", args.scans, args.seconds),
        ):
            print(f"== {title}: {args.users} usuários, {seconds} s")
            rss = _RssWatch(servers[1].pid)
            driver = [
                *(sys.executable, __file__, "--drive", "--port", str(port)),
                *("--users", str(args.users), "--seconds", str(seconds)),
                *("--think", str(args.think), "--scans", str(count), "--zip", str(scans)),
                *("--cases", json.dumps(cases)),
            ]
            subprocess.run(driver, check=True)
            print(f"  db_worker: memória residente máxima {br(rss.stop() / 1024)} MB")
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            servers[1].wait(timeout=10)
        except subprocess.TimeoutExpired:  # the worker finishes its batch first: not for a bench
            os.killpg(servers[1].pid, signal.SIGKILL)
        for server in servers:
            server.wait(timeout=60)


def _scans(count: int) -> Path:
    """A .zip of `count` one-page scanned forms, made once and kept in /tmp."""
    path = Path(f"/tmp/retencao-scans-{count}.zip")
    if path.exists():
        return path
    django_setup()
    from cases.demo import DemoGenerator
    from formio.tests.forms import scanned
    from formio.writers.pdf import render_pdf

    today = datetime.date(2025, 6, 1)
    printed = [
        scanned.printed_pages(render_pdf(case.data, printed_on=today))[0]
        for case in DemoGenerator(7, today=today).cases(min(count, 10))
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(count):
            picture = scanned.scanned(printed[n % len(printed)], degrees=1 + n % 3, seed=n)
            archive.writestr(f"digitalizado-{n:03d}.pdf", scanned.image_pdf([picture]))
    path.write_bytes(buffer.getvalue())
    return path


class _RssWatch:
    """The largest VmRSS (kB) of a process, read from /proc twice a second."""

    def __init__(self, pid: int):
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self):
        while self.running:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    self.peak = max(self.peak, int(line.split()[1]))
            time.sleep(0.5)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak


# The driver (second process) ------------------------------------------------------------


def _drive(args) -> None:
    cases = json.loads(args.cases)
    samples: dict[str, list[float]] = {}
    upload_samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()

    def recorder(into):
        def record(step, ms, ok):
            with lock:
                into.setdefault(step, []).append(ms)
                if not ok:
                    errors[step] = errors.get(step, 0) + 1

        return record

    deadline = time.monotonic() + args.seconds
    users = [
        load.User(args.port, name, ids, recorder(samples), args.think)
        for name, ids in list(cases.items())[: args.users]
    ]
    threads = [
        threading.Thread(target=load._run, args=(u, deadline, n)) for n, u in enumerate(users)
    ]
    progress: dict = {}
    if args.scans:
        uploader = load.User(args.port, UPLOADER, [], recorder(upload_samples), 0.0)
        content = Path(args.zip).read_bytes()
        target = _run_upload
        threads.append(
            threading.Thread(target=target, args=(uploader, content, deadline, progress))
        )
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load._report(samples, errors, time.monotonic() - started, len(users), args.think)
    for step, values in upload_samples.items():
        print(load._line(step, values, errors.get(step, 0)))
    if progress:
        _report_progress(progress, args.scans)


def _run_upload(user, content, deadline, progress):
    try:
        _upload(user, content, deadline, progress)
    except Exception as error:
        user.record("lote: conexão", 0.0, False)
        print(f"  {user.username}: {error!r}", file=sys.stderr)


def _upload(user, content: bytes, deadline: float, progress: dict) -> None:
    """Send the .zip, look at the preview, confirm, poll the progress every 2 s."""
    user.request("entrar", "GET", "/entrar/")
    user.post_form("entrar", "/entrar/", {"username": user.username, "password": load.PASSWORD})
    user.request("lote: tela de envio", "GET", "/importar/")
    body, content_type = _multipart(user.cookies.get("csrftoken", ""), content)
    user.request("lote: envio", "POST", "/importar/", body, {"Content-Type": content_type})
    batch_page = user.location
    user.request("lote: pré-visualização", "GET", batch_page)
    user.post_form("lote: confirmar", batch_page + "confirmar/", {})
    progress["confirmed"] = time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(2)
        _, page = user.request("lote: progresso", "GET", batch_page, headers={"HX-Request": "true"})
        found = PROGRESS.search(page)
        if found:
            progress["done"], progress["at"] = int(found[1]), time.monotonic()


def _multipart(token: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
        f"{token}\r\n--{boundary}\r\n"
        'Content-Disposition: form-data; name="files"; filename="digitalizados.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()
    body = head + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _report_progress(progress: dict, total: int) -> None:
    done = progress.get("done", 0)
    window = progress.get("at", progress["confirmed"]) - progress["confirmed"]
    rate = done / window if window else 0.0
    projected = f"{br(total / rate / 60, 1)} min" if rate else "—"
    print(
        f"  lidos por OCR: {done} de {total} em {br(window, 0)} s "
        f"({br(rate, 2)} página/s; todos em ~{projected})"
    )


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=120, help="the upload phase")
    parser.add_argument("--anchor", type=int, default=40, help="the phase without upload")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="pause between requests (s)")
    parser.add_argument("--scans", type=int, default=200)
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cases", help=argparse.SUPPRESS)
    parser.add_argument("--zip", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    main()
