"""The team's screens: the queue, a new case, the case (form, contacts, history), reopen.

Each view: access helper -> form -> service -> render/redirect. Rules are the services';
their per-field errors come back next to the inputs (see cases.forms).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import access
from accounts.roles import case_workers
from comments.timeline import case_timeline
from formio.brids import compact_id
from formio.formats import date_br
from formio.privacy import masked_form
from worklist import columns, walk
from worklist.queue import worklist_context

from . import deadlines, services
from .conversion import case_to_data
from .filters import VERSION_DIGITS, CaseFilter, case_number, typed_id
from .forms import (
    MISSING_VERSION,
    CaseForm,
    ContactForm,
    NewContactFormSet,
    ReopenForm,
    contacts_typed,
    field_name,
    initial_from,
    typed_rows,
)
from .models import Case, ResponsibleSector, RetentionAction, TerminationReason
from .templatetags.history import fixed_labels

PAGE_SIZE = 25
LATE_CHOICES = [("", "Todos"), ("true", "Só atrasados"), ("false", "Em dia")]
# The queue's last filters and sort: the case screen's previous/next follow them (quick app)
QUEUE_SESSION_KEY = "queue_query"


@login_required
def queue(request):
    visible = access.visible_cases(request.user)
    filterset = CaseFilter(request.GET or None, queryset=visible)
    cases = filterset.qs if filterset.is_bound and filterset.is_valid() else visible
    sort = columns.sort_of(request.GET.get("ordem"))
    order = [columns.ordering(sort), "-pk"]
    if (number := case_number(request.GET.get("q"))) is not None:  # that case first
        order.insert(0, ExpressionWrapper(Q(pk=number), output_field=BooleanField()).desc())
    # a case number searched comes first: then the database sorts (a few cases), not a walk
    walked = walk.counted(cases, sort) if number is None and walk.walked(sort) else None
    page = _page(cases.select_related("analyst", "operator").order_by(*order), request, walked)
    mine = visible.open().filter(analyst=request.user).select_related("analyst")
    if request.session.get(QUEUE_SESSION_KEY) != (remembered := _query_without(request, "pagina")):
        request.session[QUEUE_SESSION_KEY] = remembered
    context = {
        "filter": filterset,
        "filter_form": _dressed(filterset.form),
        "page": page,
        "sort": sort,
        "today": timezone.localdate(),
        "searched": bool(_query_without(request, "pagina", "ordem", "colunas")),
        "mine": mine.order_by(columns.ordering("prazo"), "pk")[:15],
        "mine_count": mine.count(),
        "personal": access.sees_personal_data(request.user),
        "query": _query_without(request, "pagina"),
        "query_sort": _query_without(request, "ordem", "pagina"),
        "filters_only": _query_without(request, "ordem", "pagina", "colunas"),
        **worklist_context(request, sort),
    }
    return render(request, "cases/queue.html", context)


@login_required
def case_new(request):
    access.require(request.user, "create")
    form = CaseForm(request.POST or None, initial=_new_initial(request), opening=True)
    # A post without the contact rows (an older page, a script) opens the case without them
    typed = request.POST if "contatos-TOTAL_FORMS" in request.POST else None
    contacts = NewContactFormSet(typed, prefix="contatos")
    duplicates = []
    if request.method == "POST" and all([form.is_valid(), typed is None or contacts.is_valid()]):
        data = form.to_data(analyst=_name(request.user), contacts=contacts_typed(contacts))
        duplicates = _open_duplicates(request.user, form.cleaned_data)
        if not duplicates or request.POST.get("confirm_duplicate"):
            try:
                case = services.case_open(user=request.user, data=data, analyst=request.user)
            except ValidationError as error:
                _attach(form, error, contacts=contacts)
            else:
                messages.success(request, f"Caso {case.pk} aberto.")
                return redirect("cases:detail", case.pk)
    history = _provider_history(request.user, form)
    context = {"form": form, "contacts": contacts, "duplicates": duplicates, "history_of": history}
    return render(request, "cases/new.html", context)


@login_required
def provider_lookup(request):
    """While the new case is typed: open cases of the same CRO+UF, CPF or CNPJ, earlier cases
    (of a case the user may not see, only its number and analyst: `SameProvider`)."""
    access.require(request.user, "create")
    form = CaseForm(request.GET)
    form.is_valid()  # only the provider's fields matter; the others may still be empty
    context = {
        "duplicates": _open_duplicates(request.user, form.cleaned_data),
        "history_of": _provider_history(request.user, form),
    }
    return render(request, "cases/_provider_lookup.html", context)


@login_required
def case_detail(request, pk):
    case = access.get_case_for_user(
        request.user, pk, write=request.method == "POST", queryset=Case.objects.with_form()
    )
    data = case_to_data(case)
    shown = data if access.sees_personal_data(request.user) else masked_form(data)
    form = CaseForm(request.POST or None, initial=initial_from(shown, case.version), keeping=data)
    conflict = None
    if request.method == "POST" and form.is_valid():
        closing = request.POST.get("action") == "close"
        conflict = _save(request, case, form, data, closing=closing)
        if conflict is None and not form.errors:
            messages.success(request, "Caso encerrado." if closing else "Alterações salvas.")
            return redirect("cases:detail", case.pk)
    return render(request, "cases/case.html", _case_context(request, case, form, conflict))


@login_required
@require_POST
def contact_add(request, pk):
    case = access.get_case_for_user(request.user, pk, write=True)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(
                user=request.user,
                case=case,
                date=form.cleaned_data["date"],
                channel=form.cleaned_data["channel"],
                notes=form.cleaned_data["notes"],
            )
            form = ContactForm(initial={"date": date_br(timezone.localdate())})
        except ValidationError as error:
            form.add_error(None, error.messages)
    if not request.htmx:
        return redirect("cases:detail", case.pk)
    case.refresh_from_db()
    context = {
        "case": case,
        "contact_form": form,
        "can_edit": True,
        "oob": True,
        "deadlines": deadlines.deadlines_of(case),
        # the history's count, table and the warnings change with the contact too (htmx oob)
        "events": case_timeline(case, request.user),
        "option_labels": _option_labels(),
        "personal": access.sees_personal_data(request.user),
    }
    return render(request, "cases/case.html#contacts", context)


@login_required
@require_POST
def case_reopen(request, pk):
    case = access.get_case_for_user(request.user, pk)
    access.require(request.user, "reopen", case)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for e in form.errors.values() for m in e))
        return redirect("cases:detail", case.pk)
    reason, version = form.cleaned_data["reason"], form.cleaned_data["version"]
    try:
        services.case_reopen(user=request.user, case=case, reason=reason, expected_version=version)
    except (ValidationError, services.CaseConflict) as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, "Caso reaberto.")
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def case_assign(request, pk):
    case = access.get_case_for_user(request.user, pk)
    access.require(request.user, "reassign", case)
    version = typed_id(request.POST.get("version"), VERSION_DIGITS)
    if version is None:
        messages.error(request, MISSING_VERSION)
        return redirect("cases:detail", case.pk)
    key = typed_id(request.POST.get("analyst"))
    analyst = get_user_model().objects.filter(pk=key).first() if key is not None else None
    try:
        services.case_assign(
            user=request.user, case=case, analyst=analyst, expected_version=version
        )
    except (ValidationError, services.CaseConflict) as error:
        messages.error(request, _message_of(error))
    else:
        messages.success(request, f"Caso atribuído a {_name(analyst)}.")
    return redirect("cases:detail", case.pk)


# Helpers ------------------------------------------------------------------------------


def _save(request, case, form, before, *, closing: bool):
    """Run the service; returns the CaseConflict when someone saved first."""
    data = form.to_data(analyst=before.analyst, contacts=before.contacts)
    data.signatures = before.signatures
    version = form.cleaned_data["version"]
    if closing and data.finished_on is None:
        data.finished_on = timezone.localdate()  # "Data final" defaults to the closing day
    try:
        if closing:
            access.require(request.user, "close", case)
            services.case_close(user=request.user, case=case, data=data, expected_version=version)
        else:
            services.case_update(user=request.user, case=case, data=data, expected_version=version)
    except services.CaseConflict as conflict:
        return conflict
    except ValidationError as error:
        _attach(form, error)
    return None


def _message_of(error: ValidationError | services.CaseConflict) -> str:
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


def _attach(form, error: ValidationError, *, contacts=None) -> None:
    """The services' errors ("provider.cpf": [...]) next to their inputs; "contacts.N.date"
    next to row N of the new case's `contacts` (the typed rows, empty ones left out)."""
    rows = typed_rows(contacts) if contacts else []
    for path, messages_ in error.message_dict.items():
        if (where := _contact_field(path, rows)) is not None:
            where[0].add_error(where[1], messages_)
            continue
        name = field_name(path)
        form.add_error(name if name in form.fields else None, messages_)


def _contact_field(path: str, rows: list) -> tuple | None:
    parts = path.split(".")
    if len(parts) == 3 and parts[0] == "contacts" and parts[1].isdigit():
        index = int(parts[1])
        if index < len(rows) and parts[2] in rows[index].fields:
            return rows[index], parts[2]
    return None


def _case_context(request, case, form, conflict) -> dict:
    can_edit = case.is_open and access.can(request.user, "edit", case)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    others = access.visible_cases(request.user).filter(provider_id=case.provider_id)
    personal = access.sees_personal_data(request.user)
    return {
        "case": case,
        "form": form,
        "conflict": conflict,
        "can_edit": can_edit,
        "can_close": can_edit and access.can(request.user, "close", case),
        "can_reopen": not case.is_open and access.can(request.user, "reopen", case),
        "can_assign": access.can(request.user, "reassign", case),
        "analysts": case_workers(),
        "contact_form": ContactForm(initial={"date": date_br(timezone.localdate())}),
        "deadlines": deadlines.deadlines_of(case),
        "events": case_timeline(case, request.user),
        "personal": personal,
        "option_labels": _option_labels(),
        "other_cases": others.exclude(pk=case.pk).order_by("-started_on")
        if case.provider_id
        else [],
        "sources": case.source_files.all(),
    }


def _option_labels() -> dict[tuple[str, str], str]:
    """(field, code) -> label of every option, deactivated ones too: the history names them."""
    labels = fixed_labels()
    for path, model in (
        ("retention_actions", RetentionAction),
        ("termination_reasons", TerminationReason),
        ("responsible_sectors", ResponsibleSector),
    ):
        labels |= {
            (path, code): label for code, label in model.objects.values_list("code", "label")
        }
    return labels


def _page(cases, request, walked: walk.Walk | None = None) -> Page:
    """The requested page. The cases' numbers are sorted and paged first, and only the page's
    rows read whole: sorted by a column no index holds, the whole rows took 108 ms at 100,000
    cases on PostgreSQL (193 on SQLite), their numbers 32 (22). `walked`: the numbers are
    read an analyst (operator) at a time instead (worklist.walk). A first page that holds the
    whole result needs no COUNT: a precise search (a CPF, a protocol) then scans the table
    once instead of twice."""
    numbers = cases.values_list("pk", flat=True)
    paginator = Paginator(numbers, PAGE_SIZE)
    asked = request.GET.get("pagina")
    if walked is not None:
        paginator.count = walked.count
        page = paginator.get_page(asked)
        offset = (page.number - 1) * PAGE_SIZE
        page.object_list = walked.numbers(cases, offset, PAGE_SIZE)
    elif asked not in (None, "", "1"):
        page = paginator.get_page(asked)
    else:
        first = list(numbers[: PAGE_SIZE + 1])
        paginator.count = len(first) if len(first) <= PAGE_SIZE else numbers.count()
        page = Page(first[:PAGE_SIZE], 1, paginator)
    rows = cases.in_bulk(list(page.object_list))
    # a case deleted between the two queries is left out, not a KeyError
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def _dressed(form):
    """The queue's filter form as the screen shows it: "Todos" for no filter, no colons."""
    form.label_suffix = ""
    form.fields["late"].widget = forms.Select(choices=LATE_CHOICES)
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            # One plain query per list (ModelChoiceIterator would open a server-side cursor);
            # people by their full name, as the table shows them
            label = _name if name == "analyst" else field.label_from_instance
            field.widget.choices = [("", "Todos")] + [
                (obj.pk, label(obj)) for obj in field.queryset
            ]
        elif isinstance(field, forms.ChoiceField):
            field.empty_label = None
            field.choices = [("", "Todos"), *(c for c in field.choices if c[0] != "")]
        is_select = isinstance(field.widget, forms.Select)
        field.widget.attrs["class"] = "form-select" if is_select else "form-control"
    return form


@dataclass(frozen=True)
class SameProvider:
    """A case of the provider being typed, as the new-case warning shows it: whole when the
    user may see the case; else only that it exists, its number and whose it is, so they
    can ask (never the person's data: docs/permissions.md)."""

    case: Case
    visible: bool


def _open_duplicates(user, fields: dict) -> list[SameProvider]:
    """Open cases of the same CRO+UF, CPF or CNPJ (`fields`: the case form's cleaned data)."""
    cases = Case.objects.open().filter(_same_provider(fields)).select_related("analyst")
    return _seen_by(user, list(cases[:10]))


def _provider_history(user, form) -> list[SameProvider]:
    """Every case, open or closed, of the provider being typed (by CRO+UF, CPF or CNPJ)."""
    fields = form.cleaned_data if hasattr(form, "cleaned_data") else form.initial
    cases = Case.objects.filter(_same_provider(fields)).select_related("analyst")
    return _seen_by(user, list(cases.order_by("-started_on", "-pk")[:10]))


def _seen_by(user, cases: list[Case]) -> list[SameProvider]:
    pks = [case.pk for case in cases]
    visible = set(
        access.visible_cases(user, Case.objects.filter(pk__in=pks)).values_list("pk", flat=True)
    )
    return [SameProvider(case, case.pk in visible) for case in cases]


def _same_provider(fields: dict) -> Q:
    cro, uf = fields.get("provider__cro"), fields.get("provider__cro_uf")
    same = Q(cro=cro, cro_uf=uf) if cro and uf else Q(pk__in=[])
    if cpf := fields.get("provider__cpf"):
        same |= Q(cpf=compact_id(cpf))
    if cnpj := fields.get("provider__cnpj"):
        same |= Q(cnpj=compact_id(cnpj))
    return same


def _new_initial(request) -> dict:
    today = date_br(timezone.localdate())
    initial = {"form_date": today, "started_on": today}
    provider_pk = typed_id(request.GET.get("prestador"))
    if provider_pk is not None:
        # Only from a case of the provider the user may see: no one else's data pre-filled.
        earlier = access.visible_cases(request.user).filter(provider_id=provider_pk)
        if latest := earlier.order_by("-pk").first():
            base = initial_from(case_to_data(Case.objects.with_form().get(pk=latest.pk)))
            keys = [k for k in base if k.startswith("provider__")]
            keys += ["operator", "service_uf", "city"]
            initial |= {k: base[k] for k in keys}
    return initial


def _query_without(request, *keys: str) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


def _name(user) -> str:
    return user.get_full_name() or user.username
