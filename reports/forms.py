"""The dashboard's filters, and how they translate to the case list's querystring."""

import datetime
import functools
from operator import or_

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from cases.filters import city_spellings
from cases.models import UF_CHOICES, Operator, Requester

from .queries import city_names

PERIOD_FIELDS = {"opened": "started_on", "closed": "finished_on"}
# Filters whose cases have tallies of their own (reports.queries.SLICES), by CaseFact field.
SLICE_FIELDS = {"uf": "service_uf", "operator": "operator_id", "analyst": "analyst_id",
                "requested_by": "requested_by_id"}  # fmt: skip


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class AnalystChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class DashboardFilters(forms.Form):
    period_by = forms.ChoiceField(
        label="Período por",
        choices=[("opened", "Data início (abertura)"), ("closed", "Data final (encerramento)")],
        required=False,
    )
    start = forms.DateField(label="De", required=False, widget=DateInput())
    end = forms.DateField(label="Até", required=False, widget=DateInput())
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
        label="Demandado por?", queryset=Requester.objects.all(), required=False,
        empty_label="Todos",
    )  # fmt: skip

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
        cases = cases.filter(*(within for _, within, _ in self._filters().values()))
        if city := (self._value("city") or "").strip():
            cases = cases.filter(city__in=city_spellings(city_names(), city))
        return cases

    def _filters(self) -> dict[str, tuple[tuple, Q, Q]]:
        """Each filter set but the city ("period" for both dates): its slice with tallies of
        its own (reports.queries.SLICES: (field, value), or (date field, start, end)), its
        condition, and the condition of the cases it leaves out, written as ranges an index
        can serve (NULLs included)."""
        field = PERIOD_FIELDS[self._value("period_by") or "opened"]
        start, end = self._value("start"), self._value("end")
        filters = {}
        if start or end:
            within = _within(field, start, end)
            filters["period"] = ((field, start, end), within, _outside(field, start, end))
        for name, column in SLICE_FIELDS.items():
            value = getattr(self._value(name), "pk", self._value(name))
            if value not in (None, ""):
                within = _within(column, value, value)
                filters[name] = ((column, value), within, _outside(column, value, value))
        return filters

    def tally_slices(self) -> list[tuple[tuple, Q, Q]]:
        """The slices with tallies that hold the filtered cases, one per filter set, as
        (slice, the filter's condition, the condition of its cases the other filters leave
        out); none when a city is set (its few cases are grouped anew) or nothing is."""
        if (self._value("city") or "").strip():
            return []
        filters = self._filters()
        return [
            (tally, within, _any_of(q for other, (*_, q) in filters.items() if other != name))
            for name, (tally, within, _) in filters.items()
        ]

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
                shown = self.fields[name].label_from_instance(value) if hasattr(
                    self.fields[name], "label_from_instance") else value  # fmt: skip
                lines.append(f"{self.fields[name].label}: {shown}")
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


def _within(column: str, low, high) -> Q:
    """The rows whose `column` is within [low, high] (either may be None: unbounded)."""
    if low == high:
        return Q(**{column: low})
    bounds = {f"{column}__gte": low, f"{column}__lte": high}
    return Q(**{k: v for k, v in bounds.items() if v is not None})


def _outside(column: str, low, high) -> Q:
    """The rows whose `column` is not within [low, high] (either may be None), NULLs
    included: ranges an index serves, where NOT (...) would be a scan."""
    bounds = {f"{column}__lt": low, f"{column}__gt": high, f"{column}__isnull": True}
    return _any_of(Q(**{k: v}) for k, v in bounds.items() if v is not None)


def _any_of(conditions) -> Q:
    return functools.reduce(or_, conditions, Q())


def _param(value) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(getattr(value, "pk", value))
