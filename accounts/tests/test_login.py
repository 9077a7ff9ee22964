import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from conftest import PASSWORD


@pytest.fixture
def axes_on(settings):
    settings.AXES_ENABLED = True


def _log_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_anonymous_users_go_to_the_portuguese_login_page(client, db):
    response = client.get(reverse("cases:queue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url).content.decode()
    assert "Usuário" in page and "Senha" in page and "Entrar" in page


def test_a_wrong_password_says_so_in_portuguese(client, analyst, axes_on):
    response = _log_in(client, "analista", "errada")
    assert response.status_code == 200
    assert "senha corretos" in response.content.decode()


def test_the_right_password_logs_in(client, analyst, axes_on):
    response = _log_in(client, "analista", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("cases:queue")).status_code == 200


def test_too_many_wrong_passwords_lock_the_user_out_in_portuguese(client, analyst, axes_on):
    for _ in range(5):
        _log_in(client, "analista", "errada")
    response = _log_in(client, "analista", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Acesso bloqueado temporariamente" in page
    assert "aguarde 15 minutos" in page
    assert "_auth_user_id" not in client.session


def test_another_user_is_not_locked_by_someone_elses_attempts(client, analyst, supervisor, axes_on):
    for _ in range(5):
        _log_in(client, "analista", "errada")
    assert _log_in(client, "supervisor", PASSWORD).status_code == 302


def test_logging_out_ends_the_session(client, analyst):
    client.force_login(analyst)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("cases:queue")).status_code == 302


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_a_session_in_use_lasts_but_eight_idle_hours_log_out(client, analyst):
    queue = reverse("cases:queue")
    with time_machine.travel(datetime.datetime(2024, 3, 4, 8, 0, tzinfo=datetime.UTC)) as clock:
        client.force_login(analyst)
        for _ in range(3):  # a working day and more, a click every 4 hours
            clock.shift(datetime.timedelta(hours=4))
            assert client.get(queue).status_code == 200
        clock.shift(datetime.timedelta(hours=8, minutes=1))
        response = client.get(queue)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_clicks_minutes_apart_do_not_rewrite_the_session(client, analyst):
    queue = reverse("cases:queue")
    with time_machine.travel(datetime.datetime(2024, 3, 4, 8, 0, tzinfo=datetime.UTC)) as clock:
        client.force_login(analyst)
        client.get(queue)
        expires = Session.objects.get().expire_date
        clock.shift(datetime.timedelta(minutes=2))
        client.get(queue)
        assert Session.objects.get().expire_date == expires
        clock.shift(datetime.timedelta(minutes=10))
        client.get(queue)
    assert Session.objects.get().expire_date > expires


def test_a_password_hashed_by_an_earlier_install_still_logs_in_and_moves_to_argon2(
    client, analyst, settings
):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = [
        "accounts.hashers.OwaspArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    analyst.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    analyst.save()
    response = _log_in(client, "analista", PASSWORD)
    assert response.status_code == 302 and not response.url.startswith(reverse("login"))
    analyst.refresh_from_db()
    assert analyst.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_one_address_trying_a_password_on_every_user_is_locked_out(client, analyst, axes_on):
    # 5 wrong tries lock a user + address pair; one try on each of 20 users locks the address
    for number in range(19):
        _log_in(client, f"usuario{number}", "senha123")
    assert _log_in(client, "analista", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    _log_in(client, "usuario19", "senha123")
    _log_in(client, "usuario20", "senha123")
    response = _log_in(client, "analista", PASSWORD)
    assert response.status_code == 429
    assert "Acesso bloqueado temporariamente" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_locked_out_does_not_lock_other_addresses(client, analyst, axes_on):
    for number in range(20):
        _log_in(client, f"usuario{number}", "senha123")
    other = client.post(
        reverse("login"),
        {"username": "analista", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
    )
    assert other.status_code == 302


def test_the_login_page_offers_a_password_reset(client, db):
    page = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in page and "Esqueci minha senha" in page
