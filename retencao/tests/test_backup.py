"""A restore gives back every case and its history, and keeps the audit log written since
(SQLite and PostgreSQL)."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import ExportLog
from cases import services
from cases.models import Case, CaseEvent, Contact


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_gives_back_every_case_and_its_history(make_case, analyst, tmp_path):
    first, second = make_case(), make_case(provider_name="JOAO DA SILVA")
    services.contact_add(user=analyst, case=second, date=None, notes="Retornou a ligação.")
    snapshot = {
        "cases": sorted(Case.objects.values_list("pk", "provider_name", "version")),
        "events": CaseEvent.objects.count(),
        "contacts": Contact.objects.count(),
    }
    said, file = io.StringIO(), tmp_path / "retencao.backup"
    call_command("backup", str(file), stdout=said)
    size = f"{file.stat().st_size:,}".replace(",", ".")  # 1.234.567: the Brazilian way
    assert said.getvalue().strip() == f"Backup gravado em {file} ({size} bytes)."

    Case.objects.filter(pk=first.pk).delete()
    services.contact_add(user=analyst, case=second, date=None, notes="Depois do backup.")

    call_command("restore", str(tmp_path / "retencao.backup"), "--yes")
    assert sorted(Case.objects.values_list("pk", "provider_name", "version")) == snapshot["cases"]
    assert CaseEvent.objects.count() == snapshot["events"]
    assert Contact.objects.count() == snapshot["contacts"]
    assert not Contact.objects.filter(notes="Depois do backup.").exists()


def test_restoring_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="arquivo de backup não encontrado"):
        call_command("restore", str(tmp_path / "nao-existe.backup"), "--yes")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restore_keeps_the_exports_logged_after_the_backup(analyst, supervisor, tmp_path):
    ExportLog.objects.create(user=analyst, what="casos.csv", filters={}, case_count=3)
    call_command("backup", str(tmp_path / "retencao.backup"), stdout=io.StringIO())
    ExportLog.objects.create(
        user=supervisor, what="formularios.zip", filters={"status": "aberto"}, case_count=40
    )
    ExportLog.objects.create(user=analyst, what="caso 7.pdf", filters={}, case_count=1)

    call_command("restore", str(tmp_path / "retencao.backup"), "--yes", stdout=io.StringIO())
    rows = ExportLog.objects.order_by("at").values_list("user__username", "what", "filters")
    assert list(rows) == [
        ("analista", "casos.csv", {}),
        ("supervisor", "formularios.zip", {"status": "aberto"}),
        ("analista", "caso 7.pdf", {}),
    ]
    restored_then_new = ExportLog.objects.create(user=analyst, what="x", case_count=0)
    assert restored_then_new.pk > max(
        ExportLog.objects.exclude(what="x").values_list("pk", flat=True)
    )
