"""Every URL of the system, for anonymous users: nothing is public but the login page, the
password reset by e-mail and the public notice of provider substitutions (/rede/substituicoes/)."""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

PUBLIC = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "substitutions:public",  # the ANS notice is public
    "substitutions:public_pdf",
}
SKIP_NAMESPACES = {"admin"}  # Django's admin checks staff itself (tested below)


def _patterns(resolver=None, prefix="", namespace=None):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            if ns in SKIP_NAMESPACES:
                continue
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


FORMATS = ("pdf", "docx", "xlsx", "csv", "json")


def _url(name: str) -> str:
    """A concrete path for a route: 1 for ids, a format the route accepts for formats."""
    for fmt in FORMATS:
        for kwargs in (
            {},
            {"pk": 1},
            {"fmt": fmt},
            {"pk": 1, "fmt": fmt},
            {"slug": "x", "fmt": fmt},
        ):
            try:
                return reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
    raise AssertionError(f"não sei montar uma URL para {name}")


ROUTES = sorted(set(_patterns()))
PRIVATE = [(name, pattern) for name, pattern in ROUTES if name not in PUBLIC]


def test_the_system_has_the_screens_we_expect():
    names = {name for name, _ in ROUTES}
    assert {"login", "logout", "cases:queue", "reports:dashboard", "imports:upload"} <= names


@pytest.mark.parametrize(("name", "pattern"), PRIVATE, ids=[name for name, _ in PRIVATE])
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_users_only_reach_the_login_page(client, db, name, pattern, method):
    response = getattr(client, method)(_url(name))
    if name.startswith("api:"):
        assert response.status_code in (401, 403)
    else:
        assert response.status_code in (302, 405), response.status_code
        if response.status_code == 302:
            assert response.url.startswith(reverse("login"))


def test_the_admin_sends_anonymous_users_to_log_in(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and "login" in response.url
