from io import StringIO

from django.core.management import call_command

from cases.models import RetentionAction, TerminationReason


def test_no_model_change_lacks_a_migration(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_reference_data_is_seeded_with_the_schemas_codes(db):
    assert TerminationReason.objects.count() == 29
    assert TerminationReason.objects.get(code="beneficiario_grosseiro").label == (
        "Beneficiário Grosseiro"
    )
    assert TerminationReason.objects.get(code="glosas").operator_can_act
    assert not TerminationReason.objects.get(code="aposentou").operator_can_act
    assert RetentionAction.objects.get(code="outros").needs_justification
