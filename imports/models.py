"""Imported form files: each kept with the case it became, and the batches they came in."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class BatchStatus(models.TextChoices):
    PREVIEW = "preview", "Aguardando confirmação"
    QUEUED = "queued", "Na fila"
    RUNNING = "running", "Importando"
    DONE = "done", "Concluída"


class ImportBatch(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="enviado por", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("enviado em", default=timezone.now)
    source = models.CharField("origem", max_length=40, default="web")
    status = models.CharField(
        "situação", max_length=10, choices=BatchStatus.choices, default=BatchStatus.PREVIEW
    )
    total = models.PositiveIntegerField("arquivos", default=0)
    processed = models.PositiveIntegerField("processados", default=0)
    heartbeat_at = models.DateTimeField(
        "último sinal do importador",
        null=True,
        blank=True,
        help_text="Renovado enquanto o lote é importado; parado há muito, o lote é retomado.",
    )
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="atribuir a",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "lote de importação"
        verbose_name_plural = "lotes de importação"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Lote {self.pk} ({self.created_at:%d/%m/%Y %H:%M})"

    def counts(self) -> dict[str, int]:
        rows = self.files.values("outcome").annotate(n=models.Count("pk"))
        return {row["outcome"]: row["n"] for row in rows}


class Outcome(models.TextChoices):
    PENDING = "pending", "Pendente"
    CREATED = "created", "Criado"
    UPDATED = "updated", "Atualizado"
    UNCHANGED = "unchanged", "Sem alteração"
    CONFLICT = "conflict", "Conflito"
    FAILED = "failed", "Falhou"
    REVIEW = "review", "Aguardando revisão"  # read by OCR: a person confirms it first


class Decision(models.TextChoices):
    """What to do with a form that matches a case a person has worked on (or open)."""

    SKIP = "skip", "Não importar"
    NEW = "new", "Importar como caso novo"
    APPLY = "apply", "Aplicar ao caso existente"


class ImportedFile(models.Model):
    """One file of a batch; once imported, the original of its case, downloadable."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="files")
    filename = models.CharField("arquivo", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("tamanho (bytes)")
    original = models.FileField("original", upload_to="formularios/%Y/%m/", blank=True)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name="caso",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_files",
    )
    outcome = models.CharField(
        "resultado", max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    message = models.TextField("motivo da falha", blank=True)
    warnings = models.JSONField("avisos", default=list, blank=True)
    imported_at = models.DateTimeField("importado em", null=True, blank=True)
    decision = models.CharField(
        "se já existe", max_length=5, choices=Decision.choices, default=Decision.SKIP
    )
    decided_version = models.PositiveIntegerField(
        "versão do caso vista na escolha",
        null=True,
        blank=True,
        help_text="Aplicar só se o caso ainda estiver nesta versão.",
    )
    changes = models.JSONField(
        "diferenças", default=list, blank=True, help_text="Campo a campo, caso → formulário."
    )
    reading = models.JSONField(
        "leitura por OCR",
        default=dict,
        blank=True,
        help_text="Formulário digitalizado: o que o OCR leu e a confiança de cada campo.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="revisado por",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("revisado em", null=True, blank=True)
    # Forms pasted one after the other in one file are one row each (imports.several).
    form_number = models.PositiveSmallIntegerField("formulário nº", default=1)
    form_count = models.PositiveSmallIntegerField(
        "formulários no arquivo", default=1, help_text="Contados quando o arquivo é lido."
    )
    first_form = models.ForeignKey(
        "self",
        verbose_name="primeiro formulário do arquivo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "arquivo importado"
        verbose_name_plural = "arquivos importados"
        ordering = ["pk"]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return form_label(self.filename, self.form_number, self.form_count)


def form_label(filename: str, number: int, count: int) -> str:
    """ "arquivo.docx — formulário 2 de 2" for a form of a file of several forms."""
    return f"{filename} — formulário {number} de {count}" if count > 1 else filename
