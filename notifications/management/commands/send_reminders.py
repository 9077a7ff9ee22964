import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.services import reminders_send


class Command(BaseCommand):
    help = (
        "Notifica no sistema os prazos de amanhã e os vencidos e envia a cada usuário o resumo "
        "diário por e-mail (uma vez por dia: rodar de novo no mesmo dia não reenvia)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data", help="o dia do resumo, dd/mm/aaaa (padrão: hoje)")

    def handle(self, *args, data=None, **options):
        today = self._day(data) if data else timezone.localdate()
        run = reminders_send(today=today)
        self.stdout.write(
            f"{today:%d/%m/%Y}: {run.notifications} notificação(ões) de prazo, "
            f"{run.sent} e-mail(s) enviado(s)."
        )
        if run.failed:  # a non-zero exit: cron and systemd report it
            raise CommandError(
                f"E-mail recusado pelo servidor para: {', '.join(run.failed)} "
                "(será tentado de novo na próxima execução)."
            )

    def _day(self, text: str) -> datetime.date:
        try:
            return datetime.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 a date only
        except ValueError:
            raise CommandError(f"--data: use dd/mm/aaaa (recebido {text!r}).") from None
