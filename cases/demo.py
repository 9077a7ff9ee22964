"""Realistic, deterministic synthetic cases for demos and benchmarks.

`DemoGenerator(seed).cases(n)` yields DemoCase values (a CaseData plus the indexes of its
provider and analyst and whether it is closed). The same seed always gives the same cases.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from formio.brids import cnpj_check_digits, cpf_check_digits
from formio.casedata import CaseData, ContactData, ProviderData, days_between
from formio.vocabulary import RESPONSIBLE_SECTORS, TERMINATION_REASONS

from .demo_cities import CITIES, FIRST_NAMES, LAST_NAMES, OTHER_PLANS

# How often each reason is ticked on a terminated case (a plausible skew: money, claims
# denials and authorisation delays lead, as the team reports).
REASON_WEIGHTS = {
    "valores": 22,
    "glosas": 16,
    "prazo_liberacao_de_guias": 12,
    "baixa_procura": 10,
    "burocracia_operadora": 8,
    "aposentou": 7,
    "dificuldades_com_o_sistema": 6,
    "encerramento_de_atividades": 5,
    "mudou_de_area": 4,
    "regras_tecnicas": 4,
    "perda_de_contato": 3,
    "falta_de_suporte_da_operadora": 3,
    "cobranca_indevida": 3,
    "problemas_de_saude": 2,
    "carteira_de_clientes_particular": 2,
    "removido_prestador": 2,
    "dificuldade_de_contato_com_a_central": 2,
    "negativa_de_atendimento": 1,
    "estudos": 1,
    "servidor_publico": 1,
    "migracao": 1,
    "obito": 1,
    "franquia": 1,
    "alteracao_responsavel_tecnico": 1,
    "sem_local_de_atendimento": 1,
    "beneficiario_grosseiro": 1,
    "apenas_procedimentos_esteticos": 1,
    "ameaca_judicializacao": 1,
    "terceirizacao_de_atendimento": 1,
}
SECTOR_OF = {
    "valores": "comercial",
    "glosas": "analise_tecnica",
    "prazo_liberacao_de_guias": "analise_tecnica",
    "burocracia_operadora": "analise_tecnica",
    "dificuldades_com_o_sistema": "ti",
    "regras_tecnicas": "analise_tecnica",
    "falta_de_suporte_da_operadora": "central_de_atendimento",
    "dificuldade_de_contato_com_a_central": "central_de_atendimento",
    "cobranca_indevida": "comercial",
    "baixa_procura": "comercial",
}
ACTIONS = ["novos_valores", "suporte", "divulgacao", "treinamento", "reciclagem", "outros"]
CONTACT_NOTES = [
    "Encaminhado whatsapp para entender o motivo do pedido de desligamento.",
    "Ligação realizada, prestador pediu retorno na próxima semana.",
    "Enviado e-mail com a nova tabela de valores.",
    "Interação via protocolo: prestador reforçou o pedido.",
    "Prestador relatou demora na liberação das guias.",
    "Ofertado treinamento do sistema de autorização.",
    "Sem resposta ao contato.",
    "Prestador aceitou permanecer na rede após proposta.",
]
REASON_ORDER = [o.code for o in TERMINATION_REASONS]
SECTOR_ORDER = [o.code for o in RESPONSIBLE_SECTORS]
OPERATORS = ["ODONTOLIFE", "ODONTOLIFE PME"]
REQUESTERS = ["Prestador", "Operadora"]


def demo_options_ensure() -> None:
    """The operators and requesters the demo cases name, as options an administrator would
    have added (the services refuse an unknown one)."""
    from .conversion import reference_by_label  # the database, only when asked
    from .models import Operator, Requester

    for model, labels in ((Operator, OPERATORS), (Requester, REQUESTERS)):
        for label in labels:
            reference_by_label(model, label, create=True)


@dataclass
class DemoCase:
    data: CaseData
    provider_index: int
    analyst_index: int
    closed: bool


@dataclass
class DemoProvider:
    provider: ProviderData
    city: tuple[str, str, int]


class DemoGenerator:
    def __init__(self, seed: int = 1, *, today: datetime.date | None = None, analysts: int = 2):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.analysts = analysts
        self.providers: list[DemoProvider] = []

    def cases(self, n: int):
        """N cases (an iterator); `self.providers` is filled before the first one."""
        self.providers = [self._provider(i) for i in range(max(10, int(n * 0.8)))]
        return (self._case() for _ in range(n))

    def _provider(self, index: int) -> DemoProvider:
        rng = self.rng
        city = rng.choice(CITIES)
        person_type = "F" if rng.random() < 0.7 else "J"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
        if person_type == "J":
            name = f"Clínica Odontológica {rng.choice(LAST_NAMES)} Ltda"
        return DemoProvider(
            ProviderData(
                name=name.upper() if rng.random() < 0.5 else name,
                cro=str(1000 + index * 7 + rng.randrange(7)),
                cro_uf=city[1],
                cpf=self._cpf() if person_type == "F" else None,
                cnpj=self._cnpj() if person_type == "J" else None,
                person_type=person_type,
                network_entry_date=self.today - datetime.timedelta(days=rng.randrange(800, 4000)),
            ),
            city,
        )

    def _cpf(self) -> str:
        base = "".join(str(self.rng.randrange(10)) for _ in range(9))
        return base + cpf_check_digits(base)

    def _cnpj(self) -> str:
        alphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ" if self.rng.random() < 0.1 else "0123456789"
        base = "".join(self.rng.choice(alphabet) for _ in range(8)) + "0001"
        return base + cnpj_check_digits(base)

    def _case(self) -> DemoCase:
        rng = self.rng
        provider_index = rng.randrange(len(self.providers))
        demo_provider = self.providers[provider_index]
        started = self.today - datetime.timedelta(days=rng.randrange(1, 730))
        closed = rng.random() < 0.8 and (self.today - started).days > 3
        finished = self._finished(started) if closed else None
        status = self._status() if closed else None
        data = self._form(demo_provider, started, finished, status)
        return DemoCase(data, provider_index, rng.randrange(self.analysts), closed)

    def _finished(self, started: datetime.date) -> datetime.date:
        days = min(int(self.rng.lognormvariate(3.0, 0.7)), (self.today - started).days)
        return started + datetime.timedelta(days=max(days, 0))

    def _status(self) -> str:
        return self.rng.choices(
            ["desligamento", "retencao_efetiva", "nao_se_trata_de_retencao"], [48, 40, 12]
        )[0]

    def _form(self, dp: DemoProvider, started, finished, status) -> CaseData:
        rng = self.rng
        city, uf, lives = dp.city
        reasons = self._reasons() if status == "desligamento" else []
        actions = sorted(
            rng.sample(ACTIONS[:5], rng.randrange(0, 3)) if status else [], key=ACTIONS.index
        )
        if status and rng.random() < 0.05:
            actions.append("outros")
        serves = rng.choice([True, False, None])
        return CaseData(
            form_date=finished or started,
            cro_count=1 if dp.provider.person_type == "F" else rng.randrange(1, 4),
            operator=rng.choices(OPERATORS, [85, 15])[0],
            provider=ProviderData(**vars(dp.provider)),
            requested_by=rng.choices(REQUESTERS, [75, 25])[0],
            protocol_number=f"SAD{rng.randrange(10**11, 10**12)}",
            protocol_opened_on=started,
            service_uf=uf,
            city=city.upper() if rng.random() < 0.3 else city,
            lives=max(0, int(lives * rng.uniform(0.6, 1.4))),
            unique_cros_listed=rng.choice([0, 1, 1, 2, 3, 5, 8, 13, 21, 40]),
            serves_other_plans=serves,
            other_plans=", ".join(rng.sample(OTHER_PLANS, 2)) if serves else "",
            unit_value=Decimal(rng.choice(["0.26", "0.28", "0.30", "0.32", "0.35"])),
            last_production=rng.choice(["sem guias", f"{rng.randrange(1, 13):02d}/2025"]),
            last_production_value=self._money(),
            started_on=started,
            finished_on=finished,
            days_to_finish=days_between(started, finished),
            status=status,
            contacts=self._contacts(started, finished),
            retention_actions=actions,
            retention_actions_notes="Ofertada condição especial." if "outros" in actions else "",
            termination_reasons=reasons,
            protocol_required=rng.choice([True, False, None]),
            general_notes=rng.choice(["", "Prestador informado sobre as regras da ANS."]),
            responsible_sectors=sorted(
                {SECTOR_OF[r] for r in reasons if r in SECTOR_OF}, key=SECTOR_ORDER.index
            ),
        )

    def _reasons(self) -> list[str]:
        codes, weights = zip(*REASON_WEIGHTS.items(), strict=True)
        picked = self.rng.choices(codes, weights, k=self.rng.choice([1, 1, 1, 2]))
        return sorted(set(picked), key=REASON_ORDER.index)

    def _money(self) -> Decimal | None:
        if self.rng.random() < 0.3:
            return None
        return Decimal(self.rng.randrange(5000, 2_500_000)) / 100

    def _contacts(self, started, finished) -> list[ContactData]:
        end = finished or self.today
        span = (end - started).days
        dates = sorted(
            started + datetime.timedelta(days=self.rng.randint(0, span))
            for _ in range(self.rng.randrange(0 if finished is None else 1, 9))
        )
        return [ContactData(date=d, notes=self.rng.choice(CONTACT_NOTES)) for d in dates]
