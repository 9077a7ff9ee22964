"""The dashboard's server time with each filter set, beside Django admin's case list.

    python bench/bench_dashboard.py --sqlite-file /tmp/bench.sqlite3   # filled by generate.py
    DATABASE_URL=postgres://... python bench/bench_dashboard.py        # PostgreSQL

Times the whole dashboard request through the test client (a Gestor) with the filter sets
of issue 15: none, a UF, a period (the last year), the city with most cases, the largest
operator with its largest analyst, and a UF with the last year; then the board without
filters once more with its one-minute cache (reports.views) emptied before each request:
what the first visit after the minute costs. The anchor, measured in the same run on the
same data: Django admin's changelist of cases (/admin/cases/case/, a superuser), the page
any Django team gets for free. Prints the median and 95th percentile of each, and whether
the dashboard meets its target (p95 under --target ms, and under the anchor's p95).

As bench_screens.py, without Django's test environment: it makes every template rendered
keep a copy of its context for test assertions, work no server does (it added 10 to 35 ms
to these pages at 100,000 cases on PostgreSQL, to the admin's as much).
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
    django_setup(filled=True)
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case

    manager, admin = _client("bench-gestor"), _client("bench-admin", superuser=True)
    total = Case.objects.count()
    print(f"bench_dashboard [{connection.vendor}]: {br(total)} casos, {args.runs} execuções")
    anchor = _measure(admin, "/admin/cases/case/", args.runs)
    _print("admin: lista de casos", anchor)
    worst = 0.0
    for label, query in _filters(timezone.localdate()):
        times = _measure(manager, "/relatorios/" + query, args.runs)
        _print(f"painel: {label}", times)
        worst = max(worst, percentile(times, 0.95))
    # The board without filters is cached for a minute (reports.views): its cost when the
    # minute is over, timed with the cache emptied before each request (not in the verdict)
    _print("painel: sem filtros, sem cache", _measure(manager, "/relatorios/", args.runs, True))
    anchor_p95 = percentile(anchor, 0.95)
    met = worst < args.target and worst < anchor_p95
    print(
        f"  pior p95 do painel {br(worst)} ms · meta < {br(args.target)} ms e < admin "
        f"({br(anchor_p95)} ms): {'atingida' if met else 'NÃO atingida'}"
    )


def _print(label: str, times: list[float]) -> None:
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    print(f"  {label:<32} mediana {br(p50):>6} ms · p95 {br(p95):>6} ms")


def _filters(today: datetime.date) -> list[tuple[str, str]]:
    """The filter sets timed (issue 15): values with the most cases, so the most work."""
    from django.db.models import Count

    from reports.models import CaseFact

    def most(field, **within):
        rows = CaseFact.objects.filter(**within).values_list(field).annotate(n=Count("*"))
        return rows.order_by("-n")[0][0]

    year_ago = (today - datetime.timedelta(days=365)).isoformat()
    operator = most("operator")
    analyst = most("analyst", operator=operator)
    uf = most("service_uf")
    return [
        ("sem filtros", ""),
        (f"UF={uf}", f"?uf={uf}"),
        ("último ano", f"?start={year_ago}"),
        ("cidade", "?" + urlencode({"city": most("city")})),
        ("operadora + colaborador", f"?operator={operator}&analyst={analyst}"),
        (f"UF={uf} + último ano", f"?uf={uf}&start={year_ago}"),
    ]


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite-file", help="SQLite file filled by bench/generate.py")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--target", type=float, default=300, help="p95 target in ms")
    return parser.parse_args()


def _client(username: str, *, superuser: bool = False):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts import roles
    from accounts.services import user_create

    users = get_user_model().objects
    user = users.filter(username=username).first()
    if user is None and superuser:
        user = users.create_superuser(username, password="bench-admin-senha-123")
    elif user is None:
        user = user_create(username=username, role=roles.MANAGER, password="bench-gestor-123")
    client = Client()
    client.force_login(user)
    return client


def _measure(client, url: str, runs: int, uncached: bool = False) -> list[float]:
    """Milliseconds of each of `runs` requests, after one that warms the template loader;
    `uncached`: the cache emptied before each."""
    from django.core.cache import cache

    assert client.get(url, secure=True).status_code == 200, url
    times = []
    for _ in range(runs):
        if uncached:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url, secure=True)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return times


if __name__ == "__main__":
    main()
