"""The dashboard's filters, and how they translate to the case list's querystring."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from cases.filters import city_spellings
from cases.forms import BrDateField
from cases.models import UF_CHOICES, Operator, Requester

PERIOD_FIELDS = {"opened": "started_on", "closed": "finished_on"}
# The filters that pick one value, by field (of Case and CaseFact alike)
FILTER_FIELDS = {
    "uf": "service_uf",
    "operator": "operator",
    "analyst": "analyst",
    "requested_by": "requested_by",
}


class AnalystChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class DashboardFilters(forms.Form):
    period_by = forms.ChoiceField(
        label="Período por",
        choices=[("opened", "Data início (abertura)"), ("closed", "Data final (encerramento)")],
        required=False,
    )
    # dd/mm/aaaa text, as everywhere in the system (a native date input speaks the browser's
    # language: mm/dd/yyyy in an English one)
    start = BrDateField(label="De", required=False)
    end = BrDateField(label="Até", required=False)
    operator = forms.ModelChoiceField(
        label="Operadora", queryset=Operator.objects.all(), required=False, empty_label="Todas"
    )
    uf = forms.ChoiceField(label="UF", choices=[("", "Todas"), *UF_CHOICES], required=False)
    city = forms.CharField(label="Cidade", required=False, max_length=120)
    analyst = AnalystChoice(
        label="Colaborador",
        queryset=get_user_model().objects.filter(is_active=True).order_by("first_name"),
        required=False,
        empty_label="Todos",
    )
    requested_by = forms.ModelChoiceField(
        label="Demandado por?",
        queryset=Requester.objects.all(),
        required=False,
        empty_label="Todos",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select" if select else "form-control"

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "A data final do período não pode ser anterior à inicial.")
        return data

    def _value(self, name):
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None

    def apply(self, cases: QuerySet) -> QuerySet:
        """The cases (or their CaseFact rows) that answer the valid filters; an invalid field
        is ignored."""
        field = PERIOD_FIELDS[self._value("period_by") or "opened"]
        bounds = {f"{field}__gte": self._value("start"), f"{field}__lte": self._value("end")}
        for name, column in FILTER_FIELDS.items():
            bounds[column] = self._value(name)
        cases = cases.filter(**{k: v for k, v in bounds.items() if v not in (None, "")})
        if city := (self._value("city") or "").strip():
            names = cases.order_by().values_list("city", flat=True).distinct()
            cases = cases.filter(city__in=city_spellings(names, city))
        return cases

    def queue_params(self) -> dict[str, str]:
        """The same filters as the case list (cases.filters.CaseFilter) names them."""
        prefix = self._value("period_by") or "opened"
        params = {
            f"{prefix}_after": self._value("start"),
            f"{prefix}_before": self._value("end"),
            "operator": self._value("operator"),
            "uf": self._value("uf"),
            "city": (self._value("city") or "").strip(),
            "analyst": self._value("analyst"),
            "requested_by": self._value("requested_by"),
        }
        return {k: _param(v) for k, v in params.items() if v not in (None, "")}

    def described(self) -> list[str]:
        """The active filters as a reader sees them ("UF: RJ"), for the PDF and exports."""
        lines = []
        if self._value("start") or self._value("end"):
            lines.append(self._period_text())
        for name in ("operator", "uf", "city", "analyst", "requested_by"):
            value = self._value(name)
            if value not in (None, ""):
                field = self.fields[name]
                shown = getattr(field, "label_from_instance", str)(value)
                lines.append(f"{field.label}: {shown}")
        return lines

    def _period_text(self) -> str:
        by = "abertos" if (self._value("period_by") or "opened") == "opened" else "encerrados"
        start, end = self._value("start"), self._value("end")
        if start and end:
            return f"Casos {by} de {start:%d/%m/%Y} a {end:%d/%m/%Y}"
        if start:
            return f"Casos {by} a partir de {start:%d/%m/%Y}"
        return f"Casos {by} até {end:%d/%m/%Y}"

    def log_filters(self) -> dict:
        return {k: _param(v) for k, v in (getattr(self, "cleaned_data", None) or {}).items()}


def _param(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))
