import datetime

from cases import rules
from formio.casedata import CaseData, ContactData, ProviderData

TODAY = datetime.date(2024, 4, 1)


def messages(problems):
    return {p.field: p.message for p in problems}


def test_it_rejects_cpf_with_bad_check_digit():
    data = CaseData(provider=ProviderData(cpf="07309474750"))
    assert messages(rules.validity_problems(data, today=TODAY)) == {
        "provider.cpf": "CPF: dígitos verificadores inválidos."
    }


def test_it_rejects_a_cpf_of_repeated_digits_that_the_check_digits_accept():
    data = CaseData(provider=ProviderData(cpf="11111111111"))
    assert "provider.cpf" in messages(rules.validity_problems(data, today=TODAY))


def test_it_accepts_the_alphanumeric_cnpj():
    data = CaseData(provider=ProviderData(cnpj="12ABC34501DE35"))
    assert rules.validity_problems(data, today=TODAY) == []


def test_it_rejects_a_cnpj_with_bad_check_digits():
    data = CaseData(provider=ProviderData(cnpj="12ABC34501DE36"))
    assert messages(rules.validity_problems(data, today=TODAY))["provider.cnpj"].startswith("CNPJ:")


def test_the_end_cannot_come_before_the_start():
    data = CaseData(started_on=datetime.date(2024, 3, 2), finished_on=datetime.date(2024, 3, 1))
    assert messages(rules.validity_problems(data, today=TODAY)) == {
        "finished_on": "Data final: não pode ser anterior à Data início."
    }


def test_a_contact_cannot_be_in_the_future_nor_after_the_end():
    data = CaseData(
        finished_on=datetime.date(2024, 3, 1),
        contacts=[
            ContactData(date=datetime.date(2024, 3, 5)),
            ContactData(date=datetime.date(2024, 5, 1)),
        ],
    )
    assert messages(rules.validity_problems(data, today=TODAY)) == {
        "contacts.0.date": "1º contato - Data: não pode ser posterior à Data final.",
        "contacts.1.date": "2º contato - Data: não pode estar no futuro.",
    }


def test_closing_needs_dates_and_status():
    problems = messages(rules.closing_problems(CaseData(), justified_actions={"outros"}))
    assert problems == {
        "started_on": "Data início: obrigatório para encerrar o caso.",
        "finished_on": "Data final: obrigatório para encerrar o caso.",
        "status": "Status retenção: obrigatório para encerrar o caso.",
    }


def closable(**fields):
    data = CaseData(started_on=TODAY, finished_on=TODAY, status="desligamento")
    for key, value in fields.items():
        setattr(data, key, value)
    return messages(rules.closing_problems(data, justified_actions={"outros"}))


def test_desligamento_needs_a_reason():
    assert closable() == {"termination_reasons": "Motivo desligamento: marque ao menos um motivo."}
    assert closable(termination_reasons=["glosas"]) == {}


def test_retention_has_no_termination_reason():
    assert "termination_reasons" in closable(
        status="retencao_efetiva", termination_reasons=["glosas"]
    )


def test_outros_needs_a_justification():
    assert closable(
        termination_reasons=["glosas"], retention_actions=["outros"], retention_actions_notes="  "
    ) == {
        "retention_actions_notes": "Obs. (Ação Retenção): justificativa obrigatória quando "
        "Outros é marcado."
    }


def test_seed_001_warns_of_coverage_and_of_offered_actions_left_unticked(seed_001):
    keywords = {
        "suporte": ["suporte"],
        "treinamento": ["treinamento"],
        "divulgacao": ["divulgação"],
    }
    warnings = rules.soft_warnings(seed_001, action_keywords=keywords)
    assert "A cidade pode ficar sem cobertura: 352 vida(s) e 1 CRO(s) único(s) divulgado(s)." in (
        warnings
    )
    assert sum("citam" in w for w in warnings) == 3


def test_soft_rules_flag_missing_ids_and_plans_and_contacts():
    data = CaseData(
        provider=ProviderData(person_type="J"), serves_other_plans=True, status="desligamento"
    )
    assert rules.soft_warnings(data, action_keywords={}) == [
        "Tipo J (pessoa jurídica) sem CNPJ.",
        "Atende outros convênios: SIM marcado sem dizer quais.",
        "Caso com status de encerramento e nenhum contato registrado.",
    ]
