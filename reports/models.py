"""What the dashboard counts, one narrow row per case (the case table is wide and slow to scan).

`reports.facts` keeps the rows: the case services call `facts.case_changed` in the same
transaction as every change, bulk changes `facts.cases_changed`, and `refresh_report_facts`
rebuilds them all (bulk loads such as bench/generate.py). The filter fields carry the
case's names (started_on, operator, service_uf, analyst…) so the dashboard's filters and
the access rules apply to facts as they do to cases.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from cases.models import Case, Operator, Requester


class Outcome(models.IntegerChoices):
    OPEN = 0, "em aberto"
    RETAINED = 1, "Retenção Efetiva"
    TERMINATED = 2, "Desligamento"
    NOT_RETENTION = 3, "Não se trata de Retenção"


def _user(name: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


# What the GROUP BY indexes hold after their grouping: the outcome, the coverage risk's
# columns, and the dashboard's filters and access rules
COUNTED = (
    "outcome",
    "at_risk",
    "lives",
    "service_uf",
    "city",
    "analyst",
    "started_on",
    "finished_on",
    "operator",
    "requested_by",
    "created_by",
)


def _grouping(name: str, *grouped: str, condition: Q | None = None) -> models.Index:
    """An index for a GROUP BY: the grouped columns, then the other COUNTED ones."""
    fields = [*grouped, *(c for c in COUNTED if c not in grouped)]
    return models.Index(fields=fields, name=name, condition=condition)


class CaseFact(models.Model):
    case = models.OneToOneField(
        Case, primary_key=True, on_delete=models.CASCADE, related_name="+", verbose_name="caso"
    )
    # The dashboard's filters and the access rules, as on Case
    analyst = _user("Colaborador")
    created_by = _user("criado por")
    operator = models.ForeignKey(
        Operator, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        Requester, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_uf = models.CharField("UF", max_length=2, blank=True)
    city = models.CharField("Cidade", max_length=120, blank=True)
    started_on = models.DateField("Data início", null=True, blank=True)
    finished_on = models.DateField("Data final", null=True, blank=True)
    # What is counted
    start_month = models.DateField("mês de início", null=True, blank=True)
    finish_month = models.DateField("mês final", null=True, blank=True)
    outcome = models.PositiveSmallIntegerField("desfecho", choices=Outcome.choices)
    days = models.IntegerField(
        "dias até a finalização",
        null=True,
        blank=True,
        help_text="Só dos casos encerrados: pelas datas ou, sem elas, o número escrito.",
    )
    lives = models.PositiveIntegerField("vidas", null=True, blank=True)
    at_risk = models.BooleanField(
        "risco de cobertura", help_text="Vidas > 0 e CROs únicos divulgados <= CROs do caso."
    )
    next_due_on = models.DateField("próximo prazo", null=True, blank=True)
    reasons = models.TextField("motivos", blank=True, help_text="ids separados por vírgula")
    actions = models.TextField("ações", blank=True, help_text="ids separados por vírgula")
    sectors = models.TextField("setores", blank=True, help_text="ids separados por vírgula")

    class Meta:
        verbose_name = "fato do caso (relatórios)"
        verbose_name_plural = "fatos dos casos (relatórios)"
        indexes = [
            models.Index(fields=["started_on"]),
            models.Index(fields=["finished_on"]),
            models.Index(fields=["service_uf", "city"]),
            models.Index(fields=["city"], name="fact_city"),  # the city filter without a UF
            models.Index(
                fields=["-lives", "started_on", "case"],
                name="fact_open_risk",
                condition=Q(at_risk=True, outcome=Outcome.OPEN),
            ),
            models.Index(
                fields=["service_uf", "city", "lives"],
                name="fact_city_risk",
                condition=Q(at_risk=True, outcome__in=[Outcome.OPEN, Outcome.TERMINATED]),
            ),
            # The dashboard's three GROUP BYs (reports.queries.groups), each read from an
            # index that holds its grouping first, then what it counts and every filter
            # column: SQLite walks the groups in index order without sorting the table
            # (at 100k facts a sort cost 150-250 ms per GROUP BY, the index walk ~20-50).
            _grouping("fact_places", "service_uf", "city", "analyst"),
            _grouping("fact_months", "start_month", "finish_month", "analyst", "days"),
            _grouping("fact_items", "reasons", "actions", "sectors"),
            # The open cases' late and age counts (Groups.open_counts): PostgreSQL reads them
            # from this index alone, a fifth of the facts (a full scan before: 30 ms of 100k)
            _grouping("fact_open", "started_on", "next_due_on", condition=Q(outcome=Outcome.OPEN)),
        ]

    def __str__(self):
        return f"Fatos do caso {self.case_id}"
