"""Rows inserted with one plain statement, for the import's thousands of forms.

The ORM's insert (model instances, the compiler, a savepoint for bulk_create) costs several
times what the statement itself costs; here the statement is written once per model and
column set, and each value is still prepared by its field, as the ORM prepares it.
Nothing here runs model code (`save()`, signals): callers are the case services only.
"""

from collections.abc import Sequence
from functools import cache

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.backends.base.operations import BaseDatabaseOperations


def insert(model: type[models.Model], rows: Sequence[dict], *, returning: Sequence[str] = ()):
    """INSERT `rows` (attname -> value; a missing field takes its default) in one statement.

    With `returning` (field names) and a single row: that row's values of those fields, as
    the database gave them (a generated column too). Returns None otherwise."""
    if not rows:
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    fields = _insert_preparers(model, type(connection.ops))
    values = []
    for row in rows:
        for field, attname, kept_as_is in fields:  # _prepared(), inline: 45 values a case
            value = row[attname] if attname in row else field.get_default()
            values.append(
                value if type(value) in kept_as_is else field.get_db_prep_save(value, connection)
            )
    sql = _statement(model, len(rows), tuple(returning))
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if returning:
            assert len(rows) == 1, "RETURNING rows of a multi-row insert come in no set order"
            return cursor.fetchone()
    return None


def values_of(model: type[models.Model], row: dict) -> list:
    """The values of `row` (field name -> value), prepared for the database as the ORM
    prepares them, in `row`'s order."""
    connection = connections[DEFAULT_DB_ALIAS]
    fields = _preparers(model, tuple(row), type(connection.ops))
    return [
        _prepared(field, kept_as_is, value, connection)
        for value, (field, _, kept_as_is) in zip(row.values(), fields, strict=True)
    ]


def add(instance: models.Model) -> None:
    """Insert a new `instance` as its `save()` would: its primary key and generated columns
    then set from the row the database wrote."""
    model = type(instance)
    back = [model._meta.pk, *(f for f in model._meta.concrete_fields if f.generated)]
    row = {f.attname: getattr(instance, f.attname) for f in _insertable(model)}
    values = insert(model, [row], returning=[f.name for f in back])
    for field, value in zip(back, values, strict=True):
        setattr(instance, field.attname, field.to_python(value))
    instance._state.adding, instance._state.db = False, DEFAULT_DB_ALIAS


def update(instance: models.Model, fields: Sequence[str]) -> None:
    """Save these fields (names) of a stored `instance`, as `save(update_fields=...)`."""
    connection = connections[DEFAULT_DB_ALIAS]
    model = type(instance)
    values = [
        _prepared(field, kept_as_is, getattr(instance, attname), connection)
        for field, attname, kept_as_is in _preparers(model, tuple(fields), type(connection.ops))
    ]
    with connection.cursor() as cursor:
        cursor.execute(_update_statement(model, tuple(fields)), [*values, instance.pk])


def _prepared(field: models.Field, kept_as_is: set[type], value, connection):
    """`field.get_db_prep_save(value)`, skipped for a value it would give back unchanged
    (it cost more than the statement for the forty fields of a case)."""
    return value if type(value) in kept_as_is else field.get_db_prep_save(value, connection)


@cache
def _insertable(model: type[models.Model]) -> list[models.Field]:
    fields = [
        f for f in model._meta.concrete_fields if not f.generated and not (f.primary_key and
        isinstance(f, models.AutoField | models.BigAutoField | models.SmallAutoField))
    ]  # fmt: skip
    assert not any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                   for f in fields), "auto_now fields are set by save(), not here"  # fmt: skip
    return fields


@cache
def _preparers(model: type[models.Model], names: tuple[str, ...], ops: type) -> list[tuple]:
    """For these fields (names): each field, its attname, and the types of value its
    preparation for the database (`ops`: its operations class) gives back unchanged."""
    fields = [model._meta.get_field(name) for name in names]
    return [(f, f.attname, _kept_as_is(f, ops)) for f in fields]


@cache
def _insert_preparers(model: type[models.Model], ops: type) -> list[tuple]:
    return _preparers(model, tuple(f.name for f in _insertable(model)), ops)


_TEXT = (models.CharField, models.TextField, models.SlugField)
_INTEGER = (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
            models.SmallIntegerField, models.BigIntegerField)  # fmt: skip
_AUTO = (models.AutoField, models.BigAutoField, models.SmallAutoField)
_BASE = BaseDatabaseOperations


def _kept_as_is(field: models.Field, ops: type) -> set[type]:
    """Exactly these field classes: a subclass may prepare values its own way."""
    kind = type(field.target_field if isinstance(field, models.ForeignKey) else field)
    if kind in _TEXT and not isinstance(field, models.ForeignKey):
        return {str, type(None)}
    if kind is models.BooleanField:
        return {bool, type(None)}
    if kind in _INTEGER:  # PostgreSQL wraps integers in the column's size
        same = ops.adapt_integerfield_value is _BASE.adapt_integerfield_value
    elif kind in _AUTO:  # keys (MySQL refuses 0)
        same = ops.validate_autopk_value is _BASE.validate_autopk_value
    else:
        return set()
    return {int, type(None)} if same else {type(None)}


@cache
def _statement(model: type[models.Model], count: int, returning: tuple[str, ...]) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    fields = _insertable(model)
    row = f"({', '.join(['%s'] * len(fields))})"
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in fields)}) "
        f"VALUES {', '.join([row] * count)}"
    )
    if returning:
        columns = (model._meta.get_field(name).column for name in returning)
        sql += f" RETURNING {', '.join(quote(c) for c in columns)}"
    return sql


@cache
def _update_statement(model: type[models.Model], fields: tuple[str, ...]) -> str:
    quote = connections[DEFAULT_DB_ALIAS].ops.quote_name
    columns = (model._meta.get_field(name).column for name in fields)
    return (
        f"UPDATE {quote(model._meta.db_table)} SET {', '.join(f'{quote(c)} = %s' for c in columns)}"
        f" WHERE {quote(model._meta.pk.column)} = %s"
    )
