"""The form's printed labels and option lists, matched tolerantly.

A label is matched word by word on a folded form of the text (no accents, lower case,
punctuation dropped), so "Nº do protocolo", "N° DO PROTOCOLO:" and "no do protocolo" are
one label, and the form's own typos ("Beneficiário Grossoeiro", "Régras Técnicas") still
find their option. Nothing here knows about files.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache, wraps

from formio.vocabulary import (
    RESPONSIBLE_SECTORS,
    RETENTION_ACTIONS,
    STATUSES,
    TERMINATION_REASONS,
    Option,
)

# Kinds of label: a value cell follows (VALUE), free text follows (FREE), a list of
# boxes follows (OPTIONS), or the label only opens a part of the form (SECTION).
VALUE, FREE, OPTIONS, SECTION = "value", "free", "options", "section"


@dataclass(frozen=True)
class Label:
    key: str  # interchange path ("provider.cpf") or a pseudo key ("contact.date", "obs")
    spellings: tuple[str, ...]
    kind: str = VALUE
    shapes: frozenset[str] = frozenset()  # value shapes the field accepts (values.shape_of)
    repeats: bool = False  # printed more than once ("Data" of each contact, "Obs.")


TEXT = frozenset({"text"})
DATE = frozenset({"date"})
INT = frozenset({"int"})
UF = frozenset({"uf"})

# In the order of the paper form: when a label is printed twice ("UF"), the first
# unused one is meant.
LABELS = (
    Label("analyst", ("Colaborador",), shapes=TEXT),
    Label("cro_count", ("Qtd CRO(s)", "Qtd. CROs", "Quantidade de CROs"), shapes=INT),
    Label("form_date", ("Data",), shapes=DATE),
    Label("operator", ("Operadora",), shapes=TEXT),
    Label("provider.cro", ("CRO",), shapes=INT),
    Label("provider.cro_uf", ("UF", "UF do CRO"), shapes=UF),
    Label("provider.name", ("Nome dentista", "Nome do dentista"), shapes=TEXT),
    Label("provider.cnpj", ("CNPJ",), shapes=frozenset({"cnpj"})),
    Label("provider.cpf", ("CPF",), shapes=frozenset({"cpf"})),
    Label("provider.network_entry_date", ("Data inclusão", "Data de inclusão"), shapes=DATE),
    Label("provider.person_type", ("Tipo",), shapes=frozenset({"person"})),
    Label("requested_by", ("Demandado por?", "Demandado por"), shapes=TEXT),
    Label(
        "protocol_number",
        ("Nº do protocolo", "Número do protocolo", "Protocolo"),
        shapes=frozenset({"protocol", "int"}),
    ),
    Label(
        "protocol_opened_on",
        ("Dt. abertura protocolo", "Data abertura protocolo", "Data de abertura do protocolo"),
        shapes=DATE,
    ),
    Label("service_uf", ("UF",), shapes=UF),
    Label("city", ("Cidade",), shapes=TEXT),
    Label("lives", ("nº de vidas", "nº vidas"), shapes=INT),
    Label("unique_cros_listed", ("nº CRO(S) únicos divulgados",), shapes=INT),
    Label("serves_other_plans", ("Atende outros convênios",), kind=OPTIONS),
    Label("other_plans", ("Quais?",), kind=FREE),
    Label("unit_value", ("Moeda",), shapes=frozenset({"money", "int"})),
    Label(
        "last_production",
        ("Última produç.", "Última produção"),
        shapes=frozenset({"text", "monthyear", "date", "person", "uf"}),
    ),
    Label(
        "last_production_value",
        ("Valor última prod.", "Valor última produção"),
        shapes=frozenset({"money", "int"}),
    ),
    Label("started_on", ("Data início", "Data de início"), shapes=DATE),
    Label("finished_on", ("Data final", "Data de finalização"), shapes=DATE),
    Label(
        "days_to_finish",
        ("Tempo finalização", "Tempo de finalização"),
        shapes=frozenset({"days", "int"}),
    ),
    Label("status", ("Status retenção", "Status da retenção"), kind=OPTIONS),
    Label("contacts", ("Contatos",), kind=SECTION, repeats=True),
    Label("retention_actions", ("Ação Retenção", "Ação de retenção"), kind=OPTIONS),
    Label("termination_reasons", ("Motivo desligamento", "Motivo do desligamento"), kind=OPTIONS),
    Label(
        "protocol_required",
        ("Necessário abertura de protocolo", "Necessário abertura de protocolo?"),
        kind=OPTIONS,
    ),
    Label("general_notes", ("Obs. Geral", "Observação geral", "Observações gerais"), kind=FREE),
    Label("responsible_sectors", ("Setor responsável",), kind=OPTIONS),
    Label("signatures", ("Assinaturas", "Assinatura"), kind=SECTION),
    # Printed in every contact and under "Ação Retenção": the section decides the field.
    Label("contact.date", ("Data",), shapes=DATE, repeats=True),
    Label("obs", ("Obs.", "Obs.:", "Observação", "Observações"), kind=FREE, repeats=True),
)

YES_NO = (Option("sim", "SIM", ("S", "Sim")), Option("nao", "NÃO", ("N", "Não")))

OPTION_GROUPS: dict[str, tuple[Option, ...]] = {
    "status": STATUSES,
    "retention_actions": RETENTION_ACTIONS,
    "termination_reasons": TERMINATION_REASONS,
    "responsible_sectors": RESPONSIBLE_SECTORS,
    "serves_other_plans": YES_NO,
    "protocol_required": YES_NO,
}
YES_NO_GROUPS = {"serves_other_plans", "protocol_required"}

_WORD = re.compile(r"[^\s/|]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_CONTACT_FIRST = re.compile(r"^(\d{1,2})o?$")


def fold(text: str) -> str:
    """ "Nº CRO(S) Únicos" -> "no cros unicos": no accents, case or punctuation."""
    return " ".join(w for w, _ in folded_words(text))


@lru_cache(maxsize=1 << 16)  # a form's words are mostly its labels and options, again and again
def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return _NOT_ALNUM.sub("", "".join(c for c in decomposed if not unicodedata.combining(c)))


def folded_words(text: str, most: int = 0) -> list[tuple[str, int]]:
    """Folded words of `text` (the first `most` when given) with the offset just past each
    one in the original text; words made only of punctuation ("-", "/") are left out."""
    words = []
    for match in _WORD.finditer(text):
        folded = fold_word(match.group())
        if folded:
            words.append((folded, match.end()))
            if len(words) == most:
                break
    return words


@cache
def _label_index() -> dict[tuple[str, ...], tuple[Label, ...]]:
    index: dict[tuple[str, ...], list[Label]] = {}
    for label in LABELS:
        for spelling in label.spellings:
            index.setdefault(tuple(fold(spelling).split()), []).append(label)
    return {words: tuple(labels) for words, labels in index.items()}


@cache
def _longest_label() -> int:
    return max(len(words) for words in _label_index())


def short_texts_cached(match):
    """`match(text, ...)`, remembered for short texts: a form's cells are mostly the same
    printed labels, boxes and blanks, form after form (long ones, notes, are rarely seen
    twice)."""
    remembered = lru_cache(maxsize=1 << 14)(match)

    @wraps(match)
    def matcher(text: str, *args):
        return remembered(text, *args) if len(text) <= 120 else match(text, *args)

    return matcher


@dataclass(frozen=True)
class LabelMatch:
    labels: tuple[Label, ...]  # candidates with this spelling, in form order
    rest: str  # the text after the label
    contact: int | None = None  # "3º contato" -> 3


@short_texts_cached
def match_label(text: str) -> LabelMatch | None:
    """The label the text starts with (the longest spelling wins), or None."""
    words = folded_words(text[:200], most=max(_longest_label(), 2))
    if not words:
        return None
    contact = _contact_number(words)
    if contact:
        number, end = contact
        return LabelMatch((), text[end:].strip(), contact=number)
    index = _label_index()
    for size in range(min(_longest_label(), len(words)), 0, -1):
        found = index.get(tuple(w for w, _ in words[:size]))
        if found:
            return LabelMatch(found, text[words[size - 1][1] :].strip())
    return None


def _contact_number(words: list[tuple[str, int]]) -> tuple[int, int] | None:
    """ "1º contato", "1o Contato", "Contato 1" -> (1, end offset)."""
    if len(words) >= 2:
        first, second = words[0][0], words[1][0]
        number = _CONTACT_FIRST.match(first)
        if number and second == "contato":
            return int(number.group(1)), words[1][1]
        if first == "contato" and second.isdigit() and len(second) <= 2:
            return int(second), words[1][1]
    return None


@dataclass(frozen=True)
class OptionMatch:
    group: str
    code: str
    rest: str  # text after the option's label (another label, a value...)


@short_texts_cached
def match_option(text: str, group: str | None) -> OptionMatch | None:
    """The option `text` starts with, in `group` first and then in the other lists
    (yes/no only inside a yes/no group, where they are ambiguous)."""
    words = folded_words(text[:300])
    if not words:
        return None
    groups = [group] if group in OPTION_GROUPS else []
    groups += [g for g in OPTION_GROUPS if g not in groups and g not in YES_NO_GROUPS]
    for name in groups:
        found = _prefix_option(words, text, name)
        if found:
            return found
    for name in groups:
        found = _fuzzy_option(words, name)
        if found:
            return found
    return None


@cache
def _spellings(group: str) -> list[tuple[tuple[str, ...], str]]:
    pairs = [
        (tuple(fold(s).split()), option.code)
        for option in OPTION_GROUPS[group]
        for s in option.spellings
    ]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


def _prefix_option(words, text: str, group: str) -> OptionMatch | None:
    folded = tuple(w for w, _ in words)
    for spelling, code in _spellings(group):
        if folded[: len(spelling)] == spelling:
            return OptionMatch(group, code, text[words[len(spelling) - 1][1] :].strip())
    return None


def _fuzzy_option(words, group: str) -> OptionMatch | None:
    """A misspelt option ("Dificuldade com o Sistema"), when it is the whole text."""
    whole = " ".join(w for w, _ in words)
    for spelling, code in _spellings(group):
        if (
            len(whole) > 4
            and difflib.SequenceMatcher(None, whole, " ".join(spelling)).ratio() > 0.88
        ):
            return OptionMatch(group, code, "")
    return None
