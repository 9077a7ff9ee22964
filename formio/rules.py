"""The form's rules that readers share with the case services (pure, no database).

`cases.rules` applies them to a case (and holds their database expressions); a reader of
an old form warns with the same words.
"""

import datetime

from .casedata import days_between
from .vocabulary import field_label

# FORM.md: started_on <= finished_on.
DATE_ORDER = f"{field_label('finished_on')}: não pode ser anterior à {field_label('started_on')}."


# FORM.md: the form records what happened, so none of its dates is after today.
FUTURE_DATE = "não pode estar no futuro."
DATED_FIELDS = ("form_date", "protocol_opened_on", "started_on", "finished_on")


def in_future(value: datetime.date | None, today: datetime.date) -> bool:
    return bool(value and value > today)


def dates_out_of_order(start: datetime.date | None, end: datetime.date | None) -> bool:
    return bool(start and end and start > end)


def days_to_finish(
    start: datetime.date | None, end: datetime.date | None, written: int | None
) -> int | None:
    """Calendar days from the dates when both exist; only then the number written."""
    return days_between(start, end, fallback=written)


def coverage_at_risk(lives: int | None, unique_cros: int | None, cro_count: int | None) -> bool:
    """The city may lose coverage: lives served and no more unique CROs listed there than
    this provider's CROs (if they leave, no one is left)."""
    if not lives or unique_cros is None or cro_count is None:
        return False
    return unique_cros <= cro_count
