"""Database expressions that differ between SQLite and PostgreSQL."""

from django.db import models


class DaysBetween(models.Func):
    """Whole calendar days from the first date to the second (NULL when either is NULL)."""

    arity = 2
    output_field = models.IntegerField()
    # PostgreSQL: date - date is already an integer number of days.
    sql_template = "(%(end)s - %(start)s)"
    sqlite_template = "CAST(julianday(%(end)s) - julianday(%(start)s) AS INTEGER)"

    def as_sql(self, compiler, connection, **extra_context):
        return self._compile(compiler, self.sql_template)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self._compile(compiler, self.sqlite_template)

    def _compile(self, compiler, template):
        start, end = (compiler.compile(e) for e in self.get_source_expressions())
        sql = template % {"start": start[0], "end": end[0]}
        return sql, (*end[1], *start[1])
