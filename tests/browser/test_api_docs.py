"""The API's documentation page works in a browser under the Content-Security-Policy."""

import pytest
from playwright.sync_api import Page, expect

from accounts.services import DEMO_PASSWORD, demo_users_ensure

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_swagger_ui_lists_the_operations_with_nothing_blocked(page: Page, live_server, shot):
    demo_users_ensure()
    page.goto(f"{live_server.url}/entrar/")
    page.get_by_label("Usuário", exact=True).fill("supervisor")
    page.get_by_label("Senha", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Lista os casos")).to_be_visible(timeout=30_000)
    expect(
        page.get_by_text("Atribui o caso a um Analista ou Supervisor (Supervisor)")
    ).to_be_visible()
    shot("api-docs")
    assert refused == []
