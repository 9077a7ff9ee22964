"""Users and their roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles

DEMO_PASSWORD = "retencao-demo"

# username, first name, last name, role  (demo only: README says so)
DEMO_USERS = [
    ("analista", "Ana", "Analista", roles.ANALYST),
    ("analista2", "Bruno", "Analista", roles.ANALYST),
    ("supervisor", "Sofia", "Supervisora", roles.SUPERVISOR),
    ("gestor", "Gustavo", "Gestor", roles.MANAGER),
    ("admin", "Admin", "Sistema", roles.ADMINISTRATOR),
]


@transaction.atomic
def user_create(*, username: str, role: str, password: str, first_name="", last_name=""):
    """Create or update a user with exactly one role; administrators get the admin site."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.is_staff = role == roles.ADMINISTRATOR
    user.is_superuser = role == roles.ADMINISTRATOR
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    return user


def demo_users_ensure():
    """The demo cast, all with the demo password; returns them by username."""
    return {
        username: user_create(
            username=username,
            role=role,
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
        )
        for username, first, last, role in DEMO_USERS
    }
