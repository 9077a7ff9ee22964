"""One batch whose forms are the same form, file or provider as an earlier form of it.

The import looks up what a chunk's forms may already be once for the chunk
(imports.matching.Known); a form stored earlier in the same chunk must still be found by
the forms after it, as it is from another batch.
"""

import datetime

import pytest

from cases.models import Case
from formio.tests.forms import text_form
from imports.models import ImportBatch, Outcome
from imports.services import batch_create, batch_run
from imports.sources import Source


@pytest.fixture
def forms():
    from cases.demo import DemoGenerator

    generator = DemoGenerator(41, today=datetime.date(2025, 6, 1))
    cases = [case.data for case in generator.cases(6)]
    assert len({data.protocol_number for data in cases}) == 6
    for number, data in enumerate(cases):  # six providers of their own, worked out below
        data.provider.cro, data.provider.cro_uf = f"5550{number}", "SP"
        data.provider.cpf, data.provider.cnpj = f"0000000000{number}", None
    return cases


def imported(user, *contents: bytes) -> ImportBatch:
    sources = [Source(f"form-{i}.txt", content) for i, content in enumerate(contents)]
    batch = batch_create(user=user, sources=sources, source="teste")
    batch_run(batch)
    return batch


def rows(batch: ImportBatch):
    return list(batch.files.order_by("pk"))


def test_the_same_form_in_other_bytes_later_in_the_batch_is_unchanged(db, supervisor, forms):
    form = text_form(forms[0])
    crlf = form.replace("\n", "\r\n").encode()
    batch = imported(supervisor, form.encode(), text_form(forms[1]).encode(), crlf)
    first, _, again = rows(batch)
    assert (first.outcome, again.outcome) == (Outcome.CREATED, Outcome.UNCHANGED)
    assert again.case_id == first.case_id
    assert Case.objects.count() == 2


def test_a_form_of_a_provider_an_earlier_form_of_the_batch_brought_is_linked_with_a_warning(
    db, supervisor, forms
):
    forms[2].provider = forms[0].provider  # the same dentist, another protocol number
    batch = imported(supervisor, *(text_form(f).encode() for f in forms[:3]))
    first, second, third = rows(batch)
    assert [r.outcome for r in (first, second, third)] == [Outcome.CREATED] * 3
    assert third.case.provider_id == first.case.provider_id
    assert any(f"já tem caso(s) no sistema: caso {first.case_id}" in w for w in third.warnings)
    assert not any("já tem caso" in w for w in second.warnings)


def test_the_same_cpf_under_another_cro_later_in_the_batch_says_it_is_not_linked(
    db, supervisor, forms
):
    forms[1].provider.cpf = forms[0].provider.cpf  # the CRO stays another one
    batch = imported(supervisor, *(text_form(f).encode() for f in forms[:2]))
    first, second = rows(batch)
    assert second.case.provider_id != first.case.provider_id
    warning = next(w for w in second.warnings if "CPF/CNPJ" in w)
    assert f"caso {first.case_id}" in warning and "confira se é a mesma pessoa" in warning


def test_a_form_of_a_case_from_an_earlier_batch_is_found_beside_new_ones(db, supervisor, forms):
    imported(supervisor, text_form(forms[0]).encode())
    original = Case.objects.get()
    forms[0].general_notes = "Outra observação, da segunda cópia."
    batch = imported(supervisor, *(text_form(f).encode() for f in forms))
    outcomes = [r.outcome for r in rows(batch)]
    assert outcomes == [Outcome.UPDATED] + [Outcome.CREATED] * 5
    assert Case.objects.count() == 6
    original.refresh_from_db()
    assert original.general_notes == "Outra observação, da segunda cópia."
