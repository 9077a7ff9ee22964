"""The API against its own OpenAPI document, fuzzed by schemathesis (a tool we did not write):
a live server with demo data, a supervisor's token, every operation, every check: no 5xx,
every answer as the document says, bad input refused with a 4xx in the error shape."""

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate
from rest_framework.throttling import UserRateThrottle

from api.models import ApiToken

CONFIG = Path(__file__).with_name("schemathesis.toml")
# The reference data of the migrations stays for the next tests (a live server flushes).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def supervisor_token(live_server, monkeypatch):
    """Demo data (users, 25 cases) and a supervisor's token; no rate limit for the fuzzer."""
    call_command("seed_demo", cases=25, seed=7, verbosity=0)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "100000/minute"})
    from django.contrib.auth import get_user_model

    supervisor = get_user_model().objects.get(username="supervisor")
    return ApiToken.issue(user=supervisor, name="schemathesis")[1]


def _schema(url: str, token: str) -> dict:
    request = urllib.request.Request(
        f"{url}/api/schema/?format=json", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def test_the_openapi_document_is_valid(live_server, supervisor_token):
    schema = _schema(live_server.url, supervisor_token)
    validate(schema)
    assert schema["openapi"].startswith("3.1")
    assert "provider" in schema["components"]["schemas"]["CaseForm"]["properties"]


def test_schemathesis_finds_nothing_wrong_in_any_operation(live_server, supervisor_token, tmp_path):
    command = [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "--config-file",
        str(CONFIG),
        "run",
        f"{live_server.url}/api/schema/?format=json",
        "-H",
        f"Authorization: Token {supervisor_token}",
        "--checks",
        "all",
        "--max-examples",
        "5",
        "--seed",
        "21",
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--no-color",
        "--suppress-health-check",
        "all",
    ]
    # On a loaded 2-core machine (load 15) the run took 5 min with 15 examples per operation,
    # and more than 10 min inside the whole suite: 5 examples (the coverage phase adds its
    # own cases), and time enough that only a hung server fails it.
    result = subprocess.run(command, capture_output=True, text=True, timeout=1500, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-3000:]
