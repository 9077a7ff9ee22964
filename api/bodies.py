"""What the API sends and accepts, as JSON Schema: the one description that the requests are
checked against and that the OpenAPI document (`api.schema`) publishes.

The form itself is the interchange format, `formio/schema/case.schema.json`, read from its
file; `FORM` below stands for it wherever a body carries a form.
"""

from django.core.exceptions import ValidationError
from jsonschema import Draft202012Validator

FORM = "CaseForm"  # a reference to the interchange format's component
NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
DATE_TIME = {"type": "string", "format": "date-time"}
VERSION = {
    "type": "integer",
    "minimum": 0,
    "description": "A versão do caso que você leu (GET); outra versão gravada depois: 409.",
}

ERRORS = {
    "type": "object",
    "description": "Erros em português: cada campo (caminho do formato de intercâmbio, como "
    "`provider.cpf`, ou `__all__`) com suas mensagens.",
    "required": ["erros"],
    "properties": {
        "erros": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }
    },
}

CONFLICT = {
    "type": "object",
    "description": "O caso (ou a substituição) mudou depois da versão enviada; nada foi gravado.",
    "required": ["erros", "current_version", "changed_fields"],
    "properties": {
        **ERRORS["properties"],
        "current_version": {"type": "integer", "description": "A versão gravada agora."},
        "changed_fields": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Os rótulos dos campos alterados desde a versão enviada.",
        },
    },
}

CASE = {
    "type": "object",
    "description": "Um caso: o formulário no formato de intercâmbio e o que o sistema deriva.",
    "required": ["id", "version", "open", "next_due_on", "warnings", "import_warnings", "form"],
    "properties": {
        "id": {"type": "integer"},
        "version": {"type": "integer", "description": "Envie-a de volta em cada alteração."},
        "open": {"type": "boolean", "description": "Em aberto (não encerrado)."},
        "next_due_on": {**NULLABLE_DATE, "description": "Próximo prazo."},
        "warnings": {"type": "array", "items": {"type": "string"}, "description": "Alertas."},
        "import_warnings": {"type": "array", "items": {"type": "string"}},
        "form": FORM,
    },
}

SUMMARY = {
    "type": "object",
    "description": "Uma linha da fila (CPF mascarado para o Gestor).",
    "required": [
        "id",
        "version",
        "open",
        "status",
        "provider_name",
        "cro",
        "cro_uf",
        "cpf",
        "city",
        "service_uf",
        "analyst",
        "started_on",
        "next_due_on",
        "updated_at",
    ],
    "properties": {
        "id": {"type": "integer"},
        "version": {"type": "integer"},
        "open": {"type": "boolean"},
        "status": {"type": ["string", "null"]},
        "provider_name": {"type": "string"},
        "cro": {"type": "string"},
        "cro_uf": {"type": "string"},
        "cpf": {"type": "string"},
        "city": {"type": "string"},
        "service_uf": {"type": "string"},
        "analyst": {"type": ["string", "null"]},
        "started_on": NULLABLE_DATE,
        "next_due_on": NULLABLE_DATE,
        "updated_at": {**DATE_TIME, "description": "Última alteração."},
    },
}

PAGE = {
    "type": "object",
    "description": "Uma página da lista, 50 casos.",
    "required": ["count", "page", "pages", "next", "previous", "results"],
    "properties": {
        "count": {"type": "integer", "description": "Quantos casos a lista tem ao todo."},
        "page": {"type": "integer"},
        "pages": {"type": "integer"},
        "next": {"type": ["string", "null"], "format": "uri", "description": "Próxima página."},
        "previous": {"type": ["string", "null"], "format": "uri"},
        "results": {"type": "array", "items": "CaseSummary"},
    },
}

EVENT = {
    "type": "object",
    "description": "Uma entrada do histórico: quem, quando, o quê e cada campo antes e depois.",
    "required": ["at", "user", "kind", "kind_label", "note", "version", "changes"],
    "properties": {
        "at": DATE_TIME,
        "user": {"type": ["string", "null"]},
        "kind": {"type": "string"},
        "kind_label": {"type": "string"},
        "note": {"type": "string"},
        "version": {"type": "integer"},
        "changes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "label", "old", "new"],
                "properties": {"field": {"type": "string"}, "label": {"type": "string"}},
            },
        },
    },
}

HISTORY = {"type": "array", "items": "CaseEvent"}

OPEN = {
    "type": "object",
    "description": "O formulário do caso novo; o caso fica com quem o abre.",
    "additionalProperties": False,
    "required": ["form"],
    "properties": {"form": FORM},
}

UPDATE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "form"],
    "properties": {"version": VERSION, "form": FORM},
}

CONTACT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version"],
    "properties": {
        "version": VERSION,
        "date": {**NULLABLE_DATE, "description": "Data do contato (AAAA-MM-DD)."},
        "channel": {
            "type": ["string", "null"],
            "description": "Canal (um dos códigos de `cases.models.Channel`).",
        },
        "notes": {"type": "string", "description": "Observações do contato."},
    },
}

CLOSE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version"],
    "properties": {
        "version": VERSION,
        "form": {**{"anyOf": [FORM, {"type": "null"}]}, "description": "Gravado antes."},
    },
}

REOPEN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "reason"],
    "properties": {
        "version": VERSION,
        "reason": {"type": "string", "minLength": 1, "description": "Motivo da reabertura."},
    },
}

ASSIGN = {
    "type": "object",
    "additionalProperties": False,
    "required": ["version", "analyst"],
    "properties": {
        "version": VERSION,
        "analyst": {
            "type": "string",
            "description": "Usuário (login) de um Analista ou Supervisor ativo.",
        },
    },
}

SUBSTITUTION = {
    "type": "object",
    "description": "A substituição (ANS) de um prestador desligado (docs/ans.md).",
    "properties": {
        "case": {"type": "integer", "description": "Id do caso."},
        "state": {
            "type": "string",
            "enum": ["pending", "late", "published", "exempt", "done", "cancelled"],
            "description": "pendente, atrasada (depois de notice_due_on), publicada, "
            "dispensada (exceção), concluída ou cancelada (o caso foi reaberto: fora das "
            "listas e do aviso público; volta se o caso for encerrado de novo como "
            "Desligamento, e não aceita PUT enquanto isso).",
        },
        "version": {
            "type": "integer",
            "description": "Envie-a de volta no PUT; muda a cada entrada do histórico.",
        },
        "last_service_on": {**NULLABLE_DATE, "description": "D: último dia de atendimento."},
        "notice_due_on": {**NULLABLE_DATE, "description": "D − 30 dias corridos (calculado)."},
        "published_on": NULLABLE_DATE,
        "publish_until": NULLABLE_DATE,
        "rps_updated_on": NULLABLE_DATE,
        "plans": {"type": "array", "items": {"type": "string"}},
        "substitute": {"type": ["object", "null"], "description": "O substituto."},
        "equivalence": {"type": "string"},
        "exception": {"type": ["object", "null"], "description": "A exceção e sua prova."},
        "continuing_patients": {"type": ["integer", "null"]},
        "continuing_patients_notes": {"type": "string"},
    },
    "required": ["case", "state", "version", "last_service_on", "notice_due_on", "substitute"],
}
SUBSTITUTION_UPDATE = {
    "type": "object",
    "description": "Só os campos enviados mudam; notice_due_on e state são calculados.",
    "required": ["version"],
    "properties": {
        "version": {
            **VERSION,
            "description": "A versão da substituição que você leu (GET); outra gravada "
            "depois: 409, nada gravado.",
        },
    }
    | {
        name: SUBSTITUTION["properties"][name]
        for name in (
            "last_service_on",
            "published_on",
            "publish_until",
            "rps_updated_on",
            "plans",
            "substitute",
            "equivalence",
            "exception",
            "continuing_patients",
            "continuing_patients_notes",
        )
    },
}
SUBSTITUTION_PAGE = {
    "type": "object",
    "properties": {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "results": {"type": "array", "items": "Substitution"},
    },
    "required": ["count", "page", "results"],
}

COMPONENTS = {
    "Errors": ERRORS,
    "Substitution": SUBSTITUTION,
    "SubstitutionUpdate": SUBSTITUTION_UPDATE,
    "SubstitutionPage": SUBSTITUTION_PAGE,
    "Conflict": CONFLICT,
    "Case": CASE,
    "CaseSummary": SUMMARY,
    "CasePage": PAGE,
    "CaseEvent": EVENT,
    "CaseHistory": HISTORY,
    "CaseOpen": OPEN,
    "CaseUpdate": UPDATE,
    "ContactAdd": CONTACT,
    "CaseClose": CLOSE,
    "CaseReopen": REOPEN,
    "CaseAssign": ASSIGN,
}


def checked(body, name: str) -> dict:
    """`body` when it fits the component `name` (the form only as "an object": the form has
    its own, detailed check), or a ValidationError naming each field that does not."""
    validator = Draft202012Validator(
        _for_validation(COMPONENTS[name]), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    problems: dict[str, list[str]] = {}
    for error in validator.iter_errors(body):
        path = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "required":
            path = error.message.split("'")[1]
        problems.setdefault(path or "__all__", []).append(_message(error))
    if problems:
        raise ValidationError(problems)
    return body


def _for_validation(schema):
    if isinstance(schema, str) and (schema == FORM or schema in COMPONENTS):
        return {"type": "object"}
    if isinstance(schema, dict):
        return {key: _for_validation(value) for key, value in schema.items()}
    if isinstance(schema, list):
        return [_for_validation(item) for item in schema]
    return schema


MESSAGES = {
    "required": "campo obrigatório.",
    "type": "tipo errado (esperado {expected}).",
    "minimum": "valor abaixo do mínimo ({instance!r}).",
    "minLength": "não pode ficar em branco.",
    "additionalProperties": "campo desconhecido.",
    "format": "formato inválido ({instance!r}; datas em AAAA-MM-DD).",
}


def _message(error) -> str:
    template = MESSAGES.get(error.validator, "valor inválido ({instance!r}).")
    expected = error.validator_value
    return template.format(instance=error.instance, expected=expected)
