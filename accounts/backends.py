"""A per-address log-in limit beside django-axes' per user + address one."""

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone


class AddressLockoutBackend:
    """Refuses every log-in from an address with AXES_ADDRESS_FAILURE_LIMIT recent failures.

    django-axes counts one threshold over all its lock-out parameters, so it cannot lock a
    user + address pair after 5 failures and an address after 20: one address trying one
    password on every user is stopped here, from axes' own table of attempts (in the
    database, so it holds across app servers). Placed after axes' backend, before Django's.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or not settings.AXES_ENABLED:
            return None
        if address_failures(get_client_ip_address(request)) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            # The flag django-axes' middleware turns into the lock-out page (accounts.views).
            request.axes_locked_out = True
            raise PermissionDenied("muitas tentativas erradas deste endereço")
        return None


def address_failures(address: str) -> int:
    """Wrong passwords from `address` within the cool-off time, whatever the user."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
