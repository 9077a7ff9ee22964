"""Sessions last 8 idle hours without a database write on every click; signed-in answers are
never cached."""

import time

from django.conf import settings
from django.utils.cache import add_never_cache_headers

REFRESHED_AT = "_refreshed_at"


def session_refresh(get_response):
    """Push a signed-in user's session expiry forward at most once per SESSION_REFRESH_SECONDS.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every request (one
    UPDATE per click, for every user); marking the session modified now and then keeps the
    idle timeout with an error of at most a few minutes.
    """

    def middleware(request):
        session = request.session
        if session.session_key is not None and "_auth_user_id" in session:
            now = int(time.time())
            if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now
        return get_response(request)

    return middleware


def _may_be_signed_in(request) -> bool:
    """Without a session cookie or credentials nobody is signed in: asking for the user would
    read the session and add `Vary: Cookie` to public pages that proxies should cache."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META


def no_store_when_signed_in(get_response):
    """`Cache-Control: no-store` (and private) on every answer to a signed-in user.

    Pages, API answers and documents seen signed in carry personal data (LGPD): no browser
    or proxy may keep them. Anonymous answers (the log-in page, public notices) keep their
    own caching. Runs after DRF, which puts a token's user on the request too.
    """

    def middleware(request):
        response = get_response(request)
        if _may_be_signed_in(request) and request.user.is_authenticated:
            add_never_cache_headers(response)
        return response

    return middleware
