"""`make bench`: every benchmark in turn, each printing its figures, then a summary.

Large data: the generator fills a throwaway PostgreSQL with 1,000,000 cases (timed: the
foundation's target is under 10 minutes) and an SQLite file with 100,000. The page,
dashboard, reader, writer, export and load benchmarks then run against them.
Set BENCH_QUICK=1 for a small run (10,000 cases) that only checks the scripts work.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
QUICK = os.environ.get("BENCH_QUICK") == "1"
SQLITE_CASES = 10_000 if QUICK else 100_000
PG_CASES = 10_000 if QUICK else 1_000_000
SQLITE_FILE = Path(os.environ.get("BENCH_SQLITE", "/tmp/retencao-bench.sqlite3"))


def _script(name: str, *args: str) -> list[str]:
    return [PY, str(ROOT / "bench" / name), *args]


def _on_postgres(*commands: list[str]) -> list[str]:
    """One throwaway server for a sequence of commands (the data is loaded once)."""
    chain = " && ".join(" ".join(command) for command in commands)
    return [str(ROOT / "bin" / "throwaway-postgres"), "bash", "-c", chain]


def _steps() -> list[tuple[str, list[str], dict]]:
    sqlite = {"DATABASE_URL": f"sqlite:///{SQLITE_FILE}"}
    pg = [_script("generate.py", "--cases", str(PG_CASES))]
    pg += [_script(name) for name in ("bench_screens.py", "bench_dashboard.py") if _has(name)]
    if _has("load.py"):
        pg.append(_script("load.py"))
    steps = [
        (
            "gerador SQLite",
            _script("generate.py", "--cases", str(SQLITE_CASES), "--sqlite-file", str(SQLITE_FILE)),
            {},
        ),
    ]
    for name in (
        "bench_screens.py",
        "bench_dashboard.py",
        "bench_readers.py",
        "bench_writers.py",
        "bench_exports.py",
        "bench_import.py",
        "bench_ocr.py",
    ):
        if _has(name):
            steps.append((f"{name} (SQLite)", _script(name), sqlite))
    steps.append(("PostgreSQL: gerador + telas + painel + carga", _on_postgres(*pg), {}))
    return steps


def _has(name: str) -> bool:
    return (ROOT / "bench" / name).is_file()


def main() -> int:
    SQLITE_FILE.unlink(missing_ok=True)
    results = []
    for title, command, env in _steps():
        print(f"\n==> {title}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(command, cwd=ROOT, env={**os.environ, **env})
        results.append((title, code, time.perf_counter() - started))
    print("\n==> Resumo")
    for title, code, elapsed in results:
        print(f"  {'ok  ' if code == 0 else 'FALHOU'} {title} ({elapsed:.0f} s)")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
