"""Keeps CaseTally equal to the GROUP BYs of reports.queries.Groups over the facts.

Each GROUP BY is kept over every case (slice "") and over the cases of each value of one
filter (SLICES: "service_uf=RJ", "operator_id=3"…). A case change moves the case out of its
old groups and into its new ones: one upsert adding -1 / +1 per group that differs, in key
order (two transactions lock tally rows in the same order, so they wait for each other
instead of deadlocking). `rebuild()` groups every fact anew in SQL.
"""

from collections import Counter
from functools import lru_cache
from types import SimpleNamespace

from django.db import connection

from .models import CaseFact, CaseTally, Outcome
from .queries import GROUPINGS, SLICES, Groups, encode, slice_name

# A case's facts: a CaseFact, or its row's values by attname (as reports.facts reads them).
Facts = CaseFact | SimpleNamespace


def groups_of(f: Facts) -> list[tuple[str, tuple]]:
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


def slices_of(f: Facts) -> list[str]:
    values = ((field, getattr(f, field)) for field in SLICES)
    return ["", *(slice_name(field, value) for field, value in values if value not in (None, ""))]


def case_moved(old: Facts | None, new: Facts | None) -> None:
    """Move one case from the groups of its old facts to those of its new facts."""
    gone, added = _groups(old), _groups(new)
    if not gone:  # a new case (an import's thousands of forms): +1 in each of its groups
        _add(sorted((*group, 1) for group in added))
        return
    delta = Counter(added)
    delta.subtract(gone)
    _add(sorted((*group, n) for group, n in delta.items() if n))


def _groups(f: Facts | None) -> list[tuple[str, str, str]]:
    """(slice, grouping, key) of each tally row the case counts in (none without facts)."""
    if f is None:
        return []
    groups = [
        (grouping, _key(values, tuple(map(type, values)))) for grouping, values in groups_of(f)
    ]
    return [(name, grouping, key) for name in slices_of(f) for grouping, key in groups]


@lru_cache(maxsize=16_384)
def _key(values: tuple, types: tuple) -> str:
    """The same few thousand groups recur case after case (`types`: True and 1 are equal
    keys of a cache, not of a tally)."""
    return encode(values)


def _add(rows: list[tuple[str, str, str, int]]) -> None:
    if not rows:
        return
    table = CaseTally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:  # one statement: one round trip
        cursor.execute(
            f"INSERT INTO {table} (slice, grouping, key, n) VALUES {values} "
            f"ON CONFLICT (slice, grouping, key) DO UPDATE SET n = {table}.n + excluded.n",
            [v for row in rows for v in row],
        )


def rebuild() -> None:
    """Every tally anew from the facts (after facts.refresh): a GROUP BY per grouping, over
    every case and then by each slicing field."""
    CaseTally.objects.all().delete()
    facts = CaseFact.objects.all()
    for field in (None, *SLICES):
        for grouping in GROUPINGS:
            CaseTally.objects.bulk_create(
                (
                    CaseTally(slice=slice_name(field, by) if field else "", grouping=grouping,
                              key=encode(values), n=n)
                    for by, *values, n in Groups.grouped(facts, grouping, by=field)
                    if not field or by not in (None, "")
                ),
                batch_size=5000,
            )  # fmt: skip


def refill(apps, schema_editor) -> None:
    """The migrations' step after a change of what the tallies hold (none without facts)."""
    if apps.get_model("reports", "CaseFact").objects.exists():
        rebuild()
