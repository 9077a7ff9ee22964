"""Personal data typed into free text: recognised and masked for lists and exports (LGPD).

The case screen shows notes whole to those allowed to see the case; every list, export and
report passes free text through `mask_personal_text` so a CPF or a phone number written in
a contact's notes does not travel in spreadsheets.
"""

import re

from .brids import cpf_problem, mask_cpf

# 073.094.747-59, 07309474759, 073 094 747 59 — not part of a longer number (CNPJ, protocol).
_CPF = re.compile(r"(?<![\w./-])(\d{3})[.\s]?(\d{3})[.\s]?(\d{3})[-\s.]?(\d{2})(?![\w/-]|[.-]\d)")
# (21) 99876-5432, 21 3456-7890, +55 21 998765432, 998765432: 8-9 digits with optional DDD.
_PHONE = re.compile(
    r"(?<![\w/.])(?:\+?55[\s-]?)?(?:\(?\d{2}\)?[\s-]?)?(?:9[\s.]?)?\d{4}[\s.-]?\d{4}(?![\w/]|[.-]\d)"
)


def mask_personal_text(text: str | None) -> str:
    """The text with CPFs shown as ***.094.747-** and phone numbers as (**) *****-**32."""
    if not text:
        return text or ""
    text = _CPF.sub(_mask_cpf, text)
    return _PHONE.sub(_mask_phone, text)


def _mask_cpf(match: re.Match) -> str:
    digits = "".join(match.groups())
    # Eleven digits are also a mobile number with its area code: only a valid CPF is a CPF.
    return mask_cpf(digits) if cpf_problem(digits) is None else _mask_phone(match)


def _mask_phone(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    if len(digits) < 8:
        return match.group()
    return f"(**) ****-**{digits[-2:]}"
