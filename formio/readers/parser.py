"""From the cells of a filled form, in reading order, to a CaseData and its warnings.

Every reader (text, DOCX, PDF) turns its file into *blocks* (a table cell, or a paragraph
separated by blank lines) of *lines*; a line may hold several cells separated by two or
more spaces. The parser walks them once:

- a label ("CRO", "Data inclusão") puts its field at the end of a queue of fields waiting
  for a value; a label that follows a value starts a new row and empties the queue;
- a value goes to the first waiting field whose shape accepts it (a CPF only into "CPF",
  a date only into a date...). Fields skipped over had an empty cell that vanished;
  a blank cell that kept its place (EMPTY_CELL: a block of its own, mdtables.table_blocks,
  or a cell of a row, layout._blank_cells_kept) is the first waiting field's; a value
  typed into its label's cell ("Colaborador: Maria Souza", labelcells.py) is that
  field's, and the blank cell under the label stays its own;
- a box (☐/☒/[x]) ticks the option of the list being read;
- free text ("Obs.:", "Obs. Geral", "Quais?") takes the rest of its block, line breaks
  kept.

Nothing is guessed: a value no field accepts is reported in a warning.
"""

import re

from formio.casedata import CaseData, ContactData, days_between
from formio.rules import DATE_ORDER
from formio.vocabulary import field_label

from . import values as v
from .docx import EMPHASIS, EMPTY_CELL
from .labelcells import paired_value, typed_value
from .labels import (
    FREE,
    LABELS,
    OPTIONS,
    PRINTED_OPTIONS,
    SECTION,
    SIGNING_ROLES,
    Label,
    LabelMatch,
    OptionLists,
    fold,
    fold_word,
    match_label,
    match_option,
)
from .store import parsed, store_value

TICKED = "☒☑✓✔⊠❒✅"
GLYPH = re.compile(r"[☐☒☑✓✔⊠❒✅□◻❑]|\[ ?[xX✓✔]? ?\]|\( ?[xX✓✔]? ?\)")
# An "X" typed beside an option instead of a box glyph: "X Desligamento", "Desligamento X"
_TYPED_X = re.compile(r"^[xX](?:\s+|\s*[-–:)]\s*)(?=\S)")
_TRAILING_X = re.compile(r"^\(?\s*[xX]\s*\)?(?=\s|$)")
_PARTS = re.compile(r"\s{2,}|\t")
_INSTRUCTION = re.compile(
    r"OBRIGAT[OÓ]RIO\s+JUSTIFICATIVA\s+CASO\s+SELECIONE\s*[\"“”'‘’]?\s*OUTROS\s*[\"“”'‘’]?\s*\.?",
    re.IGNORECASE,
)
_NOISE = re.compile(  # title, page numbers, the writers' "Caso 12 · Impresso em 02/06/2025"
    r"formulario processo de retencao|pagina \d+( de \d+)?|\d+ ?de ?\d+"
    r"|(caso \d+ )?impresso em [\d ]+( caso \d+)?"
)
_SIGN_LINE = re.compile(r"[\s_.\-–—]*")
_SHAPES = {label.key: label.shapes for label in LABELS}
_FREE_KEYS = {"other_plans", "general_notes", "retention_actions_notes"}
# Waits in place of a field whose value was typed into its label's cell: the blank cell
# under that label is its, not the next label's.
_TYPED = "typed:"
_MAX_LEFTOVERS = 20


class FormParser:
    def __init__(self, options: OptionLists = PRINTED_OPTIONS):
        self.options = options  # the printed option lists the boxes are matched against
        self.first_words = {  # of each list's options: most cells are no option at all
            group: {spelling.words[0] for spelling in spellings if spelling.words}
            for group, spellings in options.spellings.items()
        }
        self.used: set[Label] = set()
        self.pending: list[str] = []
        self.last = ""  # "label", "value" or "option": what the previous cell was
        self.raw: dict[str, str] = {}
        self.free: dict[str, list[str]] = {}
        self.ticks: dict[str, list[str]] = {}
        self.group: str | None = None
        self.contacts: list[dict] = []
        self.obs_owner: str | None = None
        self.capture: str | None = None  # free field taking the rest of the block
        self.continued: str | None = None  # free field a following value adds to
        self.loose_tick: bool | None = None  # a box whose option text is in the next cell
        self.signing = False
        self.emphasized = False  # the line being read is all bold or highlighted
        self.marked: dict[str, list[str]] = {}  # options marked that way, by list
        self.signatures: list[str] = []
        self.leftovers: list[str] = []
        self.recognized = 0
        self.blanks = 0  # blank cells read since the last label: see _empty_cell

    # -- walking the cells -------------------------------------------------------------

    def feed_block(self, lines: list[str]) -> None:
        self.capture = None
        if lines == [EMPTY_CELL]:
            self._empty_cell()
            return
        for line in lines:
            self.emphasized = line.startswith(EMPHASIS)
            line = line.strip().lstrip(EMPHASIS)
            if not line:
                continue
            if self.capture and not self._ends_capture(line):
                self._free_lines(self.capture).append(line)
                continue
            self.capture = None
            self._feed_line(line)

    def _feed_line(self, text: str) -> None:
        for _ in range(200):  # each step consumes something; the bound is a safety net
            text = text.strip()
            if not text:
                return
            text = self._step(text)

    def _step(self, text: str) -> str:
        if text.startswith(EMPTY_CELL):  # a blank cell kept in a row of values (layout.py)
            self._empty_cell()
            return text[1:]
        if GLYPH.match(text):
            return self._option(text)
        typed = self._typed_option(text)
        if typed is not None:
            return typed
        if self.loose_tick is not None:
            found = match_option(text, self.group, self.options)
            if found:
                self._tick(found.group, found.code, self.loose_tick)
                self.loose_tick = None
                return found.rest
        match = match_label(text)
        label = self._resolve(match) if match else None
        if match and label is not None and self._fits(label, match):
            return self._take_label(label, match)
        return self._value(text)

    def _ends_capture(self, line: str) -> bool:
        if GLYPH.match(line):
            return True
        match = match_label(line)
        if not match:
            return False
        label = self._resolve(match)
        return label is not None and self._fits(label, match)

    # -- labels ------------------------------------------------------------------------

    def _resolve(self, match: LabelMatch) -> Label | str | None:
        """Which label a printed spelling is here: "UF" is the CRO's first, then the
        city's; "Data" is the form's date until the contacts start."""
        if match.contact is not None:
            return "contact"
        for label in match.labels:
            if label.key == "form_date":
                if label not in self.used and not self.contacts:
                    return label
            elif label.key == "contact.date":
                if self.contacts:
                    return label
            elif label.repeats or label not in self.used:
                return label
        return None

    def _fits(self, label: Label | str, match: LabelMatch) -> bool:
        """A label at the start of a cell is a label only if what follows makes sense
        (nothing, a box, another label, or a value of its shape): "Data combinada com
        a clínica" in a note is not the label "Data"."""
        rest = match.rest
        if not rest or label == "contact" or GLYPH.match(rest):
            return True
        if label.kind in (FREE, OPTIONS, SECTION):
            return True
        following = match_label(rest)
        if following and self._resolve(following) is not None:
            return True
        if match.joined and self._note_waits() and v.shape_of(_split_first(rest)[0]) == "text":
            return False  # "Colaborador ligou para a dentista": the note of "Obs. Geral"
        return typed_value(rest, label.shapes) is not None

    def _note_waits(self) -> bool:
        return self.last == "label" and bool(self.pending) and _is_free(self.pending[-1])

    def _take_label(self, label: Label | str, match: LabelMatch) -> str:
        self._blank_cells_before_label()
        self.recognized += 1
        self.continued = None
        self.loose_tick = None
        if label == "contact":
            self._new_section()
            self.contacts.append({"date": None, "notes": []})
            self.obs_owner = f"contacts.{len(self.contacts) - 1}.notes"
            self.last = "label"
            return match.rest
        self.used.add(label)
        if label.kind == OPTIONS:
            self._new_section()
            self.group = label.key
            self.ticks.setdefault(label.key, [])
            if label.key == "retention_actions":
                self.obs_owner = "retention_actions_notes"
            return match.rest
        if label.kind == SECTION:
            self._new_section()
            self.signing = label.key == "signatures"
            return match.rest
        if label.kind == FREE:
            return self._free_label(label, match.rest)
        target = self._target(label)
        self._wait_for(target)
        if match.joined and match.rest and target:
            return self._typed_in_label(label, target, match.rest)
        return match.rest

    def _typed_in_label(self, label: Label, target: str, rest: str) -> str:
        """The value typed after the label in its own cell ("CRO 12345 UF SP") is the
        field's; the row of labels goes on (the cells under them are still to come)."""
        typed = typed_value(rest, label.shapes) or paired_value(rest)
        if typed is None or v.shape_of(typed[0]) not in label.shapes | {"null"}:
            return rest
        self._set_raw(target, typed[0])
        self.pending[-1] = _TYPED + target
        self.last = "label"
        return typed[1]

    def _new_section(self) -> None:
        self.pending.clear()
        self.blanks = 0
        self.last = "label"

    def _wait_for(self, target: str | None) -> None:
        if self.last != "label":
            self.pending.clear()
        self.pending = [t for t in self.pending if not _is_free(t)]
        if target:
            self.pending.append(target)
        self.last = "label"

    def _target(self, label: Label) -> str | None:
        if label.key == "contact.date":
            return f"contacts.{len(self.contacts) - 1}.date"
        return label.key

    def _free_label(self, label: Label, rest: str) -> str:
        target = self.obs_owner if label.key == "obs" else label.key
        if label.key == "general_notes":
            self._new_section()
            self.obs_owner = None
        if rest and not GLYPH.match(rest) and target:
            self._set_free(target, rest)
            return ""
        if self.last != "label":
            self.pending.clear()
        if target:
            self.pending.append(target)
        self.last = "label"
        return rest

    # -- values ------------------------------------------------------------------------

    def _value(self, text: str) -> str:
        self._blank_values()
        part, _, rest = _split_first(text)
        shape = v.shape_of(part)
        if shape != "null" and self._whole_row(text):
            # each value is its label's, even one of the wrong look ("JJ" for "J", as OCR
            # may read it): refused there with a warning, not moved on to the next label
            target = next(t for t in self.pending if not t.startswith(_TYPED))
            del self.pending[: self.pending.index(target) + 1]
            self._set_raw(target, part)
            return rest
        for i, target in enumerate(self.pending):
            if target.startswith(_TYPED):
                continue
            if _is_free(target):
                if any(self._accepts(t, shape) for t in self.pending[i + 1 :]):
                    continue
                del self.pending[: i + 1]
                self._set_free(target, text)
                return ""
            if shape == "null" or self._accepts(target, shape):
                del self.pending[: i + 1]
                self._set_raw(target, part)
                return rest
        self._unplaced(text)
        return ""

    def _whole_row(self, text: str) -> bool:
        """A row of values under a row of labels, one for each: as many cells as fields
        waiting (two or more, none of free text)."""
        waiting = [t for t in self.pending if not t.startswith(_TYPED)]
        return (
            len(waiting) > 1
            and not any(_is_free(t) for t in waiting)
            and len(_PARTS.split(text)) == len(waiting)
        )

    def _empty_cell(self) -> None:
        """A cell left blank under its label: that field has no value, the next value
        belongs to the next label. Right after a label it may instead be a blank cell in
        the row of labels (text exports show both alike): what follows tells them apart
        (_blank_cells_before_label)."""
        if self.last == "label" and self.pending:
            self.blanks += 1
        elif self.pending:
            del self.pending[0]
            self.last = "value"
            self.continued = None

    def _blank_values(self) -> None:
        if self.blanks:
            del self.pending[: self.blanks]
            self.blanks = 0
            self.last = "value"
            self.continued = None

    def _blank_cells_before_label(self) -> None:
        """Blanks then a label: the row of values, all blank, when there were as many
        as fields waiting; else blank cells among the labels, which hold no value."""
        if self.blanks >= len(self.pending):
            self._blank_values()
        self.blanks = 0

    def _accepts(self, target: str, shape: str) -> bool:
        if _is_free(target) or target.startswith(_TYPED):
            return False
        if target.startswith("contacts."):
            return shape == "date"
        return shape in _SHAPES.get(target, ())

    def _set_raw(self, target: str, text: str) -> None:
        self.last = "value"
        self.continued = None
        if target.startswith("contacts."):
            self.contacts[int(target.split(".")[1])]["date"] = text
        elif target not in self.raw or v.is_null(self.raw[target]):
            self.raw[target] = text
        else:
            self._leftover(f"{field_label(target)}: segundo valor ignorado ({text!r}).")

    def _set_free(self, target: str, text: str) -> None:
        self.last = "value"
        self.capture = self.continued = target
        self._free_lines(target).append(text)

    def _free_lines(self, target: str) -> list[str]:
        if target.startswith("contacts."):
            return self.contacts[int(target.split(".")[1])]["notes"]
        return self.free.setdefault(target, [])

    def _unplaced(self, text: str) -> None:
        if self.continued and self.last == "value":
            self._free_lines(self.continued).append(text)
            self.capture = self.continued
        elif _NOISE.fullmatch(fold(text)):
            pass
        elif self.signing:  # names signed side by side are cells of one line
            self.signatures += [name for name in _PARTS.split(text) if _is_name(name)]
            self.last = "value"
        else:
            self._leftover(f"Texto fora de qualquer campo, não importado: {text[:200]!r}.")
            self.last = "value"

    def _leftover(self, message: str) -> None:
        if len(self.leftovers) < _MAX_LEFTOVERS:
            self.leftovers.append(message)

    # -- boxes -------------------------------------------------------------------------

    def _option(self, text: str) -> str:
        ticked, segment, after = _box(text)
        if not segment.strip():
            self.loose_tick = ticked
            return after
        typed = _TYPED_X.match(segment.lstrip())  # "☐ X Desligamento": the X ticks it
        if typed:
            segment, ticked = segment.lstrip()[typed.end() :], True
        found = match_option(segment, self.group, self.options)
        if found:
            rest = found.rest
            trailing = self._trailing_x(rest)  # "☐ Desligamento X"
            if trailing:
                rest, ticked = rest[trailing.end() :], True
            self._tick(found.group, found.code, ticked)
            return f"{rest}  {after}"
        if ticked:
            where = field_label(self.group) if self.group else "Formulário"
            self._leftover(f"{where}: opção marcada não reconhecida ({segment.strip()!r}).")
        return after

    def _typed_option(self, text: str) -> str | None:
        """An option without a box while a list is read: ticked when an "X" is typed
        before or after it, else a box left empty (its text is no value). None when
        `text` is not an option of the list."""
        if not self.group or self.last not in ("label", "option"):
            return None
        typed = _TYPED_X.match(text)
        if not typed and not self._may_be_option(text):
            return None
        found = match_option(
            text[typed.end() :] if typed else text, self.group, self.options, fuzzy=False
        )
        if found is None or (not typed and found.group != self.group):
            return None
        rest = found.rest
        after = self._trailing_x(rest)
        if after:
            rest = rest[after.end() :]
        elif not typed and rest and not self._more_options(rest):
            return None  # "Sim, atende Amil": a value that starts like an option
        self._tick(found.group, found.code, bool(typed or after))
        return rest

    def _may_be_option(self, text: str) -> bool:
        word = text.split(None, 1)[0] if text.strip() else ""
        return fold_word(word) in self.first_words.get(self.group, ())

    def _trailing_x(self, rest: str):
        """The "X" after an option's text, unless an option follows it (then the X is
        typed before that one, where its box would be)."""
        after = _TRAILING_X.match(rest)
        before_next = _TYPED_X.match(rest)
        if before_next and match_option(
            rest[before_next.end() :], self.group, self.options, fuzzy=False
        ):
            return None
        return after

    def _more_options(self, rest: str) -> bool:
        if GLYPH.match(rest) or _TYPED_X.match(rest) or match_label(rest):
            return True
        found = match_option(rest, self.group, self.options, fuzzy=False)
        return found is not None and found.group == self.group

    def _tick(self, group: str, code: str, ticked: bool) -> None:
        self.recognized += 1
        self.last = "option"
        self.continued = self.capture = None
        self.ticks.setdefault(group, [])
        if ticked:
            self.ticks[group].append(code)
        elif self.emphasized:
            self.marked.setdefault(group, []).append(code)
        if group == "responsible_sectors":
            self.signing = True

    # -- the result --------------------------------------------------------------------

    def result(self) -> tuple[CaseData, list[str]]:
        warnings: list[str] = []
        data = CaseData()
        for key, text in self.raw.items():
            store_value(data, key, text, warnings)
        data.other_plans = self._free_text("other_plans")
        data.general_notes = self._free_text("general_notes")
        data.retention_actions_notes = self._free_text("retention_actions_notes")
        data.contacts = self._contacts(warnings)
        _emphasis_ticks(self.ticks, self.marked, warnings)
        self._options(data, warnings)
        data.signatures = [s for s in self.signatures if not v.is_null(s)]
        _days(data, warnings)
        return data, [*warnings, *self.leftovers]

    def _free_text(self, key: str) -> str:
        return clean_free_text(self.free.get(key, []))

    def _contacts(self, warnings: list[str]) -> list[ContactData]:
        contacts = []
        for slot in self.contacts:
            notes = clean_free_text(slot["notes"])
            raw = slot["date"]
            if (raw is None or v.is_null(raw)) and not notes:
                continue
            date = None
            if raw and not v.is_null(raw):
                where = field_label(f"contacts.{len(contacts)}.date")
                date = parsed(v.parse_date, raw, where, warnings)
            contacts.append(ContactData(date=date, notes=notes))
        return contacts

    def _options(self, data: CaseData, warnings: list[str]) -> None:
        statuses = self.options.ordered("status", self.ticks.get("status", []))
        if len(statuses) > 1:
            warnings.append(f"Status retenção: mais de uma opção marcada; ficou {statuses[0]!r}.")
        data.status = statuses[0] if statuses else None
        data.serves_other_plans = _yes_no(self.ticks, "serves_other_plans", warnings)
        data.protocol_required = _yes_no(self.ticks, "protocol_required", warnings)
        for key in ("retention_actions", "termination_reasons", "responsible_sectors"):
            setattr(data, key, self.options.ordered(key, self.ticks.get(key, [])))


def _emphasis_ticks(ticks: dict, marked: dict, warnings: list[str]) -> None:
    """A list with no box ticked but one option in bold or highlighted (a few where the
    list takes several): that option was the one marked."""
    for group, codes in marked.items():
        single = group in ("status", "serves_other_plans", "protocol_required")
        if ticks.get(group) or len(codes) > (1 if single else 3):
            continue
        ticks[group] = list(codes)
        warnings.append(
            f"{field_label(group)}: nenhuma caixa marcada; valeu a opção em negrito ou destacada."
        )


def _box(text: str) -> tuple[bool, str, str]:
    """A text starting with a box: whether it is ticked, the option's text up to the next
    box, and the rest from that box on."""
    glyph = GLYPH.match(text)
    ticked = any(c in TICKED or c in "xX" for c in glyph.group())
    body = text[glyph.end() :]
    following = GLYPH.search(body)
    if following is None:
        return ticked, body, ""
    return ticked, body[: following.start()], body[following.start() :]


def _is_name(text: str) -> bool:
    """A signed name, not the line drawn to sign on nor the role printed under it."""
    return not _SIGN_LINE.fullmatch(text) and fold(text) not in SIGNING_ROLES


def _is_free(target: str) -> bool:
    return target in _FREE_KEYS or target.endswith(".notes")


def _split_first(text: str) -> tuple[str, str, str]:
    parts = _PARTS.split(text, maxsplit=1)
    return parts[0], "", parts[1] if len(parts) > 1 else ""


def clean_free_text(lines: list[str]) -> str:
    """Lines of a free-text cell as one value: the printed instruction and a lone "-"
    are not values; line breaks are kept."""
    text = "\n".join(line.strip() for line in lines)
    text = _INSTRUCTION.sub("", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{2,}", "\n", text).strip()
    return "" if v.is_null(text) else text


def _yes_no(ticks: dict[str, list[str]], group: str, warnings: list[str]) -> bool | None:
    marked = set(ticks.get(group, []))
    if marked == {"sim", "nao"}:
        warnings.append(f"{field_label(group)}: SIM e NÃO marcados; ficou em branco.")
        return None
    return {"sim": True, "nao": False}.get(next(iter(marked), ""), None)


def _days(data: CaseData, warnings: list[str]) -> None:
    """Computed from the dates when both exist; otherwise the number written, if any."""
    written = data.days_to_finish
    computed = days_between(data.started_on, data.finished_on)
    if computed is None:
        return
    if computed < 0:
        warnings.append(f"{DATE_ORDER} Tempo finalização ficou em branco.")
        data.days_to_finish = None
        return
    if written is not None and written != computed:
        warnings.append(
            f"Tempo finalização: o formulário diz {written} dia(s), mas as datas dão "
            f"{computed} dia(s); ficou o cálculo pelas datas."
        )
    data.days_to_finish = computed
