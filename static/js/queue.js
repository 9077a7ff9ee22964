/* The queue's selection: "mark this page" ticks every row, the count of what is selected is
   said (aria-live), and "all N filtered" stands for the rows. Without JS the boxes work
   one by one. No inline scripts (CSP). */
(function () {
  "use strict";
  var form = document.getElementById("lote");
  if (!form) { return; }
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-select-row]"));
  var page = document.querySelector("[data-select-page]");
  var all = form.querySelector("[data-select-all]");
  var count = form.querySelector("[data-selected-count]");
  var number = new Intl.NumberFormat("pt-BR");

  function update() {
    var ticked = rows.filter(function (box) { return box.checked; }).length;
    if (all && all.checked) {
      count.textContent = "Todos os casos filtrados selecionados.";
    } else if (ticked) {
      count.textContent = number.format(ticked) + " caso(s) selecionado(s).";
    } else {
      count.textContent = "Marque os casos na lista.";
    }
    if (page) {
      page.checked = ticked > 0 && ticked === rows.length;
      page.indeterminate = ticked > 0 && ticked < rows.length;
    }
  }

  if (page) {
    page.addEventListener("change", function () {
      rows.forEach(function (box) { box.checked = page.checked; });
      update();
    });
  }
  rows.forEach(function (box) { box.addEventListener("change", update); });
  if (all) { all.addEventListener("change", update); }
  update();
})();
