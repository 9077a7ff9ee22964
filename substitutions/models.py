"""The substitution the ANS requires after a provider leaves the network (docs/ans.md).

One Substitution per terminated case. Its state is kept in `stage` by the services
(pending, published, exempt, done, cancelled); "late" is not stored: it is a pending
substitution whose notice due date has passed, so it changes with the calendar and never
goes stale. "Cancelled" is a substitution whose case was reopened: the provider may not be
leaving after all; closed again as Desligamento, the same substitution comes back.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from cases.models import UF_CHOICES, Case, OneRowSetting, Provider


class Plan(models.Model):
    """A plan (product) of the operator: the notice names the plans affected."""

    commercial_name = models.CharField("nome comercial", max_length=150)
    ans_registration = models.CharField("nº de registro na ANS", max_length=20, unique=True)
    active = models.BooleanField("ativo", default=True)

    class Meta:
        verbose_name = "plano"
        verbose_name_plural = "planos"
        ordering = ["commercial_name"]

    def __str__(self):
        return f"{self.commercial_name} (ANS {self.ans_registration})"


class Specialty(models.Model):
    code = models.SlugField("código", max_length=60, unique=True)
    label = models.CharField("especialidade", max_length=120)
    active = models.BooleanField("ativo", default=True)

    class Meta:
        verbose_name = "especialidade"
        verbose_name_plural = "especialidades"
        ordering = ["label"]

    def __str__(self):
        return self.label


class ProviderKind(models.TextChoices):
    """The kind the equivalence compares: a clinic by a clinic, a dentist by a dentist."""

    INDIVIDUAL = "individual", "Profissional (pessoa física)"
    CLINIC = "clinic", "Clínica / estabelecimento (pessoa jurídica)"


class EstablishmentType(models.Model):
    code = models.SlugField("código", max_length=60, unique=True)
    label = models.CharField("tipo de estabelecimento", max_length=120)
    kind = models.CharField("natureza", max_length=12, choices=ProviderKind.choices)
    active = models.BooleanField("ativo", default=True)

    class Meta:
        verbose_name = "tipo de estabelecimento"
        verbose_name_plural = "tipos de estabelecimento"
        ordering = ["label"]

    def __str__(self):
        return self.label


class Municipality(models.Model):
    """A municipality by its IBGE code, loaded by an administrator from a CSV (docs/ans.md)."""

    ibge_code = models.CharField("código IBGE", max_length=7, unique=True)
    name = models.CharField("município", max_length=120)
    uf = models.CharField("UF", max_length=2, choices=UF_CHOICES)
    health_region_code = models.CharField("código da região de saúde", max_length=10, blank=True)
    health_region_name = models.CharField("região de saúde", max_length=150, blank=True)
    neighbours = models.ManyToManyField(
        "self", verbose_name="municípios limítrofes", blank=True, symmetrical=True
    )

    class Meta:
        verbose_name = "município"
        verbose_name_plural = "municípios"
        ordering = ["uf", "name"]
        indexes = [models.Index(fields=["uf", "name"])]

    def __str__(self):
        return f"{self.name}/{self.uf}"


class SubstitutionPolicy(OneRowSetting):
    """The rule's numbers (see docs/ans.md)."""

    notice_days = models.PositiveSmallIntegerField(
        "aviso: dias corridos antes do último dia de atendimento", default=30
    )
    publish_min_days = models.PositiveSmallIntegerField(
        "aviso publicado por no mínimo (dias)", default=180
    )
    due_soon_days = models.PositiveSmallIntegerField(
        "lista: 'vence em breve' quando faltam até (dias)", default=7
    )

    class Meta:
        verbose_name = "regra de substituição"
        verbose_name_plural = "regras de substituição"

    def __str__(self):
        return f"aviso {self.notice_days} dias antes, publicado por {self.publish_min_days} dias"


class ProviderProfile(models.Model):
    """What the public notice says of a departing provider besides its case's identity."""

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, related_name="notice_profile", verbose_name="prestador"
    )
    establishment_type = models.ForeignKey(
        EstablishmentType, verbose_name="tipo", null=True, blank=True, on_delete=models.PROTECT
    )
    specialties = models.ManyToManyField(Specialty, verbose_name="especialidades", blank=True)
    street = models.CharField("endereço", max_length=200, blank=True)
    cep = models.CharField("CEP", max_length=8, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name="município", null=True, blank=True, on_delete=models.PROTECT
    )
    phone = models.CharField("telefone", max_length=20, blank=True)
    website = models.URLField("site", blank=True)

    class Meta:
        verbose_name = "endereço e especialidades do prestador"
        verbose_name_plural = "endereços e especialidades dos prestadores"

    def __str__(self):
        return str(self.provider)


class Stage(models.TextChoices):
    PENDING = "pending", "Pendente"
    PUBLISHED = "published", "Aviso publicado"
    EXEMPT = "exempt", "Dispensada (exceção)"
    DONE = "done", "Concluída"
    CANCELLED = "cancelled", "Cancelada (caso reaberto)"


# The state a user sees: the stages plus "late", which the calendar decides.
LATE = "late"
STATE_LABELS = {**dict(Stage.choices), LATE: "Atrasada"}


class Equivalence(models.TextChoices):
    SAME_MUNICIPALITY = "same_municipality", "Mesmo município"
    NEIGHBOURING = "neighbouring", "Município limítrofe"
    HEALTH_REGION = "health_region", "Mesma região de saúde"
    NONE = "none", "Nenhuma"


class ExceptionKind(models.TextChoices):
    """The cases in which no substitute is needed (docs/ans.md lists their source)."""

    NO_PRODUCTION = "no_production", "Sem produção por 12 meses consecutivos"
    DIRECT_CHARGING = "direct_charging", "Cobrança direta comprovada ao beneficiário"
    COLLECTIVE_ENDED = (
        "collective_ended",
        ("Fim de contrato coletivo e queda de 50% ou mais dos beneficiários no município"),
    )
    MASS_SUSPENSION = "mass_suspension", "Suspensão em massa do atendimento"
    OWN_COOPERATIVE = "own_cooperative", "Cooperado deixando a própria cooperativa"
    OTHER = "other", "Outra hipótese prevista na norma"


class SubstitutionQuerySet(models.QuerySet):
    def current(self):
        """All but the cancelled ones (their case was reopened): what the lists show."""
        return self.exclude(stage=Stage.CANCELLED)

    def late(self, today: datetime.date):
        """Pending after their due date: late from the day after `notice_due_on`."""
        return self.filter(stage=Stage.PENDING, notice_due_on__lt=today)

    def due_within(self, today: datetime.date, days: int):
        return self.filter(
            stage=Stage.PENDING,
            notice_due_on__gte=today,
            notice_due_on__lte=today + datetime.timedelta(days=days),
        )

    def on_notice(self, today: datetime.date):
        """What the public page shows: published and still within its publication period."""
        return self.filter(
            stage__in=[Stage.PUBLISHED, Stage.DONE],
            published_on__lte=today,
            publish_until__gte=today,
        )


class Substitution(models.Model):
    """The work after one Desligamento. Change it only through substitutions.services."""

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, related_name="substitution", verbose_name="caso"
    )
    stage = models.CharField("situação", max_length=12, choices=Stage.choices, default="pending")
    plans = models.ManyToManyField(Plan, verbose_name="planos afetados", blank=True)
    last_service_on = models.DateField("último dia de atendimento (D)", null=True, blank=True)
    notice_due_on = models.DateField("aviso até (D − 30)", null=True, blank=True, editable=False)
    # The substitute, as the notice shows it (copied from the network when one is picked)
    substitute_provider = models.ForeignKey(
        Provider,
        verbose_name="substituto já cadastrado",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substitutions_made",
    )
    substitute_name = models.CharField("nome do substituto", max_length=200, blank=True)
    substitute_kind = models.CharField(
        "natureza do substituto", max_length=12, blank=True, choices=ProviderKind.choices
    )
    substitute_cro = models.CharField("CRO do substituto", max_length=20, blank=True)
    substitute_cro_uf = models.CharField(
        "UF do CRO do substituto", max_length=2, blank=True, choices=UF_CHOICES
    )
    substitute_cnpj = models.CharField("CNPJ do substituto", max_length=14, blank=True)
    substitute_type = models.ForeignKey(
        EstablishmentType,
        verbose_name="tipo do substituto",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    substitute_specialties = models.ManyToManyField(
        Specialty, verbose_name="especialidades do substituto", blank=True
    )
    substitute_street = models.CharField("endereço do substituto", max_length=200, blank=True)
    substitute_cep = models.CharField("CEP do substituto", max_length=8, blank=True)
    substitute_municipality = models.ForeignKey(
        Municipality,
        verbose_name="município do substituto",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    substitute_phone = models.CharField("telefone do substituto", max_length=20, blank=True)
    substitute_website = models.URLField("site do substituto", blank=True)
    substitute_starts_on = models.DateField("início do substituto", null=True, blank=True)
    substitute_in_network = models.BooleanField("substituto já era da rede", default=False)
    added_capacity_evidence = models.TextField("comprovação do aumento de capacidade", blank=True)
    equivalence = models.CharField(
        "equivalência alcançada", max_length=20, blank=True, choices=Equivalence.choices
    )
    # Or no substitute, under one of the rule's exceptions
    exception = models.CharField(
        "exceção (sem substituto)", max_length=20, blank=True, choices=ExceptionKind.choices
    )
    exception_evidence = models.TextField("comprovação da exceção", blank=True)
    # The notice and the ANS register
    published_on = models.DateField("aviso publicado em (site e Central)", null=True, blank=True)
    publish_until = models.DateField("aviso publicado até", null=True, blank=True)
    rps_updated_on = models.DateField("RPS atualizado na ANS em", null=True, blank=True)
    continuing_patients = models.PositiveIntegerField(
        "pacientes em tratamento continuado", null=True, blank=True
    )
    continuing_patients_notes = models.TextField("pacientes: observações", blank=True)
    created_at = models.DateTimeField("aberta em", default=timezone.now)
    updated_at = models.DateTimeField("atualizada em", default=timezone.now)
    # One more at each history entry: the API's PUT sends the version it read (409 if stale)
    version = models.PositiveIntegerField("versão", default=0)

    objects = SubstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = "substituição"
        verbose_name_plural = "substituições"
        ordering = ["notice_due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_on__isnull=True)
                | Q(publish_until__isnull=True)
                | Q(published_on__lte=models.F("publish_until")),
                name="substitution_published_before_until",
            ),
        ]
        indexes = [models.Index(fields=["stage", "notice_due_on"])]

    def __str__(self):
        return f"Substituição do caso {self.case_id}"

    def state(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        late = self.notice_due_on is not None and self.notice_due_on < today
        if self.stage == Stage.PENDING and late:
            return LATE
        return self.stage

    def state_label(self, today: datetime.date | None = None) -> str:
        return STATE_LABELS[self.state(today)]


def evidence_path(instance, filename: str) -> str:
    return f"substituicoes/{instance.substitution_id}/{filename}"


class EvidenceFile(models.Model):
    """A file proving an exception or the added capacity of an in-network substitute."""

    substitution = models.ForeignKey(
        Substitution, on_delete=models.CASCADE, related_name="evidence_files"
    )
    file = models.FileField("arquivo", upload_to=evidence_path)
    name = models.CharField("nome", max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("enviado em", default=timezone.now)

    class Meta:
        verbose_name = "comprovante"
        verbose_name_plural = "comprovantes"
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class SubstitutionEvent(models.Model):
    """One entry of a substitution's history: who, when, what changed (old and new)."""

    substitution = models.ForeignKey(Substitution, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField("quando", default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="quem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField("o quê", max_length=200)
    changes = models.JSONField("alterações", default=list, blank=True)
    version = models.PositiveIntegerField("versão", default=0)

    class Meta:
        verbose_name = "histórico da substituição"
        verbose_name_plural = "históricos das substituições"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.note} em {self.at:%d/%m/%Y %H:%M}"
