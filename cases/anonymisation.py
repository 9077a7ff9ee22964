"""Anonymisation reaches every place a person is (LGPD, issue 17 item 6).

`cases.services.provider_anonymise` blanks the provider and its cases (fields, notes,
contacts, history, file names of the originals) and then calls every eraser in ERASERS
with the `Person` it removed, in the same transaction. Each app erases what it keeps about
her, using `person.scrub(text)` / `person.scrub_value(json)` (her name, CPF, CNPJ, CRO and
e-mails gone, and the one masking rule of formio.privacy on the rest) and
`person.mentions(text)` to find rows that are about her without a link to her case.

A new app that keeps text about a case (comments, attachments, ...) adds one line here:
a dotted path to a function `erase(person: Person) -> None` of its own module. That
function blanks its rows of `person.case_ids` (scrub, or delete what has no use without
the person, such as an attached file and its name) and any row that `person.mentions`.
cases/tests/test_anonymise_everywhere.py reads every text column of every table, so a
place left out fails it.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.module_loading import import_string

from formio.brids import compact_id
from formio.privacy import mask_personal_text

ANONYMOUS = "(anonimizado)"

ERASERS = [
    "imports.anonymisation.erase",  # file rows of unconfirmed batches, their originals
    "audit.anonymisation.erase",  # the export log's filters
    "downloads.anonymisation.erase",  # background exports' filters and files
    "notifications.anonymisation.erase",  # notification texts
    "webhooks.anonymisation.erase",  # deliveries' bodies
    "api.anonymisation.erase",  # stored answers of idempotent requests
    "substitutions.anonymisation.erase",  # the public notice's address and phone
    "comments.anonymisation.erase",  # internal comments and attached files
]

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")
# Words of a name too common to say who she is ("Maria DA Silva"): never erased alone.
PARTICLES = {"da", "de", "do", "das", "dos", "e", "di", "du", "del", "la", "van", "von"}
_ACCENTED = {
    "a": "aáàâãä",
    "e": "eéèêë",
    "i": "iíìîï",
    "o": "oóòôõö",
    "u": "uúùûü",
    "c": "cç",
    "n": "nñ",
}


@dataclass(frozen=True)
class Person:
    """Who is being anonymised: the provider, her cases and what identifies her."""

    provider_id: int
    case_ids: tuple[int, ...]
    names: tuple[str, ...]
    ids: tuple[str, ...]  # CPF, CNPJ and CRO digits

    @classmethod
    def of(cls, provider, cases: Iterable) -> "Person":
        cases = list(cases)
        names = {provider.name, *(case.provider_name for case in cases)} - {"", ANONYMOUS}
        ids = {provider.cpf, provider.cnpj, provider.cro}
        for case in cases:
            ids |= {case.cpf, case.cnpj, case.cro}
        ids = {compact_id(value) for value in ids if value and len(compact_id(value)) >= 4}
        return cls(provider.pk, tuple(c.pk for c in cases), tuple(sorted(names)), tuple(ids))

    @property
    def _whole(self) -> re.Pattern | None:
        parts = [_spelled(name) for name in self.names]
        parts += [_number(value) for value in self.ids]
        return _alternation(parts)

    @property
    def _words(self) -> re.Pattern | None:
        words = {w for name in self.names for w in re.split(r"\W+", name.lower())}
        return _alternation(
            _spelled(w) for w in sorted(words) if len(w) >= 3 and w not in PARTICLES
        )

    def scrub(self, text: str) -> str:
        """The text without her name (whole or any of its words), her CPF, CNPJ and CRO and
        any e-mail address, and with any other CPF and phone masked."""
        if not text:
            return text
        text = EMAIL.sub(ANONYMOUS, text)  # whole: her address may be any name
        for pattern in (self._whole, self._words):
            if pattern is not None:
                text = pattern.sub(ANONYMOUS, text)
        return mask_personal_text(text)

    def scrub_value(self, value):
        """A JSON value with every string in it scrubbed (keys kept)."""
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, list):
            return [self.scrub_value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub_value(item) for key, item in value.items()}
        return value

    def mentions(self, text: str) -> bool:
        """Whether the text names her (her whole name or one of her numbers), or is only
        words of her name (a search for "fulana silva")."""
        if not text:
            return False
        if self._whole is not None and self._whole.search(text):
            return True
        words = [w for w in re.split(r"\W+", text.lower()) if w]
        pattern = self._words
        return bool(words) and pattern is not None and all(pattern.fullmatch(w) for w in words)


def erase_elsewhere(person: Person) -> None:
    """Run every app's eraser (ERASERS) for `person`, in the caller's transaction."""
    for path in ERASERS:
        import_string(path)(person)


def _spelled(word: str) -> str:
    """A pattern for the word as typed anywhere: any case, with or without accents, not
    inside a longer word (an underscore or a dot separates words, as in file names)."""
    letters = "".join(
        f"[{_ACCENTED[ch]}]" if ch in _ACCENTED else re.escape(ch)
        for ch in _unaccented(word.lower())
    )
    spaced = letters.replace(r"\ ", r"[\s_.-]+")
    return rf"(?<![^\W_]){spaced}(?![^\W_])"


def _number(digits: str) -> str:
    """A CPF, CNPJ or CRO written with or without its dots, dashes and slash."""
    spaced = r"[.\-/\s]?".join(re.escape(d) for d in digits)
    return rf"(?<![0-9A-Za-z]){spaced}(?![0-9A-Za-z])"


def _unaccented(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _alternation(parts: Iterable[str]) -> re.Pattern | None:
    parts = sorted(set(parts), key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None
