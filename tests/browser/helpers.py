"""What the browser tests share: logging in as a user of the test data."""

from playwright.sync_api import Page, expect

from conftest import PASSWORD


def log_in(page: Page, url: str, username: str, password: str = PASSWORD):
    """Logs in on the server at `url` and waits for the queue, the first screen."""
    page.goto(f"{url}/entrar/")
    page.get_by_label("Usuário", exact=True).fill(username)
    page.get_by_label("Senha", exact=True).fill(password)
    page.get_by_role("button", name="Entrar").click()
    expect(page.get_by_role("heading", name="Fila de casos")).to_be_visible()
    # the heading shows while the page still parses: the deferred scripts (shortcuts.js)
    # run before DOMContentLoaded, and a key pressed earlier finds no handler
    page.wait_for_load_state("domcontentloaded")
