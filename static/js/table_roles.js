// A table laid out as cards on a phone (CSS display: block on its rows and cells) loses
// its table semantics in WebKit (VoiceOver on an iPhone) unless its rows and cells carry
// explicit roles. HTML forbids those roles in the markup (they repeat the elements' own),
// so this script adds them to every table marked role="table" (Adrian Roselli's
// "Tables, CSS Display Properties, and ARIA").
(function () {
  "use strict";
  document.querySelectorAll('table[role="table"]').forEach(function (table) {
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      row.setAttribute("role", "row");
    });
    table.querySelectorAll("td").forEach(function (cell) {
      cell.setAttribute("role", "cell");
    });
    table.querySelectorAll("th").forEach(function (cell) {
      cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
    });
  });
})();
