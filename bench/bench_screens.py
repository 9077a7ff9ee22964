"""Server time of the team's screens beside Django admin's changelist of cases, same run.

The pages: the queue (search + two filters; late cases by deadline; unfiltered, as it opens;
sorted by each kind of column), the case screen (alone, and opened from a sorted queue), each
asked RUNS times by a supervisor (who sees every case); the anchor is the
admin's changelist of cases (/admin/cases/case/) asked as often by an administrator on the
same data. Targets (issue 15): p95 under 100 ms, and every page faster than the anchor.
Run against a filled database (bench/generate.py), e.g.
    DATABASE_URL=sqlite:////tmp/retencao-bench.sqlite3 .venv/bin/python bench/bench_screens.py
"""

import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402

RUNS = 40
TARGET_MS = 100
ANCHOR = "admin: lista de casos"


class Timing(NamedTuple):
    title: str
    p50: float
    p95: float
    queries: int


def main() -> None:
    django_setup(filled=True)
    from django.db import connection

    from cases.models import Case

    supervisor, administrator = _users()
    case = Case.objects.open().order_by("pk").first()
    middle = Case.objects.order_by("pk")[Case.objects.count() // 2]
    pages = [
        ("fila: busca + 2 filtros", "/?q=maria&situation=open&uf=SP", supervisor),
        ("fila: atrasados, por prazo", "/?late=true&ordem=prazo", supervisor),
        ("fila: sem filtros", "/", supervisor),
        ("fila: por prestador, Z-A", "/?ordem=-prestador", supervisor),
        ("fila: por cidade", "/?ordem=cidade", supervisor),
        ("fila: por prazo", "/?ordem=prazo", supervisor),
        ("fila: por início, recentes", "/?ordem=-inicio", supervisor),
        ("fila: por colaborador", "/?ordem=colaborador", supervisor),
        ("tela do caso", f"/casos/{case.pk}/", supervisor),
        # the case screen opened from the queue walks the queue's order (previous, next)
        (
            "caso vindo da fila por prestador",
            f"/casos/{middle.pk}/",
            supervisor,
            "/?ordem=prestador",
        ),
        (
            "caso vindo da fila por colaborador",
            f"/casos/{middle.pk}/",
            supervisor,
            "/?ordem=colaborador",
        ),
        (ANCHOR, "/admin/cases/case/", administrator),
    ]
    print(f"bench_screens [{connection.vendor}, {br(Case.objects.count())} casos, {RUNS} vezes]")
    timings = [_time_page(*page) for page in pages]
    anchor = timings[-1]
    for t in timings:
        verdict = "" if t is anchor else _verdict(t, anchor)
        print(
            f"  {t.title:34} p50 {br(t.p50, 1):>7} ms · p95 {br(t.p95, 1):>7} ms "
            f"({t.queries} consultas){verdict}"
        )


def _verdict(timing: Timing, anchor: Timing) -> str:
    target = "ok" if timing.p95 < TARGET_MS else f"ACIMA de {TARGET_MS} ms"
    faster = anchor.p95 / timing.p95
    versus = f"{br(faster, 1)}x mais rápida" if faster > 1 else "MAIS LENTA"
    return f" · meta p95 < {TARGET_MS} ms: {target} · {versus} que o admin"


def _time_page(title: str, url: str, user, came_from: str = "") -> Timing:
    """`url` timed RUNS times; `came_from`: a page visited first (the queue a case is
    opened from)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(user)
    if came_from:
        assert client.get(came_from).status_code == 200, came_from
    assert client.get(url).status_code == 200, url  # warm-up: templates, connection
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    return Timing(title, p50, p95, len(queries.captured_queries))


def _users():
    """The generated data's supervisor, and an administrator for the admin (made if absent)."""
    from django.contrib.auth import get_user_model

    from accounts import roles
    from accounts.services import user_create

    users = get_user_model().objects
    supervisor = users.get(username="supervisor")
    administrator = users.filter(username="bench-admin").first() or user_create(
        username="bench-admin", role=roles.ADMINISTRATOR, password="bench-admin-senha-123"
    )
    return supervisor, administrator


if __name__ == "__main__":
    main()
