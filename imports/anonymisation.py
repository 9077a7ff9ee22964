"""What the import keeps about an anonymised person outside her cases (cases.anonymisation):
files of batches not yet imported (a preview left unconfirmed, a failed file) that are hers
by their content or name. A file of several forms is hers when any of its forms is: every
row of it not imported yet loses its copy (imports.several). Their original is deleted
and the row kept as failed, so confirming the batch later cannot bring her back."""

from django.db.models import Q

from cases.anonymisation import ANONYMOUS, Person
from formio.readers import UnreadableForm, read_form_bytes

from .models import ImportedFile, Outcome

REFUSED = "formulário de um prestador anonimizado: o arquivo foi apagado e não será importado."


def erase(person: Person) -> None:
    waiting = ImportedFile.objects.filter(Q(case=None) | Q(outcome=Outcome.PENDING))
    for row in waiting.exclude(outcome__in=[Outcome.CREATED, Outcome.UPDATED]):
        if _is_hers(row, person):
            row.original.delete(save=False)
            row.filename, row.outcome, row.message = ANONYMOUS, Outcome.FAILED, REFUSED
            row.warnings, row.changes = [], []
            row.save(
                update_fields=["original", "filename", "outcome", "message", "warnings", "changes"]
            )


def _is_hers(row: ImportedFile, person: Person) -> bool:
    if person.mentions(row.filename) or person.mentions(str(row.changes)):
        return True
    if not row.original:
        return False
    try:
        with row.original.open("rb") as handle:
            read = read_form_bytes(handle.read(), row.filename)
    except (OSError, UnreadableForm):
        return False
    providers = [form.data.provider for form in [read, *read.others]]  # any form of the file
    return any(
        person.mentions(value or "")
        for provider in providers
        for value in (provider.cpf, provider.cnpj, provider.name)
    )
