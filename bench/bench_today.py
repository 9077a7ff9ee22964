"""The navigation's counts ("Hoje" and the bell) and the "Hoje" page at scale.

    python bench/generate.py --cases 100000 --sqlite-file /tmp/bench.sqlite3
    python bench/bench_today.py --sqlite-file /tmp/bench.sqlite3

Both counts run on every page, so each must be one cheap indexed COUNT. Timed for the
analyst with most open cases: `due_now_count` (open cases due today or late), `unread_count`
(unread notifications), and the whole /hoje/ request through the test client. The anchor,
in the same run on the same data: the substitutions' late count the navigation already
showed before (substitutions.context_processors), and for the page Django admin's changelist
of cases (a superuser). Prints median and p95 and whether the target (p95 < --target ms) is
met by the counts and the page.

As bench_screens.py, without Django's test environment: it makes every template rendered
keep a copy of its context for test assertions, work no server does.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup, percentile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite-file")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--target", type=float, default=100.0)
    args = parser.parse_args()
    if args.sqlite_file:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite_file}"
    django_setup(filled=True)
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from cases.models import Case
    from inbox.due import due_now_count
    from notifications.services import unread_count
    from substitutions.access import visible_substitutions

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    busiest = (
        Case.objects.open()
        .exclude(analyst=None)
        .values("analyst")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=busiest["analyst"])
    print(
        f"bench_today [{connection.vendor}]: {br(Case.objects.count())} casos, "
        f"{br(busiest['n'])} em aberto de {user.username}, {args.runs} execuções"
    )
    client, admin = Client(), Client()
    client.force_login(user)
    admin.force_login(_superuser())
    timed = {
        "âncora: substituições atrasadas (contagem)": lambda: (
            visible_substitutions(user).late(today).count()
        ),
        "Hoje: prazos de hoje ou atrasados (contagem)": lambda: due_now_count(user, today),
        "sino: notificações não lidas (contagem)": lambda: unread_count(user),
        "página /hoje/ inteira": lambda: _page(client, "/hoje/"),
        "âncora: admin, lista de casos (página)": lambda: _page(admin, "/admin/cases/case/"),
    }
    worst = 0.0
    for label, work in timed.items():
        times = _measure(work, args.runs)
        p95 = percentile(times, 0.95)
        print(f"  {label:48} mediana {br(percentile(times, 0.5), 1)} ms  p95 {br(p95, 1)} ms")
        if not label.startswith("âncora"):
            worst = max(worst, p95)
    verdict = "atingida" if worst < args.target else "NÃO atingida"
    print(f"meta p95 < {br(args.target)} ms: {verdict} (pior p95 {br(worst, 1)} ms)")


def _superuser():
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    found = users.filter(username="bench-admin").first()
    return found or users.create_superuser("bench-admin", password="bench-admin-senha-123")


def _page(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def _measure(work, runs: int) -> list[float]:
    work()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


if __name__ == "__main__":
    main()
