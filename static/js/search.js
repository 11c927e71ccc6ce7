// The header search box as a combobox (WAI-ARIA 1.2 "list autocomplete"): suggestions
// while typing, arrow keys to move, Enter to open the one chosen, Escape to close. Without
// this script the box is a plain GET form to /search/.
(function () {
  "use strict";
  var form = document.querySelector(".site-search");
  if (!form) return;
  var input = form.querySelector(".site-search__input");
  var list = form.querySelector(".site-search__list");
  var url = form.getAttribute("data-suggest-url");
  var items = [];
  var active = -1;
  var timer = null;
  var latest = 0;

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function setActive(index) {
    items.forEach(function (item, i) {
      item.el.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", items[index].el.id);
      items[index].el.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function show(results) {
    list.innerHTML = "";
    items = results.map(function (result, i) {
      var li = document.createElement("li");
      li.id = "site-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.className = "site-search__option";
      var label = document.createElement("span");
      label.textContent = result.label;
      var kind = document.createElement("span");
      kind.className = "site-search__kind";
      kind.textContent = result.kind;
      li.appendChild(label);
      li.appendChild(kind);
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();
        window.location.assign(result.url);
      });
      list.appendChild(li);
      return { el: li, url: result.url };
    });
    active = -1;
    if (items.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    } else {
      close();
    }
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q.length < 2) {
      close();
      return;
    }
    var ticket = ++latest;
    fetch(url + "?q=" + encodeURIComponent(q), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (ticket === latest) show(data.results || []);
      })
      .catch(close);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      if (!items.length) return;
      event.preventDefault();
      setActive((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      if (!items.length) return;
      event.preventDefault();
      setActive(active <= 0 ? items.length - 1 : active - 1);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].url);
    } else if (event.key === "Escape") {
      if (!list.hidden) {
        event.preventDefault();
        close();
      }
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 100);
  });
})();
