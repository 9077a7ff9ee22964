"""What a written value looks like (its shape) and what it means (its parsed value).

The shape lets a reader put a value in the right field even when an empty cell before
it vanished: "07309474759" can only be a CPF, "30/01/2024" only a date, "RJ" only a UF.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from formio.brids import UFS, cnpj_problem, compact_id, cpf_problem
from formio.formats import MONTH_NAMES

NULLS = {"-", "–", "—", "r$ -", "r$-", "r$ –", "r$ —", "n/a", "---", "--"}

# a date may end with a full stop ("em 14/03/2017.")
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\.?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\.?")
_MONTH_YEAR = re.compile(r"\d{1,2}/\d{4}")
_PROTOCOL = re.compile(r"[A-Za-z]{2,5}[ -]?\d{5,}")
_DAYS = re.compile(r"(\d+)\s*(dia\(s\)|dias?)\.?", re.IGNORECASE)
_MONEY = re.compile(r"(R\$\s*)?-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?|R\$\s*-?\d+(\.\d+)?")
_INT = re.compile(r"\d{1,3}(\.\d{3})+|\d+")
_CPF = re.compile(r"\d{3}[. ]?\d{3}[. ]?\d{3}[- ]?\d{2}")  # "073 094 747 59" too
_CNPJ = re.compile(r"[0-9A-Z]{2}[. ]?[0-9A-Z]{3}[. ]?[0-9A-Z]{3}[/ ]?[0-9A-Z]{4}[- ]?\d{2}")
# "19 de março de 2024", "1º de mar. de 2024", "19/mar/2024", "19-MAR-24"
_LONG_DATE = re.compile(
    r"(\d{1,2})\s*[º°o]?\s*(?:de\s+|[/.\- ]\s*)([^\W\d_]{3,9})\.?"
    r"\s*(?:de\s+|[/.\- ]\s*)(\d{4}|\d{2})\.?",
    re.IGNORECASE,
)
_PERSON = {
    **dict.fromkeys(("f", "pf", "fisica", "pessoa fisica"), "F"),
    **dict.fromkeys(("j", "pj", "juridica", "pessoa juridica"), "J"),
}


def is_null(text: str) -> bool:
    return text.strip().lower() in NULLS


@lru_cache(maxsize=1 << 14)  # "-", "R$ -", UFs, a form's dates: see labels.fold_word
def shape_of(text: str) -> str:
    """One of: null, date, monthyear, protocol, days, cpf, cnpj, money, int, uf, person,
    text."""
    s = text.strip()
    if is_null(s):
        return "null"
    if _DATE.fullmatch(s) or _ISO_DATE.fullmatch(s) or _long_date(s):
        return "date"
    if _MONTH_YEAR.fullmatch(s):
        return "monthyear"
    if _PROTOCOL.fullmatch(s):
        return "protocol"
    if _DAYS.fullmatch(s):
        return "days"
    return _number_shape(s) or _word_shape(s)


def _number_shape(s: str) -> str | None:
    if _CPF.fullmatch(s) and len(compact_id(s)) == 11:
        return "cpf"
    if _CNPJ.fullmatch(s.upper()) and sum(c.isdigit() for c in s) >= 6:
        return "cnpj"
    if _INT.fullmatch(s):
        return "int"
    if _MONEY.fullmatch(s):
        return "money"
    return None


def _word_shape(s: str) -> str:
    if len(s) == 2 and s.upper() in UFS:
        return "uf"
    if s.lower().rstrip(".") in _PERSON or _fold(s) in _PERSON:
        return "person"
    return "text"


def _fold(text: str) -> str:
    from .labels import fold

    return fold(text)


def _long_date(s: str) -> tuple[int, int, int] | None:
    """(day, month, year) of a date with its month in words, or None."""
    match = _LONG_DATE.fullmatch(s)
    if not match:
        return None
    word = _fold(match[2])
    month = next((i for i, m in enumerate(MONTH_NAMES, 1) if _fold(m).startswith(word)), None)
    if month is None:
        return None
    year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
    return int(match[1]), month, year


# What a value cut in two reads as when joined back
_CUT_SHAPES = frozenset({"protocol", "cpf", "cnpj", "date", "monthyear", "int", "money"})


def cut_value(before: str, after: str) -> bool:
    """True when two one-word pieces read as a protocol number, CPF, CNPJ, date or number
    only without a space between them: one value cut where a narrow column ends (pandoc's
    "SAD3" / "64145479126", LibreOffice's "SAD3641454" / "79126"); with the space it is no
    value at all. Words of a text cut the same way cannot be told from two words."""
    return (
        " " not in before
        and " " not in after
        and shape_of(f"{before} {after}") == "text"
        and shape_of(before + after) in _CUT_SHAPES
    )


_STOPS = ".,;:!?)"


def cut_word(line: str, next_line: str) -> bool:
    """True when `line`, one word alone on its line, and the first word of `next_line` are
    one word a narrow column cut in two (pandoc's "de" / "sligamento.", LibreOffice's
    "ODONTOLÓGIC" / "A"): joined they are a Portuguese word and apart one of them is not,
    or joined they read as a protocol number, CPF or date ("SAD170" / "111831950." inside
    a note: values.cut_value). A word wider than its column starts a line of its own and
    is cut where that line is full; words wrapped for want of room are words each ("SÃO" /
    "JOÃO", "de" / "Souza", "de" / "liberações" though "deliberações" is a word too). A
    line that starts with a stop ("desligamento" / ".") was cut from its word as well: no
    text wraps before a stop."""
    head, tail = line.strip(), next_line.split(" ", 1)[0].rstrip(_STOPS)
    if next_line[:1] and next_line[0] in _STOPS and head[-1:].isalnum():
        return True
    if cut_value(head, tail):
        return True
    if not (head.isalpha() and tail.isalpha()):
        return False
    words = portuguese_words()
    head, tail = head.lower(), tail.lower()
    return head + tail in words and not (head in words and tail in words)


@lru_cache(maxsize=1)
def portuguese_words() -> frozenset[str]:
    """wordfreq's large Portuguese word list (267,979 words, lower case: "credenciamento",
    "liberação", names of places and people), read when a reader first needs it: 0.1 s,
    and about 35 MB kept by the process that reads forms."""
    from wordfreq import iter_wordlist

    return frozenset(iter_wordlist("pt", wordlist="large"))


class BadValue(ValueError):
    """The value has the right look but cannot be read (31/02/2024): the message says why."""


def parse_date(text: str) -> datetime.date:
    s = text.strip()
    iso = _ISO_DATE.fullmatch(s)
    match = _DATE.fullmatch(s)
    words = _long_date(s)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if match:
            year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
            return datetime.date(year, int(match[2]), int(match[1]))
        if words:
            return datetime.date(words[2], words[1], words[0])
    except ValueError:
        pass
    raise BadValue(f"data inválida ({s!r}; use dd/mm/aaaa).")


def parse_int(text: str) -> int:
    s = text.strip()
    if _INT.fullmatch(s):
        return int(s.replace(".", ""))
    days = _DAYS.fullmatch(s)
    if days:
        return int(days[1])
    raise BadValue(f"número inválido ({s!r}).")


def parse_money(text: str) -> Decimal:
    """ "R$ 1.234,56" -> 1234.56; "0,30" -> 0.30."""
    s = text.strip().replace("R$", "").replace(" ", "")
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", "")
    try:
        value = Decimal(s)
    except InvalidOperation:
        raise BadValue(f"valor em R$ inválido ({text.strip()!r}).") from None
    if not value.is_finite():
        raise BadValue(f"valor em R$ inválido ({text.strip()!r}).")
    return value


def parse_person(text: str) -> str:
    s = text.strip()
    found = _PERSON.get(s.lower().rstrip(".")) or _PERSON.get(_fold(s))
    if not found:
        raise BadValue(f"use F (pessoa física) ou J (pessoa jurídica), não {s!r}.")
    return found


def parse_cro(text: str) -> str:
    digits = re.sub(r"[\s.\-]", "", text.strip())
    if not digits.isdigit():
        raise BadValue(f"o CRO tem só dígitos, não {text.strip()!r}.")
    return digits


def parse_uf(text: str) -> str:
    s = text.strip().upper()
    if s not in UFS:
        raise BadValue(f"UF desconhecida ({text.strip()!r}).")
    return s


def parse_cpf(text: str) -> tuple[str, str | None]:
    """The compact CPF and, when its check digits fail, why (a warning, not an error)."""
    value = compact_id(text)
    if not re.fullmatch(r"\d{11}", value):
        raise BadValue(f"CPF com formato inválido ({text.strip()!r}).")
    return value, cpf_problem(value)


def parse_cnpj(text: str) -> tuple[str, str | None]:
    value = compact_id(text)
    if not re.fullmatch(r"[0-9A-Z]{12}\d{2}", value):
        raise BadValue(f"CNPJ com formato inválido ({text.strip()!r}).")
    return value, cnpj_problem(value)
