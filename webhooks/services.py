"""Webhooks: `emit` inside a case service, deliveries sent by the worker after the commit.

A delivery's body is {"event", "case_id", "version", "occurred_at", "delivery_id", "case_url"}:
no personal data (the receiver reads the case through the API with its own token). It is
signed: `X-Retencao-Signature: sha256=<hex>` is HMAC-SHA256 with the endpoint's secret over
`<X-Retencao-Timestamp>.<body>`. A receiver that fails (or is down) is tried again after
30 s, 2 min, 8 min, 32 min and 2 h; every try is logged. The user's save never waits for
a receiver: the delivery rows are written in the save's transaction, the sending is a task
enqueued once it commits.
"""

import datetime
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.db import transaction
from django.tasks import default_task_backend
from django.utils import timezone

from .models import Attempt, Delivery, Endpoint

TIMEOUT_SECONDS = 5
FIRST_RETRY = datetime.timedelta(seconds=30)
MAX_ATTEMPTS = 6  # the first and five retries, each four times later: up to ~2h50 in all
USER_AGENT = "Retencao-Webhooks/1"


def emit(event: str, case) -> None:
    """Record `event` of `case` for every active endpoint that wants it; sent after commit."""
    endpoints = [e for e in Endpoint.objects.filter(active=True) if event in e.events]
    if not endpoints:
        return
    now = timezone.now()
    payload = {
        "event": event,
        "case_id": case.pk,
        "version": case.version,
        "occurred_at": now.isoformat(),
        "case_url": f"/api/casos/{case.pk}/",
    }
    deliveries = [
        Delivery.objects.create(
            endpoint=endpoint, event=event, case_id=case.pk, payload=payload, next_attempt_at=now
        )
        for endpoint in endpoints
    ]
    transaction.on_commit(lambda: [enqueue(d) for d in deliveries])


def enqueue(delivery: Delivery, *, at: datetime.datetime | None = None) -> None:
    """Hand the delivery to the worker (at `at`, when the task backend can wait; otherwise
    it stays due and `send_due` or the admin's "Reenviar" sends it)."""
    from .tasks import deliver

    if at is None:
        deliver.enqueue(delivery.pk)
    elif default_task_backend.supports_defer:
        deliver.using(run_after=at).enqueue(delivery.pk)


def body_of(delivery: Delivery) -> bytes:
    payload = {**delivery.payload, "delivery_id": delivery.pk}
    return json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def send(delivery: Delivery) -> Attempt:
    """One try: POST the signed body, log the answer, schedule the next try on failure."""
    body, stamp = body_of(delivery), str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Retencao-Event": delivery.event,
        "X-Retencao-Delivery": str(delivery.pk),
        "X-Retencao-Timestamp": stamp,
        "X-Retencao-Signature": signature(delivery.endpoint.secret, stamp, body),
    }
    request = urllib.request.Request(
        delivery.endpoint.url, data=body, method="POST", headers=headers
    )
    started = time.monotonic()
    status, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            status = response.status
    except urllib.error.HTTPError as refused:
        status, error = refused.code, f"HTTP {refused.code}"
    except (OSError, ValueError) as failure:  # down, refused, timed out, bad URL
        error = str(failure)[:500] or failure.__class__.__name__
    elapsed = int((time.monotonic() - started) * 1000)
    attempt = Attempt.objects.create(
        delivery=delivery, status_code=status, error=error, duration_ms=elapsed
    )
    _after(delivery, ok=attempt.ok)
    return attempt


def _after(delivery: Delivery, *, ok: bool) -> None:
    delivery.attempts += 1
    if ok:
        delivery.state, delivery.next_attempt_at = Delivery.State.DELIVERED, None
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state, delivery.next_attempt_at = Delivery.State.FAILED, None
    else:
        wait = FIRST_RETRY * 4 ** (delivery.attempts - 1)
        delivery.state, delivery.next_attempt_at = Delivery.State.PENDING, timezone.now() + wait
    delivery.save(update_fields=["attempts", "state", "next_attempt_at"])
    if delivery.next_attempt_at:
        enqueue(delivery, at=delivery.next_attempt_at)


def resend(delivery: Delivery) -> None:
    """The administrator's "Reenviar": a new round of tries, starting now."""
    delivery.state, delivery.attempts, delivery.next_attempt_at = "pending", 0, timezone.now()
    delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
    enqueue(delivery)


def send_due() -> int:
    """Send every delivery whose next try is due (for task backends that cannot wait)."""
    due = Delivery.objects.filter(state="pending", next_attempt_at__lte=timezone.now())
    count = 0
    for delivery in due.select_related("endpoint"):
        send(delivery)
        count += 1
    return count
