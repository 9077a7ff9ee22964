"""The whole dashboard's server time beside the time of its bare SQL.

    python bench/bench_dashboard.py --sqlite-file /tmp/bench.sqlite3   # filled by generate.py
    DATABASE_URL=postgres://... python bench/bench_dashboard.py        # PostgreSQL

Times the whole dashboard request through the test client (a Gestor; no filters, a UF
filter, the last year, the city with most cases, the largest operator over the last
year), with nothing cached between runs, then re-runs every SELECT
the request read (session, user, figures), with the same parameters, on a bare cursor: that
is the floor the view cannot beat. Prints median and 95th percentile of each, and the
slowest statements of the floor; last, an empty authenticated page beside its own SQL
(bench/_empty_page.py): what Django costs before any figure.
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402


def main() -> None:
    args = _arguments()
    if args.sqlite_file:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite_file}"
    django_setup()
    import _empty_page
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case

    client = _client()
    total = Case.objects.count()
    print(f"bench_dashboard [{connection.vendor}]: {br(total)} casos, {args.runs} execuções")
    for label, query in _filters(timezone.localdate()):
        view, sql, queries = _measure(client, "/relatorios/" + query, args.runs)
        ratio = percentile(view, 0.5) / percentile(sql, 0.5)
        print(
            f"  {label:<16} view {br(percentile(view, 0.5))} ms (p95 {br(percentile(view, 0.95))})"
            f" · SQL puro {br(percentile(sql, 0.5))} ms (p95 {br(percentile(sql, 0.95))})"
            f" · {len(queries)} consultas · razão {br(ratio, 2)}"
        )
        if args.verbose:
            for ms, sql_text in _slowest(queries):
                print(f"      {br(ms, 1):>7} ms  {sql_text[:110]}")
    _empty_page.report(client, args.runs, 16)


def _filters(today: datetime.date) -> list[tuple[str, str]]:
    """The filter sets timed: none, one with tallies, the period, a city (no tallies), and
    two filters together (one filter's tallies less the cases the other leaves out)."""
    from django.db.models import Count

    from reports.models import CaseFact

    def most(field):
        return CaseFact.objects.values_list(field).annotate(n=Count("*")).order_by("-n")[0][0]

    year_ago = (today - datetime.timedelta(days=365)).isoformat()
    return [
        ("sem filtros", ""), ("UF=RJ", "?uf=RJ"), ("último ano", f"?start={year_ago}"),
        ("cidade", "?" + urlencode({"city": most("city")})),
        ("operadora + ano", f"?operator={most('operator')}&start={year_ago}"),
    ]  # fmt: skip


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-file", help="SQLite file filled by bench/generate.py")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--verbose", action="store_true", help="the slowest statements too")
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

    client.get(url, secure=True)  # warm caches and the template loader
    views, floors = [], []
    for _ in range(runs):
        recorded = []
        with connection.execute_wrapper(_recorder(recorded)):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            views.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        queries = [(sql, params) for sql, params in recorded if _is_select(sql)]
        floors.append(sum(_bare(queries)))
    return views, floors, list(zip(_bare(queries), [sql for sql, _ in queries], strict=True))


def _recorder(recorded: list):
    """Keeps each statement with its parameters: replayed as sent, it gets the same plan."""

    def record(execute, sql, params, many, context):
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    return record


def _is_select(sql: str) -> bool:
    """Every read the request made (session, user, role, figures); not cursor bookkeeping."""
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def _bare(queries: list[tuple[str, object]]) -> list[float]:
    """Each statement's time on a bare cursor, rows fetched, in milliseconds."""
    from django.db import connection

    times = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            started = time.perf_counter()
            cursor.execute(sql, params)
            if cursor.description is not None:
                cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return times


def _slowest(timed: list[tuple[float, str]], n: int = 4) -> list[tuple[float, str]]:
    return sorted(timed, reverse=True)[:n]


if __name__ == "__main__":
    main()
