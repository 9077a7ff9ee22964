"""Django's SQLite backend, each statement's placeholders converted once per process.

Django rewrites every statement's "%s" to SQLite's "?" with a regular expression, each time
it runs: 15–20 µs for a case's INSERT, more than SQLite takes to run some of them. The same
few hundred statements recur (the ORM compiles them alike), so the rewrite is remembered.
ENGINE "retencao.sqlite" (retencao/settings.py sets it for sqlite:// URLs).
"""

import functools

from django.db.backends.sqlite3 import base


@functools.lru_cache(maxsize=4096)
def _qmark(query: str) -> str:
    return base.FORMAT_QMARK_REGEX.sub("?", query).replace("%%", "%")


class CursorWrapper(base.SQLiteCursorWrapper):
    def convert_query(self, query, *, param_names=None):
        if param_names is None:
            return _qmark(query)
        return super().convert_query(query, param_names=param_names)


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name=None):
        return self.connection.cursor(factory=CursorWrapper)
