"""The dashboard's charts: one spec per chart, drawn by Chart.js on screen and as SVG in the PDF.

A spec is a plain dict: {"id", "title", "type": "bar" | "line" | "hbar", "labels",
"datasets": [{"label", "data", "line": bool}], "percent": bool, "links": [url per label]}.
WeasyPrint runs no JavaScript, so `svg()` draws the same spec server-side: Python works out
the geometry (below), templates/reports/charts/*.svg draw it.
"""

import base64
import math
from dataclasses import dataclass, field
from typing import NamedTuple

from django.template.loader import render_to_string

from .formatting import br_number, month_label
from .queries import Dashboard

COLORS = ["#1f5fa8", "#e07b24", "#2e8540", "#b42318", "#6b4fbb", "#7a8699"]
TOP = 12


def specs(board: Dashboard, link) -> list[dict]:
    """Chart specs of a dashboard; `link(params)` is the case-list URL of a bar (or None)."""
    if board.empty:
        return []
    t = board.tables
    monthly = t["mensal"].rows
    months = [month_label(r["month"]) for r in monthly]
    month_links = [link(r["_params"]) for r in monthly]
    charts = [
        _spec(
            "c-mensal",
            "Casos abertos, encerrados e em aberto por mês",
            "bar",
            months,
            [
                ("Abertos", [r["opened"] for r in monthly], False),
                ("Encerrados", [r["closed"] for r in monthly], False),
                ("Em aberto no fim do mês", [r["backlog"] for r in monthly], True),
            ],
            month_links,
        ),
        _spec(
            "c-taxa",
            "Taxa de retenção por mês de encerramento",
            "line",
            months,
            [
                ("Taxa de retenção", [r["rate"] for r in monthly], True),
            ],
            month_links,
            percent=True,
        ),
        _spec(
            "c-dias",
            "Dias para finalizar, por mês de encerramento",
            "line",
            months,
            [
                ("Mediana", [r["median"] for r in monthly], True),
                ("90º percentil", [r["p90"] for r in monthly], True),
            ],
            month_links,
        ),
    ]
    for slug, series in (
        ("motivos-acionaveis", "Casos"),
        ("motivos-outros", "Casos"),
        ("setores", "Casos"),
        ("idade", "Casos"),
    ):
        charts.append(_table_chart(t[slug], series, link))
    return [c for c in charts if c["labels"]]


def _spec(id_, title, kind, labels, datasets, links, percent=False) -> dict:
    return {
        "id": id_,
        "title": title,
        "type": kind,
        "labels": labels,
        "percent": percent,
        "links": links,
        "datasets": [
            {"label": label, "data": data, "line": line} for label, data, line in datasets
        ],
    }


def _table_chart(table, series: str, link) -> dict:
    rows = table.rows[:TOP]
    key = table.columns[0].key
    count = "count"
    return _spec(
        f"c-{table.slug}",
        table.title,
        "hbar",
        [str(r[key]) for r in rows],
        [(series, [r[count] for r in rows], False)],
        [link(r.get("_params")) for r in rows],
    )


# SVG: the geometry; templates/reports/charts/ has the markup -------------------------


class Text(NamedTuple):
    x: float
    y: float
    text: str


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    color: str


class Legend(NamedTuple):
    x: float
    color: str
    label: str

    @property
    def text_x(self) -> float:
        return self.x + 14  # after the colour's square


class GridLine(NamedTuple):
    y: float
    label: Text  # the value, left of the axis


class Series(NamedTuple):
    """A line series: its polyline points and a dot at each."""

    points: list[tuple[float, float]]
    color: str

    @property
    def path(self) -> str:
        return " ".join(f"{x},{y}" for x, y in self.points)


@dataclass
class Columns:
    """Vertical bars (grouped) with line series drawn over them."""

    width: int
    height: int
    left: int
    right: int
    legend: list[Legend] = field(default_factory=list)
    grid: list[GridLine] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    lines: list[Series] = field(default_factory=list)
    ticks: list[Text] = field(default_factory=list)


class HBarRow(NamedTuple):
    label: Text
    bar: Bar
    value: Text


@dataclass
class HBars:
    """Horizontal bars, one row per label, the value written after the bar."""

    width: int
    height: int
    rows: list[HBarRow]


def svg_data_uri(spec: dict) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(spec).encode()).decode()


def svg(spec: dict) -> str:
    if spec["type"] == "hbar":
        return render_to_string("reports/charts/hbars.svg", {"chart": hbars(spec)})
    return render_to_string("reports/charts/columns.svg", {"chart": columns(spec)})


def _fmt(value, percent: bool) -> str:
    if value is None:
        return ""
    if percent:
        return br_number(value * 100, 0) + "%"
    return br_number(value, 0 if float(value).is_integer() else 1)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def columns(spec: dict, width=720, height=250) -> Columns:
    left, right, top, bottom = 52, 10, 30, 46
    labels, sets = spec["labels"], spec["datasets"]
    values = [v for d in sets for v in d["data"] if v is not None]
    peak = _nice_max(max(values, default=0))
    plot_h = height - top - bottom
    slot = (width - left - right) / max(len(labels), 1)

    def y(value) -> float:
        return top + plot_h - (value / peak) * plot_h

    chart = Columns(width, height, left, width - right, legend=_legend(sets, left))
    for i in range(5):
        value = peak * i / 4
        label = Text(left - 4, _r(y(value) + 3), _fmt(value, spec["percent"]))
        chart.grid.append(GridLine(_r(y(value)), label))
    bars = [d for d in sets if not d["line"]]
    bar_w = slot * 0.8 / max(len(bars), 1)
    for b, d in enumerate(bars):
        color = _color(sets, d)
        for i, v in enumerate(d["data"]):
            if v:
                x = left + i * slot + slot * 0.1 + b * bar_w
                chart.bars.append(Bar(_r(x), _r(y(v)), _r(bar_w), _r(top + plot_h - y(v)), color))
    for d in (d for d in sets if d["line"]):
        points = [
            (_r(left + (i + 0.5) * slot), _r(y(v)))
            for i, v in enumerate(d["data"])
            if v is not None
        ]
        chart.lines.append(Series(points, _color(sets, d)))
    every = max(1, math.ceil(len(labels) / 12))
    for i, label in enumerate(labels):
        if i % every == 0:
            chart.ticks.append(Text(_r(left + (i + 0.5) * slot), height - bottom + 14, label))
    return chart


def hbars(spec: dict, width=720) -> HBars:
    labels, data = spec["labels"], spec["datasets"][0]["data"]
    row, label_w, top = 20, 250, 8
    peak = max([v for v in data if v] or [1])
    bar_room = width - label_w - 60
    rows = []
    for i, (label, v) in enumerate(zip(labels, data, strict=True)):
        y = top + i * row
        w = _r((v or 0) / peak * bar_room)
        rows.append(
            HBarRow(
                Text(label_w - 6, y + 13, label[:40]),
                Bar(label_w, y + 3, w, row - 6, COLORS[0]),
                Text(_r(label_w + w + 4), y + 13, _fmt(v, spec["percent"])),
            )
        )
    return HBars(width, top + row * len(labels) + 8, rows)


def _legend(sets, left) -> list[Legend]:
    entries, x = [], left
    for i, d in enumerate(sets):
        entries.append(Legend(x, COLORS[i % len(COLORS)], d["label"]))
        x += 24 + 6.2 * len(d["label"])
    return entries


def _color(sets, dataset) -> str:
    return COLORS[sets.index(dataset) % len(COLORS)]


def _r(value: float) -> float:
    """SVG coordinates to a tenth of a pixel: shorter markup, the same picture."""
    return round(value, 1)
