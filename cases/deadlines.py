"""Deadlines in business days: first contact, interval between contacts, closing.

Business days skip weekends and the national and state holidays (`holidays` package) of
the provider's UF. The policy (how many business days) is set by an administrator in
`DeadlinePolicy`. Each service refreshes the case's stored `next_due_on`, so the queue and
the reports sort and count late cases with an index instead of recomputing holidays.
"""

import datetime
from dataclasses import dataclass
from functools import cache

import holidays
from django.db import transaction
from django.utils import timezone

from reports import facts as report_facts

from .models import Case, DeadlinePolicy, DueKind


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    due_on: datetime.date | None
    done_on: datetime.date | None
    late: bool


def add_business_days(start: datetime.date, days: int, uf: str = "") -> datetime.date:
    """The date `days` business days after `start` (weekends and holidays of `uf` skipped)."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        if is_business_day(day, uf):
            days -= 1
    return day


def is_business_day(day: datetime.date, uf: str = "") -> bool:
    return day.weekday() < 5 and day not in _holidays(uf, day.year)


# Kept per process: the `holidays` package builds a year's calendar in ~40 ms (measured
# on this machine), and every service call refreshes a case's deadlines with it.
@cache
def _holidays(uf: str, year: int) -> frozenset[datetime.date]:
    subdiv = uf if uf in holidays.country_holidays("BR").subdivisions else None
    return frozenset(holidays.country_holidays("BR", subdiv=subdiv, years=year))


def deadlines_of(
    case: Case,
    today: datetime.date | None = None,
    policy: DeadlinePolicy | None = None,
    contact_dates: list[datetime.date] | None = None,
) -> list[Deadline]:
    """The case's deadlines, what was done and when, and which are late (`contact_dates`:
    those of its contacts, when the caller has them)."""
    closed_on = (case.finished_on or timezone.localdate(case.closed_at)) if case.closed_at else None
    if contact_dates is None:
        contact_dates = [c.date for c in case.contacts.all() if c.date]  # prefetched or not
    return compute(
        start=start_of(case),
        uf=case.service_uf or case.cro_uf,
        contact_dates=[day for day in contact_dates if day],
        closed_on=closed_on,
        policy=policy or DeadlinePolicy.current(),
        today=today or timezone.localdate(),
    )


def compute(
    *,
    start: datetime.date | None,
    uf: str,
    contact_dates: list[datetime.date],
    closed_on: datetime.date | None,
    policy: DeadlinePolicy,
    today: datetime.date,
) -> list[Deadline]:
    """The deadlines of a process that started on `start` (no database: the generator uses it)."""
    dates = sorted(contact_dates)
    due = dict.fromkeys(DueKind.values)
    if start:
        due[DueKind.FIRST_CONTACT] = add_business_days(start, policy.first_contact_days, uf)
        due[DueKind.CLOSING] = add_business_days(start, policy.closing_days, uf)
    if dates and not closed_on:
        due[DueKind.NEXT_CONTACT] = add_business_days(dates[-1], policy.contact_interval_days, uf)
    done = {
        DueKind.FIRST_CONTACT: dates[0] if dates else None,
        DueKind.NEXT_CONTACT: None,
        DueKind.CLOSING: closed_on,
    }
    return [
        Deadline(
            kind, DueKind(kind).label, due[kind], done[kind], _late(due[kind], done[kind], today)
        )
        for kind in DueKind.values
        if due[kind] or done[kind]
    ]


def next_pending(deadlines: list[Deadline]) -> Deadline | None:
    """The earliest deadline still to be met."""
    pending = [d for d in deadlines if d.due_on and d.done_on is None]
    return min(pending, key=lambda d: d.due_on, default=None)


def start_of(case: Case) -> datetime.date | None:
    """When the retention process started: Data início, else the protocol's, else creation."""
    created = timezone.localdate(case.created_at) if case.created_at else None
    return case.started_on or case.protocol_opened_on or created


def refresh(
    case: Case,
    policy: DeadlinePolicy | None = None,
    contact_dates: list[datetime.date] | None = None,
) -> None:
    """Set the case's next pending deadline (nothing for closed cases); the caller saves."""
    case.next_due_on, case.next_due_kind = None, ""
    if case.closed_at or (case.pk is None and contact_dates is None):
        return
    pending = next_pending(deadlines_of(case, policy=policy, contact_dates=contact_dates))
    if pending:
        case.next_due_on, case.next_due_kind = pending.due_on, pending.kind


def recompute_open_cases(chunk: int = 2000) -> int:
    """Refresh every open case after the policy changed; returns how many were refreshed."""
    policy = DeadlinePolicy.current()
    count = 0
    ids = list(Case.objects.open().values_list("pk", flat=True))
    for offset in range(0, len(ids), chunk):
        with transaction.atomic():
            cases = list(Case.objects.filter(pk__in=ids[offset : offset + chunk]))
            for case in cases:
                refresh(case, policy)
            Case.objects.bulk_update(cases, ["next_due_on", "next_due_kind"])
            report_facts.cases_changed([case.pk for case in cases])  # the dashboard's late count
            count += len(cases)
    return count


def _late(due: datetime.date | None, done: datetime.date | None, today: datetime.date) -> bool:
    return due is not None and (done or today) > due
