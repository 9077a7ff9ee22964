"""Backup and restore of the database, for SQLite and PostgreSQL.

SQLite: the online backup API copies a consistent snapshot while the app runs; restoring
copies the snapshot back into the live file the same way. PostgreSQL: `pg_dump` in its
custom format and `pg_restore --clean`, the tools the operator's IT already knows.
Uploaded originals (MEDIA_ROOT) are plain files: copy that folder beside the dump.

The audit log (what left the system, audit.ExportLog) is not rolled back: its rows written
after the backup are put back after the restore, so a restore cannot erase the record of an
export (LGPD accountability).
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import connection

from audit.models import ExportLog


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
    audit_log = list(ExportLog.objects.order_by("pk"))
    connection.close()
    if connection.vendor == "sqlite":
        with _sqlite(source) as snapshot, _sqlite(connection.settings_dict["NAME"]) as live:
            snapshot.backup(live)
    else:
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        )
    _audit_log_put_back(audit_log)


def _audit_log_put_back(rows: list[ExportLog]) -> None:
    """Write again the audit rows the snapshot does not have (made after the backup).

    Rows are never changed once written, so a row whose id the snapshot has is that row. A
    user made after the backup is gone with the restore: the row keeps no user then.
    """
    present = set(ExportLog.objects.values_list("pk", flat=True))
    missing = [row for row in rows if row.pk not in present]
    users = set(get_user_model().objects.values_list("pk", flat=True))
    for row in missing:
        row.pk = None
        row.user_id = row.user_id if row.user_id in users else None
    ExportLog.objects.bulk_create(missing)


def _sqlite(path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), timeout=30)


def _run(tool: str, *args: str) -> None:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} não encontrado: instale o cliente do PostgreSQL.")
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    where = [
        f"--host={db.get('HOST') or 'localhost'}",
        f"--port={db.get('PORT') or 5432}",
        f"--username={db.get('USER') or 'postgres'}",
    ]
    if tool == "pg_dump":
        where.append(f"--dbname={db['NAME']}")
    result = subprocess.run([program, *where, *args], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{tool} falhou: {result.stderr.strip()[:500]}")
