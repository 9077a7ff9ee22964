from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from . import throttle


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a user/address pair, or an address, has too many failures."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


reset_view = auth_views.PasswordResetView.as_view()


def password_reset(request):
    """Django's password reset, with at most PASSWORD_RESET_LIMIT requests an hour per address
    and per e-mail (counted whether the e-mail is registered or not: the answer tells nothing)."""
    if request.method == "POST" and throttle.reset_refused(request):
        minutes = throttle.RESET_WINDOW_SECONDS // 60
        return render(
            request, "registration/password_reset_limited.html", {"minutes": minutes}, status=429
        )
    return reset_view(request)
