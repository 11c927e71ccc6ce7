// An article's contents box is closed on phones (the article starts at once) and open on
// wide screens, where it is a sticky sidebar. Without this script it starts closed.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 960px)");
  var boxes = document.querySelectorAll("details[data-open-wide]");
  function apply() {
    for (var i = 0; i < boxes.length; i++) boxes[i].open = wide.matches;
  }
  apply();
  if (wide.addEventListener) wide.addEventListener("change", apply);
})();

// "Scroll sideways to see the whole table": shown only above a table that does not fit.
(function () {
  "use strict";
  var hints = document.querySelectorAll(".table-hint");
  function apply() {
    for (var i = 0; i < hints.length; i++) {
      var wrap = hints[i].nextElementSibling;
      if (wrap) hints[i].hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
    }
  }
  apply();
  window.addEventListener("resize", apply);
})();
