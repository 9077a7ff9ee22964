"""Exports at volume: forms of 100 and 1,000 cases as a .zip, XLSX, CSV and JSON of 10,000
and 100,000 cases, as the background job writes them, beside an anchor.

    DATABASE_URL=sqlite:////tmp/retencao-bench.sqlite3 python bench/bench_exports.py
    python bench/bench_exports.py --zip 100,1000 --xlsx 10000,100000 --lists 100000

Fill the database first (bench/generate.py). Each export runs in a fresh process, so its
memory figures are its own: the peak of its private memory (RssAnon, sampled ten times a
second) and of its whole resident size (getrusage), which on SQLite also counts the pages
of the database file read through mmap (page cache, not the process's memory). Flat
memory means the larger count's private peak is about the smaller's. The anchor, run first
on the same cases: csv.writer over Django's values_list() of the case rows alone (what the
simplest export a team would write costs, without contacts, options and Brazilian
formats). Time is wall clock, with the process's CPU time beside it (the machine may be
shared). Targets: the .zip's
memory does not grow with the count; the XLSX of 100,000 cases in under 30 s with flat
memory.
"""

import argparse
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup  # noqa: E402

XLSX_TARGET_S = 30


def main() -> None:
    args = _arguments()
    if args.one:
        kind, count = args.one.split(":")
        django_setup()
        steps = {"zip": _zip, "xlsx": _xlsx, "csv": _text, "json": _text, "anchor": _anchor}
        step = steps[kind]
        step(int(count), kind=kind, fmt=args.format)
        return
    django_setup(filled=True)
    from cases.models import Case

    print(f"exports: {br(Case.objects.count())} casos no banco")
    steps = [f"anchor:{n}" for n in _counts(args.lists)]
    steps += [f"zip:{n}" for n in _counts(args.zip)] + [f"xlsx:{n}" for n in _counts(args.xlsx)]
    steps += [f"{kind}:{n}" for kind in ("csv", "json") for n in _counts(args.lists)]
    for step in steps:
        subprocess.run([sys.executable, __file__, "--one", step, "--format", args.format])


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zip", default="100,1000", help="quantidades de formulários no .zip")
    parser.add_argument("--format", default="pdf", choices=["pdf", "docx"])
    parser.add_argument("--xlsx", default="10000,100000", help="quantidades de casos na planilha")
    parser.add_argument("--lists", default="10000,100000", help="casos em CSV e JSON")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # "xlsx:100000": one step, this process
    return parser.parse_args()


def _counts(text: str) -> list[int]:
    return [int(n) for n in text.split(",") if n]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _PrivatePeak:
    """The highest RssAnon of this process while it runs (Linux), in MB."""

    def __init__(self):
        self.peak = self._now()
        self._stop = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self._now())

    def stop(self) -> float:
        self._stop.set()
        self.peak = max(self.peak, self._now())
        return self.peak

    @staticmethod
    def _now() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) / 1024
        return 0.0


def _memory(private: _PrivatePeak) -> str:
    return f"memória privada de pico {br(private.stop())} MB (residente: {br(_peak_mb())} MB)"


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _first(count: int):
    """The first `count` cases (all of them when the database has fewer)."""
    from cases.models import Case

    pks = Case.objects.order_by("pk").values_list("pk", flat=True)
    last = pks[min(count, pks.count()) - 1]
    return Case.objects.filter(pk__lte=last)


def _zip(count: int, *, fmt: str, **_) -> None:
    from cases.exports import form_cases, forms_zip_chunks

    queryset = _first(count)
    cases = queryset.count()
    private = _PrivatePeak()
    started, cpu = time.perf_counter(), _cpu_s()
    size = largest = 0
    for chunk in forms_zip_chunks(
        form_cases(queryset), fmt, personal=True
    ):  # what the response would send
        size += len(chunk)
        largest = max(largest, len(chunk))
    elapsed, cpu = time.perf_counter() - started, _cpu_s() - cpu
    print(
        f"exports zip {fmt.upper()} de {br(cases)} casos: {br(elapsed, 1)} s "
        f"(CPU {br(cpu, 1)} s; {br(elapsed * 1000 / max(cases, 1))} ms/caso), "
        f"{br(size / 1024 / 1024, 1)} MB, maior pedaço {br(largest / 1024)} KB, "
        f"{_memory(private)}"
    )


def _xlsx(count: int, **_) -> None:
    _list(count, kind="xlsx")


def _text(count: int, *, kind: str, **_) -> None:
    _list(count, kind=kind)


def _list(count: int, *, kind: str) -> None:
    """The list as a background job writes it (cases.exports.write_export) to a file."""
    from cases.exports import Progress, write_export

    queryset = _first(count)
    private = _PrivatePeak()
    started, cpu = time.perf_counter(), _cpu_s()
    progress = Progress()
    with tempfile.TemporaryFile() as out:
        write_export(f"lista.{kind}", queryset, out, personal=True, progress=progress)
        size = out.tell()
    elapsed, cpu = time.perf_counter() - started, _cpu_s() - cpu
    verdict = ""
    if kind == "xlsx" and progress.n >= 100_000:
        verdict = " — ok" if elapsed < XLSX_TARGET_S else f" — ACIMA da meta de {XLSX_TARGET_S} s"
    print(
        f"exports {kind.upper()} de {br(progress.n)} casos: {br(elapsed, 1)} s "
        f"(CPU {br(cpu, 1)} s), {br(size / 1024 / 1024, 1)} MB, {_memory(private)}{verdict}"
    )


def _anchor(count: int, **_) -> None:
    """The anchor: Django's own way, csv.writer over values_list() of the case rows alone
    (no contacts, options, names or formats), the same cases, in the same run."""
    import csv
    import io

    from cases.models import Case

    fields = [field.attname for field in Case._meta.concrete_fields]
    queryset = _first(count)
    private = _PrivatePeak()
    started, cpu = time.perf_counter(), _cpu_s()
    with tempfile.TemporaryFile() as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(out, delimiter=";")
        writer.writerow(fields)
        written = 0
        for row in queryset.values_list(*fields).iterator(chunk_size=2000):
            writer.writerow(row)
            written += 1
        out.flush()
        size = raw.tell()
    elapsed, cpu = time.perf_counter() - started, _cpu_s() - cpu
    print(
        f"exports âncora (csv.writer de values_list, só a linha do caso) de {br(written)} "
        f"casos: {br(elapsed, 1)} s (CPU {br(cpu, 1)} s), {br(size / 1024 / 1024, 1)} MB, "
        f"{_memory(private)}"
    )


if __name__ == "__main__":
    main()
