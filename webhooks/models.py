"""Events out: the URLs an administrator registers and every delivery and attempt to them."""

import secrets

from django.db import models
from django.utils import timezone


class Event(models.TextChoices):
    OPENED = "case.opened", "Caso aberto"
    ASSIGNED = "case.assigned", "Caso atribuído"
    CLOSED = "case.closed", "Caso encerrado"
    REOPENED = "case.reopened", "Caso reaberto"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A receiver: its URL, the events it wants, and the secret its deliveries are signed with."""

    url = models.URLField("URL", max_length=500)
    events = models.JSONField("eventos", default=list, help_text="Os eventos enviados a esta URL.")
    secret = models.CharField(
        "segredo",
        max_length=64,
        default=new_secret,
        help_text="Chave do HMAC-SHA256 do cabeçalho X-Retencao-Signature; copie-a no receptor.",
    )
    active = models.BooleanField("ativo", default=True)
    created_at = models.DateTimeField("criado em", default=timezone.now)

    class Meta:
        verbose_name = "webhook"
        verbose_name_plural = "webhooks"
        ordering = ["url"]

    def __str__(self):
        return self.url


class Delivery(models.Model):
    """One event for one endpoint, sent until the receiver answers 2xx or the tries run out."""

    class State(models.TextChoices):
        PENDING = "pending", "Aguardando envio"
        DELIVERED = "delivered", "Entregue"
        FAILED = "failed", "Falhou (tentativas esgotadas)"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField("evento", max_length=30, choices=Event.choices)
    case = models.ForeignKey(
        "cases.Case", verbose_name="caso", on_delete=models.CASCADE, related_name="+"
    )
    payload = models.JSONField("corpo")
    state = models.CharField("situação", max_length=10, choices=State.choices, default="pending")
    attempts = models.PositiveSmallIntegerField("tentativas", default=0)
    next_attempt_at = models.DateTimeField("próxima tentativa", null=True, blank=True)
    created_at = models.DateTimeField("criado em", default=timezone.now)

    class Meta:
        verbose_name = "entrega de webhook"
        verbose_name_plural = "entregas de webhooks"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self):
        return f"{self.get_event_display()} · caso {self.case_id} → {self.endpoint}"


class Attempt(models.Model):
    """One try of a delivery: when, what the receiver answered (or why it could not)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField("quando", default=timezone.now)
    status_code = models.PositiveSmallIntegerField("resposta HTTP", null=True, blank=True)
    error = models.TextField("erro", blank=True)
    duration_ms = models.PositiveIntegerField("duração (ms)", default=0)

    class Meta:
        verbose_name = "tentativa"
        verbose_name_plural = "tentativas"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M:%S} · {self.status_code or self.error[:40]}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
