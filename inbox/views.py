from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from accounts.access import can, role_of

from . import due

PAGE_SIZE = 25


@login_required
def today(request):
    """ "Hoje": what is late, due today and due this week for me; the team's, for a supervisor."""
    if role_of(request.user) is None:
        return render(request, "inbox/no_role.html", status=403)
    day = timezone.localdate()
    items = due.due_items(request.user, day)
    counts = due.bucket_counts(request.user, day)
    mine = due.open_cases_of(request.user).order_by("next_due_on", "pk")
    page = Paginator(
        mine.only("pk", "provider_name", "city", "service_uf", "next_due_on"), PAGE_SIZE
    )
    context = {
        "today": day,
        "groups": [
            (key, due.BUCKET_LABELS[key], rows, counts[key])
            for key, rows in due.grouped(items, day).items()
        ],
        "page": page.get_page(request.GET.get("pagina")),
        "team": due.team_rows(day) if can(request.user, "reassign") else None,
    }
    return render(request, "inbox/today.html", context)
