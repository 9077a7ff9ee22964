"""manage.py parse_form: JSON on stdout, warnings on stderr, exit 2 for what is not a form."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from conftest import expected_seed, seed_paths
from formio.casedata import schema_errors

ROOT = Path(__file__).resolve().parents[2]
SEED = seed_paths()[1]


def parse(path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("parse_form", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prints_the_seed_as_schema_valid_json():
    out, err = parse(SEED)
    data = json.loads(out)
    assert data == expected_seed(SEED)
    assert schema_errors(data) == []
    assert "PETROPOLIS" in out and "Liberação" not in out  # UTF-8, not \u escapes
    assert "liberação" in out
    assert err == ""


def test_warnings_go_to_stderr_and_json_still_to_stdout(tmp_path):
    form = tmp_path / "divergente.txt"
    form.write_text(SEED.read_text(encoding="utf-8").replace("50 dia(s)", "9 dia(s)"), "utf-8")
    out, err = parse(form)
    assert json.loads(out)["days_to_finish"] == 50
    assert "Tempo finalização" in err


def test_a_file_that_is_not_a_form_exits_2_naming_the_file_and_the_reason(tmp_path):
    junk = tmp_path / "compras.txt"
    junk.write_text("arroz\nfeijão\n", "utf-8")
    with pytest.raises(CommandError) as error:
        parse(junk)
    assert error.value.returncode == 2
    assert str(error.value) == f"{junk}: não parece um Formulário - Processo de Retenção"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "PYTHONIOENCODING": "utf-8"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", "parse_form", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_from_the_shell_it_exits_0_with_json_and_2_with_one_line(tmp_path):
    done = run(str(SEED))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected_seed(SEED)
    bad = tmp_path / "vazio.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF")
    failed = run(str(bad))
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert (
        failed.stderr.strip().splitlines()[-1].endswith("vazio.pdf: o arquivo PDF está corrompido")
    )
