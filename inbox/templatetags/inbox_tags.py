import datetime

from django import template

register = template.Library()


@register.filter
def countdown(due_on: datetime.date, today: datetime.date) -> str:
    """'vence hoje', 'vence amanhã', 'vence em 3 dias', 'atrasado há 1 dia'..."""
    days = (due_on - today).days
    if days == 0:
        return "vence hoje"
    if days == 1:
        return "vence amanhã"
    if days > 1:
        return f"vence em {days} dias"
    return f"atrasado há {-days} dia" + ("s" if days < -1 else "")
