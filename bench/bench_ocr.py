"""Scanned forms: pages read per second on one core (OCR), beside the same form as a PDF
with a text layer (the anchor, measured in the same run).

Demo cases (cases/demo.py) are printed by our PDF writer, rendered to pictures at 200 dpi,
tilted 2° and speckled (formio/tests/forms/scanned.py), saved as image-only PDFs and read
back by `read_form_bytes`. CPU time counts this process and its Tesseract children (one
thread each: readers/scan.py); wall clock beside it. Target: 0,5 scanned pages/s.

    .venv/bin/python bench/bench_ocr.py [--forms 6]
"""

import argparse
import datetime
import logging
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._setup import br, django_setup  # noqa: E402

TARGET_PAGES_PER_SECOND = 0.5


def cpu_seconds() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=6)
    args = parser.parse_args()
    django_setup()
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from cases.demo import DemoGenerator
    from formio.readers import read_form_bytes
    from formio.tests.forms import scanned
    from formio.writers.pdf import render_pdf

    cases = [c.data for c in DemoGenerator(7, today=datetime.date(2025, 6, 1)).cases(args.forms)]
    texts = [render_pdf(data, printed_on=datetime.date(2025, 6, 1)) for data in cases]
    scans, pages = [], 0
    for pdf in texts:
        pictures = [scanned.scanned(page, degrees=2) for page in scanned.printed_pages(pdf)]
        scans.append(scanned.image_pdf(pictures))
        pages += len(pictures)
    print(f"{'formato':<22}{'páginas':>8}{'por s CPU':>11}{'por s':>8}{'meta':>7}")
    for name, files, count, target in (
        ("PDF com texto (âncora)", texts, pages, None),
        ("PDF digitalizado (OCR)", scans, pages, TARGET_PAGES_PER_SECOND),
    ):
        wall, cpu = time.perf_counter(), cpu_seconds()
        for content in files:
            read_form_bytes(content, "form.pdf")
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        goal = "" if target is None else ("ok" if count / cpu >= target else "ABAIXO")
        print(f"{name:<22}{count:>8}{br(count / cpu, 2):>11}{br(count / wall, 2):>8}{goal:>7}")


if __name__ == "__main__":
    main()
