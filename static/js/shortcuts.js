// Keyboard shortcuts of every page (listed in the "?" dialog, templates/_shortcuts.html):
// "/" search, j/k next/previous case (queue rows, or the case screen's neighbours),
// Ctrl+S save the form being typed, "?" this help.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function help() { return document.getElementById("atalhos"); }

  function openHelp() {
    var dialog = help();
    if (dialog && !dialog.open) dialog.showModal();
  }

  // The queue's rows in its order: the results table (below "Meus casos") first
  function queueRows() {
    var table = document.querySelector("#resultados table.queue") || document.querySelector("table.queue");
    if (!table) return [];
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (row) {
      return row.querySelector("a[href]");
    });
  }

  function moveInQueue(step) {
    var rows = queueRows();
    if (!rows.length) return false;
    var current = rows.findIndex(function (row) { return row.classList.contains("table-active"); });
    var next = current < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(Math.max(current + step, 0), rows.length - 1);
    if (current >= 0) rows[current].classList.remove("table-active");
    rows[next].classList.add("table-active");
    rows[next].querySelector("a[href]").focus();
    return true;
  }

  function follow(rel) {
    var link = document.querySelector(".case-neighbours a[rel=" + rel + "]");
    if (link) link.click();
    return !!link;
  }

  function search() {
    var box = document.getElementById("id_q");
    if (box) { box.focus(); box.select(); return; }
    window.location.href = "/#busca";
  }

  // Ctrl+S: the form of the focused field (a contact, a comment), else the case form
  function save(target) {
    var form = target && target.form;
    if (!form) form = document.querySelector("form[data-case-form]");
    if (!form) return;
    var button = form.querySelector("button[type=submit][value=save]") ||
      document.querySelector("button[type=submit][form='" + form.id + "']") ||
      form.querySelector("button[type=submit]");
    if (button && !button.disabled) form.requestSubmit(button);
  }

  document.addEventListener("keydown", function (event) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "s") {
      event.preventDefault();  // never the browser's "save page"
      save(event.target);
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (help() && help().open) return;
    var done = true;
    if (event.key === "/") search();
    else if (event.key === "?") openHelp();
    else if (event.key === "j") done = follow("next") || moveInQueue(1);
    else if (event.key === "k") done = follow("prev") || moveInQueue(-1);
    else done = false;
    if (done) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-shortcuts-open]")) openHelp();
  });

  document.addEventListener("DOMContentLoaded", function () {
    // "/" from a page without the search arrives at the queue as /#busca
    var box = document.getElementById("id_q");
    if (box && window.location.hash === "#busca") box.focus();
  });
})();
