"""The API's own records: people's tokens and the answers kept for retried POSTs."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


def token_digest(key: str) -> str:
    """Tokens are kept as their SHA-256: a copy of the database lets no one in."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A person's key to the API (`Authorization: Token <chave>`); shown once, at creation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("nome", max_length=80, help_text="Para que serve (ex.: BI, script)")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("início da chave", max_length=8, editable=False)
    created_at = models.DateTimeField("criado em", default=timezone.now)
    last_used_at = models.DateTimeField("último uso", null=True, blank=True)

    class Meta:
        verbose_name = "token da API"
        verbose_name_plural = "tokens da API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, user, name: str) -> tuple["ApiToken", str]:
        """A new token for `user` and its key (the only time the key is known)."""
        key = secrets.token_urlsafe(30)
        token = cls.objects.create(user=user, name=name, digest=token_digest(key), prefix=key[:8])
        return token, key


class IdempotentRequest(models.Model):
    """The first answer to a POST sent with an `Idempotency-Key`, replayed to its retries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=255)
    path = models.CharField(max_length=255)
    body_digest = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")
        ]

    def __str__(self):
        return f"{self.key} ({self.path})"
