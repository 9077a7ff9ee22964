"""What a server process does once, after loading the app and before its first request."""

import gc

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MISSING_SECRET_KEY = "Defina SECRET_KEY (obrigatória quando DEBUG está desligado)."


def require_secret_key() -> None:
    """Refuse to serve without SECRET_KEY (sessions and CSRF tokens are signed with it)."""
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to hand out an empty key
        key = ""
    if not key:
        raise ImproperlyConfigured(MISSING_SECRET_KEY)


def settle() -> None:
    """Check the key, then move everything loaded at start-up out of the collector's way.

    Django, WeasyPrint and the templates leave hundreds of thousands of long-lived objects;
    without this, each full collection walks them all again (about 80 ms, every dozen or
    so printed forms). Frozen objects are never collected and cost nothing afterwards.
    """
    require_secret_key()
    import weasyprint  # noqa: F401 - the printing library's objects are frozen too

    gc.collect()
    gc.freeze()
