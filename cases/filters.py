"""The case list's filters: one FilterSet for the queue, the exports, the API and commands."""

import re
from collections.abc import Iterable

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from accounts.roles import case_workers
from formio.brids import UFS

from .models import (
    Case,
    Operator,
    Requester,
    ResponsibleSector,
    Status,
    TerminationReason,
)
from .rules import fold

SITUATION_CHOICES = [
    ("open", "Em aberto"),
    ("closed", "Encerrados"),
    *Status.choices,
]


def search_terms(query: str) -> list[str]:
    """Words of a search, folded like `Case.search_text`; "073.094" also matches "073094"."""
    terms = []
    for word in fold(query).split():
        compact = re.sub(r"[.\-/]", "", word)
        terms.append(compact if re.fullmatch(r"[0-9a-z]+", compact) else word)
    return terms


def case_number(query: str | None) -> int | None:
    """The case number a search is, when it is one ("301"); a longer number is a CPF, a
    CRO or a protocol."""
    return typed_id((query or "").strip(), digits=9)


def case_numbers(texts) -> list[int]:
    """The case numbers among `texts` (the ticked "caso" boxes a form posts); anything
    else ("abc", "²", a number past any key) is no case and left out."""
    return [number for number in map(case_number, texts) if number is not None]


KEY_DIGITS = 18  # a 64-bit key (BigAutoField): past it no row exists, nor can SQLite compare
VERSION_DIGITS = 9  # always fits the 32-bit column of a case's version


def typed_id(text: str | None, digits: int = KEY_DIGITS) -> int | None:
    """The key (or, with `digits`, the smaller number) a request names ("38"), or None for
    anything else. `isdecimal`, not `isdigit`: "²" is a digit that int() refuses."""
    text = text or ""
    return int(text) if text.isdecimal() and len(text) <= digits else None


class CaseNumbersField(forms.CharField):
    def clean(self, value) -> list[int]:
        parts = [part.strip() for part in (super().clean(value) or "").split(",")]
        numbers = [part for part in parts if part]
        if any(case_number(part) is None for part in numbers):
            raise forms.ValidationError("use números de caso separados por vírgula (ex.: 12,15).")
        return [int(part) for part in numbers]


class CaseNumbersFilter(filters.Filter):
    """Comma-separated case numbers, "12,15,30": a selection of the queue."""

    field_class = CaseNumbersField

    def filter(self, qs, value):
        return qs.filter(pk__in=value) if value else qs


# A search longer than this is no search (SQLite refuses LIKE patterns past 50.000 bytes)
SEARCH_MAX = 200
CITY_MAX = 120  # the column's size


def _at_most(limit: int) -> dict:
    return {"max_length": f"use no máximo {limit} caracteres (foram %(show_value)d)."}


class CaseFilter(filters.FilterSet):
    ids = CaseNumbersFilter(label="Casos")
    q = filters.CharFilter(
        label="Buscar",
        method="filter_search",
        max_length=SEARCH_MAX,
        error_messages=_at_most(SEARCH_MAX),
    )
    situation = filters.ChoiceFilter(
        label="Situação", choices=SITUATION_CHOICES, method="filter_situation"
    )
    operator = filters.ModelChoiceFilter(label="Operadora", queryset=Operator.objects.all())
    uf = filters.ChoiceFilter(label="UF", field_name="service_uf", choices=[(uf, uf) for uf in UFS])
    city = filters.CharFilter(
        label="Cidade", method="filter_city", max_length=CITY_MAX, error_messages=_at_most(CITY_MAX)
    )
    analyst = filters.ModelChoiceFilter(
        label="Colaborador",
        queryset=case_workers(),
    )
    reason = filters.ModelChoiceFilter(
        label="Motivo desligamento",
        field_name="termination_reasons",
        queryset=TerminationReason.objects.all(),
    )
    sector = filters.ModelChoiceFilter(
        label="Setor responsável",
        field_name="responsible_sectors",
        queryset=ResponsibleSector.objects.all(),
    )
    requested_by = filters.ModelChoiceFilter(
        label="Demandado por?", queryset=Requester.objects.all()
    )
    late = filters.BooleanFilter(label="Prazo vencido", method="filter_late")
    opened = filters.DateFromToRangeFilter(label="Aberto entre", field_name="started_on")
    closed = filters.DateFromToRangeFilter(label="Encerrado entre", field_name="finished_on")

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        """Every word in the case's search text; a number also finds the case so numbered
        (the queue lists it first)."""
        matches = Q()
        for term in search_terms(value):
            matches &= Q(search_text__contains=term)
        if (number := case_number(value)) is not None:
            matches |= Q(pk=number)
        return queryset.filter(matches)

    def filter_situation(self, queryset, name, value):
        if value == "open":
            return queryset.filter(closed_at__isnull=True)
        if value == "closed":
            return queryset.filter(closed_at__isnull=False)
        return queryset.filter(closed_at__isnull=False, status=value)

    def filter_late(self, queryset, name, value):
        today = timezone.localdate()
        if value:
            return queryset.filter(closed_at__isnull=True, next_due_on__lt=today)
        return queryset.exclude(closed_at__isnull=True, next_due_on__lt=today)

    def filter_city(self, queryset, name, value):
        # The search text narrows the rows whose distinct cities are compared.
        near = queryset.filter(search_text__contains=fold(value).strip())
        names = near.order_by().values_list("city", flat=True).distinct()
        return near.filter(city__in=city_spellings(names, value))


def city_spellings(names: Iterable[str], city: str) -> list[str]:
    """The spellings of `city` among the city `names`, whole name, case and accents aside:
    "sao joao" is "São João", not "São João de Meriti". SQLite's UPPER() folds ASCII only, so
    the comparison happens in Python on the few distinct city names. The queue and the
    dashboard both filter by it, so a dashboard row leads to exactly the cases it counted."""
    wanted = fold(city).strip()
    return [name for name in names if fold(name).strip() == wanted]
