"""Two workers importing the same new file at the same time make one case of it.

Whether a form is already a case is read, then its case is written; the second worker must
not read "new" while the first one's case is still uncommitted (imports.services
.one_store_at_a_time). Real connections: the first import's transaction is held open in
this thread while the second batch runs in another.
"""

import datetime
import threading

import pytest
from django.db import connection, transaction

from cases.models import Case
from formio.tests.forms import text_form
from imports.models import Outcome
from imports.services import batch_create, batch_run
from imports.sources import Source


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_archive_uploaded_twice_at_once_makes_one_case(supervisor):
    from cases.demo import DemoGenerator

    earlier, form = DemoGenerator(7, today=datetime.date(2025, 6, 1)).cases(2)
    # a batch before: what the first import ever makes once (the deadline policy's row)
    # exists, as on a system in use, so the two below meet only on their own form
    batch_run(
        batch_create(user=supervisor, sources=[Source("a.txt", text_form(earlier.data).encode())])
    )
    content = text_form(form.data).encode()
    first = batch_create(user=supervisor, sources=[Source("form.txt", content)])
    second = batch_create(user=supervisor, sources=[Source("form (1).txt", content)])

    def run_second():
        try:
            batch_run(second)
        finally:
            connection.close()  # this thread's own connection

    other = threading.Thread(target=run_second)
    with transaction.atomic():
        batch_run(first)  # its case is stored, not committed yet
        other.start()
        other.join(timeout=2)
        assert other.is_alive(), "the second import must wait for the first one's turn"
    other.join(timeout=60)

    assert Case.objects.count() == 2
    (one,), (two,) = first.files.all(), second.files.all()
    assert (one.outcome, two.outcome) == (Outcome.CREATED, Outcome.UNCHANGED)
    assert two.case_id == one.case_id
