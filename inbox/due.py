"""What is due for a user: the open cases' next deadline and the substitutions' notices.

A case's next deadline is stored on it (`Case.next_due_on`, refreshed by every service by
cases.deadlines), and a substitution's notice date too (`notice_due_on`), so these are plain
indexed filters: nothing recomputes holidays here.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from cases.models import Case, DueKind
from substitutions.models import Stage, Substitution

WEEK = 7  # "this week": the next seven days after today

LATE, TODAY, WEEK_AHEAD = "late", "today", "week"
BUCKET_LABELS = {LATE: "Atrasados", TODAY: "Vencem hoje", WEEK_AHEAD: "Vencem nos próximos 7 dias"}


@dataclass(frozen=True)
class DueItem:
    """One thing to do by a date: a case's contact/closing, or a substitution's notice."""

    case_id: int
    what: str
    provider: str
    due_on: datetime.date
    url: str

    def bucket(self, today: datetime.date) -> str:
        if self.due_on < today:
            return LATE
        return TODAY if self.due_on == today else WEEK_AHEAD


def open_cases_of(user) -> QuerySet[Case]:
    return Case.objects.open().filter(analyst=user)


SHOWN = 50  # items listed per section; the heading counts them all

RANGES = {  # bucket -> (first day, last day) offsets from today; None: no bound
    LATE: (None, -1),
    TODAY: (0, 0),
    WEEK_AHEAD: (1, WEEK),
}


def _within(field: str, today: datetime.date, bucket: str) -> Q:
    first, last = RANGES[bucket]
    bounds = Q(**{f"{field}__lte": today + datetime.timedelta(days=last)})
    if first is not None:
        bounds &= Q(**{f"{field}__gte": today + datetime.timedelta(days=first)})
    return bounds


def due_cases(user, today: datetime.date, bucket: str) -> QuerySet[Case]:
    return open_cases_of(user).filter(_within("next_due_on", today, bucket))


def due_substitutions(user, today: datetime.date, bucket: str) -> QuerySet[Substitution]:
    return Substitution.objects.filter(case__analyst=user, stage=Stage.PENDING).filter(
        _within("notice_due_on", today, bucket)
    )


def bucket_counts(user, today: datetime.date) -> dict[str, int]:
    """How many items each section has, listed or not."""
    return {
        bucket: due_cases(user, today, bucket).count()
        + due_substitutions(user, today, bucket).count()
        for bucket in RANGES
    }


def due_items(user, today: datetime.date, shown: int = SHOWN) -> list[DueItem]:
    """What is due for `user` by the end of the week, the earliest first, at most `shown`
    a section (an analyst with thousands of late cases still gets the page in a blink)."""
    items = []
    for bucket in RANGES:
        items += _case_items(due_cases(user, today, bucket).order_by("next_due_on", "pk")[:shown])
        items += _substitution_items(
            due_substitutions(user, today, bucket).order_by("notice_due_on", "pk")[:shown]
        )
    return sorted(items, key=lambda item: (item.due_on, item.case_id))


def _case_items(cases) -> list[DueItem]:
    kinds = dict(DueKind.choices)
    return [
        DueItem(
            case_id=case.pk,
            what=f"Prazo de {kinds.get(case.next_due_kind, 'atendimento')}",
            provider=case.provider_name or "prestador sem nome",
            due_on=case.next_due_on,
            url=reverse("cases:detail", args=[case.pk]),
        )
        for case in cases.only("pk", "provider_name", "next_due_on", "next_due_kind")
    ]


def _substitution_items(substitutions) -> list[DueItem]:
    return [
        DueItem(
            case_id=sub.case_id,
            what="Aviso de substituição (ANS)",
            provider=sub.case.provider_name or "prestador sem nome",
            due_on=sub.notice_due_on,
            url=reverse("substitutions:panel", args=[sub.case_id]),
        )
        for sub in substitutions.select_related("case")
    ]


def grouped(items: list[DueItem], today: datetime.date) -> dict[str, list[DueItem]]:
    """The items under "Atrasados", "Vencem hoje", "Vencem nos próximos 7 dias", in order."""
    groups: dict[str, list[DueItem]] = {LATE: [], TODAY: [], WEEK_AHEAD: []}
    for item in items:
        groups[item.bucket(today)].append(item)
    return groups


def due_now_count(user, today: datetime.date) -> int:
    """The navigation's count: the user's open cases due today or late (one COUNT query on
    the (closed_at, analyst) index)."""
    return open_cases_of(user).filter(next_due_on__lte=today).count()


@dataclass(frozen=True)
class TeamRow:
    analyst_id: int
    name: str
    late: int
    today: int
    week: int
    open: int


def team_rows(today: datetime.date) -> list[TeamRow]:
    """Per analyst: open cases late, due today, due in the week, and all open (one query)."""
    horizon = today + datetime.timedelta(days=WEEK)
    rows = (
        Case.objects.open()
        .filter(analyst__isnull=False)
        .values("analyst", "analyst__first_name", "analyst__last_name", "analyst__username")
        .annotate(
            late=Count("pk", filter=Q(next_due_on__lt=today)),
            today=Count("pk", filter=Q(next_due_on=today)),
            week=Count("pk", filter=Q(next_due_on__gt=today, next_due_on__lte=horizon)),
            open=Count("pk"),
        )
        .order_by("-late", "analyst__username")
    )
    return [
        TeamRow(
            analyst_id=row["analyst"],
            name=f"{row['analyst__first_name']} {row['analyst__last_name']}".strip()
            or row["analyst__username"],
            late=row["late"],
            today=row["today"],
            week=row["week"],
            open=row["open"],
        )
        for row in rows
    ]
