from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.access import role_of

from .access import visible_substitutions


def counts(request):
    """`substitutions_late`: the navigation's count, queried only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or role_of(user) is None:
        return {}
    return {
        "substitutions_late": SimpleLazyObject(
            lambda: visible_substitutions(user).late(timezone.localdate()).count()
        )
    }
