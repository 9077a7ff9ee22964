"""The monthly PDF's charts, drawn as SVG from templates: read back as XML."""

from lxml import etree

from reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def _spec(kind, labels, datasets, percent=False):
    return {
        "id": "c-x",
        "title": "x",
        "type": kind,
        "labels": labels,
        "percent": percent,
        "links": [],
        "datasets": [{"label": a, "data": d, "line": line} for a, d, line in datasets],
    }


def _drawn(spec):
    return etree.fromstring(charts.svg(spec).encode())


def test_a_month_chart_draws_a_bar_per_nonzero_value_and_a_dot_per_point_of_its_line():
    spec = _spec(
        "bar",
        ["jan/2024", "fev/2024", "mar/2024"],
        [("Abertos", [4, 0, 2], False), ("Em aberto no fim do mês", [4, None, 6], True)],
    )
    svg = _drawn(spec)
    bars = [r for r in svg.iter(f"{SVG}rect") if r.get("width") != "10"]  # not the legend's
    assert len(bars) == 2  # February opened nothing: no bar
    assert len(list(svg.iter(f"{SVG}circle"))) == 2  # February's backlog is unknown
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[:2] == ["Abertos", "Em aberto no fim do mês"]  # the legend
    assert texts[-3:] == ["jan/2024", "fev/2024", "mar/2024"]
    # the axis up to 10, the round top above 6 (1, 2, 2,5, 5 or 10 times a power of ten)
    assert texts[2:7] == ["0", "2,5", "5", "7,5", "10"]
    # the tallest bar, 4 of 10, is 4/10 of the plot's 174 px
    assert max(float(r.get("height")) for r in bars) == 69.6


def test_a_rate_chart_writes_its_axis_in_percent_the_brazilian_way():
    svg = _drawn(_spec("line", ["mar/2024"], [("Taxa de retenção", [0.8], True)], percent=True))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts[1:6] == ["0%", "25%", "50%", "75%", "100%"]


def test_a_reason_chart_writes_each_count_after_its_bar_and_escapes_the_labels():
    spec = _spec("hbar", ["Glosas", "Reajuste <negado> & outros"], [("Casos", [1234, 2], False)])
    source = charts.svg(spec)
    assert "Reajuste &lt;negado&gt; &amp; outros" in source
    svg = etree.fromstring(source.encode())
    assert len(list(svg.iter(f"{SVG}rect"))) == 2
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert texts == ["Glosas", "1.234", "Reajuste <negado> & outros", "2"]
