// The case form: formatting while typing (CPF, CNPJ, dates, R$), live "Tempo finalização",
// no submit on Enter, focus on the first error, a warning before leaving unsaved changes.
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
    // Digits are reais ("1500" is R$ 1.500); the comma starts the cents ("0,3" is R$ 0,3).
    money: function (v) {
      var text = v.replace(/^\s*R\$/, ""), comma = text.indexOf(",");
      var reais = digits(comma < 0 ? text : text.slice(0, comma)).replace(/^0+(?=\d)/, "");
      if (!reais && comma < 0) return "";
      var out = "R$ " + (reais || "0").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
      return comma < 0 ? out : out + "," + digits(text.slice(comma + 1)).slice(0, 2);
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

  // The case form an input belongs to (the quick contact's inputs sit inside it but
  // belong to the contact form).
  function caseFormOf(input) {
    var form = input.form;
    return form && form.hasAttribute("data-case-form") ? form : null;
  }

  var unsaved = false;

  document.addEventListener("input", function (event) {
    var input = event.target;
    var mask = input.getAttribute && input.getAttribute("data-mask");
    if (mask && masks[mask] && event.inputType !== "deleteContentBackward") {
      input.value = masks[mask](input.value);
    }
    var form = input.closest && input.closest("[data-case-form]");
    if (form) updateDays(form);
    if (input.form && caseFormOf(input)) unsaved = true;
  });

  document.addEventListener("change", function (event) {
    if (event.target.form && caseFormOf(event.target)) unsaved = true;
  });

  // Enter in a field never submits the case (it opened empty cases by accident).
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || input.tagName !== "INPUT" || !input.form) return;
    if (caseFormOf(input) && input.type !== "submit") event.preventDefault();
  });

  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-case-form")) unsaved = false;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";  // older browsers need it to ask
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-case-form]").forEach(function (form) {
      updateDays(form);
      var first = form.querySelector(".is-invalid, fieldset[aria-describedby] input");
      if (first) first.focus();
    });
  });
})();
