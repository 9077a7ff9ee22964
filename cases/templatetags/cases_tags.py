from django import template

from formio.brids import format_cpf, mask_cpf

register = template.Library()


@register.simple_tag
def cpf_for(cpf: str, personal: bool) -> str:
    """The CPF whole for those who work with it, ***.094.747-** for the others (LGPD)."""
    return format_cpf(cpf) if personal else mask_cpf(cpf)


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
    return form.fields[name].label if name in form.fields else name


@register.filter
def add_class(bound_field, css: str):
    widget = bound_field.field.widget
    if (
        widget.input_type in ("text", "search", "number", "date")
        if hasattr(widget, "input_type")
        else False
    ):
        css = "form-control"
    return bound_field.as_widget(attrs={"class": css})
