"""Readers' speed: forms parsed per second, per format, on one core.

Generates demo-like forms first (cases/demo.py's DemoGenerator, rendered by the test form
builders: text in both layouts and Markdown, Word with the three kinds of boxes, PDF from
WeasyPrint), then times only the reading: wall clock, and forms per second of this
process's CPU time beside it (on a shared machine the wall clock includes waiting).
Targets: bench/_setup.py's FORM_TARGETS.

    .venv/bin/python bench/bench_readers.py [--text 10000] [--docx 1000] [--pdf 200]
"""

import argparse
import datetime
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import FORM_TARGETS, add_corpus_arguments, br, django_setup, percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_corpus_arguments(parser)
    args = parser.parse_args()
    django_setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from cases.demo import DemoGenerator
    from formio.tests.forms import docx_form, pdf_form, text_form

    count = max(args.text, args.docx, args.pdf)
    cases = [c.data for c in DemoGenerator(2024, today=datetime.date(2025, 6, 1)).cases(count)]
    layouts = [("cells", False), ("rows", False), ("cells", True), ("rows", True)]
    runs = [
        (
            "texto",
            "form.txt",
            cases[: args.text],
            lambda i, d: text_form(
                d, layout=layouts[i % 4][0], markdown=layouts[i % 4][1]
            ).encode(),
        ),
        (
            "DOCX",
            "form.docx",
            cases[: args.docx],
            lambda i, d: docx_form(
                d, boxes=("glyph", "sdt", "legacy")[i % 3], controls=bool(i % 2)
            ),
        ),
        ("PDF", "form.pdf", cases[: args.pdf], lambda i, d: pdf_form(d)),
    ]
    print(
        f"{'formato':<8}{'formulários':>12}{'por segundo':>14}{'por s CPU':>11}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'iguais':>9}{'meta':>7}"
    )
    for name, filename, data, render in runs:
        t0 = time.perf_counter()
        files = [render(i, d) for i, d in enumerate(data)]
        made = time.perf_counter() - t0
        started_cpu = time.process_time()
        rate, p50, p99, same = measure(files, filename, data)
        cpu_rate = len(files) / max(time.process_time() - started_cpu, 1e-9)
        verdict = "ok" if rate >= FORM_TARGETS[name] else "ABAIXO"
        print(
            f"{name:<8}{br(len(files)):>12}{br(rate, 1):>14}{br(cpu_rate, 1):>11}"
            f"{br(p50 * 1000, 1):>9}"
            f"{br(p99 * 1000, 1):>9}{br(same):>9}{verdict:>7}"
            f"   (geração {br(made, 1)} s)"
        )


def measure(files: list[bytes], filename: str, data) -> tuple[float, float, float, int]:
    """Forms per second, p50 and p99 seconds per form, and how many read back whole."""
    from formio.readers import read_form_bytes

    times, same = [], 0
    start = time.perf_counter()
    for content, expected in zip(files, data, strict=True):
        t = time.perf_counter()
        result = read_form_bytes(content, filename)
        times.append(time.perf_counter() - t)
        same += result.data.to_dict() == expected.to_dict()
    total = time.perf_counter() - start
    return len(files) / total, percentile(times, 0.5), percentile(times, 0.99), same


if __name__ == "__main__":
    main()
