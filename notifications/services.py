"""Notifications in the app and the daily e-mail digest.

`notify_assigned` / `notify_reopened` are called by cases.services inside their transaction,
so a notification exists exactly when the change does. Deadline notifications and digests
are made by `manage.py send_reminders`, once a day.
"""

import datetime
import logging
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Case
from inbox import due

from .models import DigestSent, Kind, Notification, Preference

logger = logging.getLogger(__name__)


def notify_assigned(*, case: Case, by) -> Notification | None:
    """Tell the case's new analyst (not when they assigned it to themselves)."""
    if case.analyst_id is None or case.analyst_id == getattr(by, "pk", None):
        return None
    text = f"{_name(by)} atribuiu a você o caso {case.pk} ({_provider(case)})."
    return Notification.objects.create(
        user_id=case.analyst_id, case=case, kind=Kind.ASSIGNED, text=text
    )


def notify_reopened(*, case: Case, by) -> Notification | None:
    """Tell the case's analyst that it is open again (not when they reopened it)."""
    if case.analyst_id is None or case.analyst_id == getattr(by, "pk", None):
        return None
    text = f"{_name(by)} reabriu o caso {case.pk} ({_provider(case)})."
    return Notification.objects.create(
        user_id=case.analyst_id, case=case, kind=Kind.REOPENED, text=text
    )


def notify_comment(*, comment, mentioned: list) -> list[Notification]:
    """Tell each @mentioned user (who may see the case: the caller's check), and the case's
    analyst, that `comment` was written; never its author. The text says who and where,
    not what: a comment may hold personal data."""
    case, by = comment.case, comment.author
    where = f"no caso {case.pk} ({_provider(case)})"
    rows = [
        Notification(
            user=person, case=case, kind=Kind.MENTIONED, text=f"{_name(by)} mencionou você {where}."
        )
        for person in mentioned
        if person.pk != getattr(by, "pk", None)
    ]
    told = {row.user.pk for row in rows} | {getattr(by, "pk", None)}
    if case.analyst_id is not None and case.analyst_id not in told:
        text = f"{_name(by)} comentou {where}."
        rows.append(
            Notification(user_id=case.analyst_id, case=case, kind=Kind.COMMENTED, text=text)
        )
    return Notification.objects.bulk_create(rows)


def deadline_notifications_create(*, today: datetime.date) -> int:
    """Notify each analyst of their open cases due tomorrow or overdue: once per deadline
    (a case late for a week is notified on its first late day, not every day)."""
    tomorrow = today + datetime.timedelta(days=1)
    cases = Case.objects.open().filter(analyst__isnull=False)
    rows = [
        _deadline(
            case, Kind.DUE_TOMORROW, f"O prazo do caso {case.pk} ({_provider(case)}) vence amanhã."
        )
        for case in cases.filter(next_due_on=tomorrow).only(
            "pk", "analyst", "provider_name", "next_due_on"
        )
    ]
    rows += [
        _deadline(
            case,
            Kind.OVERDUE,
            f"O prazo do caso {case.pk} ({_provider(case)}) venceu em {case.next_due_on:%d/%m/%Y}.",
        )
        for case in cases.filter(next_due_on__lt=today).only(
            "pk", "analyst", "provider_name", "next_due_on"
        )
    ]
    with transaction.atomic():
        before = Notification.objects.filter(kind__in=[Kind.DUE_TOMORROW, Kind.OVERDUE]).count()
        Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
        return (
            Notification.objects.filter(kind__in=[Kind.DUE_TOMORROW, Kind.OVERDUE]).count() - before
        )


def notification_mark_read(*, user, pk: int) -> int:
    """Mark one of the user's notifications read (someone else's: nothing)."""
    with transaction.atomic():
        return Notification.objects.filter(user=user, pk=pk, read_at=None).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, user) -> int:
    with transaction.atomic():
        return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


def unread_count(user) -> int:
    """The bell's count: one COUNT on the partial (user, unread) index."""
    return Notification.objects.filter(user=user, read_at=None).count()


def preference_of(user) -> Preference:
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def preference_set(*, user, email_digest: bool) -> Preference:
    with transaction.atomic():
        preference, _ = Preference.objects.update_or_create(
            user=user, defaults={"email_digest": email_digest}
        )
    return preference


def digest_send(*, user, today: datetime.date) -> bool:
    """E-mail the user what is late, due today and due this week; False when there is
    nothing to say, the user turned e-mails off, has no address, or got today's already."""
    if not user.email or not preference_of(user).email_digest:
        return False
    items = due.due_items(user, today)
    if not items:
        return False
    with transaction.atomic():
        _, created = DigestSent.objects.get_or_create(
            user=user, day=today, defaults={"items": len(items)}
        )
        if not created:
            return False
        _message(user, items, today).send()  # a failure rolls the record back: sent again later
    return True


@dataclass(frozen=True)
class RemindersRun:
    notifications: int
    sent: int
    failed: list[str]  # usernames whose e-mail the server refused (tried again next run)


def reminders_send(*, today: datetime.date) -> RemindersRun:
    """The daily run: deadline notifications, then one digest per active user with an
    address. A refused e-mail does not stop the others."""
    created = deadline_notifications_create(today=today)
    users = get_user_model().objects.filter(is_active=True).exclude(email="").order_by("pk")
    sent, failed = 0, []
    for user in users:
        try:
            sent += digest_send(user=user, today=today)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Resumo diário de %s não enviado: %s", user.username, error)
            failed.append(user.username)
    return RemindersRun(notifications=created, sent=sent, failed=failed)


def _message(user, items: list[due.DueItem], today: datetime.date) -> EmailMultiAlternatives:
    site = settings.SITE_URL.rstrip("/")
    groups = [
        (due.BUCKET_LABELS[key], rows) for key, rows in due.grouped(items, today).items() if rows
    ]
    context = {"user": user, "groups": groups, "today": today, "site": site}
    late = sum(1 for item in items if item.bucket(today) == due.LATE)
    subject = f"Retenção: {len(items)} prazo(s) para acompanhar"
    if late:
        subject += f", {late} atrasado(s)"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("notifications/digest.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("notifications/digest.html", context), "text/html")
    return message


def _deadline(case: Case, kind: str, text: str) -> Notification:
    return Notification(
        user_id=case.analyst_id, case=case, kind=kind, text=text, due_on=case.next_due_on
    )


def _name(user) -> str:
    if user is None:
        return "O sistema"
    return user.get_full_name() or user.username


def _provider(case: Case) -> str:
    return case.provider_name or "prestador sem nome"
