"""The queue's bulk actions (select, confirm, the result per case) and its saved views.

Exporting or printing a selection is the exports' own download (cases.export_views), asked
with the selection as a filter (`ids=1,2,3`) or with the queue's filters for "all N
filtered": the same permissions, masking, export log and background jobs.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import access
from cases import exports
from cases.filters import case_numbers
from formio.formats import date_br

from . import bulk as bulk_actions
from .forms import ACTION_FORMS, SavedViewForm
from .models import BulkAction, BulkRun, SavedView, views_for

NOT_FILTERS = ("pagina", "ordem", "colunas")
KEPT_BY_VIEWS = ("pagina",)  # a saved view is the queue without its page
EXPORTS = {  # the toolbar's download buttons: (url name, args, extra query)
    "excel": ("exports:list", ["xlsx"], {}),
    "csv": ("exports:list", ["csv"], {}),
    "formularios": ("exports:forms_zip", [], {"formato": "pdf"}),
}
PREVIEW = 20  # cases listed on the confirmation page


@dataclass(frozen=True)
class Selection:
    """The cases ticked in the queue (`ids`), or all that its filters select (`query`)."""

    ids: list[int]
    everything: bool
    query: str  # the queue's filters, urlencoded

    @classmethod
    def of(cls, post) -> "Selection":
        ids = case_numbers(post.getlist("caso"))
        query = QueryDict(post.get("filtros", ""), mutable=True)
        for key in NOT_FILTERS:
            query.pop(key, None)
        return cls(ids, post.get("todos") == "1", query.urlencode())

    def case_ids(self, user) -> list[int]:
        """The selected cases' numbers; for "all filtered", the cases the filters select
        that the user may see (a bad filter: ValidationError, in Portuguese)."""
        if not self.everything:
            return list(dict.fromkeys(self.ids))
        cases, problem = exports.filtered(user, QueryDict(self.query))
        if problem:
            raise ValidationError(problem)
        limit = bulk_actions.MAX_CASES + 1
        return list(cases.order_by("pk").values_list("pk", flat=True)[:limit])

    def export_query(self) -> str:
        if self.everything:
            return self.query
        return QueryDict(
            mutable=True, query_string=f"ids={','.join(map(str, self.ids))}"
        ).urlencode()


@login_required
@require_POST
def bulk(request):
    access.require(request.user, "view")
    action = request.POST.get("acao", "")
    selection = Selection.of(request.POST)
    back = f"{reverse('cases:queue')}?{request.POST.get('filtros', '')}"
    if not selection.ids and not selection.everything:
        messages.error(request, "Selecione ao menos um caso (as caixas à esquerda da lista).")
        return redirect(back)
    if action in EXPORTS:
        return _export(request, action, selection)
    if action not in ACTION_FORMS:
        return HttpResponseBadRequest(
            "Ação desconhecida.", content_type="text/plain; charset=utf-8"
        )
    access.require(request.user, bulk_actions.PERMISSION[action])
    try:
        ids = selection.case_ids(request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    form_class = ACTION_FORMS[action]
    confirmed = request.POST.get("confirmar") == "1"
    form = form_class(request.POST if confirmed else None, initial=_initial(action))
    if confirmed and form.is_valid():
        try:
            run = bulk_actions.bulk_start(
                user=request.user, action=action, case_ids=ids, params=form.params()
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("worklist:run", run.pk)
    return render(
        request, "worklist/confirm.html", _confirm_context(request, action, form, ids, selection)
    )


def _initial(action: str) -> dict:
    return {"finished_on": date_br(timezone.localdate())} if action == BulkAction.CLOSE else {}


def _confirm_context(request, action, form, ids, selection) -> dict:
    preview = access.visible_cases(request.user).filter(pk__in=ids[:PREVIEW]).order_by("pk")
    return {
        "action": BulkAction(action),
        "form": form,
        "count": len(ids),
        "too_many": len(ids) > bulk_actions.MAX_CASES,
        "max_cases": bulk_actions.MAX_CASES,
        "preview": preview.select_related("analyst"),
        "more": max(len(ids) - PREVIEW, 0),
        "selection": selection,
        "filters": request.POST.get("filtros", ""),
        "background": len(ids) > bulk_actions.INLINE_LIMIT,
    }


def _export(request, action: str, selection: Selection):
    access.require(request.user, "export")
    name, args, extra = EXPORTS[action]
    query = QueryDict(selection.export_query(), mutable=True)
    query.update(extra)
    return redirect(f"{reverse(name, args=args)}?{query.urlencode()}")


@login_required
def run(request, pk: int):
    """A bulk run's progress and, once done, what was done and what was refused, per case."""
    run = get_object_or_404(BulkRun, pk=pk, user=request.user)
    names = dict(
        access.visible_cases(request.user)
        .filter(pk__in=[r["case"] for r in run.results])
        .values_list("pk", "provider_name")
    )
    outcomes = [{**r, "provider": names.get(r["case"], "")} for r in run.results]
    context = {
        "run": run,
        "refused": [o for o in outcomes if not o["done"]],
        "done": [o for o in outcomes if o["done"]],
        "stalled": bulk_actions.stalled(run),
    }
    template = "worklist/run.html#status" if request.htmx else "worklist/run.html"
    return render(request, template, context)


# -- saved views --------------------------------------------------------------------------


@login_required
@require_POST
def view_save(request):
    """Save the queue's current filters, sort and columns under a name (the same name
    again: replaced)."""
    access.require(request.user, "view")
    query = QueryDict(request.POST.get("query", ""), mutable=True)
    for key in KEPT_BY_VIEWS:
        query.pop(key, None)
    form = SavedViewForm(request.POST)
    if form.is_valid():
        name = form.cleaned_data["name"].strip()
        SavedView.objects.update_or_create(
            owner=request.user,
            name=name,
            defaults={"shared": form.cleaned_data["shared"], "query": query.urlencode()[:2000]},
        )
        messages.success(request, f"Visão “{name}” salva.")
    else:
        problems = [
            f"{form[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()
        ]
        messages.error(request, "Visão não salva. " + " ".join(problems))
    return redirect(f"{reverse('cases:queue')}?{query.urlencode()}")


@login_required
@require_POST
def view_delete(request, pk: int):
    view = get_object_or_404(views_for(request.user), pk=pk)
    if view.owner_id != request.user.pk:
        raise PermissionDenied("Só quem criou a visão pode excluí-la.")
    view.delete()
    messages.success(request, f"Visão “{view.name}” excluída.")
    return redirect("cases:queue")
