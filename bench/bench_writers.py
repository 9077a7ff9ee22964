"""One case's form as PDF and as DOCX: time per document (target: under 150 ms each);
a list as XLSX: peak memory for 100,000 rows beside 1,000 (flat memory: about the same).

    python bench/bench_writers.py [--runs 40] [--rows 100000]

Renders seed 001 (long notes, two pages) and demo cases (one page, the usual case); no
database needed. Wall-clock percentiles, with the median CPU time of the process beside
them (the machine may be shared: a wall time far above the CPU time is waiting).
"""

import argparse
import datetime
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402

TARGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--xlsx-only", action="store_true")
    parser.add_argument("--xlsx-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.xlsx_child is not None:
        return _xlsx_child(args.xlsx_child)
    _xlsx(args.rows)
    if args.xlsx_only:
        return
    runs = args.runs
    django_setup()
    from formio.writers import render_docx, render_pdf

    forms = _forms(runs)
    for name, render in (("PDF", render_pdf), ("DOCX", render_docx)):
        render(forms[0][1], printed_on=datetime.date(2025, 6, 2))  # fonts, templates: once
        for label, data in (("seed 001", forms[0][1]), ("demo", None)):
            wall, cpu = _time(render, [d for _, d in forms[1:]] if data is None else [data] * runs)
            p50, p95 = percentile(wall, 0.5), percentile(wall, 0.95)
            verdict = "ok" if p50 < TARGET_MS else f"ACIMA da meta de {TARGET_MS} ms"
            print(
                f"writers {name} ({label}): p50 {br(p50, 1)} ms, p95 {br(p95, 1)} ms "
                f"(CPU p50 {br(percentile(cpu, 0.5), 1)} ms) em {len(wall)} documentos — {verdict}"
            )


def _xlsx(rows: int) -> None:
    """Each size written in a fresh process, so its peak RSS is the writer's alone."""
    for count in (1_000, rows):
        child = [sys.executable, __file__, "--xlsx-child", str(count)]
        peak, seconds, size = subprocess.run(
            child, capture_output=True, text=True, check=True
        ).stdout.split()
        print(
            f"writers XLSX ({br(count)} linhas x 30 colunas): "
            f"pico de memória {br(int(peak) / 1024, 1)} MB, "
            f"{br(float(seconds), 1)} s, arquivo {br(int(size) / 1024 / 1024, 1)} MB"
        )


def _xlsx_child(count: int) -> None:
    """Writes `count` export-like rows (30 columns: text, dates, numbers) to a temporary
    file; prints peak RSS in KiB, seconds and the file's size."""
    import tempfile

    from formio.writers.xlsx import write_table

    headers = [f"Coluna {i}" for i in range(30)]
    formats = ["#,##0", "dd/mm/yyyy", '"R$" #,##0.00', *[None] * 27]
    day = datetime.date(2024, 1, 1)

    def rows():
        for i in range(count):
            notes = [f"Obs. do caso {i}, contato {j}: prestador retornou." for j in range(27)]
            yield [i, day + datetime.timedelta(days=i % 900), Decimal(i % 5000) / 100, *notes]

    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        write_table(out, title="Casos", headers=headers, formats=formats, rows=rows())
        seconds = time.perf_counter() - started
        size = out.tell()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(peak, seconds, size)


def _forms(runs: int):
    from cases.demo import DemoGenerator
    from conftest import SEEDS, expected_seed
    from formio.casedata import CaseData

    seed = CaseData.from_dict(expected_seed(SEEDS / "001_2ef8644a227c06e3.txt"))
    demo = DemoGenerator(3, today=datetime.date(2025, 6, 1)).cases(runs)
    return [("seed", seed), *(("demo", case.data) for case in demo)]


def _time(render, forms) -> tuple[list[float], list[float]]:
    """Milliseconds per document: (wall clock, CPU of this process)."""
    wall, cpu = [], []
    for data in forms:
        started, started_cpu = time.perf_counter(), time.process_time()
        render(data, printed_on=datetime.date(2025, 6, 2), case_ref="1")
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return wall, cpu


if __name__ == "__main__":
    main()
