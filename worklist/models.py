"""The queue's tools: saved views (filters, sort and columns with a name) and bulk runs
(one action over many cases, each case through its service, with the outcome per case)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SavedView(models.Model):
    """The queue as someone left it: its querystring (filters, `ordem`, `colunas`), named;
    for its owner only, or shared with the team."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="dono", on_delete=models.CASCADE
    )
    name = models.CharField("nome", max_length=80)
    shared = models.BooleanField("compartilhada com a equipe", default=False)
    query = models.CharField("filtros, ordem e colunas", max_length=2000, blank=True)
    created_at = models.DateTimeField("criada em", default=timezone.now)

    class Meta:
        verbose_name = "visão salva da fila"
        verbose_name_plural = "visões salvas da fila"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_view_owner_name")
        ]

    def __str__(self):
        return self.name


def views_for(user):
    """The user's own views and those the others shared, by name."""
    return SavedView.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner")


class BulkAction(models.TextChoices):
    ASSIGN = "assign", "Reatribuir"
    NOTE = "note", "Adicionar comentário"
    CLOSE = "close", "Encerrar como Não se trata de Retenção"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Na fila"
    RUNNING = "running", "Em andamento"
    DONE = "done", "Concluída"
    FAILED = "failed", "Falhou"


class BulkRun(models.Model):
    """One bulk action asked by `user` over `case_ids`; `results` holds one
    {"case": pk, "done": bool, "reason": "..."} per case handled so far."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="quem pediu", on_delete=models.CASCADE
    )
    action = models.CharField("ação", max_length=20, choices=BulkAction.choices)
    params = models.JSONField("parâmetros", default=dict, blank=True)
    case_ids = models.JSONField("casos", default=list)
    status = models.CharField(
        "situação", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    results = models.JSONField("resultado por caso", default=list, blank=True)
    error = models.TextField("motivo da falha", blank=True)
    created_at = models.DateTimeField("pedida em", default=timezone.now, db_index=True)
    heartbeat_at = models.DateTimeField("último avanço", null=True, blank=True)
    finished_at = models.DateTimeField("concluída em", null=True, blank=True)

    class Meta:
        verbose_name = "ação em lote"
        verbose_name_plural = "ações em lote"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} ({len(self.case_ids)} casos) por {self.user}"

    @property
    def total(self) -> int:
        return len(self.case_ids)

    @property
    def handled(self) -> int:
        return len(self.results)

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)
