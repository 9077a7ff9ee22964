"""The substitution screens: the panel on a closed case, the list, the public notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET, require_POST

from accounts.access import require, visible_cases
from cases.filters import case_numbers
from cases.models import Status

from . import dashboard, notice, services
from .access import get_case_and_substitution, may_work, visible_substitutions
from .filters import Window, filtered
from .forms import MunicipalitiesUploadForm, ProviderProfileForm, SubstitutionForm
from .models import ProviderProfile, Stage, SubstitutionPolicy
from .municipalities import read_csv

PUBLIC_CACHE_SECONDS = 300  # the notice changes a few times a day; 5 minutes is soon enough


@login_required
def panel(request, pk):
    write = request.method == "POST"
    case, substitution = get_case_and_substitution(request.user, pk, write=write)
    cancelled = substitution is not None and substitution.stage == Stage.CANCELLED
    can_work = may_work(request.user, case) and not cancelled
    context = {"case": case, "substitution": substitution, "can_work": can_work}
    context["cancelled"] = cancelled
    if substitution is None:
        return render(request, "substitutions/panel.html", context)
    profile = _profile_of(case)
    form = SubstitutionForm(request.POST or None, request.FILES or None, instance=substitution)
    profile_form = None
    if profile is not None:
        profile_form = ProviderProfileForm(request.POST or None, instance=profile, prefix="saida")
    if write and form.is_valid() and (profile_form is None or profile_form.is_valid()):
        try:
            _save(request, case, substitution, form, profile_form)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "Substituição salva.")
            return redirect("substitutions:panel", pk=case.pk)
    context |= {
        "form": form,
        "profile_form": profile_form,
        "events": substitution.events.select_related("user"),
        "files": substitution.evidence_files.all(),
        "state": substitution.state_label(),
        "readonly": not can_work,
        "policy_days": SubstitutionPolicy.current().notice_days,
    }
    return render(request, "substitutions/panel.html", context)


def _profile_of(case):
    if not case.provider_id:
        return None
    return ProviderProfile.objects.filter(provider=case.provider).first() or ProviderProfile(
        provider=case.provider
    )


def _save(request, case, substitution, form, profile_form):
    files = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
    services.substitution_update(
        user=request.user, substitution=substitution, values=form.values(), files=files
    )
    if profile_form is not None and profile_form.has_changed():
        services.provider_profile_save(
            user=request.user, provider=case.provider, values=profile_form.cleaned_data
        )


def _errors_to(form, error: ValidationError) -> None:
    for field, texts in error.message_dict.items():
        form.add_error(field if field in form.fields else None, texts)


@login_required
@require_POST
def open_one(request, pk):
    """Open the substitution of an old (imported) termination, on the user's request."""
    case, _ = get_case_and_substitution(request.user, pk, write=True)
    opened = services.substitution_open_imported(user=request.user, cases=[case])
    if opened:
        messages.success(request, "Substituição aberta.")
    return redirect("substitutions:panel", pk=case.pk)


@login_required
@require_POST
def open_bulk(request):
    """Open the substitutions of every visible closed Desligamento the user may change."""
    require(request.user, "edit")
    picked = case_numbers(request.POST.getlist("caso"))
    cases = _terminations_without(request.user).filter(pk__in=picked)
    opened = services.substitution_open_imported(user=request.user, cases=cases)
    messages.success(request, f"{opened} substituição(ões) aberta(s).")
    return redirect("substitutions:list")


def _terminations_without(user):
    mine = visible_cases(user).closed().filter(status=Status.TERMINATED)
    return mine.filter(substitution__isnull=True).order_by("-finished_on", "-pk")


@login_required
def substitution_list(request):
    policy = SubstitutionPolicy.current()
    today = timezone.localdate()
    try:
        found, form = filtered(
            visible_substitutions(request.user), request.GET, Window(today, policy.due_soon_days)
        )
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        return redirect("substitutions:list")
    rows = found.select_related("case", "case__analyst").order_by("notice_due_on", "pk")
    page = Paginator(rows, 50).get_page(request.GET.get("pagina"))
    may_open = may_work(request.user, None)
    without = _terminations_without(request.user)[:200] if may_open else []
    context = {"form": form, "page": page, "today": today, "without": without}
    return render(request, "substitutions/list.html", context | {"count": found.count()})


@login_required
def substitution_dashboard(request):
    """The figures of issue 18 over the substitutions the user may see (Gestor included)."""
    require(request.user, "reports")
    found = visible_substitutions(request.user)
    today = timezone.localdate()
    context = {
        "months": dashboard.on_time_by_month(found),
        "equivalences": dashboard.equivalences(found),
        "exceptions": dashboard.exceptions(found),
        "cities": dashboard.cities_at_risk(found, today=today)[:100],
        "today": today,
    }
    return render(request, "substitutions/dashboard.html", context)


@login_required
def municipalities_upload(request):
    require(request.user, "admin")
    form = MunicipalitiesUploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        reading = read_csv(form.cleaned_data["file"].read())
        errors = reading.errors
        if not errors:
            loaded = services.municipalities_load(user=request.user, rows=reading.rows)
            messages.success(request, f"{loaded} município(s) carregado(s).")
            return redirect("substitutions:municipalities")
    context = {"form": form, "errors": errors}
    return render(request, "substitutions/municipalities.html", context)


@require_GET
@cache_page(PUBLIC_CACHE_SECONDS)
def public_notice(request):
    """The public page: no log-in, no session, rendered without the request's context."""
    context = notice.context(request.GET, today=timezone.localdate())
    response = HttpResponse(render_to_string("substitutions/public.html", context))
    response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
    return response


@require_GET
@cache_page(PUBLIC_CACHE_SECONDS)
def public_notice_pdf(request):
    context = notice.context(request.GET, today=timezone.localdate())
    html = render_to_string("substitutions/public_pdf.html", context)
    response = HttpResponse(notice.pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="substituicoes-de-prestadores.pdf"'
    response["Cache-Control"] = f"public, max-age={PUBLIC_CACHE_SECONDS}"
    return response
