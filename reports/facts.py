"""Keeps `CaseFact` equal to the cases: one annotated Case queryset defines a fact row.

Every change of a case moves its facts through `facts_of` (`_derived` says how each column
comes from the case): `case_changed(case)` for one case (the case services call it inside
their transaction, after saving), `cases_changed(ids or queryset)` for bulk changes (a
deadline policy saved in the admin, admin actions), `refresh()` for every case (bulk loads
that bypass the services, `refresh_report_facts`). All of them delete the cases' old rows
and write the new ones with bulk_create, so they cannot disagree. A batch of changes in one
transaction (an import's chunk of forms) may gather its cases' `case_changed` calls into one
`cases_changed` at its end: `with facts.gathered():`.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import batched

from django.db import models, transaction
from django.db.models import IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, TruncMonth

from cases.models import Case, Status
from cases.rules import COVERAGE_RISK, days_to_finish_expression

from .models import CaseFact, Outcome

BATCH = 2000
# CaseFact columns copied from the case as they are
COPIED = (
    "analyst_id",
    "created_by_id",
    "operator_id",
    "requested_by_id",
    "service_uf",
    "city",
    "started_on",
    "finished_on",
    "lives",
    "next_due_on",
)
# The option columns: the case's many-to-many relation and its target's id column
OPTIONS = {
    "reasons": (Case.termination_reasons.through, "terminationreason_id"),
    "actions": (Case.retention_actions.through, "retentionaction_id"),
    "sectors": (Case.responsible_sectors.through, "responsiblesector_id"),
}


def _ids(through, column: str) -> Coalesce:
    """The ids of a case's reasons (actions, sectors) as "4,9"; "" when none."""
    ids = (
        through.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(ids=models.StringAgg(Cast(column, models.TextField()), Value(",")))
        .values("ids")
    )
    return Coalesce(Subquery(ids), Value(""), output_field=models.TextField())


def _derived() -> dict:
    """Each CaseFact column not copied as it is, and its expression over the case table."""
    return {
        "start_month": TruncMonth("started_on", output_field=models.DateField()),
        "finish_month": TruncMonth("finished_on", output_field=models.DateField()),
        "outcome": models.Case(
            When(closed_at__isnull=True, then=Value(Outcome.OPEN)),
            When(status=Status.RETAINED, then=Value(Outcome.RETAINED)),
            When(status=Status.TERMINATED, then=Value(Outcome.TERMINATED)),
            default=Value(Outcome.NOT_RETENTION),
            output_field=IntegerField(),
        ),
        "days": models.Case(
            When(closed_at__isnull=False, then=days_to_finish_expression()),
            output_field=IntegerField(),
        ),
        "at_risk": models.Case(When(COVERAGE_RISK, then=Value(True)), default=Value(False)),
        **{name: _ids(through, column) for name, (through, column) in OPTIONS.items()},
    }


def facts_of(cases: QuerySet[Case]) -> Iterator[CaseFact]:
    """The fact rows of `cases`, unsaved."""
    derived = _derived()
    rows = cases.order_by().annotate(**derived).values("pk", *COPIED, *derived)
    for row in rows.iterator(chunk_size=BATCH):
        for name in OPTIONS:  # one set, one text: the figures group by it
            row[name] = ",".join(sorted(row[name].split(","), key=int)) if row[name] else ""
        yield CaseFact(case_id=row.pop("pk"), **row)


def _write(cases: QuerySet[Case]) -> None:
    CaseFact.objects.bulk_create(facts_of(cases), batch_size=BATCH)


# The cases changed inside `gathered()` (None outside it), per thread and task.
_gathering: ContextVar[set[int] | None] = ContextVar("facts_gathering", default=None)


@contextmanager
def gathered():
    """One transaction whose `case_changed` calls become one `cases_changed` at its end, in
    it: the same rows, written once for a batch of cases (an import writes 50 forms a
    transaction, each in its savepoint; deriving each form's row alone was a third of its
    import, bench/bench_import.py). A case noted in a savepoint that was rolled back is
    derived again as it is (or loses its row if it is gone): nothing drifts. Nothing inside
    reads the facts meanwhile. Inside another `gathered()`, the outer one writes them."""
    if _gathering.get() is not None:
        yield
        return
    cases: set[int] = set()
    with transaction.atomic():
        token = _gathering.set(cases)
        try:
            yield
        finally:
            _gathering.reset(token)
        cases_changed(sorted(cases))


def case_changed(case: Case, *, created: bool = False) -> None:
    """Re-derive the case's facts; called by cases.services after every change it saves, in
    its transaction (inside `gathered()`: at its end). A `created` case has no facts to
    replace."""
    gathering = _gathering.get()
    if gathering is not None:
        gathering.add(case.pk)
        return
    if not created:
        CaseFact.objects.filter(case_id=case.pk).delete()
    _write(Case.objects.filter(pk=case.pk))


def cases_changed(cases: Iterable[int] | QuerySet[Case]) -> None:
    """Re-derive the facts of many cases at once (their ids, or a Case queryset), a batch of
    ids at a time; a case that no longer exists loses its facts."""
    if isinstance(cases, QuerySet):
        cases = cases.values_list("pk", flat=True)
    with transaction.atomic():
        for ids in batched(list(cases), BATCH):
            CaseFact.objects.filter(case_id__in=ids).delete()
            _write(Case.objects.filter(pk__in=ids))


def refresh() -> int:
    """Re-derive every case's facts; returns how many cases there are."""
    with transaction.atomic():
        CaseFact.objects.all().delete()
        _write(Case.objects.all())
    return CaseFact.objects.count()
