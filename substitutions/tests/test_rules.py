"""The clock: D − 30 calendar days, late from the day after, the states."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from substitutions import rules, services
from substitutions.models import Stage, Substitution

D = datetime.date


@pytest.mark.parametrize(
    ("last_day", "due"),
    [
        (D(2024, 3, 1), D(2024, 1, 31)),  # leap year: February has 29 days
        (D(2023, 3, 1), D(2023, 1, 30)),  # common year: February has 28
        (D(2024, 3, 30), D(2024, 2, 29)),  # lands on the leap day
        (D(2025, 3, 30), D(2025, 2, 28)),
        (D(2025, 1, 15), D(2024, 12, 16)),  # across the year's end
        (D(2025, 1, 30), D(2024, 12, 31)),
        (D(2024, 12, 31), D(2024, 12, 1)),
        (D(2024, 5, 1), D(2024, 4, 1)),  # a holiday and Monday: calendar days all the same
    ],
)
def test_the_notice_is_due_30_calendar_days_before_the_last_day(last_day, due):
    assert rules.notice_due_on(last_day, notice_days=30) == due


def test_setting_d_on_a_substitution_computes_its_due_date(terminated, analyst):
    sub = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values={"last_service_on": D(2024, 3, 1)},
    )
    sub.refresh_from_db()
    assert sub.notice_due_on == D(2024, 1, 31)


def test_a_substitution_is_late_exactly_the_day_after_its_due_date(terminated, analyst):
    sub = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values={"last_service_on": D(2024, 3, 1)},
    )
    assert sub.state(D(2024, 1, 31)) == "pending"
    assert sub.state(D(2024, 2, 1)) == "late"
    assert not Substitution.objects.late(D(2024, 1, 31)).exists()
    assert list(Substitution.objects.late(D(2024, 2, 1))) == [sub]


def test_an_exception_without_evidence_is_refused_and_nothing_is_saved(terminated, analyst):
    with pytest.raises(ValidationError) as refused:
        services.substitution_update(
            user=analyst,
            substitution=terminated.substitution,
            values={"exception": "no_production", "last_service_on": D(2024, 3, 1)},
        )
    assert "exception_evidence" in refused.value.message_dict
    sub = Substitution.objects.get()
    assert (sub.exception, sub.last_service_on, sub.stage) == ("", None, Stage.PENDING)


def test_an_exception_with_its_evidence_exempts_the_substitution(terminated, analyst):
    sub = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values={
            "exception": "no_production",
            "exception_evidence": "Sem guias de mar/2023 a mar/2024 (relatório TISS anexo).",
        },
    )
    assert sub.state(D(2030, 1, 1)) == "exempt"


def test_an_exception_proved_by_a_file_alone_is_accepted(terminated, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    proof = SimpleUploadedFile("producao.pdf", b"%PDF-1.4 sem producao", "application/pdf")
    sub = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values={"exception": "direct_charging"},
        files=[proof],
    )
    assert sub.stage == Stage.EXEMPT
    assert [f.name for f in sub.evidence_files.all()] == ["producao.pdf"]


def test_an_in_network_substitute_needs_proof_of_added_capacity(terminated, analyst):
    with pytest.raises(ValidationError) as refused:
        services.substitution_update(
            user=analyst,
            substitution=terminated.substitution,
            values={"substitute_name": "CLINICA SORRIR", "substitute_in_network": True},
        )
    assert "added_capacity_evidence" in refused.value.message_dict


def publish_values(**more):
    return {
        "last_service_on": D(2024, 6, 30),
        "substitute_name": "MARIA SOUZA",
        "substitute_kind": "individual",
        "substitute_cro": "54321",
        "substitute_cro_uf": "RJ",
        "substitute_starts_on": D(2024, 7, 1),
        "equivalence": "same_municipality",
        "published_on": D(2024, 5, 20),
        **more,
    }


def test_a_notice_kept_less_than_180_days_is_refused(terminated, analyst):
    with pytest.raises(ValidationError) as refused:
        services.substitution_update(
            user=analyst,
            substitution=terminated.substitution,
            values=publish_values(publish_until=D(2024, 11, 15)),  # 179 days
        )
    assert "16/11/2024" in refused.value.message_dict["publish_until"][0]


def test_publishing_then_updating_the_rps_goes_published_then_done(terminated, analyst):
    sub = services.substitution_update(
        user=analyst,
        substitution=terminated.substitution,
        values=publish_values(publish_until=D(2024, 11, 16)),  # 180 days
    )
    assert sub.state(D(2024, 8, 1)) == "published"
    sub = services.substitution_update(
        user=analyst, substitution=sub, values={"rps_updated_on": D(2024, 7, 2)}
    )
    assert sub.state(D(2024, 8, 1)) == "done"
    notes = list(sub.events.values_list("note", flat=True))
    assert notes == ["Substituição aberta", "Substituição alterada", "Substituição alterada"]


def test_publishing_without_a_substitute_is_refused(terminated, analyst):
    with pytest.raises(ValidationError) as refused:
        services.substitution_update(
            user=analyst,
            substitution=terminated.substitution,
            values={
                "last_service_on": D(2024, 6, 30),
                "published_on": D(2024, 5, 20),
                "publish_until": D(2024, 12, 1),
            },
        )
    assert {"substitute_name", "substitute_starts_on", "equivalence"} <= set(
        refused.value.message_dict
    )


def test_the_rps_date_before_any_notice_is_refused(terminated, analyst):
    with pytest.raises(ValidationError) as refused:
        services.substitution_update(
            user=analyst,
            substitution=terminated.substitution,
            values={"rps_updated_on": D(2024, 7, 2)},
        )
    assert "rps_updated_on" in refused.value.message_dict
