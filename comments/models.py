"""Internal comments and attached files of a case: the team's notes beside the paper form.

Neither is part of the form: they are not in CaseData, not printed, not exported with it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Comment(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="comments", verbose_name="caso"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="autor",
    )
    text = models.TextField("comentário")
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="mencionados"
    )
    created_at = models.DateTimeField("quando", default=timezone.now)

    class Meta:
        verbose_name = "comentário"
        verbose_name_plural = "comentários"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="comment_case_time")]

    def __str__(self):
        return f"Comentário {self.pk} do caso {self.case_id}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    """anexos/<case>/<random>.<ext>: the name typed by the user never reaches the disk."""
    return f"anexos/{attachment.case_id}/{attachment.token}.{attachment.kind}"


class AttachmentKind(models.TextChoices):
    PNG = "png", "Imagem PNG"
    JPG = "jpg", "Imagem JPEG"
    PDF = "pdf", "PDF"
    EML = "eml", "E-mail (.eml)"


class Attachment(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="attachments", verbose_name="caso"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="enviado por",
    )
    file = models.FileField("arquivo", upload_to=attachment_path, blank=True)
    token = models.CharField("nome no disco", max_length=32, editable=False)
    filename = models.CharField("nome do arquivo", max_length=255)
    kind = models.CharField("tipo", max_length=3, choices=AttachmentKind.choices)
    size = models.PositiveIntegerField("tamanho (bytes)")
    description = models.CharField("descrição", max_length=300, blank=True)
    created_at = models.DateTimeField("quando", default=timezone.now)

    class Meta:
        verbose_name = "anexo"
        verbose_name_plural = "anexos"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="attachment_case_time")]

    def __str__(self):
        return self.filename

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


CONTENT_TYPES = {
    AttachmentKind.PNG: "image/png",
    AttachmentKind.JPG: "image/jpeg",
    AttachmentKind.PDF: "application/pdf",
    AttachmentKind.EML: "message/rfc822",
}
