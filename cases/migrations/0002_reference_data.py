"""Seed the form's option lists with the interchange format's codes.

Frozen copies of the lists (migrations must not import code that changes later);
administrators extend them in the admin.
"""

from django.db import migrations

SECTORS = [
    ("ti", "T.I."),
    ("central_de_atendimento", "Central de atendimento"),
    ("analise_tecnica", "Análise Técnica"),
    ("comercial", "Comercial"),
]

ACTIONS = [
    ("novos_valores", "Ofertado Novos Valores", False, "novos valores, novo valor, reajuste"),
    ("suporte", "Ofertado Suporte", False, "suporte"),
    ("divulgacao", "Ofertado Divulgação", False, "divulgação, divulgacao"),
    ("treinamento", "Ofertado Treinamento", False, "treinamento"),
    ("reciclagem", "Ofertado Reciclagem", False, "reciclagem"),
    ("outros", "Outros", True, ""),
]

# code, label, the operator can act on it, usual responsible sector
REASONS = [
    ("perda_de_contato", "Perda de Contato", False, None),
    ("problemas_de_saude", "Problemas de Saúde", False, None),
    ("beneficiario_grosseiro", "Beneficiário Grosseiro", True, "central_de_atendimento"),
    ("valores", "Valores", True, "comercial"),
    ("franquia", "Franquia", True, "comercial"),
    ("alteracao_responsavel_tecnico", "Alteração Responsável Técnico", False, None),
    ("removido_prestador", "Removido Prestador", False, None),
    ("sem_local_de_atendimento", "Sem Local de Atendimento", False, None),
    ("glosas", "Glosas", True, "analise_tecnica"),
    ("dificuldades_com_o_sistema", "Dificuldades com o Sistema", True, "ti"),
    ("prazo_liberacao_de_guias", "Prazo Liberação de Guias", True, "analise_tecnica"),
    ("encerramento_de_atividades", "Encerramento de Atividades", False, None),
    ("regras_tecnicas", "Regras Técnicas", True, "analise_tecnica"),
    ("apenas_procedimentos_esteticos", "Apenas procedimentos Estéticos", False, None),
    ("aposentou", "Aposentou", False, None),
    ("baixa_procura", "Baixa Procura", True, "comercial"),
    (
        "dificuldade_de_contato_com_a_central",
        "Dificuldade de Contato com a Central",
        True,
        "central_de_atendimento",
    ),
    ("falta_de_suporte_da_operadora", "Falta de Suporte da Operadora", True, "central_de_atendimento"),
    ("cobranca_indevida", "Cobrança indevida", True, "comercial"),
    ("burocracia_operadora", "Burocracia Operadora", True, "analise_tecnica"),
    ("negativa_de_atendimento", "Negativa de Atendimento", True, "central_de_atendimento"),
    ("ameaca_judicializacao", "Ameaça Judicialização", True, "comercial"),
    ("terceirizacao_de_atendimento", "Terceirização de Atendimento", False, None),
    ("migracao", "Migração", False, None),
    ("carteira_de_clientes_particular", "Carteira de Clientes Particular", False, None),
    ("estudos", "Estudos", False, None),
    ("servidor_publico", "Servidor Publico", False, None),
    ("mudou_de_area", "Mudou de Área", False, None),
    ("obito", "Óbito", False, None),
]

OPERATORS = [("odontolife", "ODONTOLIFE")]
REQUESTERS = [("operadora", "Operadora"), ("prestador", "Prestador")]


def seed(apps, schema_editor):
    sector = apps.get_model("cases", "ResponsibleSector")
    for order, (code, label) in enumerate(SECTORS, 1):
        sector.objects.update_or_create(code=code, defaults={"label": label, "order": order})
    action = apps.get_model("cases", "RetentionAction")
    for order, (code, label, justify, keywords) in enumerate(ACTIONS, 1):
        action.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "order": order,
                "needs_justification": justify,
                "keywords": keywords,
            },
        )
    reason = apps.get_model("cases", "TerminationReason")
    for order, (code, label, can_act, sector_code) in enumerate(REASONS, 1):
        usual = sector.objects.filter(code=sector_code).first() if sector_code else None
        reason.objects.update_or_create(
            code=code,
            defaults={
                "label": label,
                "order": order,
                "operator_can_act": can_act,
                "usual_sector": usual,
            },
        )
    for model_name, rows in (("Operator", OPERATORS), ("Requester", REQUESTERS)):
        model = apps.get_model("cases", model_name)
        for order, (code, label) in enumerate(rows, 1):
            model.objects.update_or_create(code=code, defaults={"label": label, "order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
