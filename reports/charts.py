"""The dashboard's charts: one spec per chart, drawn by Chart.js on screen and as SVG in the PDF.

A spec is a plain dict: {"id", "title", "type": "bar" | "line" | "hbar", "labels",
"datasets": [{"label", "data", "line": bool}], "percent": bool, "links": [url per label]}.
WeasyPrint runs no JavaScript, so `svg()` draws the same spec server-side.
"""

import base64
import math
from xml.sax.saxutils import escape

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


# SVG -----------------------------------------------------------------------------------

FONT = 'font-family="DejaVu Sans, sans-serif"'


def svg_data_uri(spec: dict) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg(spec).encode()).decode()


def svg(spec: dict) -> str:
    return _hbar(spec) if spec["type"] == "hbar" else _columns(spec)


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


def _columns(spec: dict, width=720, height=250) -> str:
    """Vertical bars (grouped) with line series drawn over them."""
    left, right, top, bottom = 52, 10, 30, 46
    labels, sets = spec["labels"], spec["datasets"]
    values = [v for d in sets for v in d["data"] if v is not None]
    peak = _nice_max(max(values, default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    slot = plot_w / max(len(labels), 1)
    y = lambda v: top + plot_h - (v / peak) * plot_h  # noqa: E731
    parts = [_legend(sets, left)]
    for i in range(5):
        value = peak * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" stroke="#e4e7ec"/>'
            f'<text x="{left - 4}" y="{y(value) + 3:.1f}" font-size="9" '
            f'text-anchor="end" {FONT}>{_fmt(value, spec["percent"])}</text>'
        )
    bars = [d for d in sets if not d["line"]]
    bar_w = slot * 0.8 / max(len(bars), 1)
    for b, d in enumerate(bars):
        color = COLORS[sets.index(d) % len(COLORS)]
        for i, v in enumerate(d["data"]):
            if v:
                x = left + i * slot + slot * 0.1 + b * bar_w
                parts.append(
                    f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{bar_w:.1f}" '
                    f'height="{top + plot_h - y(v):.1f}" fill="{color}"/>'
                )
    for d in (d for d in sets if d["line"]):
        color = COLORS[sets.index(d) % len(COLORS)]
        points = [(left + (i + 0.5) * slot, y(v)) for i, v in enumerate(d["data"]) if v is not None]
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts += [
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{color}"/>' for px, py in points
        ]
    every = max(1, math.ceil(len(labels) / 12))
    for i, label in enumerate(labels):
        if i % every == 0:
            x = left + (i + 0.5) * slot
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom + 14}" font-size="9" '
                f'text-anchor="middle" {FONT}>{escape(label)}</text>'
            )
    return _svg(width, height, parts)


def _hbar(spec: dict, width=720) -> str:
    """Horizontal bars, one row per label, the value written after the bar."""
    labels, data = spec["labels"], spec["datasets"][0]["data"]
    row, label_w, top = 20, 250, 8
    height = top + row * len(labels) + 8
    peak = max([v for v in data if v] or [1])
    bar_room = width - label_w - 60
    parts = []
    for i, (label, v) in enumerate(zip(labels, data, strict=True)):
        y = top + i * row
        w = (v or 0) / peak * bar_room
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" font-size="10" text-anchor="end" '
            f"{FONT}>{escape(label[:40])}</text>"
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{COLORS[0]}"/>'
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}" font-size="10" {FONT}>'
            f"{_fmt(v, spec['percent'])}</text>"
        )
    return _svg(width, height, parts)


def _legend(sets, left) -> str:
    parts, x = [], left
    for i, d in enumerate(sets):
        color = COLORS[i % len(COLORS)]
        parts.append(
            f'<rect x="{x}" y="6" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="15" font-size="10" {FONT}>'
            f"{escape(d['label'])}</text>"
        )
        x += 24 + 6.2 * len(d["label"])
    return "".join(parts)


def _svg(width, height, parts) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )
