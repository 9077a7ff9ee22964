"""Webhooks against a real HTTP receiver on 127.0.0.1, started by the test."""

import datetime
import hashlib
import hmac
import http.server
import json
import threading

import pytest
import time_machine
from django.tasks import default_task_backend
from django.utils import timezone

from cases import services
from webhooks import services as webhooks
from webhooks.models import Attempt, Delivery, Endpoint


class Receiver:
    """An HTTP server in a thread that keeps what it is sent and answers `statuses` in turn."""

    def __init__(self, statuses=(200,)):
        self.statuses, self.received = list(statuses), []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/eventos"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


def _endpoint(url, *events):
    return Endpoint.objects.create(url=url, events=list(events))


def test_closing_a_case_posts_a_signed_event_to_the_receiver(
    receiver, make_case, analyst, django_capture_on_commit_callbacks
):
    endpoint = _endpoint(receiver.url, "case.closed")
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        closed = _close(case, analyst)
    assert len(receiver.received) == 1  # the opening was not asked for
    headers, body = receiver.received[0]
    event = json.loads(body)
    assert (event["event"], event["case_id"], event["version"]) == (
        "case.closed",
        case.pk,
        closed.version,
    )
    signed = headers["X-Retencao-Timestamp"].encode() + b"." + body
    expected = hmac.new(endpoint.secret.encode(), signed, hashlib.sha256).hexdigest()
    assert headers["X-Retencao-Signature"] == f"sha256={expected}"
    delivery = Delivery.objects.get()
    assert delivery.state == "delivered" and delivery.tries.get().status_code == 200


def test_a_failing_receiver_is_tried_again_later_and_every_try_is_logged(
    make_case, django_capture_on_commit_callbacks
):
    receiver = Receiver(statuses=[503, 200])
    try:
        _endpoint(receiver.url, "case.opened")
        with django_capture_on_commit_callbacks(execute=True):
            make_case()
        delivery = Delivery.objects.get()
        assert delivery.state == "pending" and delivery.attempts == 1
        wait = delivery.next_attempt_at - timezone.now()
        assert datetime.timedelta(seconds=25) < wait <= datetime.timedelta(seconds=30)
        assert webhooks.send_due() == 0  # not yet due
        with time_machine.travel(timezone.now() + datetime.timedelta(seconds=31)):
            assert webhooks.send_due() == 1
        delivery.refresh_from_db()
        assert delivery.state == "delivered"
        assert [a.status_code for a in Attempt.objects.order_by("pk")] == [503, 200]
    finally:
        receiver.stop()


def test_a_receiver_that_is_down_is_logged_and_given_up_after_six_tries(
    make_case, django_capture_on_commit_callbacks
):
    down = Receiver()
    url = down.url
    down.stop()  # nothing listens on that port any more
    _endpoint(url, "case.opened")
    with django_capture_on_commit_callbacks(execute=True):
        make_case()
    delivery = Delivery.objects.get()
    for minutes in (1, 4, 13, 46, 175):  # 30 s, 2, 8, 32, 128 min after each try
        with time_machine.travel(delivery.created_at + datetime.timedelta(minutes=minutes)):
            webhooks.send_due()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("failed", 6)
    assert all(a.status_code is None and a.error for a in delivery.tries.all())


def test_the_save_only_enqueues_the_delivery_the_worker_sends_it(
    settings, receiver, make_case, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    _endpoint(receiver.url, "case.opened")
    with django_capture_on_commit_callbacks(execute=True):
        make_case()
    assert receiver.received == []  # the user's save did not wait for the receiver
    (queued,) = default_task_backend.results
    queued.task.call(*queued.args)  # what the worker does
    assert len(receiver.received) == 1


def test_nothing_is_sent_when_the_save_is_rolled_back(receiver, make_case, analyst):
    _endpoint(receiver.url, "case.closed")
    case = make_case()
    with pytest.raises(Exception):  # noqa: B017, PT011 (the rule's ValidationError)
        services.case_close(user=analyst, case=case)
    assert not Delivery.objects.exists() and receiver.received == []


def test_an_administrator_resends_a_delivery_from_the_admin(
    client, administrator, receiver, make_case, django_capture_on_commit_callbacks
):
    _endpoint(receiver.url, "case.opened")
    with django_capture_on_commit_callbacks(execute=True):
        make_case()
    delivery = Delivery.objects.get()
    client.force_login(administrator)
    page = client.get(f"/admin/webhooks/delivery/{delivery.pk}/change/")
    assert page.status_code == 200 and "200" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/webhooks/delivery/",
            {"action": "resend", "_selected_action": [delivery.pk]},
        )
    assert len(receiver.received) == 2 and delivery.tries.count() == 2


def _close(case, user):
    from cases.models import TerminationReason

    data = services.case_to_data(case)
    data.status, data.finished_on = "desligamento", datetime.date(2024, 3, 1)
    data.termination_reasons = [TerminationReason.objects.first().code]
    return services.case_close(user=user, case=case, data=data, expected_version=case.version)
