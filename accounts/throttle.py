"""Counters in the shared cache (the database cache: they hold across app servers)."""

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

RESET_WINDOW_SECONDS = 60 * 60


def reset_refused(request) -> bool:
    """Count one password reset request; True once its address or its e-mail is over the limit.

    Both counters move on every request, so a refused e-mail looks the same whether it is
    registered or not.
    """
    email = request.POST.get("email", "").strip().lower()
    # A digest, not the address itself: no e-mail written to the cache table.
    digest = hashlib.sha256(email.encode()).hexdigest()
    keys = [f"reset:ip:{get_client_ip_address(request)}", f"reset:email:{digest}"]
    counts = [_count(key) for key in keys]
    return max(counts) > settings.PASSWORD_RESET_LIMIT


def _count(key: str) -> int:
    cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
        return 1
