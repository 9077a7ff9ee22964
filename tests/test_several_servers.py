"""Two app servers and two workers on one database, as behind a load balancer.

A session made on one server works on the other; the API rate limit is one count for both
(the database cache); each queued import is run by exactly one of two `db_worker`s. The
database is the test database (PostgreSQL when DATABASE_URL points to one, else the SQLite
file), so the processes see what the test writes.
"""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from accounts.hashers import OwaspArgon2PasswordHasher
from api.models import ApiToken
from cases.models import Case, ResponsibleSector, RetentionAction, TerminationReason
from conftest import PASSWORD, SEEDS
from formio.vocabulary import RESPONSIBLE_SECTORS, RETENTION_ACTIONS, TERMINATION_REASONS
from imports import services
from imports.models import ImportedFile, Outcome
from imports.sources import Source
from imports.tasks import import_batch

ROOT = Path(__file__).resolve().parent.parent
# serialized_rollback: the flush after each test would take the reference data (options seeded by
# migrations) away from the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = f"{db['USER']}:{db['PASSWORD'] or ''}@" if db["USER"] else ""
    return f"postgres://{user}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def process_env(settings):
    """The environment of a server or worker: the real settings, the test's database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "retencao.settings",
        "DEBUG": "1",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "API_RATE": "6/minute",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LOG_LEVEL": "WARNING",
    }


@contextmanager
def running(*commands, env):
    processes = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for command in commands
    ]
    try:
        yield processes
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=10)
            process.stderr.close()


def request(port, method, path, *, headers=None, body=None):
    link = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    link.request(method, path, body=body, headers=headers or {})
    response = link.getresponse()
    text = response.read().decode()
    link.close()
    return response, text


def wait_until_up(port, process):
    deadline = time.monotonic() + 120  # a busy machine takes long to start Django
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stderr.read().decode()[-2000:])
        try:
            request(port, "GET", "/entrar/")
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"servidor na porta {port} não respondeu em 120 s")


def cookie(response, name) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    raise AssertionError(f"sem cookie {name}")


def log_in(port, username) -> str:
    """The session cookie of a log-in through the form (CSRF and all) on that server."""
    response, page = request(port, "GET", "/entrar/")
    csrf = cookie(response, "csrftoken")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = f"csrfmiddlewaretoken={token}&username={username}&password={PASSWORD}"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={csrf}",
    }
    response, _ = request(port, "POST", "/entrar/", headers=headers, body=body)
    assert response.status == 302 and response.getheader("Location") == "/"
    return cookie(response, "sessionid")


def test_a_session_and_the_api_rate_limit_hold_across_two_app_servers(analyst, process_env):
    hasher = OwaspArgon2PasswordHasher()  # the servers' hasher (the tests' MD5 is not theirs)
    analyst.password = hasher.encode(PASSWORD, hasher.salt())
    analyst.save()
    token = ApiToken.issue(user=analyst, name="teste")[1]
    ports = free_port(), free_port()
    commands = [["runserver", "--noreload", "--skip-checks", f"127.0.0.1:{p}"] for p in ports]
    with running(*commands, env=process_env) as servers:
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(port, server)
        session = log_in(ports[0], "analista")
        response, page = request(ports[1], "GET", "/", headers={"Cookie": f"sessionid={session}"})
        assert response.status == 200 and "Ana Analista" in page

        api = {"Authorization": f"Token {token}"}
        statuses = [
            request(ports[n % 2], "GET", "/api/casos/", headers=api)[0].status for n in range(10)
        ]
    # 6 a minute for the user, whichever server answers (each alone would allow 6)
    assert statuses == [200] * 6 + [429] * 4


def form(number: int) -> Source:
    """The seed form under another protocol number: another case."""
    text = (SEEDS / "001_2ef8644a227c06e3.txt").read_text(encoding="utf-8")
    return Source(
        f"{number}.txt", text.replace("SAD170662950329", f"SAD17066295{number:04d}").encode()
    )


def reference_data_present() -> None:
    """The options the migrations seed: an earlier transactional test of the run may have
    flushed them, and the workers read the tables, not this process's rollback."""
    lists = {
        TerminationReason: TERMINATION_REASONS,
        RetentionAction: RETENTION_ACTIONS,
        ResponsibleSector: RESPONSIBLE_SECTORS,
    }
    for model, options in lists.items():
        for order, option in enumerate(options, 1):
            model.objects.get_or_create(
                code=option.code, defaults={"label": option.label, "order": order}
            )


def test_each_queued_import_is_run_by_exactly_one_of_two_workers(supervisor, process_env, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    reference_data_present()
    batches = [services.batch_create(user=supervisor, sources=[form(n)]) for n in range(6)]
    results = [import_batch.enqueue(batch.pk) for batch in batches]

    workers = [
        ["db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", "--worker-id", name]
        for name in ("w1", "w2")
    ]
    with running(*workers, env=process_env) as processes:
        for process in processes:
            assert process.wait(timeout=180) == 0, process.stderr.read().decode()[-2000:]

    for result in results:
        result.refresh()
        assert result.status == "SUCCESSFUL"
        assert len(result.worker_ids) == 1 and result.worker_ids[0] in {"w1", "w2"}
    assert Case.objects.count() == 6, list(ImportedFile.objects.values_list("message", flat=True))
    assert set(ImportedFile.objects.values_list("outcome", flat=True)) == {Outcome.CREATED}
    for case in Case.objects.all():
        assert case.version == 1 and case.events.count() == 1
