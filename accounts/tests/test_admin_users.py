"""The admin's user pages: no password hash, no groups or permissions; changes at /usuarios/."""

import html

from django.urls import reverse

from accounts import roles
from accounts.services import user_create


def page_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_admin_user_page_shows_no_hash_no_groups_and_links_to_the_users_screen(
    client, administrator
):
    ana = user_create(
        username="ana", role=roles.ANALYST, password="senha-longa-123", first_name="Ana"
    )
    client.force_login(administrator)
    page = page_of(client.get(reverse("admin:auth_user_change", args=[ana.pk])))
    for hidden in ("argon2", "algoritmo", "algorithm", "salt", "hash", "Permissões do usuário"):
        assert hidden.lower() not in page.lower()
    assert "Can add log entry" not in page and "Pode adicionar" not in page
    assert 'name="groups"' not in page and 'name="user_permissions"' not in page
    assert "Analista" in page  # the role, as one word
    assert f'href="/usuarios/{ana.pk}/"' in page
    assert "Alterar nome, e-mail, perfil, senha ou acesso na tela Usuários" in page


def test_the_admin_cannot_change_add_or_delete_a_user_there(client, administrator, analyst):
    client.force_login(administrator)
    url = reverse("admin:auth_user_change", args=[analyst.pk])
    client.post(url, {"username": "outro", "is_active": ""})
    analyst.refresh_from_db()
    assert analyst.username != "outro" and analyst.is_active
    assert client.get(reverse("admin:auth_user_add")).status_code == 403
    assert client.get(reverse("admin:auth_user_delete", args=[analyst.pk])).status_code == 403


def test_the_user_list_in_the_admin_is_portuguese_and_points_to_the_users_screen(
    client, administrator
):
    client.force_login(administrator)
    page = page_of(client.get(reverse("admin:auth_user_changelist")))
    assert "Criar ou alterar usuários na tela Usuários" in page
    assert 'href="/usuarios/"' in page
    assert "Administrador" in page  # the admin's own role in the "perfil" column


def test_roles_are_not_groups_in_the_admin(client, administrator):
    client.force_login(administrator)
    index = page_of(client.get(reverse("admin:index")))
    assert "/admin/auth/group/" not in index and "Grupos" not in index
    assert "/admin/auth/user/" in index
    assert client.get("/admin/auth/group/").status_code == 404
