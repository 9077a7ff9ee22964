from django import template

from formio.privacy import mask_personal_text

from ..views import panel_context

register = template.Library()


@register.inclusion_tag("comments/_panel.html", takes_context=True)
def comments_panel(context, case):
    """The case screen's "Comentários e anexos" panel."""
    request = context["request"]
    return panel_context(request, case) | {
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def masked(text: str) -> str:
    """CPFs, phones and e-mails masked (formio.privacy), for roles without personal data."""
    return mask_personal_text(text)
