"""The screen where people create and revoke their API tokens (administrators: everyone's)."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import access

from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(label="Nome do token", max_length=80, help_text="Ex.: BI, planilha")
    user = forms.ModelChoiceField(
        label="Usuário", queryset=get_user_model().objects.filter(is_active=True), required=False
    )


def _administers(user) -> bool:
    return access.can(user, "admin")


def _tokens_for(user):
    tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
    return tokens if _administers(user) else tokens.filter(user=user)


def _form(user, data=None) -> TokenForm:
    """The creation form; only administrators choose whose token it is."""
    form = TokenForm(data)
    if not _administers(user):
        del form.fields["user"]
    return form


@never_cache
@login_required
def token_list(request):
    form, new_key = _form(request.user, request.POST or None), None
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data.get("user") or request.user
        token, new_key = ApiToken.issue(user=owner, name=form.cleaned_data["name"])
        messages.success(request, f"Token “{token.name}” criado para {owner.username}.")
        form = _form(request.user)
    context = {
        "form": form,
        "tokens": _tokens_for(request.user),
        "new_key": new_key,
        "everyone": _administers(request.user),
    }
    return render(request, "api/tokens.html", context)


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(_tokens_for(request.user), pk=pk)
    token.delete()
    messages.success(request, f"Token “{token.name}” de {token.user.username} revogado.")
    return redirect("tokens:list")
