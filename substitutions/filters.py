"""The one filter of the "Substituições" list, shared by the screen and the API.

Parameters (query string): situacao (pending, late, published, exempt, done), atrasadas,
vence_em_breve (true/1/sim), uf, cidade (the case's city, whole name, accents aside),
analista (user id).
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .forms import UF_FILTER, fold
from .models import LATE, STATE_LABELS, Stage, Substitution

TRUE = {"1", "true", "sim", "on"}
# A cancelled substitution (its case reopened) is in no list (access.visible_substitutions).
LISTED_STATES = [(k, v) for k, v in STATE_LABELS.items() if k != Stage.CANCELLED]


class ListFilterForm(forms.Form):
    situacao = forms.ChoiceField(
        label="Situação", choices=[("", "Todas"), *LISTED_STATES], required=False
    )
    atrasadas = forms.BooleanField(label="Só atrasadas", required=False)
    vence_em_breve = forms.BooleanField(label="Vencem em breve", required=False)
    uf = forms.ChoiceField(label="UF", choices=UF_FILTER, required=False)
    cidade = forms.CharField(label="Cidade", required=False, max_length=120)
    analista = forms.ModelChoiceField(
        label="Analista", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True, groups__isnull=False)
        self.fields["analista"].queryset = users.distinct().order_by("first_name", "username")


@dataclass(frozen=True)
class Window:
    today: datetime.date
    due_soon_days: int


def filtered(substitutions: QuerySet[Substitution], params, window: Window):
    """`substitutions` narrowed by the query string; bad values answer a Portuguese error."""
    form = ListFilterForm(params)
    if not form.is_valid():
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        raise forms.ValidationError(errors)
    wanted = form.cleaned_data
    found = substitutions
    state = LATE if _true(params.get("atrasadas")) else wanted["situacao"]
    if state == LATE:
        found = found.late(window.today)
    elif state == Stage.PENDING:
        found = found.filter(stage=Stage.PENDING).exclude(notice_due_on__lt=window.today)
    elif state:
        found = found.filter(stage=state)
    if _true(params.get("vence_em_breve")):
        found = found.due_within(window.today, window.due_soon_days)
    if wanted["uf"]:
        found = found.filter(case__service_uf=wanted["uf"])
    if wanted["analista"]:
        found = found.filter(case__analyst=wanted["analista"])
    if wanted["cidade"]:
        found = _in_city(found, wanted["cidade"])
    return found, form


def _true(value) -> bool:
    return str(value or "").strip().lower() in TRUE


def _in_city(found: QuerySet[Substitution], city: str) -> QuerySet[Substitution]:
    """The case's city matches by its whole name, case and accents aside."""
    wanted = fold(city)
    names = found.values_list("case__city", flat=True).distinct()
    return found.filter(case__city__in=[n for n in names if fold(n) == wanted])
