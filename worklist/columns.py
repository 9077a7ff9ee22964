"""The queue's columns (which ones show, chosen by the user) and its sorts (a column header
clicked once sorts ascending, twice descending): `?colunas=caso,prestador&ordem=-prazo`."""

from dataclasses import dataclass

from django.db.models import F, OrderBy

from cases.models import Case

DEFAULT_SORT = "-id"
SORT_FIELDS = {
    "id": "pk",
    "prestador": "provider_name",
    "cro": "cro",
    "cidade": "city",
    "colaborador": "analyst__first_name",
    "inicio": "started_on",
    "prazo": "next_due_on",
    "situacao": "status",
    "operadora": "operator__label",
    "protocolo": "protocol_number",
}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    sort: str = ""  # a SORT_FIELDS key; "" for a column that does not sort
    default: bool = True


COLUMNS = (
    Column("caso", "Caso", "id"),
    Column("prestador", "Prestador", "prestador"),
    Column("cro", "CRO/UF", "cro"),
    Column("cpf", "CPF"),
    Column("cidade", "Cidade", "cidade"),
    Column("colaborador", "Colaborador", "colaborador"),
    Column("operadora", "Operadora", "operadora", default=False),
    Column("protocolo", "Nº do protocolo", "protocolo", default=False),
    Column("inicio", "Data início", "inicio", default=False),
    Column("dias", "Dias em aberto"),
    Column("prazo", "Próximo prazo", "prazo"),
    Column("situacao", "Situação", "situacao"),
    Column("avisos", "Avisos"),
)
BY_KEY = {column.key: column for column in COLUMNS}


def sort_of(value: str | None) -> str:
    """The sort asked (`ordem`), or the default one when it is not a known sort."""
    if value and value.removeprefix("-") in SORT_FIELDS:
        return value
    return DEFAULT_SORT


def ordering(sort: str) -> OrderBy:
    """The ORM ordering of a `sort_of` value; empty values last either way."""
    return sorted_by(SORT_FIELDS[sort.removeprefix("-")], descending=sort.startswith("-"))


def sorted_by(name: str, *, descending: bool, nulls_first: bool = False) -> OrderBy:
    """`name` (a Case field, or one across relations) ascending or descending, empty values
    last (or first). A field that is never empty gets no NULLS clause: read backwards, a
    PostgreSQL index gives its nulls first, so it cannot serve "DESC NULLS LAST", and the
    queue's newest cases first ("id DESC NULLS LAST") sorted all 100,000 cases: 107 ms of a
    133 ms page."""
    field = F(name)
    if not nullable(name):
        return field.desc() if descending else field.asc()
    nulls = {"nulls_first": True} if nulls_first else {"nulls_last": True}
    return field.desc(**nulls) if descending else field.asc(**nulls)


def nullable(name: str) -> bool:
    """Whether the field `name` reaches can be NULL (through a nullable relation too)."""
    model, null = Case, False
    for part in name.split("__"):
        field = model._meta.pk if part == "pk" else model._meta.get_field(part)
        null = null or field.null
        model = field.related_model
    return null


def chosen(value: str | None) -> list[Column]:
    """The columns asked (`colunas`, comma-separated keys), in the table's order; the
    default ones when none is known."""
    keys = set((value or "").split(","))
    columns = [column for column in COLUMNS if column.key in keys]
    return columns or [column for column in COLUMNS if column.default]


@dataclass(frozen=True)
class Header:
    column: Column
    sort_link: str  # the `ordem` a click asks for; "" when the column does not sort
    direction: str  # "ascending", "descending" or "" (aria-sort)


def headers(columns: list[Column], sort: str) -> list[Header]:
    result = []
    for column in columns:
        direction = ""
        if column.sort and sort.removeprefix("-") == column.sort:
            direction = "descending" if sort.startswith("-") else "ascending"
        link = f"-{column.sort}" if direction == "ascending" else column.sort
        result.append(Header(column, link, direction))
    return result
