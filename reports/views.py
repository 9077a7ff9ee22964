from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.access import require


@login_required
def dashboard(request):
    # Placeholder until the dashboard lands (issue 6).
    require(request.user, "reports")
    return render(request, "home.html")
