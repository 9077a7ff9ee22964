"""Sessions last 8 idle hours without a database write on every click."""

import time

from django.conf import settings

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
