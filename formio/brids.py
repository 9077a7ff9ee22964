"""Brazilian identifiers and units: CPF, CNPJ (numeric and alphanumeric), UF.

Pure helpers with no Django: the readers, the rules and the screens all call these.
Validation is python-stdnum's; we only add what it lacks (repeated-digit CPFs).
"""

import re

from stdnum.br import cnpj as _cnpj
from stdnum.br import cpf as _cpf

UFS = tuple(
    "AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO".split()
)

UF_NAMES = {
    "AC": "Acre",
    "AL": "Alagoas",
    "AP": "Amapá",
    "AM": "Amazonas",
    "BA": "Bahia",
    "CE": "Ceará",
    "DF": "Distrito Federal",
    "ES": "Espírito Santo",
    "GO": "Goiás",
    "MA": "Maranhão",
    "MT": "Mato Grosso",
    "MS": "Mato Grosso do Sul",
    "MG": "Minas Gerais",
    "PA": "Pará",
    "PB": "Paraíba",
    "PR": "Paraná",
    "PE": "Pernambuco",
    "PI": "Piauí",
    "RJ": "Rio de Janeiro",
    "RN": "Rio Grande do Norte",
    "RS": "Rio Grande do Sul",
    "RO": "Rondônia",
    "RR": "Roraima",
    "SC": "Santa Catarina",
    "SP": "São Paulo",
    "SE": "Sergipe",
    "TO": "Tocantins",
}

_PUNCTUATION = re.compile(r"[\s./\-]")


def compact_id(value: str | None) -> str:
    """CPF/CNPJ without punctuation, upper case ("12.abc.345/01de-35" -> "12ABC34501DE35")."""
    return _PUNCTUATION.sub("", value or "").upper()


def cpf_problem(value: str) -> str | None:
    """Why `value` (already compact) is not a CPF, in Portuguese, or None when it is one."""
    if not re.fullmatch(r"\d{11}", value):
        return "deve ter 11 dígitos."
    if len(set(value)) == 1:
        return "números repetidos não formam um CPF válido."
    if not _cpf.is_valid(value):
        return "dígitos verificadores inválidos."
    return None


def cnpj_problem(value: str) -> str | None:
    """Why `value` (already compact) is not a CNPJ, in Portuguese, or None when it is one."""
    if not re.fullmatch(r"[0-9A-Z]{12}\d{2}", value):
        return "deve ter 14 caracteres (12 letras ou dígitos e 2 dígitos verificadores)."
    if len(set(value)) == 1:
        return "caracteres repetidos não formam um CNPJ válido."
    if not _cnpj.is_valid(value):
        return "dígitos verificadores inválidos."
    return None


def format_cpf(value: str | None) -> str:
    """073.094.747-59; anything that is not 11 digits is shown as stored."""
    if value and re.fullmatch(r"\d{11}", value):
        return _cpf.format(value)
    return value or ""


def format_cnpj(value: str | None) -> str:
    """12.ABC.345/01DE-35; anything that is not 14 characters is shown as stored."""
    if value and len(value) == 14:
        return _cnpj.format(value)
    return value or ""


def mask_cpf(value: str | None) -> str:
    """***.094.747-** : enough to tell two people apart, not enough to identify one."""
    if value and re.fullmatch(r"\d{11}", value):
        return f"***.{value[3:6]}.{value[6:9]}-**"
    return "***" if value else ""


def cpf_check_digits(base9: str) -> str:
    """The two check digits of a 9-digit CPF base (used to make valid demo data)."""
    digits = [int(c) for c in base9]
    for _ in range(2):
        total = sum(d * w for d, w in zip(digits, range(len(digits) + 1, 1, -1), strict=True))
        digits.append((total * 10 % 11) % 10)
    return "".join(str(d) for d in digits[-2:])


def cnpj_check_digits(base12: str) -> str:
    """The two check digits of a 12-character CNPJ base (numeric or alphanumeric)."""
    return _cnpj.calc_check_digits(base12)
