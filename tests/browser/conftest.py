"""Browser tests: Chromium (Debian's /usr/bin/chromium) driven by pytest-playwright."""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1280, "height": 900},
        "locale": "pt-BR",
        "reduced_motion": "reduce",
    }  # no fades: screenshots show the final screen


@pytest.fixture
def shot(page):
    """Save a full-page screenshot as a test artifact (tests/browser/artifacts/NAME.png)."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str):
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    """Transactional tests empty every table between tests: seed the form's options again,
    and empty the shared cache (a table no flush knows: the one-minute unfiltered board of an
    earlier test would show its cases)."""
    import importlib

    from django.apps import apps
    from django.core.cache import cache

    cache.clear()

    importlib.import_module("cases.migrations.0002_reference_data").seed(apps, None)
    importlib.import_module("accounts.migrations.0001_roles").create_roles(apps, None)
