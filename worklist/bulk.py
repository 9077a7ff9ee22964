"""Many cases at once: reassign, add a note, close as "Não se trata de Retenção".

Each case goes through its own service (cases.services), in its own savepoint, with its
own history entry and the version it was read at: one refused case (closed, not hers,
broken rule, changed meanwhile) changes nothing and stops nothing; the run says per case
what was done and why not. SAVE_EVERY cases share a transaction (their dashboard rows
written once at its end), then the run's progress is saved. Up to INLINE_LIMIT cases run
in the request; more go to the worker (worklist.tasks), the run's page showing the progress.
"""

import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import access
from accounts.roles import case_workers
from cases import services
from cases.conversion import case_to_data
from cases.models import Case
from comments.services import comment_add
from formio.formats import date_br, integer_br
from formio.vocabulary import NOT_RETENTION
from reports import facts as report_facts

from .models import BulkAction, BulkRun, RunStatus

logger = logging.getLogger(__name__)

INLINE_LIMIT = 100  # about 3 s of a request; more: the worker
MAX_CASES = 5000
STALLED_AFTER = datetime.timedelta(minutes=10)
SAVE_EVERY = 25  # results written to the run's row every this many cases (the progress)
PERMISSION = {
    BulkAction.ASSIGN: "reassign",
    BulkAction.NOTE: "edit",
    BulkAction.CLOSE: "close",
}
NOT_FOUND = "não encontrado entre os casos que você pode ver."
NOT_YOURS = "seu perfil não permite esta ação neste caso."
CHANGED = "alterado por outra pessoa durante a ação; nada foi feito nele, tente de novo."


class Skipped(Exception):
    """A case the action need not change (already with that analyst), in Portuguese."""


def stalled(run: BulkRun) -> bool:
    """A running run whose worker stopped (killed, restarted) without finishing it."""
    if run.status != RunStatus.RUNNING or run.heartbeat_at is None:
        return False
    return timezone.now() - run.heartbeat_at > STALLED_AFTER


def bulk_start(*, user, action: str, case_ids: list[int], params: dict) -> BulkRun:
    """Ask for `action` (a BulkAction) over the cases `case_ids` with its `params`
    (assign: {"analyst": pk}; note: {"text"}; close: {"justification", "finished_on"}
    ISO). Runs at once up to INLINE_LIMIT cases, else in the worker."""
    from .tasks import run_bulk

    access.require(user, PERMISSION[action])
    ids = list(dict.fromkeys(int(pk) for pk in case_ids))
    if not ids:
        raise ValidationError({"casos": "Selecione ao menos um caso."})
    if len(ids) > MAX_CASES:
        raise ValidationError(
            {"casos": f"Selecione no máximo {integer_br(MAX_CASES)} casos por vez."}
        )
    with transaction.atomic():
        run = BulkRun.objects.create(user=user, action=action, params=params, case_ids=ids)
        if len(ids) > INLINE_LIMIT:
            run_bulk.enqueue(run.pk)
    if len(ids) <= INLINE_LIMIT:
        bulk_run(run.pk)
        run.refresh_from_db()
    return run


def bulk_run(run_id: int) -> None:
    """Act on each case of the run (the request or the worker); a run already taken by
    another worker is left alone."""
    taken = BulkRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, heartbeat_at=timezone.now()
    )
    if not taken:
        return
    run = BulkRun.objects.select_related("user").get(pk=run_id)
    try:
        _act_on_all(run)
    except Exception:
        logger.exception("Ação em lote %s falhou", run_id)
        BulkRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            error="Erro inesperado (registrado no log do sistema). Os casos listados abaixo "
            "foram tratados; peça a ação de novo para os outros.",
            finished_at=timezone.now(),
        )


def _act_on_all(run: BulkRun) -> None:
    act = ACTS[run.action]
    params = _prepared(run.action, run.params)
    visible = access.visible_cases(run.user, Case.objects.with_form())
    results = list(run.results)
    left = run.case_ids[len(results) :]
    for start in range(0, len(left), SAVE_EVERY):
        chunk = left[start : start + SAVE_EVERY]
        cases = visible.in_bulk(chunk)  # read together: what each form shows, per chunk
        # One transaction a chunk, each case in its own savepoint (a refused one changes
        # nothing), the dashboard's rows written once at its end: a third of each case's
        # time went to them, and to a commit each on SQLite (bench/bench_bulk.py).
        with report_facts.gathered():
            results += [_outcome(act, run.user, cases.get(pk), pk, params) for pk in chunk]
        if len(results) < run.total:
            _save(run.pk, results)
    _save(run.pk, results, status=RunStatus.DONE, finished_at=timezone.now())


def _save(run_id: int, results: list[dict], **fields) -> None:
    BulkRun.objects.filter(pk=run_id).update(results=results, heartbeat_at=timezone.now(), **fields)


def _outcome(act: Callable, user, case: Case | None, pk: int, params: dict) -> dict:
    if case is None:
        return {"case": pk, "done": False, "reason": NOT_FOUND}
    try:
        act(user=user, case=case, **params)
    except Skipped as skipped:
        return {"case": pk, "done": False, "reason": str(skipped)}
    except PermissionDenied:
        return {"case": pk, "done": False, "reason": NOT_YOURS}
    except services.CaseConflict:
        return {"case": pk, "done": False, "reason": CHANGED}
    except ValidationError as error:
        return {"case": pk, "done": False, "reason": " ".join(error.messages)}
    return {"case": pk, "done": True, "reason": ""}


def _prepared(action: str, params: dict) -> dict:
    """The run's JSON parameters as the acts take them."""
    if action == BulkAction.ASSIGN:
        return {"analyst": case_workers().get(pk=params["analyst"])}
    if action == BulkAction.CLOSE:
        finished_on = datetime.date.fromisoformat(params["finished_on"])
        return {"justification": params["justification"], "finished_on": finished_on}
    return {"text": params["text"]}


# -- the acts: one case, through its service --------------------------------------------


def _assign(*, user, case: Case, analyst) -> None:
    if case.analyst_id == analyst.pk:
        raise Skipped(f"já estava com {_name(analyst)}.")
    services.case_assign(user=user, case=case, analyst=analyst, expected_version=case.version)


def _note(*, user, case: Case, text: str) -> None:
    """An internal comment (not the printed Obs. Geral); its @mentions notify as on the case."""
    access.require(user, "edit", case)
    comment_add(user=user, case=case, text=text)


def _close(*, user, case: Case, justification: str, finished_on: datetime.date) -> None:
    access.require(user, "close", case)
    data = case_to_data(case)
    data.status = NOT_RETENTION.code
    data.finished_on = finished_on
    line = f"{_signed(user)}: {NOT_RETENTION.label}: {justification}"
    data.general_notes = _appended(data.general_notes, line)
    services.case_close(user=user, case=case, data=data, expected_version=case.version)


ACTS = {BulkAction.ASSIGN: _assign, BulkAction.NOTE: _note, BulkAction.CLOSE: _close}


def _appended(notes: str, line: str) -> str:
    return f"{notes.rstrip()}\n{line}" if notes.strip() else line


def _signed(user) -> str:
    """ "20/03/2024, Ana Analista": who wrote a line of Obs. Geral, and when."""
    return f"{date_br(timezone.localdate())}, {_name(user)}"


def _name(user) -> str:
    return user.get_full_name() or user.username
