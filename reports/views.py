import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.access import require, visible_cases
from audit.services import export_log

from . import charts, exports, pdf, queries
from .forms import DashboardFilters


def _filtered(request):
    """The filters, and the facts they select among those the user may see."""
    require(request.user, "reports")
    form = DashboardFilters(request.GET)
    form.is_valid()
    return form, form.apply(visible_cases(request.user, queries.facts()))


def _linker(base: dict):
    """The case-list URL of a figure: the dashboard's filters plus the figure's own."""
    queue = reverse("cases:queue")

    def link(params):
        if params is None:
            return None
        return queue + "?" + urlencode({**base, **{k: str(v) for k, v in params.items()}})

    return link


def _case_url(pk) -> str | None:
    try:
        return reverse("cases:detail", args=[pk])
    except NoReverseMatch:
        return None


def _attach_links(board, link) -> None:
    for table in board.tables.values():
        _table_links(table, link)


def _table_links(table, link) -> None:
    for row in table.rows:
        row["href"] = _case_url(row["_case"]) if "_case" in row else None
        row["href"] = row["href"] or link(row.get("_params"))


# The board without filters is the one most visits open and the dearest (it counts every
# fact: ~1 s at 1,000,000 cases on PostgreSQL). It is kept for a minute in the shared cache,
# so a change shows on it within BOARD_SECONDS; a filtered board is always counted afresh.
# Every role that sees the dashboard sees every case, so one board serves them all.
BOARD_SECONDS = 60


def _board(form, cases, today: datetime.date) -> queries.Dashboard:
    def count():
        return queries.dashboard(cases, today=today, months=_months_of(form, today))

    if form.queue_params():
        return count()
    return cache.get_or_set(f"reports:board:{today.isoformat()}", count, BOARD_SECONDS)


@login_required
def dashboard(request):
    form, cases = _filtered(request)
    today = timezone.localdate()
    link = _linker(form.queue_params())
    whole = request.GET.get("tabela", "")
    if request.htmx and whole:
        return _whole_table(request, whole, cases, today, link)
    board = _board(form, cases, today)
    _attach_links(board, link)
    context = {
        "form": form,
        "board": board,
        "s": board.summary,
        "today": today,
        "charts": charts.specs(board, link),
        "query": _without_table(request),
        "whole": whole,
        "report_month": _previous_month(today).strftime("%m/%Y"),
        "all_cases_link": link({}),
    }
    return render(request, "reports/dashboard.html", context)


def _whole_table(request, slug: str, cases, today: datetime.date, link):
    """One table with all its rows: the fragment that replaces the table showing its first
    rows (reports_tags.shown_rows)."""
    table = queries.table(slug, cases, today=today)
    if table is None:
        raise Http404("Tabela inexistente.")
    _table_links(table, link)
    context = {"table": table, "query": _without_table(request), "whole": slug}
    return render(request, "reports/dashboard.html#report-table", context)


def _without_table(request) -> str:
    """The filters of the page (for its links), without the table it opened whole."""
    query = request.GET.copy()
    query.pop("tabela", None)
    return query.urlencode()


def _months_of(form, today: datetime.date):
    """The months of the chosen period, never past today's (None: the months the cases
    span)."""
    start, end = form.cleaned_data.get("start"), form.cleaned_data.get("end")
    if start and end:
        return queries.month_range(start, min(end, today))[-queries.MAX_MONTHS :]
    return None


def _previous_month(today: datetime.date) -> datetime.date:
    return (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@login_required
def export_table(request, slug: str, fmt: str):
    form, cases = _filtered(request)
    table = queries.table(slug, cases, today=timezone.localdate())
    if table is None or fmt not in ("xlsx", "csv"):
        raise Http404("Tabela inexistente.")
    what = f"relatório {slug} ({fmt.upper()})"
    export_log(user=request.user, what=what, filters=form.log_filters(), case_count=cases.count())
    if fmt == "xlsx":
        body, kind = exports.to_xlsx(table, form.described()), exports.XLSX_TYPE
    else:
        body, kind = exports.to_csv(table), "text/csv; charset=utf-8"
    return _download(body, kind, f"{slug}.{fmt}")


def _download(body: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def monthly_pdf(request):
    form, cases = _filtered(request)
    month = parse_month(request.GET.get("month", ""))
    if month is None:
        messages.error(request, "Mês do relatório inválido: use mês/ano, por exemplo 03/2024.")
        return redirect(reverse("reports:dashboard") + "?" + request.GET.urlencode())
    today = timezone.localdate()
    body = pdf.monthly_report(cases, month, filters=form.described(), today=today)
    export_log(
        user=request.user,
        what="relatório mensal (PDF)",
        filters={**form.log_filters(), "month": month.strftime("%Y-%m")},
        case_count=pdf.month_case_count(cases, month),
    )
    name = f"relatorio-retencao-{month:%Y-%m}.pdf"
    return _download(body, "application/pdf", name)


def parse_month(text: str) -> datetime.date | None:
    """ "2024-03" (or "03/2024") as the first day of that month; None when it is not one."""
    for pattern in ("%Y-%m", "%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    return None
