"""The contact templates' screen: Supervisors and Administrators keep the list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from . import services
from .access import require_keeper
from .forms import ContactTemplateForm
from .models import ContactTemplate


@login_required
def template_list(request):
    require_keeper(request.user)
    return render(request, "quick/templates.html", {"templates": ContactTemplate.objects.all()})


@login_required
def template_edit(request, pk=None):
    require_keeper(request.user)
    instance = get_object_or_404(ContactTemplate, pk=pk) if pk else None
    form = ContactTemplateForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = services.contact_template_save(form=form)
        messages.success(request, f"Modelo “{saved.name}” salvo.")
        return redirect("quick:templates")
    return render(request, "quick/template_form.html", {"form": form, "instance": instance})
