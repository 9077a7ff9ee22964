"""Users in the admin: read-only, with a link to the one screen that changes them.

Users and their one role are managed at /usuarios/ (`user_views`, through
`accounts.services`, which keeps the rules: one role each, nobody demotes or deactivates
themselves). Django's own user page would show the password hash's parameters and a role
as a list of groups beside hundreds of English permissions that the app never reads
(`accounts.access` decides by role), so it is replaced by this view-only page, and the
groups (the four fixed roles of `accounts.roles`) are not in the admin at all.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.html import format_html

from .user_views import stored_role

User = get_user_model()

admin.site.unregister(Group)
admin.site.unregister(User)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    change_list_template = "admin/accounts/user_change_list.html"
    list_display = ("username", "full_name", "email", "role", "is_active", "last_login")
    list_filter = ("is_active",)
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("-is_active", "username")
    fields = (
        "edit_link",
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "last_login",
        "date_joined",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="nome")
    def full_name(self, user):
        return user.get_full_name()

    @admin.display(description="perfil")
    def role(self, user):
        return stored_role(user) or "Sem perfil"

    @admin.display(description="alterar")
    def edit_link(self, user):
        return format_html(
            '<a href="{}">Alterar nome, e-mail, perfil, senha ou acesso na tela Usuários</a>',
            reverse("users:edit", args=[user.pk]),
        )
