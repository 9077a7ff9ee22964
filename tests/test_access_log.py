"""Search terms are personal data (a CPF, a name): no log line keeps a query string, neither
Django's request loggers nor gunicorn's access log (issue 17, item 6)."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.test_several_servers import free_port, process_env, request, wait_until_up  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CPF = "52998224725"


def test_django_request_lines_are_logged_without_their_query(caplog):
    with caplog.at_level(logging.INFO):
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /casos/?q={CPF}&ordem=prazo HTTP/1.1", "200", "5120"
        )
        logging.getLogger("django.request").warning("Not Found: %s", f"/casos/?q={CPF}")
    lines = [record.getMessage() for record in caplog.records]
    assert lines == ['"GET /casos/?… HTTP/1.1" 200 5120', "Not Found: /casos/?…"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_gunicorns_access_log_keeps_the_path_and_never_the_search(process_env, tmp_path):  # noqa: F811
    port, log = free_port(), tmp_path / "access.log"
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    server = subprocess.Popen(
        [gunicorn, "retencao.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}"]
        + ["--access-logfile", str(log)],
        cwd=ROOT,
        env=process_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_up(port, server)
        headers = {"Referer": f"http://127.0.0.1:{port}/casos/?q=FULANA"}
        request(port, "GET", f"{reverse('cases:queue')}?q={CPF}", headers=headers)
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()
    text = log.read_text()
    assert f'"GET {reverse("cases:queue")} HTTP/1.1" 302' in text
    assert CPF not in text and "FULANA" not in text and "?q=" not in text
