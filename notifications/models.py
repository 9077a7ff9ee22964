"""In-app notifications, the e-mail preference, and the record of digests sent."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Kind(models.TextChoices):
    ASSIGNED = "assigned", "Caso atribuído a você"
    REOPENED = "reopened", "Caso reaberto"
    DUE_TOMORROW = "due_tomorrow", "Prazo vence amanhã"
    OVERDUE = "overdue", "Prazo vencido"
    COMMENTED = "commented", "Comentário em caso seu"
    MENTIONED = "mentioned", "Você foi mencionado"


DEADLINE_KINDS = (Kind.DUE_TOMORROW, Kind.OVERDUE)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="usuário",
    )
    kind = models.CharField("tipo", max_length=20, choices=Kind.choices)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", verbose_name="caso"
    )
    text = models.CharField("texto", max_length=300)
    # The deadline a deadline notification is about: one notification per deadline and kind
    due_on = models.DateField("prazo", null=True, blank=True)
    created_at = models.DateTimeField("criada em", default=timezone.now)
    read_at = models.DateTimeField("lida em", null=True, blank=True)

    class Meta:
        verbose_name = "notificação"
        verbose_name_plural = "notificações"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(fields=["user"], name="notification_unread", condition=Q(read_at=None)),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "case", "kind", "due_on"],
                condition=Q(kind__in=DEADLINE_KINDS),
                name="notification_deadline_once",
            )
        ]

    def __str__(self):
        return self.text


class Preference(models.Model):
    """What a user wants by e-mail (no row: the defaults)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name="usuário",
    )
    email_digest = models.BooleanField(
        "Receber por e-mail o resumo diário do que vence e do que está atrasado", default=True
    )

    class Meta:
        verbose_name = "preferência de notificação"
        verbose_name_plural = "preferências de notificação"

    def __str__(self):
        return f"Preferências de {self.user}"


class DigestSent(models.Model):
    """One row per user and day a digest went out: `send_reminders` never sends it twice."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="usuário"
    )
    day = models.DateField("dia")
    items = models.PositiveIntegerField("itens")
    sent_at = models.DateTimeField("enviado em", default=timezone.now)

    class Meta:
        verbose_name = "resumo enviado"
        verbose_name_plural = "resumos enviados"
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day"),
        ]

    def __str__(self):
        return f"Resumo de {self.user} em {self.day:%d/%m/%Y}"
