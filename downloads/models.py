"""Exports too big for a request: one row per job, its progress and the file it made."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Na fila"
    RUNNING = "running", "Gerando o arquivo"
    DONE = "done", "Pronto"
    FAILED = "failed", "Falhou"


class ExportJob(models.Model):
    """A list or a .zip of forms asked by `user` with the queue's `filters`, made by a
    background task (downloads.tasks) into `file` under MEDIA_ROOT. Only `user` may see it
    or download it; it is deleted, file and row, KEEP_HOURS after it was asked
    (downloads.services.purge_expired)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="quem pediu", on_delete=models.CASCADE
    )
    what = models.CharField("o quê", max_length=60)  # cases.exports.EXPORTS key
    filters = models.JSONField("filtro", default=dict, blank=True)
    status = models.CharField(
        "situação", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField("casos prontos", default=0)
    total = models.PositiveIntegerField("casos", default=0)
    file = models.FileField("arquivo", upload_to="exportacoes/", blank=True)
    filename = models.CharField("nome para baixar", max_length=120)
    error = models.TextField("motivo da falha", blank=True)
    created_at = models.DateTimeField("pedida em", default=timezone.now, db_index=True)
    heartbeat_at = models.DateTimeField("último avanço", null=True, blank=True)
    finished_at = models.DateTimeField("concluída em", null=True, blank=True)

    class Meta:
        verbose_name = "exportação em segundo plano"
        verbose_name_plural = "exportações em segundo plano"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.what} por {self.user} em {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
