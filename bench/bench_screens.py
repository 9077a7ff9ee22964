"""Server time of the queue (search + two filters) and of the case screen, beside the floor.

The floor is the bare SQL those pages run, re-executed on a cursor: what the database
alone costs. Target: p95 under 50 ms per page and within 2x of the floor. The last line is
an empty authenticated page (bench/_empty_page.py): Django's own cost beside its two queries.
Run against a filled database (bench/generate.py), e.g.
    DATABASE_URL=sqlite:////tmp/retencao-bench.sqlite3 .venv/bin/python bench/bench_screens.py
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402

RUNS = 40


def main() -> None:
    django_setup()
    import _empty_page
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cases.models import Case

    supervisor = get_user_model().objects.get(username="supervisor")
    client = Client()
    client.force_login(supervisor)
    case = Case.objects.open().order_by("pk").first()
    count = Case.objects.count()
    pages = {
        "fila: busca + 2 filtros": "/?q=maria&situation=open&uf=SP",
        "fila: atrasados, por prazo": "/?late=true&ordem=prazo",
        "tela do caso": f"/casos/{case.pk}/",
    }
    print(f"bench_screens [{connection.vendor}, {br(count)} casos, {RUNS} execuções cada]")
    for title, url in pages.items():
        page_times, sql = _time_page(client, url, CaptureQueriesContext, connection)
        floor = _time_sql(connection, sql)
        p50, p95 = percentile(page_times, 0.5), percentile(page_times, 0.95)
        print(
            f"  {title:28} p50 {br(p50, 1)} ms · p95 {br(p95, 1)} ms · "
            f"SQL puro p95 {br(floor, 1)} ms ({len(sql)} consultas) · {br(p95 / floor, 1)}x o piso"
        )
    _empty_page.report(client, RUNS, 28)


def _time_page(client, url, capture, connection):
    assert client.get(url).status_code == 200, url
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    with capture(connection) as queries:
        client.get(url)
    sql = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
    return times, sql


def _time_sql(connection, statements) -> float:
    times = []
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            started = time.perf_counter()
            for statement in statements:
                cursor.execute(statement)
                if cursor.description is not None:
                    cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return percentile(times, 0.95)


if __name__ == "__main__":
    main()
