"""Load: the app under gunicorn (4 workers) driven by 50 simulated users for 60 s.

    bin/throwaway-postgres bash -c '.venv/bin/python bench/generate.py --cases 100000 &&
                                    .venv/bin/python bench/load.py'

Each user logs in, then loops: queue, search, open one of their cases, add a contact,
save the case (through the API, with the version it read). The users log in within the
first ten seconds (a morning rush: Argon2 log-ins are costly). Between two requests a user
pauses as a person reading the screen would, a random 0.5 to 1.5 times --think seconds
(default 1 s: a fast analyst; --think 0 hammers the server, a stress figure). The driver
is a second process on 127.0.0.1, bounded in users and time. Target: no error, p95 under
300 ms.

With --exporters N (e.g. --users 20 --exporters 2), N supervisors meanwhile export every
case, again and again: ask for the XLSX (a background job, run by a `db_worker` started
beside gunicorn), poll its page every 2 s as the browser does, download the file. Target:
the other users' p95 (line "outros") stays under 300 ms, no error.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import ROOT, br, django_setup, percentile  # noqa: E402

PASSWORD = "carga-senha-forte-123"
ARRIVALS = 10.0  # seconds over which the users log in
SEARCHES = ["maria", "sao paulo", "rio", "silva", "petropolis", "santos"]
EXPORT_STEPS = ("exportar", "exportação: página", "exportação: baixar", "exportação: pronta")


def main() -> None:
    args = _arguments()
    if args.drive:
        _drive(args)
        return
    cases = _prepare_users(args.users, args.exporters)
    port = _free_port()
    servers = [_start_gunicorn(port, args.workers)]
    if args.exporters:
        servers.append(_start(["manage.py", "db_worker"]))
    try:
        driver = [
            *(sys.executable, __file__, "--drive", "--port", str(port)),
            *("--users", str(args.users), "--seconds", str(args.seconds)),
            *("--think", str(args.think), "--exporters", str(args.exporters)),
            *("--cases", json.dumps(cases)),
        ]
        subprocess.run(driver, check=True)
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def _prepare_users(count: int, exporters: int) -> dict[str, list[int]]:
    """`count` analysts, each with a handful of open cases of their own; `exporters`
    supervisors (named exporta0...), who see every case."""
    django_setup(filled=True)
    from django.db import transaction

    from accounts import roles
    from accounts.services import user_create
    from cases.models import Case

    open_ids = list(Case.objects.open().order_by("pk").values_list("pk", flat=True)[: count * 10])
    owned = {}
    with transaction.atomic():
        for n in range(count):
            user = user_create(username=f"carga{n:02d}", role=roles.ANALYST, password=PASSWORD)
            ids = open_ids[n * 10 : (n + 1) * 10]
            Case.objects.filter(pk__in=ids).update(analyst=user)
            owned[user.username] = ids
        for n in range(exporters):
            user_create(username=f"exporta{n}", role=roles.SUPERVISOR, password=PASSWORD)
    return owned


def _start(command: list[str]) -> subprocess.Popen:
    env = {
        **os.environ,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "retencao.settings",
    }
    env.setdefault("SECRET_KEY", "load-test-only-secret-key-0123456789abcdefghijklmnop")
    return subprocess.Popen([sys.executable, *command], cwd=ROOT, env=env, start_new_session=True)


def _start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = _start(
        [gunicorn, "retencao.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
        + ["--log-level", "warning"]
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn não subiu")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# The driver (second process) ------------------------------------------------------------


class User:
    def __init__(self, port: int, username: str, cases: list[int], record, think: float):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.username, self.cases, self.record = username, cases, record
        self.think = think

    def request(self, step, method, path, body=None, headers=None, ok=(200, 302)):
        headers = {
            **(headers or {}),
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        started = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        content = response.read()
        self.location = response.getheader("Location")
        self.record(step, (time.perf_counter() - started) * 1000, response.status in ok)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        time.sleep(self.think * random.uniform(0.5, 1.5))
        return response.status, content

    def post_form(self, step, path, fields):
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request(step, "POST", path, urlencode(fields), headers)

    def session(self, deadline: float, n: int):
        time.sleep(random.uniform(0, ARRIVALS))  # the whole team logs in within ten seconds
        self.request("entrar", "GET", "/entrar/")
        self.post_form("entrar", "/entrar/", {"username": self.username, "password": PASSWORD})
        i = n
        while time.monotonic() < deadline:
            case = self.cases[i % len(self.cases)]
            self.request("fila", "GET", "/")
            self.request(
                "busca",
                "GET",
                "/?" + urlencode({"q": SEARCHES[i % len(SEARCHES)], "situation": "open"}),
            )
            self.request("caso", "GET", f"/casos/{case}/")
            self.post_form(
                "contato",
                f"/casos/{case}/contatos/",
                {"date": "", "channel": "telefone", "notes": f"Carga {i}"},
            )
            self._save(case)
            i += 1

    def _save(self, case: int):
        status, content = self.request("salvar", "GET", f"/api/casos/{case}/")
        if status != 200:
            return
        body = json.loads(content)
        payload = json.dumps({"version": body["version"], "form": body["form"]})
        headers = {
            "Content-Type": "application/json",
            "X-CSRFToken": self.cookies.get("csrftoken", ""),
        }
        self.request("salvar", "PUT", f"/api/casos/{case}/", payload, headers, ok=(200,))

    def exports(self, deadline: float):
        """Export every case as XLSX, poll the job's page until the file is ready, get it."""
        self.request("entrar", "GET", "/entrar/")
        self.post_form("entrar", "/entrar/", {"username": self.username, "password": PASSWORD})
        while time.monotonic() < deadline:
            asked = time.monotonic()
            status, _ = self.request("exportar", "GET", "/exportar/casos.xlsx", ok=(302,))
            job_page = self.location
            if status != 302 or not job_page:
                continue
            while time.monotonic() < deadline:
                time.sleep(2)
                _, page = self.request("exportação: página", "GET", job_page)
                if b"/arquivo" in page or b"falhou" in page:
                    break
            else:
                return
            self.request("exportação: baixar", "GET", job_page + "arquivo")
            self.record(
                "exportação: pronta", (time.monotonic() - asked) * 1000, b"falhou" not in page
            )


def _drive(args) -> None:
    cases = json.loads(args.cases)
    samples: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()

    def record(step, ms, ok):
        with lock:
            samples.setdefault(step, []).append(ms)
            if not ok:
                errors[step] = errors.get(step, 0) + 1

    deadline = time.monotonic() + args.seconds
    users = [
        User(args.port, name, ids, record, args.think)
        for name, ids in list(cases.items())[: args.users]
    ]
    threads = [threading.Thread(target=_run, args=(u, deadline, n)) for n, u in enumerate(users)]
    exporters = [User(args.port, f"exporta{n}", [], record, 0.0) for n in range(args.exporters)]
    threads += [threading.Thread(target=_run_exports, args=(u, deadline)) for u in exporters]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    _report(samples, errors, elapsed, len(users), args.think)


def _run(user, deadline, n):
    try:
        user.session(deadline, n)
    except Exception as error:  # a broken connection is an error of the run, counted
        user.record("conexão", 0.0, False)
        print(f"  {user.username}: {error!r}", file=sys.stderr)


def _run_exports(user, deadline):
    try:
        user.exports(deadline)
    except Exception as error:
        user.record("conexão", 0.0, False)
        print(f"  {user.username}: {error!r}", file=sys.stderr)


def _report(samples, errors, elapsed, users, think) -> None:
    every = [ms for values in samples.values() for ms in values]
    total_errors = sum(errors.values())
    print(
        f"load: {users} usuários, pausa média {br(think, 1)} s, {br(elapsed, 0)} s, "
        f"{br(len(every))} requisições ({br(len(every) / elapsed, 1)}/s), {total_errors} erro(s)"
    )
    print(_line("todas", every, total_errors))
    if any(step in samples for step in EXPORT_STEPS):
        others = [
            ms for step, values in samples.items() if step not in EXPORT_STEPS for ms in values
        ]
        other_errors = sum(n for step, n in errors.items() if step not in EXPORT_STEPS)
        print(_line("outros", others, other_errors))
    for step, values in samples.items():
        print(_line(step, values, errors.get(step, 0)))


def _line(title: str, values: list[float], error_count: int) -> str:
    p50, p95 = br(percentile(values, 0.5), 1), br(percentile(values, 0.95), 1)
    return (
        f"  {title:12} p50 {p50} ms · p95 {p95} ms · {br(len(values))} req · {error_count} erro(s)"
    )


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=1.0, help="pause between requests (s)")
    parser.add_argument("--exporters", type=int, default=0, help="supervisors exporting all")
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cases", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    main()
