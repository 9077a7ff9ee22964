"""One case's form as PDF and as DOCX: time per document (target: under 150 ms each).

    python bench/bench_writers.py [--runs 40]

Renders seed 001 (long notes, two pages) and demo cases (one page, the usual case); no
database needed. Wall-clock percentiles, with the median CPU time of the process beside
them (the machine may be shared: a wall time far above the CPU time is waiting).
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402

TARGET_MS = 150


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
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
