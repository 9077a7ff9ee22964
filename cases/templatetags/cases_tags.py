"""Template helpers of the case screens: the values a form field's template needs.

`{% field_group form.x %}` (label, errors, input) and `{% field_input form.x %}` (the bare
input) render templates/cases/_field.html; these tags only pick the field's kind and its
attributes. Inputs, selects and radio/checkbox lists are laid out there in plain template
loops: Django's widget templates (one per input, one per option, through the form renderer)
cost a third of the case screen's server time (29 termination reasons, 27 UFs...). Any
other widget is left to Django's own rendering.
"""

from django import forms, template

register = template.Library()

CHOICE_LISTS = (forms.RadioSelect, forms.CheckboxSelectMultiple)
PLAIN = (forms.TextInput, forms.NumberInput, forms.HiddenInput, forms.DateInput)


@register.inclusion_tag("cases/_field.html#group")
def field_group(bound):
    return _field(bound)


@register.inclusion_tag("cases/_field.html#input")
def field_input(bound):
    """The bare input (select, textarea...) of a field, with its id, value and aria state."""
    return _field(bound)


def _field(bound) -> dict:
    widget = bound.field.widget
    kind = _kind(widget)
    attrs = bound.build_widget_attrs({**widget.attrs, "id": bound.auto_id})
    if bound.errors:  # Bootstrap's red border; aria-invalid comes from Django
        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
    return {
        "field": bound,
        "kind": kind,
        "attrs": attrs,
        "value": widget.format_value(bound.value()) if kind in ("input", "textarea") else None,
        "required": kind == "choices" and widget.input_type == "radio" and bound.field.required,
    }


def _kind(widget) -> str:
    if isinstance(widget, CHOICE_LISTS):
        return "choices"
    if type(widget) is forms.Select:
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input" if isinstance(widget, PLAIN) else "other"


@register.filter
def days_open(case, today):
    return case.days_open(today)


@register.filter
def late(case, today) -> bool:
    """Open and past its next deadline: the queue's row stands out."""
    return case.is_open and case.next_due_on is not None and case.next_due_on < today


@register.filter
def split(text: str) -> list[str]:
    return text.split()


@register.filter
def field(form, name: str):
    return form[name]


@register.filter
def field_label(form, name: str) -> str:
    return form.fields[name].label if name in form.fields else name
