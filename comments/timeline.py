"""The case's history tab with its comments and attachments among the contacts and changes."""

import datetime
from dataclasses import dataclass, field

from django.template.defaultfilters import filesizeformat

from accounts import access
from cases.models import Case
from formio.privacy import mask_personal_text, masked_change

from .models import Attachment, Comment


@dataclass(frozen=True)
class Entry:
    """A history row that is not a CaseEvent, shaped like one for the history table."""

    at: datetime.datetime
    user: object
    label: str
    note: str
    changes: list = field(default_factory=list)

    def get_kind_display(self) -> str:
        return self.label


def case_timeline(case: Case, user) -> list:
    """The case's events, comments and attachments, newest first. For a user who may not see
    personal data (Gestor) events' notes and changes and comments are masked as on every
    other channel (formio.privacy), in memory only, and file names left out
    (docs/permissions.md)."""
    personal = access.sees_personal_data(user)
    entries = list(case.events.select_related("user").order_by("-at", "-pk"))
    if not personal:
        for event in entries:
            event.note = mask_personal_text(event.note)
            event.changes = [masked_change(change) for change in event.changes]
    entries += [
        _comment(c, personal) for c in Comment.objects.filter(case=case).select_related("author")
    ]
    entries += [
        _attachment(a, personal)
        for a in Attachment.objects.filter(case=case).select_related("uploaded_by")
    ]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def _comment(comment: Comment, personal: bool) -> Entry:
    text = comment.text if personal else mask_personal_text(comment.text)
    return Entry(comment.created_at, comment.author, "Comentário interno", text)


def _attachment(attachment: Attachment, personal: bool) -> Entry:
    what = f"{attachment.get_kind_display()}, {filesizeformat(attachment.size)}"
    note = f"{attachment.filename} · {what}" if personal else what
    return Entry(attachment.created_at, attachment.uploaded_by, "Anexo adicionado", note)
