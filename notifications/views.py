from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferenceForm
from .models import Notification

PAGE_SIZE = 30


@login_required
def notification_list(request):
    notifications = Notification.objects.filter(user=request.user).select_related("case")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def mark_read(request, pk):
    services.notification_mark_read(user=request.user, pk=pk)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"{count} notificação(ões) marcada(s) como lida(s).")
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferenceForm(
        request.POST if request.method == "POST" else None,
        instance=services.preference_of(request.user),
    )
    if request.method == "POST" and form.is_valid():
        services.preference_set(user=request.user, email_digest=form.cleaned_data["email_digest"])
        messages.success(request, "Preferências gravadas.")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
