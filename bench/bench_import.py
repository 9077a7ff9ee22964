"""The whole import: forms per second from bytes to stored cases (read, rules, history).

Writes 10,000 text forms, 1,000 DOCX and 200 PDF (demo cases, in the shapes the readers
meet), then imports each set with `imports.services.form_import`, each form in its own
transaction, into the database of DATABASE_URL. Targets on one core: text >= 300/s,
DOCX >= 50/s, PDF >= 10/s (parsing alone: bench_readers.py).
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._setup import br, django_setup  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=int, default=10_000)
    parser.add_argument("--docx", type=int, default=1_000)
    parser.add_argument("--pdf", type=int, default=200)
    args = parser.parse_args()
    django_setup()
    from django.core.management import call_command

    from accounts.services import demo_users_ensure
    from cases.demo import DemoGenerator
    from formio.tests.forms import docx_form, pdf_form, text_form
    from imports.services import form_import

    call_command("migrate", verbosity=0)
    user = demo_users_ensure()["supervisor"]

    def cases(seed, n):  # a seed per format: every form is a new case, none "unchanged"
        return [c.data for c in DemoGenerator(seed, today=datetime.date(2025, 6, 1)).cases(n)]

    runs = [
        ("texto", "txt", cases(7, args.text), lambda d: text_form(d).encode()),
        ("DOCX", "docx", cases(8, args.docx), lambda d: docx_form(d, boxes="sdt")),
        ("PDF", "pdf", cases(9, args.pdf), pdf_form),
    ]
    print(f"bench_import: formulários inteiros até o banco ({user.username})")
    for name, ext, data, render in runs:
        files = [render(d) for d in data]
        started = time.perf_counter()
        outcomes: dict[str, int] = {}
        for i, content in enumerate(files):
            result = form_import(user=user, filename=f"{name}-{i}.{ext}", content=content)
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
        elapsed = time.perf_counter() - started
        print(f"  {name:6} {br(len(files)):>7} em {br(elapsed, 1)} s = "
              f"{br(len(files) / elapsed, 1)}/s  {outcomes}")  # fmt: skip


if __name__ == "__main__":
    main()
