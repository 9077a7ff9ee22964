"""Keeps CaseTally equal to the GROUP BYs of reports.queries.Groups over every case's facts.

A case change moves the case out of its old groups and into its new ones: one upsert
adding -1 / +1 per group that differs, in key order (two transactions lock tally rows in
the same order, so they wait for each other instead of deadlocking). `rebuild()` groups
every fact anew with the very queries of the filtered dashboard.
"""

from collections import Counter

from django.db import connection

from .models import CaseFact, CaseTally, Outcome
from .queries import GROUPINGS, Groups, encode


def groups_of(f: CaseFact) -> list[tuple[str, tuple]]:
    """The (grouping, values) groups one case counts in: Groups' queries, for one case."""
    found = [
        ("places", (f.outcome, f.analyst_id, f.service_uf, f.city)),
        ("reasons", (f.outcome, f.reasons)),
        ("actions", (f.outcome, f.actions)),
        ("sectors", (f.sectors,)),
    ]
    if f.outcome == Outcome.OPEN:
        found += [("open_started", (f.started_on,)), ("open_due", (f.next_due_on,))]
    else:
        found += [
            ("closed_months", (f.finish_month, f.outcome, f.start_month is not None)),
            ("month_days", (f.finish_month, f.days)),
            ("analyst_days", (f.analyst_id, f.days)),
        ]
    if f.start_month is not None:
        found.append(("openings", (f.start_month,)))
    if f.at_risk and f.outcome in (Outcome.OPEN, Outcome.TERMINATED):
        found.append(("risk", (f.outcome, f.service_uf, f.city)))
    return found


def case_moved(old: CaseFact | None, new: CaseFact | None) -> None:
    """Move one case from the groups of its old facts to those of its new facts."""
    delta = Counter()
    for fact, sign in ((old, -1), (new, 1)):
        for grouping, values in groups_of(fact) if fact is not None else ():
            delta[(grouping, encode(values))] += sign
    _add(sorted((grouping, key, n) for (grouping, key), n in delta.items() if n))


def _add(rows: list[tuple[str, str, int]]) -> None:
    if not rows:
        return
    table = CaseTally._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (grouping, key, n) VALUES (%s, %s, %s) "
            f"ON CONFLICT (grouping, key) DO UPDATE SET n = {table}.n + excluded.n",
            rows,
        )


def rebuild() -> None:
    """Every tally anew from the facts (after facts.refresh)."""
    CaseTally.objects.all().delete()
    groups = Groups(CaseFact.objects.all())
    CaseTally.objects.bulk_create(
        (
            CaseTally(grouping=grouping, key=encode(values), n=n)
            for grouping in GROUPINGS
            for *values, n in getattr(groups, grouping)
        ),
        batch_size=5000,
    )
