"""Backup and restore of the database, for SQLite and PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the app runs; restoring
copies the snapshot back into the live file the same way. PostgreSQL: `pg_dump` in its
custom format and `pg_restore --clean`, the tools the operator's IT already knows.
Uploaded originals (MEDIA_ROOT) are plain files: copy that folder beside the dump.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


class BackupError(Exception):
    pass


def backup(target: Path) -> Path:
    """Write a snapshot of the database to `target`; returns the file written."""
    connection.close()
    if connection.vendor == "sqlite":
        with _sqlite(connection.settings_dict["NAME"]) as source, _sqlite(target) as copy:
            source.backup(copy)
    else:
        _run("pg_dump", "--format=custom", "--no-owner", f"--file={target}")
    return target


def restore(source: Path) -> None:
    """Replace the database's contents with the snapshot in `source`."""
    if not source.is_file():
        raise BackupError(f"{source}: arquivo de backup não encontrado.")
    connection.close()
    if connection.vendor == "sqlite":
        with _sqlite(source) as snapshot, _sqlite(connection.settings_dict["NAME"]) as live:
            snapshot.backup(live)
    else:
        _run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={connection.settings_dict['NAME']}", str(source))  # fmt: skip


def _sqlite(path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=30)


def _run(tool: str, *args: str) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} não encontrado: instale o cliente do PostgreSQL.")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    where = [f"--host={db.get('HOST') or 'localhost'}", f"--port={db.get('PORT') or 5432}",
             f"--username={db.get('USER') or 'postgres'}"]  # fmt: skip
    if tool == "pg_dump":
        where.append(f"--dbname={db['NAME']}")
    result = subprocess.run([program, *where, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} falhou: {result.stderr.strip()[:500]}")
