"""Scanned forms wait for a person: what OCR read is shown beside the page image, the
uncertain fields marked, and only what the person confirms (or corrects) is saved, through
the same import service, its history saying who reviewed it (formio/readers/scan.py).

Nothing read by OCR enters the queue as if typed: the batch import (`chunk_import`) stops
such a file at "Aguardando revisão" (`awaiting`), and `review_confirm` saves it.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from formio.casedata import CaseData, ContactData, days_between
from formio.formats import decimal_br, money_br
from formio.readers import ReadResult
from formio.readers import values as v
from formio.readers.store import store_value
from formio.vocabulary import FIELD_LABELS, Vocabulary

from .matching import form_match
from .models import ImportedFile, Outcome

OPTION_LISTS = {
    "retention_actions": "retention_actions",
    "termination_reasons": "termination_reasons",
    "responsible_sectors": "responsible_sectors",
}
YES_NO = {"serves_other_plans", "protocol_required"}
FREE_TEXT = {"other_plans", "retention_actions_notes", "general_notes", "signatures"}
NOT_TYPED = {"status", "contacts", *OPTION_LISTS, *YES_NO, *FREE_TEXT}
TYPED = [path for path in FIELD_LABELS if path not in NOT_TYPED]  # in the paper's order
MONEY = {"last_production_value"}
BLANKED = " O campo ficou em branco."  # readers/store.py: a value that does not parse
EXTRA_CONTACTS = 1  # blank contact rows offered for one OCR missed


def awaiting(row: ImportedFile, read: ReadResult):
    """The outcome of a scanned file: waiting for its review, with what OCR read; or, when
    this very file was imported before, unchanged (the same file never changes anything)."""
    from .services import FormResult

    match = form_match(read.data, row.sha256)
    if match.same_file:
        return FormResult(row.filename, Outcome.UNCHANGED, match.case.pk, read.warnings)
    reading = {"data": read.data.to_dict(), **read.scan.to_dict(), "text": read.text}
    return FormResult(row.filename, Outcome.REVIEW, warnings=read.warnings, reading=reading)


def review_confirm(*, row: ImportedFile, user, data: CaseData):
    """Save a reviewed scanned form through the import service, the original kept; its
    history says it was read by OCR and reviewed by `user`. Refused if already reviewed."""
    from .services import file_store

    with transaction.atomic():
        locked = ImportedFile.objects.select_for_update().filter(pk=row.pk).first()
        if locked is None or locked.outcome != Outcome.REVIEW:
            raise ValidationError("Este formulário já foi revisado por outra pessoa.")
        who = user.get_full_name() or user.username
        read = ReadResult(data, warnings=list(locked.warnings))
        result = file_store(locked, user=user, read=read, note=f"digitalizado, revisado por {who}")
        locked.reviewed_by, locked.reviewed_at = user, timezone.now()
        locked.save(update_fields=["reviewed_by", "reviewed_at"])
    return result


# The review form ------------------------------------------------------------------------


def name_of(path: str) -> str:
    return path.replace(".", "-")


def as_text(path: str, value) -> str:
    """A value as it is typed on the review screen (dd/mm/aaaa, 1.234,56)."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return money_br(value) if path in MONEY else decimal_br(value)
    return str(value)


class ReviewForm(forms.Form):
    """Every field of the paper form, filled with what OCR read; `uncertain` paths marked."""

    def __init__(self, *args, data_read: CaseData, vocabulary: Vocabulary, reading: dict, **kw):
        super().__init__(*args, **kw)
        self.vocabulary = vocabulary
        self.contact_count = len(data_read.contacts) + EXTRA_CONTACTS
        self._typed_fields(data_read)
        self._option_fields(data_read)
        self._contact_fields(data_read)
        self._mark(reading.get("confidence", {}), set(reading.get("uncertain", [])))
        first = next((b for _, group in self.groups() for b in group if _uncertain(b)), None)
        if first is not None:  # the cursor starts where the person must look
            first.field.widget.attrs["autofocus"] = True

    def _typed_fields(self, read: CaseData) -> None:
        provider = read.provider
        for path in TYPED:
            target, _, attr = path.rpartition(".")
            value = getattr(provider if target else read, attr)
            self.fields[name_of(path)] = forms.CharField(
                label=FIELD_LABELS[path], required=False, initial=as_text(path, value)
            )

    def _option_fields(self, read: CaseData) -> None:
        statuses = [(o.code, o.label) for o in self.vocabulary.statuses]
        self.fields["status"] = forms.ChoiceField(
            label=FIELD_LABELS["status"],
            choices=[("", "(em aberto)"), *statuses],
            required=False,
            initial=read.status or "",
            widget=forms.RadioSelect,
        )
        for path in YES_NO:
            value = getattr(read, path)
            self.fields[path] = forms.ChoiceField(
                label=FIELD_LABELS[path],
                choices=[("", "(em branco)"), ("sim", "SIM"), ("nao", "NÃO")],
                required=False,
                initial={True: "sim", False: "nao"}.get(value, ""),
            )
        for path, attr in OPTION_LISTS.items():
            self.fields[path] = forms.MultipleChoiceField(
                label=FIELD_LABELS[path],
                choices=[(o.code, o.label) for o in getattr(self.vocabulary, attr)],
                required=False,
                initial=getattr(read, path),
                widget=forms.CheckboxSelectMultiple,
            )
        for path in FREE_TEXT:
            value = getattr(read, path)
            text = "\n".join(value) if path == "signatures" else value
            self.fields[path] = forms.CharField(
                label=FIELD_LABELS[path] + (" (um nome por linha)" if path == "signatures" else ""),
                required=False,
                initial=text,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def _contact_fields(self, read: CaseData) -> None:
        for i in range(self.contact_count):
            contact = read.contacts[i] if i < len(read.contacts) else ContactData()
            self.fields[f"contacts-{i}-date"] = forms.CharField(
                label=f"{i + 1}º contato - Data", required=False, initial=as_text("", contact.date)
            )
            self.fields[f"contacts-{i}-notes"] = forms.CharField(
                label=f"{i + 1}º contato - Obs.",
                required=False,
                initial=contact.notes,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def _mark(self, confidence: dict, uncertain: set[str]) -> None:
        """Each field's confidence on it; the uncertain ones flagged for the screen."""
        for path, value in confidence.items():
            name = _field_of(path)
            if name in self.fields:
                field = self.fields[name]
                field.confidence = min(value, getattr(field, "confidence", 1.0))
                field.uncertain = getattr(field, "uncertain", False) or path in uncertain
                if field.uncertain:
                    field.widget.attrs["aria-describedby"] = f"conferir-{name}"

    def groups(self) -> list[tuple[str, list]]:
        """The fields in the paper's sections, for the template."""
        contacts = [
            self[f"contacts-{i}-{part}"]
            for i in range(self.contact_count)
            for part in ("date", "notes")
        ]
        top = [self[name_of(path)] for path in TYPED] + [
            self["serves_other_plans"],
            self["other_plans"],
        ]
        status = [self["status"]]
        rest = [
            self[p]
            for p in (
                "retention_actions",
                "retention_actions_notes",
                "termination_reasons",
                "protocol_required",
                "general_notes",
                "responsible_sectors",
                "signatures",
            )
        ]
        return [
            ("Formulário", top),
            ("Status retenção", status),
            ("Contatos", contacts),
            ("Ações, motivos e assinaturas", rest),
        ]

    def clean(self):
        cleaned = super().clean()
        self.case_data = self._case_data(cleaned)
        return cleaned

    def _case_data(self, cleaned: dict) -> CaseData:
        data = CaseData()
        for path in TYPED:
            text, warnings = cleaned.get(name_of(path), "").strip(), []
            if text:
                store_value(data, path, text, warnings)
            blanked = [w for w in warnings if w.endswith(BLANKED)]  # kept as typed otherwise
            if blanked:  # the reader's message, naming the field; here nothing is blanked
                self.add_error(name_of(path), blanked[0].removesuffix(BLANKED))
        data.status = cleaned.get("status") or None
        for path in YES_NO:
            setattr(data, path, {"sim": True, "nao": False}.get(cleaned.get(path, "")))
        for path in OPTION_LISTS:
            setattr(data, path, list(cleaned.get(path, [])))
        data.other_plans = cleaned.get("other_plans", "").strip()
        data.retention_actions_notes = cleaned.get("retention_actions_notes", "").strip()
        data.general_notes = cleaned.get("general_notes", "").strip()
        lines = cleaned.get("signatures", "").splitlines()
        data.signatures = [line.strip() for line in lines if line.strip()]
        data.contacts = self._contacts(cleaned)
        computed = days_between(data.started_on, data.finished_on)
        if computed is not None and computed >= 0:
            data.days_to_finish = computed
        return data

    def _contacts(self, cleaned: dict) -> list[ContactData]:
        contacts = []
        for i in range(self.contact_count):
            text = cleaned.get(f"contacts-{i}-date", "").strip()
            notes = cleaned.get(f"contacts-{i}-notes", "").strip()
            date = None
            if text:
                try:
                    date = v.parse_date(text)
                except v.BadValue as error:
                    self.add_error(f"contacts-{i}-date", f"{i + 1}º contato - Data: {error}")
            if date or notes:
                contacts.append(ContactData(date=date, notes=notes))
        return contacts


def _uncertain(bound) -> bool:
    return getattr(bound.field, "uncertain", False)


def _field_of(path: str) -> str:
    """The form field of an interchange path ("contacts.0.date" -> "contacts-0-date")."""
    return name_of(path)
