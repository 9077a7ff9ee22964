"""Keeps `CaseFact` equal to the cases: one SELECT over the case table defines a fact row.

`case_changed(case)` re-derives one case's row (the case services call it inside their
transaction, after saving); `refresh()` re-derives every row at once, for bulk loads that
bypass the services. Both run the same INSERT … SELECT, so they cannot disagree; both keep
the tallies (reports.tallies) along.
"""

import functools
from types import SimpleNamespace

from django.db import connection, models, transaction
from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce

from cases.models import Case, Status

from . import tallies
from .models import CaseFact, CaseTally, Outcome

AT_RISK = Q(lives__gt=0, unique_cros_listed__isnull=False, cro_count__isnull=False,
            unique_cros_listed__lte=F("cro_count"))  # fmt: skip


class MonthStart(models.Func):
    """The first day of the date's month, with each database's own (fast) function."""

    output_field = models.DateField()
    template = "CAST(date_trunc('month', %(expressions)s) AS date)"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="date(%(expressions)s, 'start of month')")


def _ids(relation: str) -> Coalesce:
    """The ids of a case's reasons (actions, sectors) as "4,9"; "" when none."""
    through = getattr(Case, relation).through
    column = next(f.attname for f in through._meta.get_fields() if f.name not in ("id", "case"))
    # Ordered where the database can (SQLite before 3.44 cannot): the same set then groups
    # as one key; figures read the ids as a set either way.
    ordered = {"order_by": column} if connection.features.supports_aggregate_order_by_clause else {}
    ids = (
        through.objects.filter(case_id=OuterRef("pk"))
        .order_by()
        .values("case_id")
        .annotate(ids=models.StringAgg(Cast(column, models.TextField()), Value(","), **ordered))
        .values("ids")
    )
    return Coalesce(Subquery(ids), Value(""), output_field=models.TextField())


def _outcome() -> models.Case:
    return models.Case(
        When(closed_at__isnull=True, then=Value(Outcome.OPEN)),
        When(status=Status.RETAINED, then=Value(Outcome.RETAINED)),
        When(status=Status.TERMINATED, then=Value(Outcome.TERMINATED)),
        default=Value(Outcome.NOT_RETENTION),
        output_field=IntegerField(),
    )


def _columns() -> dict:
    """Each CaseFact column and its expression over the case table."""
    return {
        "case_id": F("pk"),
        "analyst_id": F("analyst_id"),
        "created_by_id": F("created_by_id"),
        "operator_id": F("operator_id"),
        "requested_by_id": F("requested_by_id"),
        "service_uf": F("service_uf"),
        "city": F("city"),
        "started_on": F("started_on"),
        "finished_on": F("finished_on"),
        "start_month": MonthStart("started_on"),
        "finish_month": MonthStart("finished_on"),
        "outcome": _outcome(),
        "days": models.Case(
            When(
                closed_at__isnull=False, then=Coalesce("days_to_finish", "days_to_finish_written")
            ),
            output_field=IntegerField(),
        ),  # fmt: skip
        "lives": F("lives"),
        "at_risk": models.Case(When(AT_RISK, then=Value(True)), default=Value(False)),
        "next_due_on": F("next_due_on"),
        "reasons": _ids("termination_reasons"),
        "actions": _ids("retention_actions"),
        "sectors": _ids("responsible_sectors"),
    }


def _insert_sql(cases) -> tuple[str, list]:
    """INSERT INTO reports_casefact … SELECT over `cases` (a Case queryset)."""
    columns = _columns()
    aliases = {f"_{name}": expression for name, expression in columns.items()}
    select = cases.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    return f"INSERT INTO {CaseFact._meta.db_table} ({', '.join(columns)}) {sql}", list(params)


ANY_CASE = -8_675_309  # stands for the case's id in the statement compiled once


@functools.cache
def _one_case_sql(vendor: str) -> tuple[str, list, int]:
    """The single-case statement, compiled once per database kind (compiling it costs more
    than running it); it returns the row it writes."""
    sql, params = _insert_sql(Case.objects.filter(pk=ANY_CASE))
    return f"{sql} RETURNING {_RETURNED}", params, params.index(ANY_CASE)


_FIELDS = [CaseFact._meta.get_field(name.removesuffix("_id")) for name in _columns()]
_RETURNED = ", ".join(field.column for field in _FIELDS)
_CONVERTED = (models.DateField, models.BooleanField)  # SQLite gives text and 0/1


def _fact(row: tuple | None) -> SimpleNamespace | None:
    """A row of the facts table as returned by a statement, values as the ORM reads them,
    by attname (all the tallies read; a model instance cost more than their work)."""
    if row is None:
        return None
    values = zip(_FIELDS, row, strict=True)
    return SimpleNamespace(**{
        field.attname: field.to_python(value) if isinstance(field, _CONVERTED) else value
        for field, value in values
    })  # fmt: skip


def _returned(sql: str, params) -> SimpleNamespace | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _fact(cursor.fetchone())


def _execute(sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def case_changed(case: Case, *, created: bool = False) -> None:
    """Re-derive the case's facts and move it in the tallies; called by cases.services after
    every change it saves, in its transaction. A `created` case has no facts to replace.

    The old row is taken by its DELETE and the new one given back by its INSERT (RETURNING):
    two statements, no reads."""
    old = None
    if not created:
        delete = f"DELETE FROM {CaseFact._meta.db_table} WHERE case_id = %s RETURNING {_RETURNED}"
        old = _returned(delete, [case.pk])
    sql, params, position = _one_case_sql(connection.vendor)
    params = list(params)
    params[position] = case.pk
    tallies.case_moved(old, _returned(sql, params))


def refresh(*, with_tallies: bool = True) -> int:
    """Re-derive every case's facts in one statement, then the tallies; returns how many
    cases there are."""
    with transaction.atomic():
        CaseFact.objects.all().delete()
        _execute(*_insert_sql(Case.objects.all()))
        if with_tallies:
            tallies.rebuild()
    with connection.cursor() as cursor:  # the planners' statistics of the new rows
        for model in (CaseFact, CaseTally) if with_tallies else (CaseFact,):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    return CaseFact.objects.count()
