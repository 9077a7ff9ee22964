"""Users in the app: administrators create, edit and deactivate users and set their role."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from . import roles, services
from .access import require
from .user_forms import UserForm

PAGE_SIZE = 50
FIELDS = ("role", "first_name", "last_name", "email", "is_active", "password")


@login_required
def user_list(request):
    require(request.user, "admin")
    users = get_user_model().objects.prefetch_related("groups").order_by("-is_active", "username")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = [(user, stored_role(user) or "Sem perfil") for user in page.object_list]
    return render(request, "accounts/user_list.html", {"page": page, "rows": rows})


@login_required
def user_new(request):
    require(request.user, "admin")
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        user = services.user_create(
            username=values["username"],
            role=values["role"],
            password=values["password"],
            first_name=values["first_name"],
            last_name=values["last_name"],
            email=values["email"],
        )
        if not values["is_active"]:
            services.user_update(user=user, by=request.user, **_changes(values))
        messages.success(request, f"Usuário {user.username} criado com o perfil {values['role']}.")
        return redirect("users:list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": None})


@login_required
def user_edit(request, pk):
    require(request.user, "admin")
    user = get_object_or_404(get_user_model(), pk=pk)
    initial = {field: getattr(user, field) for field in FIELDS[1:-1]}
    initial |= {"username": user.username, "role": stored_role(user)}
    form = UserForm(request.POST or None, initial=initial, editing=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(user=user, by=request.user, **_changes(form.cleaned_data))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Usuário {user.username} alterado.")
            return redirect("users:list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": user})


def stored_role(user) -> str | None:
    """The role as stored, active or not (access.role_of answers None for inactive users)."""
    if user.is_superuser:
        return roles.ADMINISTRATOR
    names = {group.name for group in user.groups.all()}
    return next((role for role in roles.ROLES if role in names), None)


def _changes(values: dict) -> dict:
    return {key: values[key] for key in FIELDS}
