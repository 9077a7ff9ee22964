"""Comments and attachments of a case: the only way they are written or removed.

Each function runs in one transaction. A comment notifies, through the notifications app,
the users it @mentions (by username) who may see the case, and the case's analyst.
Neither bumps the case's version: commenting never conflicts with someone editing the form.
"""

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

import notifications.services
from accounts import access
from cases.models import Case

from . import files
from .models import Attachment, Comment

COMMENT_MAX = 5_000  # characters; a comment is a note, not a document: attach those
DESCRIPTION_MAX = 300
ANONYMOUS = "(anonimizado)"
# "@analista2" but not the middle of "ana@exemplo.com.br"; a final "." or "," is punctuation
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w])")


@dataclass(frozen=True)
class Posted:
    comment: Comment
    notified: list  # users told they were mentioned
    not_notified: list[str]  # @names that are no active user who may see the case


def mentions_in(text: str) -> list[str]:
    """The usernames @mentioned in `text`, in order, each once."""
    return list(dict.fromkeys(MENTION.findall(text)))


def comment_add(*, user, case: Case, text: str) -> Posted:
    """Add an internal comment; the mentioned users who may see the case are notified."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Escreva o comentário."})
    if len(text) > COMMENT_MAX:
        raise ValidationError(
            {"text": f"O comentário tem {len(text)} caracteres; o máximo é {COMMENT_MAX}."}
        )
    names = mentions_in(text)
    people = get_user_model().objects.filter(username__in=names, is_active=True)
    mentioned = [person for person in people if access.can(person, "view", case)]
    with transaction.atomic():
        comment = Comment.objects.create(case=case, author=user, text=text)
        comment.mentioned.set(mentioned)
        notifications.services.notify_comment(comment=comment, mentioned=mentioned)
    seen = {person.username for person in mentioned}
    return Posted(comment, mentioned, [name for name in names if name not in seen])


def attachment_add(*, user, case: Case, upload: UploadedFile, description: str = "") -> Attachment:
    """Keep an uploaded file of the case under MEDIA_ROOT/anexos/, after checking its size
    (settings.ATTACHMENT_MAX_BYTES) and that its bytes are what its name says."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {"file": f"“{upload.name}” tem {_mb(upload.size)}; o máximo é {_mb(limit)}."}
        )
    if not upload.size:
        raise ValidationError({"file": f"“{upload.name}” está vazio."})
    upload.seek(0)
    try:
        kind = files.kind_of(upload.name, upload.read(4096))
    except files.FileRefused as refused:
        raise ValidationError({"file": str(refused)}) from None
    upload.seek(0)
    if len(description) > DESCRIPTION_MAX:
        raise ValidationError({"description": f"Use no máximo {DESCRIPTION_MAX} caracteres."})
    with transaction.atomic():
        attachment = Attachment(
            case=case,
            uploaded_by=user,
            token=secrets.token_hex(16),
            filename=upload.name[-255:],
            kind=kind,
            size=upload.size,
            description=description.strip(),
        )
        attachment.file.save(attachment.token, upload, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)  # no file without its row
            raise
    return attachment


def anonymise_case_extras(case: Case) -> None:
    """Anonymisation of a case (LGPD), for cases.services' anonymisation: every comment's
    text is blanked and its mentions dropped; every attachment's file is deleted and its
    name and description blanked. That a comment or a file existed, and when, stays."""
    with transaction.atomic():
        for comment in Comment.objects.filter(case=case).select_for_update():
            comment.text = ANONYMOUS
            comment.save(update_fields=["text"])
            comment.mentioned.clear()
        for attachment in Attachment.objects.filter(case=case).select_for_update():
            if attachment.file:
                attachment.file.delete(save=False)
            attachment.filename, attachment.description = ANONYMOUS, ""
            attachment.save(update_fields=["file", "filename", "description"])


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
