/* Dashboard charts: specs come from {{ charts|json_script:"report-charts" }}; each bar or
   point opens the case list with the same filters. No inline scripts (CSP). */
(function () {
  "use strict";
  var source = document.getElementById("report-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var COLORS = ["#1f5fa8", "#e07b24", "#2e8540", "#b42318", "#6b4fbb", "#7a8699"];
  var number = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 1 });
  var percent = new Intl.NumberFormat("pt-BR", { style: "percent", maximumFractionDigits: 1 });

  function format(spec, value) {
    if (value === null || value === undefined) { return "—"; }
    return spec.percent ? percent.format(value) : number.format(value);
  }

  function datasets(spec) {
    return spec.datasets.map(function (d, i) {
      var color = COLORS[i % COLORS.length];
      return {
        label: d.label, data: d.data, type: d.line ? "line" : "bar",
        backgroundColor: color, borderColor: color, borderWidth: d.line ? 2 : 0,
        // a month with no case has no rate: the line breaks there instead of joining its
        // neighbours as if the months between had a value
        spanGaps: false, order: d.line ? 0 : 1
      };
    });
  }

  function draw(spec) {
    var canvas = document.getElementById(spec.id);
    if (!canvas) { return; }
    var horizontal = spec.type === "hbar";
    if (horizontal) { canvas.parentElement.style.height = (28 * spec.labels.length + 40) + "px"; }
    var valueAxis = {
      beginAtZero: true,
      ticks: { callback: function (v) { return format(spec, v); } }
    };
    new Chart(canvas, {
      type: horizontal ? "bar" : spec.type,
      data: { labels: spec.labels, datasets: datasets(spec) },
      options: {
        indexAxis: horizontal ? "y" : "x",
        maintainAspectRatio: false,
        animation: false,
        scales: horizontal ? { x: valueAxis } : { y: valueAxis },
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: { callbacks: { label: function (ctx) {
            return ctx.dataset.label + ": " + format(spec, ctx.raw);
          } } }
        },
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length) { return; }
          var url = spec.links[elements[0].index];
          if (url) { window.location.href = url; }
        }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    JSON.parse(source.textContent).forEach(draw);
  });
})();
