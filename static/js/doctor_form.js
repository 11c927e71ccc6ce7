// The doctor application form: "Add another qualification", and the council name field
// shown only when "Other" is chosen. Without this script the form still works: it shows
// one spare qualification row and the council name field all the time.
(function () {
  "use strict";

  var rows = document.querySelector(".js-qual-rows");
  var template = document.querySelector(".js-qual-template");
  var add = document.querySelector(".js-qual-add");
  var total = document.querySelector('input[name="q-TOTAL_FORMS"]');
  var max = document.querySelector('input[name="q-MAX_NUM_FORMS"]');
  if (rows && template && add && total) {
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) {
        add.hidden = true;
        return;
      }
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__num__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var input = rows.lastElementChild && rows.lastElementChild.querySelector("input");
      if (input) input.focus();
    });
  }

  var council = document.getElementById("id_licensing_council");
  var other = document.querySelector(".js-council-other");
  if (council && other) {
    var sync = function () {
      other.hidden = council.value !== "other";
    };
    council.addEventListener("change", sync);
    sync();
  }
})();
