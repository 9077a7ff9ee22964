from django import template

from formio.casedata import CaseData, flatten
from formio.vocabulary import (
    RESPONSIBLE_SECTORS,
    RETENTION_ACTIONS,
    STATUSES,
    TERMINATION_REASONS,
    field_label,
    label_of,
)

register = template.Library()

OPTIONS = {
    "status": STATUSES,
    "retention_actions": RETENTION_ACTIONS,
    "termination_reasons": TERMINATION_REASONS,
    "responsible_sectors": RESPONSIBLE_SECTORS,
}


@register.filter
def preview_rows(data: CaseData) -> list[tuple[str, str]]:
    """The fields a form gave, labelled and worded as on the form (blank ones left out)."""
    return [
        (field_label(path), _shown(path, value))
        for path, value in flatten(data.to_dict()).items()
        if value not in (None, "", [])
    ]


def _shown(path: str, value) -> str:
    if isinstance(value, bool):
        return "SIM" if value else "NÃO"
    if path in OPTIONS:
        codes = value if isinstance(value, list) else [value]
        return ", ".join(label_of(OPTIONS[path], code) for code in codes)
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return "/".join(reversed(value.split("-")))
    return str(value)
