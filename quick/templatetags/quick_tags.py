from django import template

from ..neighbours import neighbours_of
from ..services import active_templates

register = template.Library()


@register.inclusion_tag("quick/_template_select.html")
def contact_template_select(target_id: str, number: int | None = None):
    """A "Modelo" select whose choice fills the textarea `target_id` (static/js/quick.js);
    `number`: of which contact row, on the new case screen."""
    label = f"Modelo ({number}º contato)" if number else "Modelo de observação"
    return {
        "templates": active_templates(),
        "target": target_id,
        "select_id": f"{target_id}_modelo",
        "label": label,
    }


@register.inclusion_tag("quick/_neighbours.html", takes_context=True)
def case_neighbours(context, case):
    """Links to the previous and next case of the queue the user came from."""
    request = context["request"]
    return {"around": neighbours_of(request.user, case, request.session)}
