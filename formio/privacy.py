"""Personal data: the one masking rule for whatever leaves the system (LGPD).

`mask_personal_text` masks the CPFs, phone numbers and e-mail addresses written in free
text; every list, export and report passes notes through it, for everyone.
`masked_form` is a whole form as it leaves the system for a role that must not see the
person's data (the Gestor, `accounts.access.sees_personal_data`): CPF as ***.094.747-**
and every free text masked. `masked_change` does the same to a history entry. Lists,
exports, printed forms, the API and the history all call these (docs/lgpd.md).
"""

import re
from dataclasses import replace

from .brids import cpf_problem, mask_cpf
from .casedata import CaseData, ContactData

# 073.094.747-59, 07309474759, 073 094 747 59 — not part of a longer number (CNPJ, protocol).
_CPF = re.compile(r"(?<![\w./-])(\d{3})[.\s]?(\d{3})[.\s]?(\d{3})[-\s.]?(\d{2})(?![\w/-]|[.-]\d)")
# (21) 99876-5432, 21 3456-7890, +55 21 998765432, 998765432: 8-9 digits with optional DDD.
_PHONE = re.compile(
    r"(?<![\w/.])(?:\+?55[\s-]?)?(?:\(?\d{2}\)?[\s-]?)?(?:9[\s.]?)?\d{4}[\s.-]?\d{4}(?![\w/]|[.-]\d)"
)

# fulana.silva@clinica.com.br: the local part and the domain's first name are hidden.
_EMAIL = re.compile(r"[\w.%+-]+@([\w-]+)((?:\.[\w-]+)*)", re.UNICODE)


def mask_personal_text(text: str | None) -> str:
    """The text with CPFs shown as ***.094.747-**, phone numbers as (**) ****-**32 and
    e-mail addresses as f***@***.com.br."""
    if not text:
        return text or ""
    text = _EMAIL.sub(_mask_email, text)
    text = _CPF.sub(_mask_cpf, text)
    return _PHONE.sub(_mask_phone, text)


def masked_form(data: CaseData) -> CaseData:
    """A copy of the form without the person's CPF (***.094.747-**) and with every free
    text masked: what a role that must not see personal data gets, on every channel."""
    return replace(
        masked_notes(data), provider=replace(data.provider, cpf=mask_cpf(data.provider.cpf) or None)
    )


def masked_notes(data: CaseData) -> CaseData:
    """A copy of the form with its free texts masked (CPF field left as it is): lists."""
    return replace(
        data,
        contacts=[ContactData(c.date, mask_personal_text(c.notes)) for c in data.contacts],
        other_plans=mask_personal_text(data.other_plans),
        retention_actions_notes=mask_personal_text(data.retention_actions_notes),
        general_notes=mask_personal_text(data.general_notes),
        signatures=[mask_personal_text(s) for s in data.signatures],
    )


CPF_FIELDS = {"provider.cpf"}


def masked_change(change: dict) -> dict:
    """A history entry's change ({"field", "label", "old", "new"}) masked like `masked_form`."""
    mask = mask_cpf if change.get("field") in CPF_FIELDS else mask_personal_text
    return {
        **change,
        **{key: mask(change[key]) for key in ("old", "new") if isinstance(change.get(key), str)},
    }


def _mask_email(match: re.Match) -> str:
    return f"{match.group()[0]}***@***{match.group(2)}"


def _mask_cpf(match: re.Match) -> str:
    digits = "".join(match.groups())
    # Eleven digits are also a mobile number with its area code: only a valid CPF is a CPF.
    return mask_cpf(digits) if cpf_problem(digits) is None else _mask_phone(match)


def _mask_phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    if len(digits) < 8:
        return match.group()
    return f"(**) ****-**{digits[-2:]}"
