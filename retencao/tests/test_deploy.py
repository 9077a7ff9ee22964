"""The production settings pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    unset = {"DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment |= {"DJANGO_SETTINGS_MODULE": "retencao.settings", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_prints_no_warning_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="a-long-random-production-key-0123456789-abcdefghijklmnopqrstuvwxyz!",
        ALLOWED_HOSTS="retencao.operadora.com.br",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_the_app_server_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", "import retencao.wsgi"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=environment | {"DJANGO_SETTINGS_MODULE": "retencao.settings"},
    )
    assert result.returncode != 0
    assert "Defina SECRET_KEY" in result.stderr


def test_offline_commands_need_no_secret_key():
    result = _manage("makemigrations", "--check", "--dry-run", SECRET_KEY="")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout
