"""Values written the Brazilian way on the screens: {% load br %}, then
{{ d|date_br }} 20/03/2024 · {{ n|number }} 1.234 · {{ v|money }} R$ 1.234,56 ·
{{ c|cpf }} 073.094.747-59 · {{ c|cnpj }} 12.ABC.345/01DE-35 · {{ c|cpf_for:personal }} ·
{{ notes|text_for:personal }} (free text, masked by formio.privacy for who may not see it).

Formatting only (the helpers of formio.formats and formio.brids); the HTML is the templates'.
"""

from django import template

from formio import brids, formats
from formio.privacy import mask_personal_text

register = template.Library()


@register.filter
def date_br(value, empty: str = ""):
    return formats.date_br(value, empty)


@register.filter
def number(value, empty: str = "—"):
    return formats.integer_br(value, empty)


@register.filter
def money(value, empty: str = ""):
    return formats.money_br(value, empty)


@register.filter
def cpf(value):
    return brids.format_cpf(value)


@register.filter
def cnpj(value):
    return brids.format_cnpj(value)


@register.filter
def cpf_for(value, personal: bool):
    """The CPF whole for those who work with it, ***.094.747-** for the others (LGPD)."""
    return brids.format_cpf(value) if personal else brids.mask_cpf(value)


@register.filter
def text_for(value, personal: bool):
    """A free text whole for those who work with the person, masked for the others."""
    return value if personal else mask_personal_text(value)
