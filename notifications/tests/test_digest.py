"""The daily digest: through Django's SMTP backend to a real SMTP server (aiosmtpd)."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from inbox.tests.conftest import D, at_noon
from notifications.models import DigestSent

FRIDAY = D(2026, 3, 6)


@pytest.fixture
def addressed(analyst, other_analyst, settings):
    settings.SITE_URL = "https://retencao.operadora.com.br"
    for user in (analyst, other_analyst):
        user.email = f"{user.username}@exemplo.com.br"
        user.save()
    return analyst


def send(day=FRIDAY) -> str:
    from io import StringIO

    out = StringIO()
    with at_noon(day):
        call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_the_analyst_gets_the_late_and_due_cases_with_links(inbox, addressed, week_of_cases):
    output = send()
    [message] = inbox.messages  # the other analyst has nothing due: no e-mail
    assert message["To"] == "analista@exemplo.com.br"
    assert message["Subject"] == "Retenção: 5 prazo(s) para acompanhar, 2 atrasado(s)"
    body = message.get_body(preferencelist=("plain",)).get_content()
    late = body[body.index("Atrasados (2):") : body.index("Vencem hoje")]
    antiga = week_of_cases["ANTIGA"]
    assert (
        f"- Caso {antiga.pk} · DENTISTA ANTIGA · Prazo de primeiro contato · 03/03/2026 "
        "(atrasado há 3 dias)" in late
    )
    assert f"https://retencao.operadora.com.br/casos/{antiga.pk}/" in late
    assert "Vencem hoje (1):" in body and "Vencem nos próximos 7 dias (2):" in body
    assert "DENTISTA DEPOIS" not in body
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="https://retencao.operadora.com.br/casos/{antiga.pk}/">' in html
    assert "06/03/2026: " in output and "1 e-mail(s) enviado(s)" in output


def test_running_twice_the_same_day_sends_nothing_more(inbox, addressed, week_of_cases):
    send()
    assert "0 e-mail(s) enviado(s)" in send()
    assert len(inbox.messages) == 1
    assert DigestSent.objects.get().items == 5
    send(D(2026, 3, 9))  # the next business day: a new digest
    assert len(inbox.messages) == 2


def test_a_user_who_turned_emails_off_gets_none(client, inbox, addressed, week_of_cases):
    client.force_login(addressed)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Receber por e-mail o resumo diário" in page and "analista@exemplo.com.br" in page
    response = client.post(reverse("notifications:preferences"), {}, follow=True)
    assert "Preferências gravadas." in response.content.decode()
    send()
    assert inbox.messages == []
    client.post(reverse("notifications:preferences"), {"email_digest": "on"})
    send()
    assert len(inbox.messages) == 1


def test_a_refused_message_is_sent_again_on_the_next_run(addressed, week_of_cases, settings):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="E-mail recusado pelo servidor para: analista "):
        send()
    assert not DigestSent.objects.exists()  # so the next run sends it


def test_the_digest_links_to_the_preferences(inbox, addressed, week_of_cases):
    send()
    body = inbox.messages[0].get_body(preferencelist=("plain",)).get_content()
    assert re.search(
        r"não receber mais este resumo: https://retencao\.operadora\.com\.br/notificacoes/preferencias/",
        body,
    )


def test_the_command_refuses_a_bad_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dd/mm/aaaa"):
        call_command("send_reminders", "--data", "2026-03-06")
