"""How sure a form read by OCR is of each field (readers/scan.py).

- A text field is as sure as the least sure word Tesseract read in it (0–1).
- An option list (status, reasons, SIM/NÃO...) is as sure as its boxes: when reading the
  uncertain boxes the other way changes the list, it is as unsure as they are.
- A field a warning names (a date that does not parse, two values...) is unsure.
- Every field of a form printed without its tables' lines is unsure (`unruled`).

Blank fields carry no confidence: nothing was read there.
"""

from formio.casedata import CaseData, flatten
from formio.vocabulary import field_label

from . import values as v
from .labels import LABELS
from .parser import clean_free_text

OPTION_PATHS = (
    "status",
    "serves_other_plans",
    "protocol_required",
    "retention_actions",
    "termination_reasons",
    "responsible_sectors",
)
WARNED = 0.5  # the confidence of a field a warning names
UNKNOWN = 0.5  # a value whose words are not among those read (should not happen)
UNSEEN = 0.0  # a blank field whose label was not read either: its value may be there
UNRULED = 0.6  # every field of a form printed without its tables' lines (unruled)
LEFTOVER = "Texto fora de qualquer campo"  # readers/parser.py's warning
_FIELDS = set(flatten(CaseData().to_dict())) & {label.key for label in LABELS}


def field_confidence(parser, data, flipped, warnings: list[str], pages) -> dict[str, float]:
    """Each filled field's confidence, by interchange path."""
    lookup = _word_confidences(pages)
    texts = _raw_texts(parser)
    values = flatten(data.to_dict())
    other = flatten(flipped.to_dict())
    boxes = [box.confidence for page in pages for box in page.boxes]
    unsure_boxes = [c for c in boxes if c < 0.8] or [1.0]
    confidence = {}
    for path, value in values.items():
        if value in (None, "", []) and other.get(path) in (None, "", []):
            continue
        if path in OPTION_PATHS:
            sure = min(boxes, default=1.0)
            confidence[path] = min(unsure_boxes) if other.get(path) != value else sure
        else:
            confidence[path] = _text_confidence(texts.get(path, str(value)), lookup)
    if "days_to_finish" not in texts and {"started_on", "finished_on"} <= confidence.keys():
        # computed from the dates, as sure as they are
        confidence["days_to_finish"] = min(confidence["started_on"], confidence["finished_on"])
    if any(w.startswith(LEFTOVER) for w in warnings):  # text no field took: maybe a note
        for i, contact in enumerate(data.contacts):
            if not contact.notes:
                confidence[f"contacts.{i}.notes"] = UNSEEN
    seen = {label.key for label in parser.used}
    for path in sorted(_FIELDS - seen - confidence.keys()):
        confidence[path] = UNSEEN
    for path in confidence:
        if _warned(path, warnings):
            confidence[path] = min(confidence[path], WARNED)
    return {path: round(value, 2) for path, value in confidence.items()}


def unruled(confidence: dict[str, float]) -> dict[str, float]:
    """`confidence` for a form printed without its tables' lines: OCR's word positions
    are too rough to keep each value in its column (a sweep of such scans read 78% of
    fields right, and most of the wrong ones from words read with confidence), so every
    field, a blank one too, is at most UNRULED: each waits for a person."""
    every = dict.fromkeys(_FIELDS, UNRULED) | confidence
    return {path: min(value, UNRULED) for path, value in every.items()}


def _word_confidences(pages) -> dict[str, float]:
    lookup: dict[str, float] = {}
    for page in pages:
        for word, confidence in zip(page.words, page.confidences, strict=True):
            lookup[word.text] = min(confidence, lookup.get(word.text, 1.0))
    return lookup


def _raw_texts(parser) -> dict[str, str]:
    """The text each field was read from, by interchange path."""
    texts = dict(parser.raw)
    for key, lines in parser.free.items():
        texts[key] = "\n".join(lines)
    kept = [
        slot
        for slot in parser.contacts
        if not (
            (slot["date"] is None or v.is_null(slot["date"])) and not clean_free_text(slot["notes"])
        )
    ]
    for i, slot in enumerate(kept):
        texts[f"contacts.{i}.date"] = slot["date"] or ""
        texts[f"contacts.{i}.notes"] = "\n".join(slot["notes"])
    texts["signatures"] = " ".join(s for s in parser.signatures if not v.is_null(s))
    return texts


def _text_confidence(text: str, lookup: dict[str, float]) -> float:
    found = [
        lookup[token]
        for token in text.split()
        if token in lookup and any(c.isalnum() for c in token)  # "-" or "." mean nothing
    ]
    return min(found) if found else UNKNOWN


def _warned(path: str, warnings: list[str]) -> bool:
    label = field_label(path)
    return any(warning.startswith(f"{label}:") for warning in warnings)
