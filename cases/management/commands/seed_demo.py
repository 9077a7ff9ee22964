"""Demo data: the demo users and N realistic cases, opened and closed through the services."""

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.services import DEMO_PASSWORD, demo_users_ensure
from cases import services
from cases.demo import DemoGenerator, demo_options_ensure
from cases.models import Case


class Command(BaseCommand):
    help = "Cria os usuários de demonstração e N casos sintéticos realistas (determinísticos)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=300, help="quantos casos (padrão 300)")
        parser.add_argument(
            "--seed", type=int, default=1, help="semente (mesma semente, mesmos casos)"
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="só cria casos se ainda não houver nenhum"
        )

    def handle(self, *args, cases, seed, if_empty, **options):
        users = demo_users_ensure()
        demo_options_ensure()
        if if_empty and Case.objects.exists():
            cases = 0
        analysts = [users["analista"], users["analista2"]]
        generator = DemoGenerator(seed, analysts=len(analysts))
        for demo in generator.cases(cases):
            self._create(demo, analysts)
        self.stdout.write(f"{cases} caso(s) de demonstração criados (semente {seed}).")
        self.stdout.write(f"Usuários de demonstração (senha {DEMO_PASSWORD}): " + ", ".join(users))

    @transaction.atomic
    def _create(self, demo, analysts):
        analyst = analysts[demo.analyst_index]
        data = demo.data
        case = services.case_open(user=analyst, data=data, analyst=analyst)
        if demo.closed:
            services.case_close(user=analyst, case=case)
