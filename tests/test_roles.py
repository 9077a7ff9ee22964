"""Every screen for every role: the permission matrix (docs/permissions.md) as users meet it."""

import pytest
from django.urls import reverse

ROLES = ["analista", "analista2", "supervisor", "gestor", "admin"]


@pytest.fixture
def cast(analyst, other_analyst, supervisor, manager, administrator):
    return dict(
        zip(ROLES, [analyst, other_analyst, supervisor, manager, administrator], strict=True)
    )


@pytest.fixture
def case(make_case):
    return make_case()


def _expect(client, user, method, url, expected, data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    return response.status_code == expected, (user.username, method, url, response.status_code)


#                       analista analista2 supervisor gestor admin
GETS = [
    ("cases:queue", None, [200, 200, 200, 200, 200]),
    ("cases:new", None, [200, 200, 200, 403, 200]),
    ("cases:detail", "case", [200, 404, 200, 200, 200]),
    ("imports:upload", None, [403, 403, 200, 403, 200]),
    ("reports:dashboard", None, [403, 403, 200, 200, 200]),
    ("api:cases", None, [200, 200, 200, 200, 200]),
    ("api:case", "case", [200, 404, 200, 200, 200]),
]
POSTS = [
    ("cases:contact_add", {"notes": "ok"}, [302, 404, 302, 403, 302]),
    ("cases:reopen", {"reason": "x"}, [403, 404, 302, 403, 302]),
    ("cases:assign", {"analyst": "0"}, [403, 404, 302, 403, 302]),  # 302: "not a user" message
]


@pytest.mark.parametrize(("name", "arg", "expected"), GETS, ids=[g[0] for g in GETS])
def test_each_role_gets_what_the_matrix_says(client, cast, case, name, arg, expected):
    url = reverse(name, args=[case.pk] if arg else [])
    results = [
        _expect(client, cast[role], "get", url, code)
        for role, code in zip(ROLES, expected, strict=True)
    ]
    assert all(ok for ok, _ in results), [info for ok, info in results if not ok]


@pytest.mark.parametrize(("name", "data", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_each_role_may_change_what_the_matrix_says(client, cast, case, name, data, expected):
    url = reverse(name, args=[case.pk])
    results = [
        _expect(client, cast[role], "post", url, code, data)
        for role, code in zip(ROLES, expected, strict=True)
    ]
    assert all(ok for ok, _ in results), [info for ok, info in results if not ok]


def test_exports_are_open_to_every_role_but_only_over_visible_cases(client, cast, case):
    for role in ROLES:
        client.force_login(cast[role])
        response = client.get(reverse("exports:list", args=["csv"]))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert (b"26666" in body) == (role != "analista2"), role


def test_only_the_administrator_reaches_the_admin(client, cast):
    for role in ROLES:
        client.force_login(cast[role])
        assert (client.get("/admin/").status_code == 200) == (role == "admin"), role


def test_denied_pages_speak_portuguese(client, cast):
    client.force_login(cast["gestor"])
    page = client.get(reverse("cases:new")).content.decode()
    assert "Acesso negado" in page and "Seu perfil não permite esta ação." in page
