"""The whole dashboard's server time beside the time of its bare SQL.

    python bench/bench_dashboard.py --sqlite-file /tmp/bench.sqlite3   # filled by generate.py
    DATABASE_URL=postgres://... python bench/bench_dashboard.py        # PostgreSQL

Times the dashboard view through the test client (a Gestor, no filters and with a UF
filter), then re-runs the SQL it issued (CaptureQueriesContext) on a bare cursor: that is
the floor the view cannot beat. Prints median and 90th percentile of each.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402


def main() -> None:
    args = _arguments()
    if args.sqlite_file:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite_file}"
    django_setup()
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case

    client = _client()
    total = Case.objects.count()
    print(f"bench_dashboard [{connection.vendor}]: {br(total)} casos, {args.runs} execuções")
    year_ago = timezone.localdate() - datetime.timedelta(days=365)
    for label, query in (("sem filtros", ""), ("UF=RJ", "?uf=RJ"),
                         ("último ano", f"?start={year_ago.isoformat()}")):  # fmt: skip
        view, sql, count = _measure(client, "/relatorios/" + query, args.runs)
        print(
            f"  {label:<11} view {br(percentile(view, 0.5))} ms (p90 {br(percentile(view, 0.9))})"
            f" · SQL puro {br(percentile(sql, 0.5))} ms (p90 {br(percentile(sql, 0.9))})"
            f" · {count} consultas · razão {br(percentile(view, 0.5) / percentile(sql, 0.5), 2)}"
        )


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-file", help="SQLite file filled by bench/generate.py")
    parser.add_argument("--runs", type=int, default=5)
    return parser.parse_args()


def _client():
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts import roles
    from accounts.services import user_create

    setup_test_environment()
    # Not collected here: plain static URLs instead of the production manifest.
    storage = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.STORAGES["staticfiles"]["BACKEND"] = storage
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username="bench-gestor").first() or user_create(
        username="bench-gestor", role=roles.MANAGER, password="bench-gestor-senha-123"
    )
    client = Client()
    client.force_login(user)
    return client


def _measure(client, url: str, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, secure=True)  # warm caches and the template loader
    views, floors = [], []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            views.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = [q["sql"] for q in captured.captured_queries if _is_dashboard(q["sql"])]
        floors.append(_bare(queries))
    return views, floors, len(queries)


def _is_dashboard(sql: str) -> bool:
    """The figures' queries, not the session and user look-ups every page makes."""
    return "cases_case" in sql


def _bare(queries: list[str]) -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in queries:
            cursor.execute(sql)
            cursor.fetchall()
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
