"""The option lists printed on the paper form, with the interchange format's codes.

This is the form as printed (labels, order, the form's own misspellings); the database
seeds its reference data from the same lists in data migrations, and an administrator may
extend them there. Readers and writers use these to place ticks.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    printed_as: tuple[str, ...] = field(default=())  # other spellings seen on forms

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.label, *self.printed_as)


# The one definition of the status (cases.models.Status is built from these).
RETAINED = Option("retencao_efetiva", "Retenção Efetiva")
TERMINATED = Option("desligamento", "Desligamento")
NOT_RETENTION = Option("nao_se_trata_de_retencao", "Não se trata de Retenção")
STATUSES = (RETAINED, TERMINATED, NOT_RETENTION)

RETENTION_ACTIONS = (
    Option("novos_valores", "Ofertado Novos Valores"),
    Option("suporte", "Ofertado Suporte"),
    Option("divulgacao", "Ofertado Divulgação"),
    Option("treinamento", "Ofertado Treinamento"),
    Option("reciclagem", "Ofertado Reciclagem"),
    Option("outros", "Outros"),
)

TERMINATION_REASONS = (
    Option("perda_de_contato", "Perda de Contato"),
    Option("problemas_de_saude", "Problemas de Saúde"),
    Option("beneficiario_grosseiro", "Beneficiário Grosseiro", ("Beneficiário Grossoeiro",)),
    Option("valores", "Valores"),
    Option("franquia", "Franquia"),
    Option("alteracao_responsavel_tecnico", "Alteração Responsável Técnico"),
    Option("removido_prestador", "Removido Prestador"),
    Option("sem_local_de_atendimento", "Sem Local de Atendimento"),
    Option("glosas", "Glosas"),
    Option("dificuldades_com_o_sistema", "Dificuldades com o Sistema"),
    Option("prazo_liberacao_de_guias", "Prazo Liberação de Guias"),
    Option("encerramento_de_atividades", "Encerramento de Atividades"),
    Option("regras_tecnicas", "Regras Técnicas", ("Régras Técnicas",)),
    Option("apenas_procedimentos_esteticos", "Apenas procedimentos Estéticos"),
    Option("aposentou", "Aposentou"),
    Option("baixa_procura", "Baixa Procura"),
    Option("dificuldade_de_contato_com_a_central", "Dificuldade de Contato com a Central"),
    Option("falta_de_suporte_da_operadora", "Falta de Suporte da Operadora"),
    Option("cobranca_indevida", "Cobrança indevida"),
    Option("burocracia_operadora", "Burocracia Operadora"),
    Option("negativa_de_atendimento", "Negativa de Atendimento"),
    Option("ameaca_judicializacao", "Ameaça Judicialização"),
    Option("terceirizacao_de_atendimento", "Terceirização de Atendimento"),
    Option("migracao", "Migração"),
    Option("carteira_de_clientes_particular", "Carteira de Clientes Particular"),
    Option("estudos", "Estudos"),
    Option("servidor_publico", "Servidor Publico"),
    Option("mudou_de_area", "Mudou de Área"),
    Option("obito", "Óbito"),
)

RESPONSIBLE_SECTORS = (
    Option("ti", "T.I.", ("T.I",)),
    Option("central_de_atendimento", "Central de atendimento"),
    Option("analise_tecnica", "Análise Técnica"),
    Option("comercial", "Comercial"),
)

# The instruction printed under "Ação Retenção"; it is never a value (FORM.md, rule 5).
OUTROS_INSTRUCTION = 'OBRIGATÓRIO JUSTIFICATIVA CASO SELECIONE "OUTROS".'

PERSON_TYPES = (Option("F", "Pessoa física"), Option("J", "Pessoa jurídica"))


@dataclass(frozen=True)
class Vocabulary:
    """The option lists a form is read or printed with, handed to readers and writers as data.

    `PRINTED` is the paper form as printed (what old forms carry); `cases.vocabulary.current()`
    builds the one an administrator keeps in the reference tables (labels, added options).
    """

    statuses: tuple[Option, ...]
    retention_actions: tuple[Option, ...]
    termination_reasons: tuple[Option, ...]
    responsible_sectors: tuple[Option, ...]


PRINTED = Vocabulary(
    statuses=STATUSES,
    retention_actions=RETENTION_ACTIONS,
    termination_reasons=TERMINATION_REASONS,
    responsible_sectors=RESPONSIBLE_SECTORS,
)


def label_of(options: tuple[Option, ...], code: str | None) -> str:
    """The printed label of `code`, or the code itself when it is not on the form."""
    for option in options:
        if option.code == code:
            return option.label
    return code or ""


# The form's label of each interchange field: messages, history and exports name fields so.
FIELD_LABELS = {
    "analyst": "Colaborador",
    "cro_count": "Qtd CRO(s)",
    "form_date": "Data",
    "operator": "Operadora",
    "provider.cro": "CRO",
    "provider.cro_uf": "UF do CRO",
    "provider.name": "Nome dentista",
    "provider.cnpj": "CNPJ",
    "provider.cpf": "CPF",
    "provider.network_entry_date": "Data inclusão",
    "provider.person_type": "Tipo",
    "requested_by": "Demandado por?",
    "protocol_number": "Nº do protocolo",
    "protocol_opened_on": "Dt. abertura protocolo",
    "service_uf": "UF",
    "city": "Cidade",
    "lives": "nº de vidas",
    "unique_cros_listed": "nº CRO(S) únicos divulgados",
    "serves_other_plans": "Atende outros convênios",
    "other_plans": "Quais?",
    "unit_value": "Moeda",
    "last_production": "Última produç.",
    "last_production_value": "Valor última prod.",
    "started_on": "Data início",
    "finished_on": "Data final",
    "days_to_finish": "Tempo finalização",
    "status": "Status retenção",
    "contacts": "Contatos",
    "retention_actions": "Ação Retenção",
    "retention_actions_notes": "Obs. (Ação Retenção)",
    "termination_reasons": "Motivo desligamento",
    "protocol_required": "Necessário abertura de protocolo",
    "general_notes": "Obs. Geral",
    "responsible_sectors": "Setor responsável",
    "signatures": "Assinaturas",
}


def field_label(path: str) -> str:
    """ "provider.cpf" -> "CPF"; "contacts.2.date" -> "3º contato - Data"."""
    parts = path.split(".")
    if parts[0] == "contacts" and len(parts) == 3:
        sub = {"date": "Data", "notes": "Obs."}.get(parts[2], parts[2])
        return f"{int(parts[1]) + 1}º contato - {sub}"
    return FIELD_LABELS.get(path, path)
