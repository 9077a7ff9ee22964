"""The form's option lists as administrators keep them: the reference tables, as a Vocabulary.

Screens, exports, printing and the services read options from here; readers of old forms
keep `formio.vocabulary.PRINTED`, the paper's labels. The status is not a table: its one
definition is `formio.vocabulary.STATUSES` (`cases.models.Status` is built from it).
A deactivated option is left out of new forms but kept where a case already has it.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from formio.casedata import CaseData
from formio.vocabulary import STATUSES, Option, Vocabulary

from .models import (
    Operator,
    ReferenceItem,
    Requester,
    ResponsibleSector,
    RetentionAction,
    TerminationReason,
)

# The case's option lists: its CaseData field of codes and the reference table.
OPTION_LISTS = {
    "retention_actions": RetentionAction,
    "termination_reasons": TerminationReason,
    "responsible_sectors": ResponsibleSector,
}
# The options a form names by label (or code): the CaseData field and its table.
LABELLED = {"operator": Operator, "requested_by": Requester}


@dataclass(frozen=True)
class ReferenceTables:
    """Every option of some reference tables (active or not), in the administrators' order
    (the model's: order, then label), as they were when read."""

    options: dict[type[ReferenceItem], list[ReferenceItem]]

    @classmethod
    def read(cls, models: Iterable[type[ReferenceItem]] = OPTION_LISTS.values()):
        return cls({model: list(model.objects.all()) for model in models})

    def vocabulary(self, *, keeping: CaseData | None = None) -> Vocabulary:
        """The active options, plus the inactive ones that `keeping` (a case's form) ticks."""
        kept = keeping or CaseData()
        lists = {
            name: tuple(
                Option(item.code, item.label)
                for item in self.options[model]
                if item.active or item.code in getattr(kept, name)
            )
            for name, model in OPTION_LISTS.items()
        }
        return Vocabulary(statuses=STATUSES, **lists)

    def by_codes(self, model: type[ReferenceItem], codes: Iterable[str]) -> list[ReferenceItem]:
        """The options of `model` with these codes (unknown codes are left out)."""
        wanted = set(codes)
        return [item for item in self.options[model] if item.code in wanted]

    def by_label(self, model: type[ReferenceItem], label: str) -> ReferenceItem | None:
        """The first option whose label (any case) or code is `label`, as the database's
        `label__iexact | code` would find it (upper() compares every letter, as PostgreSQL
        does; SQLite's LIKE folds ASCII only)."""
        upper = label.upper()
        return next(
            (i for i in self.options[model] if i.label.upper() == upper or i.code == label), None
        )

    def by_code(self, model: type[ReferenceItem], code: str) -> ReferenceItem | None:
        return next((item for item in self.options[model] if item.code == code), None)

    def added(self, option: ReferenceItem) -> None:
        """An option created since the tables were read (keep it in the model's order); one
        already there is left as it is."""
        items = self.options[type(option)]
        if option in items:
            return
        items.append(option)
        items.sort(key=lambda item: (item.order, item.label))

    def justified_actions(self) -> set[str]:
        """The actions that need a justification in their notes ("Outros")."""
        return {a.code for a in self.options[RetentionAction] if a.needs_justification}

    def action_keywords(self) -> dict[str, list[str]]:
        """Active action code -> the words in the notes that suggest it."""
        actions = self.options[RetentionAction]
        return {a.code: a.keyword_list() for a in actions if a.active and a.keywords}


def current(*, keeping: CaseData | None = None) -> Vocabulary:
    """The active options, plus the inactive ones that `keeping` (a case's form) has ticked."""
    return ReferenceTables.read().vocabulary(keeping=keeping)


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
