"""Administrators manage users in the app: one role as one choice, in Portuguese."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.access import role_of
from conftest import PASSWORD

NEW = {
    "username": "carla",
    "first_name": "Carla",
    "last_name": "Souza",
    "email": "carla@operadora.com.br",
    "role": "Supervisor",
    "is_active": "on",
    "password": "Girassol-do-campo-42",
}


def test_an_administrator_creates_a_user_who_can_log_in_with_the_role(client, administrator):
    client.force_login(administrator)
    response = client.post(reverse("users:new"), NEW, follow=True)
    assert "Usuário carla criado com o perfil Supervisor." in response.content.decode()
    carla = get_user_model().objects.get(username="carla")
    assert role_of(carla) == "Supervisor" and carla.email == "carla@operadora.com.br"
    client.logout()
    assert client.login(username="carla", password="Girassol-do-campo-42")


def test_a_taken_login_and_a_weak_password_are_refused_in_portuguese(
    client, administrator, analyst
):
    client.force_login(administrator)
    html = client.post(reverse("users:new"), NEW | {"username": "analista", "password": "123"})
    html = html.content.decode()
    assert "Já existe um usuário com este login." in html
    assert "Senha:" in html and "muito curta" in html
    assert get_user_model().objects.count() == 2


def test_changing_the_role_replaces_the_old_one(client, administrator, analyst):
    client.force_login(administrator)
    data = NEW | {"username": "analista", "role": "Gestor", "password": ""}
    response = client.post(reverse("users:edit", args=[analyst.pk]), data)
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert list(analyst.groups.values_list("name", flat=True)) == ["Gestor"]
    assert analyst.check_password(PASSWORD)  # a blank password keeps the old one


def test_a_deactivated_user_cannot_log_in_and_is_listed_as_such(client, administrator, analyst):
    client.force_login(administrator)
    data = NEW | {"username": "analista", "role": "Analista", "password": ""}
    del data["is_active"]
    client.post(reverse("users:edit", args=[analyst.pk]), data)
    html = client.get(reverse("users:list")).content.decode()
    assert "Desativado" in html and "Analista" in html
    client.logout()
    assert not client.login(username="analista", password=PASSWORD)


def test_an_administrator_cannot_deactivate_or_demote_themselves(client, administrator):
    client.force_login(administrator)
    data = NEW | {"username": "admin", "role": "Analista", "password": ""}
    html = client.post(reverse("users:edit", args=[administrator.pk]), data).content.decode()
    assert "Você não pode tirar de si o perfil Administrador" in html
    assert role_of(get_user_model().objects.get(pk=administrator.pk)) == "Administrador"


@pytest.mark.parametrize("who", ["analyst", "supervisor", "manager"])
def test_other_roles_are_refused_the_users_screens(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(reverse("users:list")).status_code == 403
    assert client.get(reverse("users:edit", args=[user.pk])).status_code == 403
    assert client.post(reverse("users:new"), NEW).status_code == 403
    assert not get_user_model().objects.filter(username="carla").exists()


def test_the_administrator_sees_the_users_link(client, administrator, analyst):
    client.force_login(administrator)
    assert 'href="/usuarios/">Usuários</a>' in client.get(reverse("cases:queue")).content.decode()
    client.force_login(analyst)
    assert 'href="/usuarios/"' not in client.get(reverse("cases:queue")).content.decode()
