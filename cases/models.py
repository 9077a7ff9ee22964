"""The retention case and everything on its paper form.

A Case keeps the values as written on its form (the provider's name, CPF... at the time);
the Provider row links a dentist's cases together by CRO + UF.
"""

import datetime
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from formio import vocabulary
from formio.brids import UFS
from formio.rules import days_to_finish

from .db import DaysBetween

UF_CHOICES = [(uf, uf) for uf in UFS]


class ReferenceItem(models.Model):
    """An option of one of the form's lists; seeded by data migrations, edited in the admin."""

    code = models.SlugField("código", max_length=60, unique=True)
    label = models.CharField("rótulo", max_length=120)
    order = models.PositiveSmallIntegerField("ordem", default=0)
    active = models.BooleanField("ativo", default=True)

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class Operator(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = "operadora"
        verbose_name_plural = "operadoras"


class Requester(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = "demandado por"
        verbose_name_plural = "demandado por (opções)"


class ResponsibleSector(ReferenceItem):
    class Meta(ReferenceItem.Meta):
        verbose_name = "setor responsável"
        verbose_name_plural = "setores responsáveis"


class RetentionAction(ReferenceItem):
    needs_justification = models.BooleanField("exige justificativa", default=False)
    keywords = models.CharField(
        "palavras que indicam a ação nas observações",
        max_length=200,
        blank=True,
        help_text="Separadas por vírgula; usadas no aviso de ação citada mas não marcada.",
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = "ação de retenção"
        verbose_name_plural = "ações de retenção"

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class TerminationReason(ReferenceItem):
    operator_can_act = models.BooleanField(
        "a operadora pode agir",
        default=False,
        help_text="Motivos que a operadora pode corrigir (Glosas, Valores...), ao contrário "
        "de Aposentou, Óbito, Estudos...",
    )
    usual_sector = models.ForeignKey(
        ResponsibleSector,
        verbose_name="setor responsável usual",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    class Meta(ReferenceItem.Meta):
        verbose_name = "motivo de desligamento"
        verbose_name_plural = "motivos de desligamento"


class Provider(models.Model):
    """A dentist or clinic, identified by CRO + UF; its cases are `provider.cases`."""

    cro = models.CharField("CRO", max_length=20)
    uf = models.CharField("UF", max_length=2, choices=UF_CHOICES)
    name = models.CharField("nome", max_length=200, blank=True)
    cpf = models.CharField("CPF", max_length=11, blank=True)
    cnpj = models.CharField("CNPJ", max_length=14, blank=True)
    person_type = models.CharField("tipo", max_length=1, blank=True)
    created_at = models.DateTimeField("criado em", default=timezone.now)
    updated_at = models.DateTimeField("atualizado em", auto_now=True)

    class Meta:
        verbose_name = "prestador"
        verbose_name_plural = "prestadores"
        constraints = [models.UniqueConstraint(fields=["cro", "uf"], name="provider_cro_uf")]
        indexes = [models.Index(fields=["cpf"]), models.Index(fields=["cnpj"])]

    def __str__(self):
        return f"{self.name or 'Prestador'} (CRO {self.cro}/{self.uf})"


# The status as choices, from its one definition in formio.vocabulary.
Status = models.TextChoices(
    "Status",
    {
        "RETAINED": (vocabulary.RETAINED.code, vocabulary.RETAINED.label),
        "TERMINATED": (vocabulary.TERMINATED.code, vocabulary.TERMINATED.label),
        "NOT_RETENTION": (vocabulary.NOT_RETENTION.code, vocabulary.NOT_RETENTION.label),
    },
)


class DueKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", "primeiro contato"
    NEXT_CONTACT = "next_contact", "próximo contato"
    CLOSING = "closing", "finalização"


class OneRowSetting(models.Model):
    """A setting kept as one row, edited by an administrator in the admin."""

    updated_at = models.DateTimeField("atualizado em", auto_now=True)

    class Meta:
        abstract = True

    @classmethod
    def current(cls) -> Self:
        """The row, made with the defaults the first time anyone asks."""
        setting, _ = cls.objects.get_or_create(pk=1)
        return setting


class DeadlinePolicy(OneRowSetting):
    """How many business days each step may take."""

    first_contact_days = models.PositiveSmallIntegerField(
        "primeiro contato (dias úteis após a abertura)", default=2
    )
    contact_interval_days = models.PositiveSmallIntegerField(
        "intervalo entre contatos (dias úteis)", default=5
    )
    closing_days = models.PositiveSmallIntegerField(
        "finalização (dias úteis após a abertura)", default=30
    )

    class Meta:
        verbose_name = "prazos"
        verbose_name_plural = "prazos"

    def __str__(self):
        return (
            f"1º contato em {self.first_contact_days}, contatos a cada "
            f"{self.contact_interval_days}, finalização em {self.closing_days} dias úteis"
        )


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)

    def with_form(self):
        """Everything `case_to_data` reads, in a fixed number of queries."""
        return self.select_related("analyst", "operator", "requested_by").prefetch_related(
            "retention_actions", "termination_reasons", "responsible_sectors", "contacts"
        )


class Case(models.Model):
    """One "Formulário - Processo de Retenção". Change it only through cases.services."""

    # Header
    analyst = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Colaborador",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        db_index=False,  # Meta's case_analyst (analyst, -id) serves every lookup by analyst
    )
    analyst_name = models.CharField(
        "Colaborador (como escrito)",
        max_length=150,
        blank=True,
        help_text="Nome do formulário importado quando não corresponde a um usuário.",
    )
    cro_count = models.PositiveIntegerField("Qtd CRO(s)", null=True, blank=True)
    form_date = models.DateField("Data", null=True, blank=True)
    operator = models.ForeignKey(
        Operator,
        verbose_name="Operadora",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,  # Meta's case_operator (operator, -id) serves it
    )
    # Provider, as written on this form
    provider = models.ForeignKey(
        Provider,
        verbose_name="prestador",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    cro = models.CharField("CRO", max_length=20, blank=True)
    cro_uf = models.CharField("UF", max_length=2, blank=True, choices=UF_CHOICES)
    provider_name = models.CharField("Nome dentista", max_length=200, blank=True)
    cnpj = models.CharField("CNPJ", max_length=14, blank=True)
    cpf = models.CharField("CPF", max_length=11, blank=True)
    network_entry_date = models.DateField("Data inclusão", null=True, blank=True)
    person_type = models.CharField(
        "Tipo", max_length=1, blank=True, choices=[("F", "F"), ("J", "J")]
    )
    requested_by = models.ForeignKey(
        Requester, verbose_name="Demandado por?", null=True, blank=True, on_delete=models.PROTECT
    )
    protocol_number = models.CharField("Nº do protocolo", max_length=40, blank=True)
    protocol_opened_on = models.DateField("Dt. abertura protocolo", null=True, blank=True)
    # Where the provider serves
    service_uf = models.CharField("UF", max_length=2, blank=True, choices=UF_CHOICES)
    city = models.CharField("Cidade", max_length=120, blank=True)
    lives = models.PositiveIntegerField("nº de vidas", null=True, blank=True)
    unique_cros_listed = models.PositiveIntegerField(
        "nº CRO(S) únicos divulgados", null=True, blank=True
    )
    serves_other_plans = models.BooleanField("Atende outros convênios", null=True, blank=True)
    other_plans = models.TextField("Quais?", blank=True)
    unit_value = models.DecimalField(
        "Moeda", max_digits=12, decimal_places=4, null=True, blank=True
    )
    last_production = models.CharField("Última produç.", max_length=60, blank=True)
    last_production_value = models.DecimalField(
        "Valor última prod.", max_digits=14, decimal_places=2, null=True, blank=True
    )
    # Course of the case
    started_on = models.DateField("Data início", null=True, blank=True)
    finished_on = models.DateField("Data final", null=True, blank=True)
    days_to_finish = models.GeneratedField(
        expression=DaysBetween("started_on", "finished_on"),
        output_field=models.IntegerField("Tempo finalização"),
        db_persist=True,
    )
    days_to_finish_written = models.PositiveIntegerField(
        "Tempo finalização (como escrito)",
        null=True,
        blank=True,
        help_text="Só para formulários importados sem as datas.",
    )
    status = models.CharField("Status retenção", max_length=30, blank=True, choices=Status.choices)
    retention_actions = models.ManyToManyField(
        RetentionAction, through="CaseRetentionAction", verbose_name="Ação Retenção", blank=True
    )
    retention_actions_notes = models.TextField("Obs. (Ação Retenção)", blank=True)
    termination_reasons = models.ManyToManyField(
        TerminationReason,
        through="CaseTerminationReason",
        verbose_name="Motivo desligamento",
        blank=True,
    )
    protocol_required = models.BooleanField(
        "Necessário abertura de protocolo", null=True, blank=True
    )
    general_notes = models.TextField("Obs. Geral", blank=True)
    responsible_sectors = models.ManyToManyField(
        ResponsibleSector,
        through="CaseResponsibleSector",
        verbose_name="Setor responsável",
        blank=True,
    )
    signatures = models.JSONField("assinaturas", default=list, blank=True)
    # Workflow and bookkeeping
    closed_at = models.DateTimeField("encerrado em", null=True, blank=True)
    next_due_on = models.DateField("próximo prazo", null=True, blank=True, editable=False)
    next_due_kind = models.CharField(
        "próximo prazo de", max_length=20, blank=True, editable=False, choices=DueKind.choices
    )
    version = models.PositiveIntegerField("versão", default=1)
    warnings = models.JSONField("avisos", default=list, blank=True)
    import_warnings = models.JSONField("avisos da importação", default=list, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField("criado em", default=timezone.now)
    updated_at = models.DateTimeField("atualizado em", auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="criado por",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "caso de retenção"
        verbose_name_plural = "casos de retenção"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(finished_on__isnull=True)
                | Q(started_on__lte=models.F("finished_on")),
                name="case_started_before_finished",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(status=""),
                name="case_closed_has_status",
            ),
        ]
        indexes = [
            models.Index(fields=["closed_at", "analyst"]),
            models.Index(fields=["finished_on"]),
            models.Index(fields=["status"]),
            models.Index(fields=["service_uf", "city"]),
            models.Index(fields=["cro", "cro_uf"]),
            models.Index(fields=["cpf"]),
            models.Index(fields=["cnpj"]),
            models.Index(fields=["protocol_number"]),
            models.Index(fields=["next_due_on"], name="case_open_due", condition=Q(closed_at=None)),
            # "Hoje" and the navigation's count: one analyst's open cases by deadline, read
            # in order (without it both walked every open case due by today, 50 ms at 100k)
            models.Index(
                fields=["analyst", "next_due_on", "id"],
                name="case_open_analyst_due",
                condition=Q(closed_at=None),
            ),
            # The queue's open cases of a UF, newest first (SQLite walked every case of the
            # UF, open or closed, then sorted them: 30 ms of a 60 ms queue at 100k)
            models.Index(fields=["service_uf"], name="case_open_uf", condition=Q(closed_at=None)),
            # The queue sorted by a column header: read in order, not every case sorted (on
            # PostgreSQL at 100k, by Prestador 132 ms, by Cidade 143 ms, by Prazo 130 ms).
            # Dates sort empty last both ways, then newest case first, as these indexes hold
            # them: many cases share a date or have none, and the case screen's previous and
            # next walk that order (quick.neighbours). PostgreSQL reads them forwards, SQLite
            # backwards; the other direction has its own index on PostgreSQL (SQLite cannot
            # hold one): migration 0009
            models.Index(fields=["provider_name"], name="case_provider_name"),
            models.Index(fields=["city"], name="case_city"),
            models.Index(fields=["started_on", "-id"], name="case_started"),
            models.Index(fields=["next_due_on", "-id"], name="case_due"),
            # Sorted by Colaborador or Operadora, the queue reads each one's cases newest
            # first (worklist.walk)
            models.Index(fields=["analyst", "-id"], name="case_analyst"),
            models.Index(fields=["operator", "-id"], name="case_operator"),
        ]

    def __str__(self):
        who = self.provider_name or "prestador sem nome"
        return f"Caso {self.pk} · {who}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def effective_days_to_finish(self) -> int | None:
        """Computed from the dates; the number written on an old form only when they lack."""
        return days_to_finish(self.started_on, self.finished_on, self.days_to_finish_written)

    def is_late(self, today: datetime.date | None = None) -> bool:
        """An open case whose next deadline has passed."""
        return bool(self.next_due_on and self.next_due_on < (today or timezone.localdate()))

    def days_open(self, today: datetime.date | None = None) -> int | None:
        """From Data início to today while open (a reopened case too, whatever its old Data
        final says), to Data final once closed."""
        if not self.started_on:
            return None
        end = self.finished_on if not self.is_open and self.finished_on else None
        return ((end or today or timezone.localdate()) - self.started_on).days


class CaseOption(models.Model):
    """A case's tick of one option: the option cannot be deleted while a case has it
    (PROTECT; an administrator deactivates it instead). The tables Django made for the
    many-to-many fields, now named."""

    id = models.AutoField(primary_key=True)  # what Django gave the tables it made
    case = models.ForeignKey(Case, on_delete=models.CASCADE)

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.case)


class CaseRetentionAction(CaseOption):
    retentionaction = models.ForeignKey(RetentionAction, on_delete=models.PROTECT)

    class Meta:
        db_table = "cases_case_retention_actions"
        unique_together = [("case", "retentionaction")]


class CaseTerminationReason(CaseOption):
    terminationreason = models.ForeignKey(TerminationReason, on_delete=models.PROTECT)

    class Meta:
        db_table = "cases_case_termination_reasons"
        unique_together = [("case", "terminationreason")]


class CaseResponsibleSector(CaseOption):
    responsiblesector = models.ForeignKey(ResponsibleSector, on_delete=models.PROTECT)

    class Meta:
        db_table = "cases_case_responsible_sectors"
        unique_together = [("case", "responsiblesector")]


class Channel(models.TextChoices):
    WHATSAPP = "whatsapp", "WhatsApp"
    PHONE = "telefone", "Telefone"
    EMAIL = "email", "E-mail"
    PROTOCOL = "protocolo", "Protocolo"
    IN_PERSON = "presencial", "Presencial"
    OTHER = "outro", "Outro"


class Contact(models.Model):
    """One "Nº contato" slot of the form; the system has no limit of five."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    position = models.PositiveSmallIntegerField("ordem")
    date = models.DateField("Data", null=True, blank=True)
    channel = models.CharField("canal", max_length=20, blank=True, choices=Channel.choices)
    notes = models.TextField("Obs.", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrado por",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("registrado em", default=timezone.now)

    class Meta:
        verbose_name = "contato"
        verbose_name_plural = "contatos"
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["case", "position"], name="contact_case_position")
        ]

    def __str__(self):
        return f"{self.position}º contato"


class EventKind(models.TextChoices):
    OPENED = "opened", "Caso aberto"
    UPDATED = "updated", "Formulário alterado"
    CONTACT_ADDED = "contact_added", "Contato registrado"
    CLOSED = "closed", "Caso encerrado"
    REOPENED = "reopened", "Caso reaberto"
    ASSIGNED = "assigned", "Caso atribuído"
    IMPORTED = "imported", "Formulário importado"
    ANONYMISED = "anonymised", "Dados pessoais anonimizados"


class CaseEvent(models.Model):
    """One entry of a case's history: who, when, what, and each field's old and new value.

    `changes` is a list of {"field": path, "label": form label, "old": value, "new": value}
    with values in the interchange format (ISO dates, decimal strings).
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("quando", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="quem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField("o quê", max_length=20, choices=EventKind.choices)
    note = models.TextField("observação", blank=True)
    changes = models.JSONField("alterações", default=list, blank=True)
    version = models.PositiveIntegerField("versão do caso")

    class Meta:
        verbose_name = "histórico do caso"
        verbose_name_plural = "históricos dos casos"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["case", "version"])]

    def __str__(self):
        return f"{self.get_kind_display()} em {self.at:%d/%m/%Y %H:%M}"
