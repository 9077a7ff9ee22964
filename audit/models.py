"""What left the system: every export and download of forms or lists (LGPD accountability)."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ExportLog(models.Model):
    at = models.DateTimeField("quando", default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="quem", null=True, on_delete=models.SET_NULL
    )
    what = models.CharField("o quê", max_length=60)
    filters = models.JSONField("filtro", default=dict, blank=True)
    case_count = models.PositiveIntegerField("casos")

    class Meta:
        verbose_name = "exportação registrada"
        verbose_name_plural = "exportações registradas"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.what} por {self.user} em {self.at:%d/%m/%Y %H:%M}"
