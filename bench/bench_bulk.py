"""A bulk reassign of 1,000 cases through worklist's services, beside its anchors.

    python bench/bench_bulk.py                          # a new SQLite file in a temporary dir
    bin/throwaway-postgres .venv/bin/python bench/bench_bulk.py      # PostgreSQL

Issue 19's target: a bulk reassign of 1,000 cases in under 30 s (with progress when it
runs in the background: the worker writes the results every `bulk.SAVE_EVERY` cases). The
cases are made by bench/generate.py's Loader (open, with the demo's forms), all given to
one analyst; the supervisor then gives them to another. Timed, in the same run:

- the bulk: a BulkRun of the N cases run by `worklist.bulk.bulk_run`, the worker's code
  (each case through `cases.services.case_assign`: lock, version check, history,
  dashboard facts, webhook, notification);
- anchor 1: N single `case_assign` calls on N other cases (what a user clicking "Atribuir"
  N times costs the server), so the bulk's own overhead is the difference;
- anchor 2: one plain `UPDATE` of the analyst of those N cases (no history: a floor, not a
  way to do it).

Prints wall and CPU seconds; on a loaded machine read the ratios to the anchors.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup  # noqa: E402

TARGET_SECONDS = 30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    try:
        if not os.environ.get("DATABASE_URL"):
            os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bulk.sqlite3'}"
        os.environ["MEDIA_ROOT"] = str(scratch / "media")
        run(args.cases)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def run(n: int) -> None:
    django_setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    users, bulk_ids, single_ids = _cases(n)
    print(f"bench_bulk [{connection.vendor}]: reatribuir {br(n)} casos de analista a analista2")
    rows = [
        ("ação em lote (worklist.bulk.bulk_run)", _bulk(users, bulk_ids)),
        ("âncora 1: case_assign um a um", _singles(users, single_ids)),
        ("âncora 2: um UPDATE simples (sem histórico)", _plain_update(users, single_ids)),
    ]
    bulk_wall = rows[0][1][0]
    for label, (wall, cpu) in rows:
        print(f"  {label:46} parede {br(wall, 2):>7} s  CPU {br(cpu, 2):>7} s")
    anchor_wall = rows[1][1][0]
    print(f"  lote / âncora 1 (parede): {br(bulk_wall / anchor_wall, 2)}")
    verdict = "atingida" if bulk_wall < TARGET_SECONDS else "NÃO atingida"
    print(f"meta < {TARGET_SECONDS} s para {br(n)} casos: {verdict} ({br(bulk_wall, 1)} s)")


def _cases(n: int):
    """2n open cases of "analista" (n for the bulk, n for the anchors) and the cast."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from generate import Loader

    from accounts.services import demo_users_ensure
    from cases.models import Case

    Loader(seed=5).load(2 * n, batch=2 * n)
    users = demo_users_ensure()
    Case.objects.update(closed_at=None, analyst=users["analista"])
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    return users, ids[:n], ids[n:]


def _bulk(users, ids: list[int]) -> tuple[float, float]:
    from worklist.bulk import bulk_run
    from worklist.models import BulkAction, BulkRun

    supervisor, target = users["supervisor"], users["analista2"]
    run = BulkRun.objects.create(
        user=supervisor, action=BulkAction.ASSIGN, params={"analyst": target.pk}, case_ids=ids
    )
    timing = _timed(lambda: bulk_run(run.pk))
    run.refresh_from_db()
    done = sum(1 for r in run.results if r["done"])
    assert done == len(ids), f"{done} de {len(ids)} reatribuídos: {run.results[:3]}"
    return timing


def _singles(users, ids: list[int]) -> tuple[float, float]:
    from cases import services
    from cases.models import Case

    supervisor, target = users["supervisor"], users["analista2"]

    def assign_each():
        for case in Case.objects.filter(pk__in=ids):
            services.case_assign(
                user=supervisor, case=case, analyst=target, expected_version=case.version
            )

    return _timed(assign_each)


def _plain_update(users, ids: list[int]) -> tuple[float, float]:
    from cases.models import Case

    back = users["analista"]
    return _timed(lambda: Case.objects.filter(pk__in=ids).update(analyst=back))


def _timed(work) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
