"""'Esqueci minha senha': a link by e-mail (a real SMTP server on 127.0.0.1), a new password."""

import email
import email.policy
import json
import os
import re
import socket
import subprocess
import sys

import pytest
from aiosmtpd.controller import Controller
from django.urls import reverse

from conftest import PASSWORD

SMTP = "django.core.mail.backends.smtp.EmailBackend"
NEW_PASSWORD = "Girassol-do-campo-42"


class Inbox:
    """What the SMTP server received, one parsed message per e-mail."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    received = Inbox()
    server = Controller(received, hostname="127.0.0.1", port=free_port())
    server.start()
    # The test run swaps in the in-memory backend; these tests go through Django's SMTP one
    smtp = {"host": "127.0.0.1", "port": server.port, "username": "", "password": ""}
    settings.MAILERS = {"default": {"BACKEND": SMTP, "OPTIONS": smtp}}
    settings.DEFAULT_FROM_EMAIL = "Retenção <nao-responda@operadora.com.br>"
    yield received
    server.stop()


@pytest.fixture
def ana(analyst):
    analyst.email = "ana.analista@operadora.com.br"
    analyst.save()
    return analyst


def ask(client, address, remote="127.0.0.1"):
    return client.post(reverse("password_reset"), {"email": address}, REMOTE_ADDR=remote)


def test_a_user_gets_a_link_by_email_and_sets_a_new_password(client, ana, inbox):
    response = ask(client, "Ana.Analista@operadora.com.br")
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert "Verifique seu e-mail" in client.get(response.url).content.decode()

    [message] = inbox.messages
    assert message["To"] == "ana.analista@operadora.com.br"
    assert message["Subject"] == "Retenção: criar uma nova senha"
    assert "nao-responda@operadora.com.br" in message["From"]
    body = message.get_body().get_content()
    assert "usuário analista" in body
    link = re.search(r"http://testserver(/senha/nova/\S+/)", body).group(1)

    form_page = client.get(link, follow=True)
    assert "Gravar nova senha" in form_page.content.decode()
    form_url = form_page.redirect_chain[-1][0]
    data = {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    done = client.post(form_url, data, follow=True)
    assert "Senha alterada" in done.content.decode()

    assert not client.login(username="analista", password=PASSWORD)
    assert client.login(username="analista", password=NEW_PASSWORD)
    # the link is good once
    again = client.get(link, follow=True).content.decode()
    assert "Link inválido ou vencido" in again


def test_an_unknown_email_gets_the_same_answer_and_no_message(client, ana, inbox):
    known, unknown = ask(client, ana.email), ask(client, "ninguem@operadora.com.br")
    assert (unknown.status_code, unknown.url) == (known.status_code, known.url)
    assert [m["To"] for m in inbox.messages] == [ana.email]


def test_a_weak_new_password_is_refused_in_portuguese(client, ana, inbox):
    ask(client, ana.email)
    body = inbox.messages[0].get_body().get_content()
    link = re.search(r"http://testserver(/senha/nova/\S+/)", body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    page = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "Esta senha é muito comum" in page.content.decode()
    assert client.login(username="analista", password=PASSWORD)


def test_asking_again_and_again_for_one_email_is_refused_for_an_hour(client, ana, inbox):
    for number in range(5):  # five tries from five addresses: all answered
        assert ask(client, ana.email, remote=f"10.0.0.{number}").status_code == 302
    refused = ask(client, ana.email, remote="10.0.0.9")
    assert refused.status_code == 429
    assert "aguarde 60 minutos" in refused.content.decode()
    assert len(inbox.messages) == 5


def test_one_address_asking_for_many_emails_is_refused(client, ana, inbox):
    for number in range(5):
        assert ask(client, f"pessoa{number}@operadora.com.br").status_code == 302
    refused = ask(client, ana.email)
    assert refused.status_code == 429 and "Muitos pedidos de nova senha" in refused.content.decode()
    assert inbox.messages == []
    assert ask(client, ana.email, remote="10.0.0.7").status_code == 302  # another address


def test_the_mail_server_is_read_from_the_environment():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "retencao.settings",
        "EMAIL_HOST": "smtp.operadora.com.br",
        "EMAIL_PORT": "587",
        "EMAIL_HOST_USER": "retencao",
        "EMAIL_HOST_PASSWORD": "segredo",
        "EMAIL_USE_TLS": "1",
        "DEFAULT_FROM_EMAIL": "Retenção <retencao@operadora.com.br>",
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.MAILERS['default'], settings.DEFAULT_FROM_EMAIL]))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    mailer, sender = json.loads(out.stdout)
    assert mailer["BACKEND"] == SMTP
    assert {
        k: mailer["OPTIONS"][k] for k in ("host", "port", "username", "password", "use_tls")
    } == {
        "host": "smtp.operadora.com.br",
        "port": 587,
        "username": "retencao",
        "password": "segredo",
        "use_tls": True,
    }
    assert sender == "Retenção <retencao@operadora.com.br>"
