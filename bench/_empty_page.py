"""The floor's blind spot: what Django itself costs for a page that does nothing.

An authenticated request through the whole middleware stack (session, user, CSRF, CSP,
messages, axes...) to a view that returns a word. Its own SQL is the session and the user:
the printed ratio shows how far from its bare SQL even an empty page is, so the ratios of the
real pages can be read beside it.
"""

import time

from _setup import br, percentile
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import path


def _empty(request):
    return HttpResponse(request.user.get_username())


urlpatterns = [path("vazio/", _empty)]


def report(client, runs: int, width: int) -> None:
    """Prints the empty page's line, as the benches print theirs."""
    with override_settings(ROOT_URLCONF=__name__):
        page, sql, count = _measure(client, runs)
    print(
        f"  {'página vazia (só o Django)':{width}} p50 {br(percentile(page, 0.5), 1)} ms · "
        f"p95 {br(percentile(page, 0.95), 1)} ms · SQL puro p95 {br(percentile(sql, 0.95), 2)} ms "
        f"({count} consultas) · {br(percentile(page, 0.95) / percentile(sql, 0.95), 1)}x o piso"
    )


def _measure(client, runs: int):
    assert client.get("/vazio/").status_code == 200
    page = []
    for _ in range(max(runs, 100)):
        started = time.perf_counter()
        client.get("/vazio/")
        page.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get("/vazio/")
    statements = [q["sql"] for q in queries.captured_queries]
    sql = []
    with connection.cursor() as cursor:
        for _ in range(max(runs, 100)):
            started = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()
            sql.append((time.perf_counter() - started) * 1000)
    return page, sql, len(statements)
