"""A few contact notes the team types every day; supervisors edit them on the screen."""

from django.db import migrations

STARTERS = [
    ("WhatsApp enviado, sem resposta", "Enviado WhatsApp ao prestador; aguardando retorno."),
    ("Ligação sem sucesso", "Tentativa de contato por telefone sem sucesso."),
    ("Proposta de reajuste enviada", "Enviada ao prestador a proposta de reajuste; aguardando retorno."),
    ("Prestador pediu retorno", "Prestador pediu novo contato em outra data."),
]


def seed(apps, schema_editor):
    ContactTemplate = apps.get_model("quick", "ContactTemplate")
    for position, (name, text) in enumerate(STARTERS, 1):
        ContactTemplate.objects.get_or_create(name=name, defaults={"text": text, "position": position})


class Migration(migrations.Migration):
    dependencies = [("quick", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
