"""The form's option lists as administrators keep them: the reference tables, as a Vocabulary.

Screens, exports, printing and the services read options from here; readers of old forms
keep `formio.vocabulary.PRINTED`, the paper's labels. The status is not a table: its one
definition is `formio.vocabulary.STATUSES` (`cases.models.Status` is built from it).
A deactivated option is left out of new forms but kept where a case already has it.
"""

from django.db.models import Q

from formio.casedata import CaseData
from formio.vocabulary import STATUSES, Option, Vocabulary

from .models import ResponsibleSector, RetentionAction, TerminationReason


def current(*, keeping: CaseData | None = None) -> Vocabulary:
    """The active options, plus the inactive ones that `keeping` (a case's form) has ticked."""
    kept = keeping or CaseData()
    return Vocabulary(
        statuses=STATUSES,
        retention_actions=_options(RetentionAction, kept.retention_actions),
        termination_reasons=_options(TerminationReason, kept.termination_reasons),
        responsible_sectors=_options(ResponsibleSector, kept.responsible_sectors),
    )


def _options(model, ticked: list[str]) -> tuple[Option, ...]:
    """In the administrators' order (the model's: order, then label)."""
    items = model.objects.filter(Q(active=True) | Q(code__in=ticked))
    return tuple(Option(item.code, item.label) for item in items)


def everything() -> Vocabulary:
    """Every option, active or not: the labels of lists of cases (exports), whatever each has."""
    return Vocabulary(
        statuses=STATUSES,
        retention_actions=_all(RetentionAction),
        termination_reasons=_all(TerminationReason),
        responsible_sectors=_all(ResponsibleSector),
    )


def _all(model) -> tuple[Option, ...]:
    return tuple(Option(item.code, item.label) for item in model.objects.all())
