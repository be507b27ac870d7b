// On a phone a table with column headers becomes one block per row (see .adopt-table--stack): each cell is given
// its column's header as a label, read out by the stylesheet. Tables that name their labels in the page keep them.
(function () {
  "use strict";

  function labelTable(table) {
    var headers = table.querySelectorAll("thead tr:last-child th");
    if (!headers.length) {
      return;
    }
    var names = [];
    headers.forEach(function (header) {
      var span = parseInt(header.getAttribute("colspan") || "1", 10);
      for (var i = 0; i < span; i += 1) {
        names.push(header.textContent.trim());
      }
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && names[column]) {
          cell.setAttribute("data-label", names[column]);
        }
        column += parseInt(cell.getAttribute("colspan") || "1", 10);
      });
    });
    table.classList.add("adopt-table--stack");
  }

  function labelTables(root) {
    root.querySelectorAll("table.govuk-table").forEach(labelTable);
  }

  document.addEventListener("DOMContentLoaded", function () {
    labelTables(document);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    labelTables(event.target);
  });
})();
