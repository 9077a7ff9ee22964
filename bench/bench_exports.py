"""Exports at volume: forms of 100 and 1,000 cases as a streamed .zip, XLSX of 100,000 cases.

    DATABASE_URL=sqlite:////tmp/retencao-bench.sqlite3 python bench/bench_exports.py
    python bench/bench_exports.py --zip 100,1000 --xlsx 100000 --format pdf

Fill the database first (bench/generate.py). Memory is the process's peak resident size
(getrusage) after each step: flat means the larger run did not raise it. Targets: the
.zip's memory does not grow with the count; the XLSX of 100,000 cases in under 30 s.
"""

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup  # noqa: E402

XLSX_TARGET_S = 30


def main() -> None:
    args = _arguments()
    django_setup()
    from cases.models import Case

    total = Case.objects.count()
    print(f"exports: {br(total)} casos no banco")
    for count in (int(n) for n in args.zip.split(",") if n):
        _zip(count, args.format)
    if args.xlsx:
        _xlsx(args.xlsx, total)


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", default="100,1000", help="quantidades de formulários no .zip")
    parser.add_argument("--format", default="pdf", choices=["pdf", "docx"])
    parser.add_argument("--xlsx", type=int, default=100_000, help="casos na planilha (0: não)")
    return parser.parse_args()


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _zip(count: int, fmt: str) -> None:
    from cases.exports import form_cases, forms_zip_chunks
    from cases.models import Case

    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True)[:count])
    cases = form_cases(Case.objects.filter(pk__lte=ids[-1]))
    started = time.perf_counter()
    size = largest = 0
    for chunk in forms_zip_chunks(cases, fmt):  # what the HTTP response would send
        size += len(chunk)
        largest = max(largest, len(chunk))
    elapsed = time.perf_counter() - started
    print(
        f"exports zip {fmt.upper()} de {br(len(ids))} casos: {br(elapsed, 1)} s "
        f"({br(elapsed * 1000 / max(len(ids), 1))} ms/caso), {br(size / 1024 / 1024, 1)} MB, "
        f"maior pedaço {br(largest / 1024)} KB, memória de pico do processo {br(_peak_mb())} MB"
    )


def _xlsx(count: int, total: int) -> None:
    from cases.exports import write_xlsx
    from cases.models import Case

    queryset = Case.objects.all()
    if count < total:
        last = Case.objects.order_by("pk").values_list("pk", flat=True)[count - 1]
        queryset = queryset.filter(pk__lte=last)
    before = _peak_mb()
    started = time.perf_counter()
    with tempfile.TemporaryFile(suffix=".xlsx") as out:
        written = write_xlsx(queryset, out, personal=True)
        size = out.tell()
    elapsed = time.perf_counter() - started
    verdict = "ok" if elapsed < XLSX_TARGET_S else f"ACIMA da meta de {XLSX_TARGET_S} s"
    print(
        f"exports XLSX de {br(written)} casos: {br(elapsed, 1)} s, {br(size / 1024 / 1024, 1)} MB, "
        f"memória de pico {br(before)} MB antes, {br(_peak_mb())} MB depois — {verdict}"
    )


if __name__ == "__main__":
    main()
