// Quick typing on the case screens: a contact template fills the note it sits above;
// the new case's contact rows show one at a time ("Mais um contato").
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-fills]")) return;
    var option = select.options[select.selectedIndex];
    var notes = document.getElementById(select.getAttribute("data-fills"));
    if (!notes || !option || !option.value) return;
    var text = option.getAttribute("data-text") || "";
    notes.value = notes.value.trim() ? notes.value.replace(/\s+$/, "") + "\n" + text : text;
    notes.dispatchEvent(new Event("input", { bubbles: true }));  // the unsaved-changes guard
    select.selectedIndex = 0;
    notes.focus();
  });

  function filled(row) {
    return Array.prototype.some.call(row.querySelectorAll("input, textarea"), function (input) {
      return input.value.trim() !== "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-contact-rows]").forEach(function (section) {
      var rows = Array.prototype.slice.call(section.querySelectorAll("[data-contact-row]"));
      var button = section.querySelector("[data-add-contact]");
      var last = 0;
      rows.forEach(function (row, i) { if (filled(row) || row.hasAttribute("data-has-errors")) last = i; });
      rows.forEach(function (row, i) { row.hidden = i > last; });
      function update() { button.hidden = !rows.some(function (row) { return row.hidden; }); }
      button.addEventListener("click", function () {
        var next = rows.find(function (row) { return row.hidden; });
        if (!next) return;
        next.hidden = false;
        next.querySelector("input, textarea").focus();
        update();
      });
      update();
    });
  });
})();
