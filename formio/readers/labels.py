"""The form's printed labels and option lists, matched tolerantly.

A label is matched word by word on a folded form of the text (no accents, lower case,
punctuation dropped), so "Nº do protocolo", "N° DO PROTOCOLO:" and "no do protocolo" are
one label, and the form's own typos ("Beneficiário Grossoeiro", "Régras Técnicas") still
find their option. The option lists are data: an OptionLists made from a Vocabulary (the
paper's, PRINTED, unless the caller reads with another). Nothing here knows about files.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from formio.vocabulary import PRINTED, Option, Vocabulary

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

# Printed under a signature line, beside the names: the role signing, never a name.
SIGNING_ROLES = frozenset(
    {"analista", "supervisor", "supervisora", "coordenador", "coordenadora", "gerente"}
    | {"colaborador", "colaboradora", "responsavel", "assinatura"}
)

YES_NO = (Option("sim", "SIM", ("S", "Sim")), Option("nao", "NÃO", ("N", "Não")))
YES_NO_GROUPS = {"serves_other_plans", "protocol_required"}


class Spelling(NamedTuple):
    words: tuple[str, ...]  # folded
    code: str


@dataclass(frozen=True)
class OptionLists:
    """The option lists a form is read with, by the field that holds them, and each
    option's folded spellings, longest first (the longest one that matches wins)."""

    groups: dict[str, tuple[Option, ...]]
    spellings: dict[str, list[Spelling]]

    @classmethod
    def of(cls, vocabulary: Vocabulary) -> "OptionLists":
        groups = {
            "status": vocabulary.statuses,
            "retention_actions": vocabulary.retention_actions,
            "termination_reasons": vocabulary.termination_reasons,
            "responsible_sectors": vocabulary.responsible_sectors,
            "serves_other_plans": YES_NO,
            "protocol_required": YES_NO,
        }
        spellings = {group: _spellings(options) for group, options in groups.items()}
        return cls(groups, spellings)

    def ordered(self, group: str, codes: list[str]) -> list[str]:
        """`codes` once each, in the order the list prints them."""
        order = [option.code for option in self.groups[group]]
        return sorted(set(codes), key=order.index)


def _spellings(options: tuple[Option, ...]) -> list[Spelling]:
    pairs = [Spelling(tuple(fold(s).split()), o.code) for o in options for s in o.spellings]
    return sorted(pairs, key=lambda pair: -len(pair.words))


_WORD = re.compile(r"[^\s/|]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")
_CONTACT_FIRST = re.compile(r"^(\d{1,2})o?$")
_CELL_GAP = re.compile(r"\s*\t|\s{2,}")  # what parts two cells written on one line


def fold(text: str) -> str:
    """ "Nº CRO(S) Únicos" -> "no cros unicos": no accents, case or punctuation."""
    return " ".join(w for w, _ in folded_words(text))


# Kept, with match_label's and values.shape_of's: a form's cells are mostly the same
# printed labels, boxes and blanks, form after form. Without the three the readers run at
# half speed (CPU, demo forms: text 155 forms/s instead of about 300, DOCX 70 instead of
# 125), below the import targets once the database's share is added (100 and 50 /s).
@lru_cache(maxsize=1 << 16)
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


def _label_index() -> dict[tuple[str, ...], tuple[Label, ...]]:
    index: dict[tuple[str, ...], list[Label]] = {}
    for label in LABELS:
        for spelling in label.spellings:
            index.setdefault(tuple(fold(spelling).split()), []).append(label)
    return {words: tuple(labels) for words, labels in index.items()}


LABEL_INDEX = _label_index()  # folded spelling -> the labels printed so
LONGEST_LABEL = max(len(words) for words in LABEL_INDEX)  # in words
PRINTED_OPTIONS = OptionLists.of(PRINTED)


@dataclass(frozen=True)
class LabelMatch:
    labels: tuple[Label, ...]  # candidates with this spelling, in form order
    rest: str  # the text after the label
    contact: int | None = None  # "3º contato" -> 3
    joined: bool = False  # the rest is in the label's own cell (not after a tab or 2 spaces)


@lru_cache(maxsize=1 << 14)  # see fold_word
def match_label(text: str) -> LabelMatch | None:
    """The label the text starts with (the longest spelling wins), or None."""
    words = folded_words(text[:200], most=max(LONGEST_LABEL, 2))
    if not words:
        return None
    contact = _contact_number(words)
    if contact:
        number, end = contact
        return LabelMatch((), text[end:].strip(), contact=number)
    for size in range(min(LONGEST_LABEL, len(words)), 0, -1):
        found = LABEL_INDEX.get(tuple(w for w, _ in words[:size]))
        if found:
            after = text[words[size - 1][1] :]
            return LabelMatch(found, after.strip(), joined=not _CELL_GAP.match(after))
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


def match_option(
    text: str, group: str | None, options: OptionLists = PRINTED_OPTIONS, *, fuzzy: bool = True
) -> OptionMatch | None:
    """The option `text` starts with, in `group` first and then in the other lists
    (yes/no only inside a yes/no group, where they are ambiguous); misspelt ones too
    when `fuzzy` (slow: only for text that follows a box)."""
    words = folded_words(text[:300])
    if not words:
        return None
    groups = [group] if group in options.groups else []
    groups += [g for g in options.groups if g not in groups and g not in YES_NO_GROUPS]
    for name in groups:
        found = _prefix_option(words, text, name, options.spellings[name])
        if found:
            return found
    for name in groups if fuzzy else ():
        found = _fuzzy_option(words, name, options.spellings[name])
        if found:
            return found
    return None


def _prefix_option(words, text: str, group: str, spellings: list[Spelling]) -> OptionMatch | None:
    folded = tuple(w for w, _ in words)
    for spelling in spellings:
        if folded[: len(spelling.words)] == spelling.words:
            rest = text[words[len(spelling.words) - 1][1] :].strip()
            return OptionMatch(group, spelling.code, rest)
    return None


def _fuzzy_option(words, group: str, spellings: list[Spelling]) -> OptionMatch | None:
    """A misspelt option ("Dificuldade com o Sistema"), when it is the whole text."""
    whole = " ".join(w for w, _ in words)
    if len(whole) <= 4:
        return None
    for spelling in spellings:
        if difflib.SequenceMatcher(None, whole, " ".join(spelling.words)).ratio() > 0.88:
            return OptionMatch(group, spelling.code, "")
    return None
