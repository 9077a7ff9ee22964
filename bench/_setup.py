"""Shared start-up of the benchmark scripts: Django against DATABASE_URL (SQLite if unset)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def django_setup(*, filled: bool = False) -> None:
    """Django against DATABASE_URL; `filled`: the benchmark times existing cases, and stops
    saying so when the database has none (rather than in a traceback)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "retencao.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghij")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # benchmarks speak plain HTTP locally
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    _collect_static()
    from retencao.startup import settle

    settle()  # as the app servers do after loading (retencao/wsgi.py)
    if filled:
        _require_cases()


def _require_cases() -> None:
    from django.db import connection

    from cases.models import Case

    if "cases_case" not in connection.introspection.table_names() or not Case.objects.exists():
        sys.exit(
            f"Nenhum caso em {connection.settings_dict['NAME']}: encha o banco antes, "
            "por exemplo: python bench/generate.py --cases 100000 --sqlite-file "
            "/tmp/bench.sqlite3"
        )


def _collect_static() -> None:
    """Production settings serve hashed static files: collect them (again: a manifest of an
    older checkout would lack the newer files; unchanged files are skipped)."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def br(value: float, decimals: int = 0) -> str:
    """1234567.8 -> "1.234.567,8": figures printed the Brazilian way."""
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


# Issue 4: forms per second on one core, and the corpus it names (10,000 / 1,000 / 200).
FORM_TARGETS = {"texto": 300, "DOCX": 50, "PDF": 10}


def add_corpus_arguments(parser) -> None:
    """--text/--docx/--pdf: how many forms of each kind the reader and import benches use."""
    parser.add_argument("--text", type=int, default=10_000)
    parser.add_argument("--docx", type=int, default=1_000)
    parser.add_argument("--pdf", type=int, default=200)
