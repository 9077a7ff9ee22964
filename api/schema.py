"""The OpenAPI document's parts that are not guessed from code: the bodies of `api.bodies`
(the form: `formio/schema/case.schema.json` itself) as components, the list's filters and
the answers every operation may give."""

import json
from pathlib import Path

from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from cases.filters import CITY_MAX, SEARCH_MAX
from formio.brids import UFS

from . import bodies

CASE_SCHEMA = Path(__file__).resolve().parent.parent / "formio" / "schema" / "case.schema.json"


class JsonSchema(serializers.Serializer):
    """A body described by a JSON Schema (of `api.bodies`), not by serializer fields."""

    schema: dict = {}


def _component(name: str, schema) -> type[JsonSchema]:
    return type(name, (JsonSchema,), {"schema": schema, "__module__": __name__})


def form_schema() -> dict:
    """case.schema.json with its `$defs` written in place (a component has no `$defs` root)."""
    schema = json.loads(CASE_SCHEMA.read_text(encoding="utf-8"))
    defs = schema.pop("$defs")
    for key in ("$schema", "$id"):
        schema.pop(key)
    return _inline(schema, defs)


def _inline(node, defs):
    if isinstance(node, dict):
        ref = node.get("$ref", "")
        if ref.startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return {**defs[ref.removeprefix("#/$defs/")], **rest}
        return {key: _inline(value, defs) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


COMPONENTS = {name: _component(name, schema) for name, schema in bodies.COMPONENTS.items()}
COMPONENTS[bodies.FORM] = _component(bodies.FORM, "form")


class JsonSchemaExtension(OpenApiSerializerExtension):
    target_class = JsonSchema
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        if self.target.schema == "form":
            return form_schema()
        return self._refs(self.target.schema, auto_schema, direction)

    def _refs(self, node, auto_schema, direction):
        if isinstance(node, str) and node in COMPONENTS:
            return auto_schema.resolve_serializer(COMPONENTS[node], direction).ref
        if isinstance(node, dict):
            return {k: self._refs(v, auto_schema, direction) for k, v in node.items()}
        if isinstance(node, list):
            return [self._refs(item, auto_schema, direction) for item in node]
        return node


def body(name: str) -> dict:
    return {"application/json": COMPONENTS[name]}


ERROR_ANSWERS = {
    400: "Dados inválidos: cada campo errado nomeado, com a mensagem.",
    401: "Sem credenciais, ou token inválido ou revogado.",
    403: "O perfil do usuário não permite a operação.",
    404: "Caso inexistente ou fora do alcance do usuário (ou página além da última).",
    429: "Requisições demais: espere os segundos de Retry-After.",
}


def answers(ok: int, name: str, description: str, *, errors=(400, 401, 403, 404, 429)) -> dict:
    """An operation's answers: its success and each error it may give, in the error shape."""
    result = {ok: OpenApiResponse(COMPONENTS[name], description=description)}
    for code in errors:
        result[code] = OpenApiResponse(COMPONENTS["Errors"], description=ERROR_ANSWERS[code])
    return result


def with_conflict(result: dict, *, what: str = "O caso") -> dict:
    result[409] = OpenApiResponse(
        COMPONENTS["Conflict"],
        description=f"{what} mudou depois da versão enviada (`current_version`, "
        "`changed_fields`); nada foi gravado.",
    )
    return result


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="Chave única do pedido (até 255 caracteres). Repetido com a mesma chave, o "
    "pedido devolve a primeira resposta (cabeçalho `Idempotent-Replayed: true`) e não grava "
    "nada de novo. Guardada por 24 horas.",
)


def _query(name, kind, description, **extra) -> OpenApiParameter:
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description, **extra)


SITUATIONS = ["open", "closed", "retencao_efetiva", "desligamento", "nao_se_trata_de_retencao"]

LIST_FILTERS = [
    _query("pagina", OpenApiTypes.INT, "Página (1 em diante; 50 casos cada)."),
    _query(
        "updated_since",
        OpenApiTypes.DATETIME,
        "Só os casos alterados desde este instante (ISO 8601, ex.: 2024-03-01T00:00:00-03:00),"
        " em ordem de id crescente: percorrer as páginas pode repetir um caso, nunca pula um.",
    ),
    _query("ids", OpenApiTypes.STR, "Só estes casos: ids separados por vírgula (ex.: 12,15)."),
    _query(
        "q",
        {"type": "string", "maxLength": SEARCH_MAX},
        "Busca: nome, CRO, CPF, CNPJ, protocolo, cidade, operadora.",
    ),
    _query("situation", OpenApiTypes.STR, "Situação.", enum=SITUATIONS),
    _query("operator", OpenApiTypes.INT, "Operadora (id)."),
    _query("uf", OpenApiTypes.STR, "UF de atendimento.", enum=list(UFS)),
    _query(
        "city",
        {"type": "string", "maxLength": CITY_MAX},
        "Cidade (nome inteiro; maiúsculas e acentos à parte).",
    ),
    _query("analyst", OpenApiTypes.INT, "Colaborador (id do usuário)."),
    _query("reason", OpenApiTypes.INT, "Motivo de desligamento (id)."),
    _query("sector", OpenApiTypes.INT, "Setor responsável (id)."),
    _query("requested_by", OpenApiTypes.INT, "Demandado por? (id)."),
    _query("late", OpenApiTypes.BOOL, "Prazo vencido."),
    _query("opened_after", OpenApiTypes.DATE, "Aberto a partir de (Data início)."),
    _query("opened_before", OpenApiTypes.DATE, "Aberto até."),
    _query("closed_after", OpenApiTypes.DATE, "Encerrado a partir de (Data final)."),
    _query("closed_before", OpenApiTypes.DATE, "Encerrado até."),
]


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token <chave>`: cada pessoa cria e revoga os seus "
            "tokens na tela Tokens da API (/conta/tokens/).",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "rest_framework.authentication.SessionAuthentication"
    name = "cookieAuth"
    priority = 1

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "A sessão do navegador (depois de entrar no sistema); escritas "
            "levam o cabeçalho X-CSRFToken.",
        }


# The filters that take a number, a date or a choice: sent empty, they are refused.
TYPED_FILTERS = {p.name for p in LIST_FILTERS if p.type != OpenApiTypes.STR or p.enum}
