"""Fill the database with N realistic synthetic cases (and their contacts and history), fast.

    python bench/generate.py --cases 1000000            # DATABASE_URL (PostgreSQL: COPY)
    python bench/generate.py --cases 100000 --sqlite-file /tmp/bench.sqlite3

The cases come from cases.demo.DemoGenerator (the same generator as `seed_demo`) and are
stored exactly as the services would store them (same conversion of search text and soft
warnings; the dashboard's facts rebuilt at the end), but written with COPY (PostgreSQL) or
executemany (SQLite) instead of one transaction per case. Prints how long it took.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import br, django_setup  # noqa: E402

CASE_COLUMNS = (
    "id analyst_id analyst_name cro_count form_date operator_id provider_id cro cro_uf "
    "provider_name cnpj cpf network_entry_date person_type requested_by_id protocol_number "
    "protocol_opened_on service_uf city lives unique_cros_listed serves_other_plans other_plans "
    "unit_value last_production last_production_value started_on finished_on "
    "days_to_finish_written status retention_actions_notes protocol_required general_notes "
    "signatures closed_at next_due_on next_due_kind version warnings import_warnings "
    "search_text created_at updated_at created_by_id"
).split()


def main() -> None:
    args = _arguments()
    if args.sqlite_file:
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite_file}"
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    counts = Loader(args.seed).load(args.cases, batch=args.batch)
    elapsed = time.perf_counter() - started
    print(
        f"generate [{_vendor()}]: {br(counts['cases'])} casos, {br(counts['contacts'])} contatos "
        f"em {br(elapsed, 1)} s ({br(counts['cases'] / elapsed)} casos/s)"
    )


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--sqlite-file", help="SQLite file to fill instead of DATABASE_URL")
    return parser.parse_args()


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


class Loader:
    def __init__(self, seed: int):
        from accounts.services import demo_users_ensure
        from cases.models import (
            DeadlinePolicy,
            Operator,
            Requester,
            ResponsibleSector,
            RetentionAction,
            TerminationReason,
        )
        from cases.services import action_keywords

        self.seed = seed
        users = demo_users_ensure()
        self.analysts = [users["analista"].pk, users["analista2"].pk]
        self.ids = {
            model: dict(model.objects.values_list("code", "pk"))
            for model in (RetentionAction, TerminationReason, ResponsibleSector)
        }
        self.operators = {o.label: o.pk for o in Operator.objects.all()}
        self.requesters = {r.label: r.pk for r in Requester.objects.all()}
        self.keywords = action_keywords()
        self.policy = DeadlinePolicy.current()
        self.Operator, self.models = (
            Operator,
            (
                RetentionAction,
                TerminationReason,
                ResponsibleSector,
            ),
        )

    def load(self, n: int, *, batch: int) -> dict[str, int]:
        from django.db import connection, transaction

        from cases.demo import DemoGenerator
        from reports import facts

        generator = DemoGenerator(self.seed, analysts=len(self.analysts))
        cases = generator.cases(n)
        self._ensure_operators()
        counts = {"cases": 0, "contacts": 0}
        with transaction.atomic():
            provider_ids = self._providers(generator)
            next_id = self._reserve_ids(n)
            chunk = []
            for demo in cases:
                chunk.append(demo)
                if len(chunk) == batch:
                    self._write(chunk, provider_ids, next_id + counts["cases"], counts)
                    chunk = []
            if chunk:
                self._write(chunk, provider_ids, next_id + counts["cases"], counts)
        facts.refresh()  # the dashboard's rows, which the services keep case by case
        _analyze(connection)
        return counts

    def _ensure_operators(self):
        from cases.demo import OPERATORS

        for label in OPERATORS:
            if label not in self.operators:
                op = self.Operator.objects.create(code=label.lower().replace(" ", "-"), label=label)
                self.operators[label] = op.pk

    def _providers(self, generator) -> list[int]:
        from django.utils import timezone

        from cases.models import Provider

        now = timezone.now()
        rows = []
        for dp in generator.providers:
            p = dp.provider
            rows.append(
                Provider(
                    cro=p.cro,
                    uf=p.cro_uf,
                    name=p.name,
                    cpf=p.cpf or "",
                    cnpj=p.cnpj or "",
                    person_type=p.person_type,
                    created_at=now,
                    updated_at=now,
                )
            )
        Provider.objects.filter(cro__in=[r.cro for r in rows]).delete()
        created = Provider.objects.bulk_create(rows, batch_size=5000)
        if created and created[0].pk is None:  # backends that do not return ids
            by_key = dict(
                ((c, u), pk) for c, u, pk in Provider.objects.values_list("cro", "uf", "pk")
            )
            return [by_key[(r.cro, r.uf)] for r in rows]
        return [r.pk for r in created]

    def _reserve_ids(self, n: int) -> int:
        from django.db import connection
        from django.db.models import Max

        from cases.models import Case

        start = (Case.objects.aggregate(m=Max("pk"))["m"] or 0) + 1
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), %s)",
                    [start + n],
                )
        return start

    def _write(self, chunk, provider_ids, first_id, counts):
        from django.utils import timezone

        now = timezone.now()
        tables = {
            "case": [],
            "contact": [],
            "event": [],
            "actions": [],
            "reasons": [],
            "sectors": [],
        }
        for offset, demo in enumerate(chunk):
            case_id = first_id + offset
            self._rows(tables, case_id, demo, provider_ids[demo.provider_index], now)
        write_rows("cases_case", CASE_COLUMNS, tables["case"])
        write_rows(
            "cases_contact",
            ["case_id", "position", "date", "channel", "notes", "recorded_by_id", "recorded_at"],
            tables["contact"],
        )
        write_rows(
            "cases_caseevent",
            ["case_id", "at", "user_id", "kind", "note", "changes", "version"],
            tables["event"],
        )
        write_rows(
            "cases_case_retention_actions", ["case_id", "retentionaction_id"], tables["actions"]
        )
        write_rows(
            "cases_case_termination_reasons", ["case_id", "terminationreason_id"], tables["reasons"]
        )
        write_rows(
            "cases_case_responsible_sectors", ["case_id", "responsiblesector_id"], tables["sectors"]
        )
        counts["cases"] += len(chunk)
        counts["contacts"] += len(tables["contact"])

    def _rows(self, tables, case_id, demo, provider_id, now):
        from cases import rules
        from cases.conversion import search_text_of

        data, p = demo.data, demo.data.provider
        analyst = self.analysts[demo.analyst_index]
        closed_at = now if demo.closed else None
        warnings = rules.soft_warnings(data, action_keywords=self.keywords)
        due = None if demo.closed else self._next_due(data, now)
        tables["case"].append(
            (
                case_id,
                analyst,
                "",
                data.cro_count,
                data.form_date,
                self.operators[data.operator],
                provider_id,
                p.cro,
                p.cro_uf,
                p.name,
                p.cnpj or "",
                p.cpf or "",
                p.network_entry_date,
                p.person_type,
                self.requesters[data.requested_by],
                data.protocol_number,
                data.protocol_opened_on,
                data.service_uf,
                data.city,
                data.lives,
                data.unique_cros_listed,
                data.serves_other_plans,
                data.other_plans,
                data.unit_value,
                data.last_production,
                data.last_production_value,
                data.started_on,
                data.finished_on,
                None,
                data.status or "",
                data.retention_actions_notes,
                data.protocol_required,
                data.general_notes,
                "[]",
                closed_at,
                due and due.due_on,
                due.kind if due else "",
                1,
                json.dumps(warnings, ensure_ascii=False),
                "[]",
                search_text_of(data),
                now,
                now,
                analyst,
            )
        )
        for position, contact in enumerate(data.contacts, 1):
            tables["contact"].append(
                (case_id, position, contact.date, "", contact.notes, analyst, now)
            )
        tables["event"].append((case_id, now, analyst, "opened", "Gerado (benchmark)", "[]", 1))
        actions, reasons, sectors = (self.ids[m] for m in self.models)
        tables["actions"] += [(case_id, actions[c]) for c in data.retention_actions]
        tables["reasons"] += [(case_id, reasons[c]) for c in data.termination_reasons]
        tables["sectors"] += [(case_id, sectors[c]) for c in data.responsible_sectors]

    def _next_due(self, data, now):
        from cases import deadlines

        return deadlines.next_pending(
            deadlines.compute(
                start=data.started_on or data.protocol_opened_on or now.date(),
                uf=data.service_uf or data.provider.cro_uf or "",
                closed_on=None,
                contact_dates=[c.date for c in data.contacts if c.date],
                policy=self.policy,
                today=now.date(),
            )
        )


def write_rows(table: str, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL, executemany elsewhere."""
    from django.db import connection

    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _analyze(connection) -> None:
    """Statistics for the planner; on PostgreSQL also the visibility map, which autovacuum
    keeps in a running system and index-only scans need (the dashboard's counts)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


if __name__ == "__main__":
    main()
