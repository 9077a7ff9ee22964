"""The screen where people create and revoke their own API tokens."""

from api.models import ApiToken


def test_a_user_creates_a_token_sees_its_key_once_and_revokes_it(client, analyst):
    client.force_login(analyst)
    page = client.post("/conta/tokens/", {"name": "Planilha"})
    assert page.status_code == 200
    token = ApiToken.objects.get(user=analyst)
    key = page.context["new_key"]
    assert key in page.text and "não será mostrada de novo" in page.text
    assert key not in client.get("/conta/tokens/").text  # only its first characters stay
    assert "nunca usado" in client.get("/conta/tokens/").text
    client.post(f"/conta/tokens/{token.pk}/revogar/")
    assert not ApiToken.objects.exists()


def test_a_token_last_use_is_shown(client, analyst):
    token, key = ApiToken.issue(user=analyst, name="BI")
    client.get("/api/casos/", HTTP_AUTHORIZATION=f"Token {key}")
    client.force_login(analyst)
    token.refresh_from_db()
    assert token.last_used_at.astimezone().strftime("%d/%m/%Y") in client.get("/conta/tokens/").text
    assert "nunca usado" not in client.get("/conta/tokens/").text


def test_a_user_cannot_see_or_revoke_another_users_token(client, analyst, other_analyst):
    theirs, _ = ApiToken.issue(user=other_analyst, name="Deles")
    client.force_login(analyst)
    assert "Deles" not in client.get("/conta/tokens/").text
    assert client.post(f"/conta/tokens/{theirs.pk}/revogar/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_an_administrator_manages_everyones_tokens(client, administrator, analyst):
    theirs, _ = ApiToken.issue(user=analyst, name="Do analista")
    client.force_login(administrator)
    assert "Do analista" in client.get("/conta/tokens/").text
    client.post("/conta/tokens/", {"name": "Para o BI", "user": analyst.pk})
    assert ApiToken.objects.filter(user=analyst, name="Para o BI").exists()
    client.post(f"/conta/tokens/{theirs.pk}/revogar/")
    assert not ApiToken.objects.filter(pk=theirs.pk).exists()


def test_the_token_screen_asks_anonymous_users_to_log_in(client, db):
    response = client.get("/conta/tokens/")
    assert response.status_code == 302 and "/entrar/" in response.url
