// The case form: formatting while typing (CPF, CNPJ, dates, R$) and live "Tempo finalização".
(function () {
  "use strict";

  function digits(value) { return value.replace(/\D/g, ""); }

  function pattern(value, groups, separators) {
    var out = "", start = 0;
    for (var i = 0; i < groups.length && start < value.length; i++) {
      if (i > 0) out += separators[i - 1];
      out += value.slice(start, start + groups[i]);
      start += groups[i];
    }
    return out;
  }

  var masks = {
    cpf: function (v) { return pattern(digits(v).slice(0, 11), [3, 3, 3, 2], [".", ".", "-"]); },
    cnpj: function (v) {
      var raw = v.toUpperCase().replace(/[^0-9A-Z]/g, "").slice(0, 14);
      return pattern(raw, [2, 3, 3, 4, 2], [".", ".", "/", "-"]);
    },
    date: function (v) { return pattern(digits(v).slice(0, 8), [2, 2, 4], ["/", "/"]); },
    money: function (v) {
      var d = digits(v);
      if (!d) return "";
      var cents = (parseInt(d, 10) / 100).toFixed(2).split(".");
      return "R$ " + cents[0].replace(/\B(?=(\d{3})+(?!\d))/g, ".") + "," + cents[1];
    }
  };

  function parseDate(text) {
    var m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text || "");
    if (!m) return null;
    var d = new Date(Date.UTC(+m[3], +m[2] - 1, +m[1]));
    return d.getUTCDate() === +m[1] ? d : null;
  }

  function updateDays(form) {
    var out = document.getElementById("days-to-finish");
    var start = form.querySelector("[name=started_on]");
    var end = form.querySelector("[name=finished_on]");
    if (!out || !start || !end) return;
    var a = parseDate(start.value), b = parseDate(end.value);
    if (a && b) {
      var days = Math.round((b - a) / 86400000);
      out.textContent = days >= 0 ? days + " dia(s)" : "Data final anterior à Data início";
    } else {
      out.textContent = "—";
    }
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    var mask = input.getAttribute && input.getAttribute("data-mask");
    if (mask && masks[mask] && event.inputType !== "deleteContentBackward") {
      input.value = masks[mask](input.value);
    }
    var form = input.closest && input.closest("[data-case-form]");
    if (form) updateDays(form);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-case-form]").forEach(updateDays);
  });
})();
