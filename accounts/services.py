"""Users and their roles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction

from . import roles

DEMO_PASSWORD = "retencao-demo"

# username, first name, last name, role  (demo only: README says so); the e-mail address
# is the username @exemplo.com.br (a domain that receives nothing)
DEMO_USERS = [
    ("analista", "Ana", "Analista", roles.ANALYST),
    ("analista2", "Bruno", "Analista", roles.ANALYST),
    ("supervisor", "Sofia", "Supervisora", roles.SUPERVISOR),
    ("gestor", "Gustavo", "Gestor", roles.MANAGER),
    ("admin", "Admin", "Sistema", roles.ADMINISTRATOR),
]
DEMO_EMAIL_DOMAIN = "exemplo.com.br"


@transaction.atomic
def user_create(*, username: str, role: str, password: str, first_name="", last_name="", email=""):
    """Create or update a user with exactly one role; administrators get the admin site."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.first_name, user.last_name, user.email = first_name, last_name, email
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
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
        )
        for username, first, last, role in DEMO_USERS
    }


@transaction.atomic
def user_update(
    *, user, by, role: str, first_name="", last_name="", email="", is_active=True, password=""
):
    """Change a user's names, address, role and whether they may log in (password: only
    when given). Nobody removes their own administration or deactivates themselves."""
    if user.pk == by.pk and (role != roles.ADMINISTRATOR or not is_active):
        raise ValidationError(
            {"role": "Você não pode tirar de si o perfil Administrador nem se desativar."}
        )
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.is_active = is_active
    user.is_staff = user.is_superuser = role == roles.ADMINISTRATOR
    if password:
        user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get_or_create(name=role)[0]])
    return user
