from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.access import role_of

from .due import due_now_count


def counts(request):
    """`due_now`: the navigation's "Hoje" count, queried only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or role_of(user) is None:
        return {}
    return {"due_now": SimpleLazyObject(lambda: due_now_count(user, timezone.localdate()))}
