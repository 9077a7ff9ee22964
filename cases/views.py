from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def queue(request):
    # Placeholder until the queue lands (issue 3).
    return render(request, "home.html")
