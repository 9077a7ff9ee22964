"""Template helpers of the case screens.

`field_group` renders a form field as Django's `as_field_group` does (label, errors tied to
the input by aria-describedby, radio/checkbox lists in a fieldset with a legend) but in
Python: the per-option widget templates cost most of the case screen's server time (29
termination reasons, 27 UFs...). It knows the widgets our forms use and falls back to
Django's own rendering for any other.
"""

import html

from django import forms, template
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from formio.brids import format_cpf, mask_cpf
from formio.formats import date_br, integer_br

register = template.Library()

CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
PLAIN = (forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.Textarea, forms.Select)


@register.simple_tag
def field_group(bound):
    widget = bound.field.widget
    if type(widget) not in (*CHOICE_LISTS, *PLAIN) and not isinstance(widget, forms.DateInput):
        return bound.as_field_group()
    errors = str(bound.errors) if bound.errors else ""
    if isinstance(widget, CHOICE_LISTS):
        described = format_html(' aria-describedby="{}_error"', bound.auto_id) if errors else ""
        return format_html(
            '<fieldset{}><legend>{}</legend>{}<div id="{}">{}</div></fieldset>',
            described, bound.label, mark_safe(errors), bound.auto_id, _options(bound),
        )  # fmt: skip
    label = format_html('<label for="{}">{}</label>', bound.auto_id, bound.label)
    return format_html("{}{}{}", label, mark_safe(errors), field_input(bound))


@register.simple_tag
def field_input(bound):
    """The bare input (select, textarea...) of a field, with its id, value and aria state."""
    widget = bound.field.widget
    attrs = bound.build_widget_attrs({**widget.attrs, "id": bound.auto_id})
    value = bound.value()
    if isinstance(widget, forms.Select):
        selected = _chosen(value)
        options = "".join(
            f'<option value="{_esc(v)}"{" selected" if str(v) in selected else ""}>'
            f"{_esc(label)}</option>"
            for v, label in widget.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>', bound.html_name, flatatt(attrs), mark_safe(options)
        )
    text = widget.format_value(value)
    if isinstance(widget, forms.Textarea):
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>', bound.html_name, flatatt(attrs), text or ""
        )
    if text is not None:
        attrs["value"] = text
    return format_html(
        '<input type="{}" name="{}"{}>', widget.input_type, bound.html_name, flatatt(attrs)
    )


def _options(bound) -> str:
    """The radios or checkboxes of a choice list (plain f-strings: 29 reasons, 27 UFs...)."""
    widget = bound.field.widget
    kind = widget.input_type  # "radio" or "checkbox" (CheckboxSelectMultiple is a RadioSelect)
    chosen = _chosen(bound.value())
    flags = (" disabled" if bound.field.disabled else "") + (
        " required" if kind == "radio" and bound.field.required else ""
    )
    ident, name = _esc(bound.auto_id), _esc(bound.html_name)
    return mark_safe(
        "".join(
            f'<div><label for="{ident}_{i}"><input type="{kind}" name="{name}" value="{_esc(v)}"'
            f' id="{ident}_{i}"{" checked" if str(v) in chosen else ""}{flags}> {_esc(label)}'
            "</label></div>"
            for i, (v, label) in enumerate(widget.choices)
        )
    )


def _esc(value) -> str:
    """HTML-escaped text of a value or label (stdlib: Django's escape is slower per call)."""
    return value if isinstance(value, SafeString) else html.escape(str(value))


def _chosen(value) -> set[str]:
    values = value if isinstance(value, list | tuple) else [value]
    return {"" if v is None else str(v) for v in values}


@register.simple_tag
def cpf_for(cpf: str, personal: bool) -> str:
    """The CPF whole for those who work with it, ***.094.747-** for the others (LGPD)."""
    return format_cpf(cpf) if personal else mask_cpf(cpf)


@register.simple_tag
def queue_rows(cases, today, personal: bool) -> SafeString:
    """The <tr>s of the queue, one Python loop (a template loop per cell cost more than the
    page's queries): provider, CRO/UF, city, analyst, days open, next deadline, warnings;
    overdue rows stand out."""
    return mark_safe("".join(_queue_row(case, today, personal) for case in cases))


def _queue_row(case, today, personal: bool) -> str:
    url = _esc(reverse("cases:detail", args=[case.pk]))
    late = case.is_open and case.next_due_on is not None and case.next_due_on < today
    analyst = (case.analyst.get_full_name() if case.analyst else "") or case.analyst_name
    days = case.days_open(today) if case.is_open else None
    status = "Em aberto" if case.is_open else (case.get_status_display() or "Encerrado")
    place = case.city + (f" - {case.service_uf}" if case.service_uf else "")
    cells = (
        f'<td><a href="{url}">{case.pk}</a></td>'
        f'<td><a href="{url}">{_esc(case.provider_name or "—")}</a></td>'
        f"<td>{_esc(case.cro)}/{_esc(case.cro_uf)}</td>"
        f'<td class="text-nowrap d-none d-lg-table-cell">{_esc(cpf_for(case.cpf, personal))}</td>'
        f"<td>{_esc(place)}</td>"
        f'<td class="d-none d-lg-table-cell">{_esc(analyst or "—")}</td>'
        f"<td>{integer_br(days, '—')}</td>"
        f"<td>{_deadline(case, today)}</td>"
        f"<td>{_esc(status)}</td>"
        f"<td>{_warnings_badge(case.warnings)}</td>"
    )
    return f'<tr class="{"table-danger late" if late else ""}">{cells}</tr>'


def _deadline(case, today) -> str:
    if not case.next_due_on:
        return "—"
    late = ' <strong class="text-danger">atrasado</strong>' if case.next_due_on < today else ""
    return (
        f'<span class="text-nowrap">{date_br(case.next_due_on)}</span> '
        f'<span class="small">({_esc(case.get_next_due_kind_display())})</span>{late}'
    )


def _warnings_badge(warnings: list[str]) -> str:
    if not warnings:
        return ""
    title = _esc(" · ".join(warnings))
    return f'<span class="badge text-bg-warning" title="{title}">{len(warnings)}</span>'


@register.filter
def days_open(case, today):
    return case.days_open(today)


@register.filter
def split(text: str) -> list[str]:
    return text.split()


@register.filter
def field(form, name: str):
    return form[name]


@register.filter
def field_label(form, name: str) -> str:
    label = form.fields[name].label if name in form.fields else name
    return conditional_escape(label)
