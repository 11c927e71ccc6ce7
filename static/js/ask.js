/* The ask form: character counter, similar answered questions, a specialty suggestion,
   and the emergency notice while typing. Progressive enhancement only: the form works
   without this file. Server text is only ever inserted with textContent. */
(function () {
  "use strict";

  var form = document.querySelector(".ask-form[data-similar-url]");
  if (!form) return;
  var textarea = form.querySelector("textarea[name=text]");
  if (!textarea) return;

  var similarUrl = form.getAttribute("data-similar-url");
  var minLength = parseInt(form.getAttribute("data-min-length"), 10) || 0;
  var maxLength = parseInt(form.getAttribute("data-max-length"), 10) || 0;
  var counter = document.getElementById("text-counter");
  var notice = document.getElementById("emergency-notice");
  var similar = document.getElementById("similar-questions");
  var suggestion = document.getElementById("specialty-suggestion");
  var select = form.querySelector("select[name=specialty]");

  /* --- Counter ------------------------------------------------------------------- */
  if (counter) {
    counter.hidden = false;
    var described = textarea.getAttribute("aria-describedby");
    textarea.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);
  }

  /* The words come from the page, in its language: "{n} of {max} characters." */
  function words(node, name, fallback, values) {
    var text = (node && node.getAttribute("data-" + name)) || fallback;
    return text.replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? String(values[key]) : all;
    });
  }

  function updateCounter() {
    if (!counter) return;
    var n = textarea.value.trim().length;
    var message;
    if (n === 0) {
      message = words(counter, "empty", "Write at least {min} characters, up to {max}.", {
        min: minLength,
        max: maxLength,
      });
      counter.className = "hint counter";
    } else if (minLength && n < minLength) {
      message = words(counter, "short", "{n} characters. Please write at least {more} more.", {
        n: n,
        more: minLength - n,
      });
      counter.className = "hint counter";
    } else if (maxLength && n > maxLength) {
      message = words(counter, "long", "{n} of {max} characters. Please remove {less}.", {
        n: n,
        max: maxLength,
        less: n - maxLength,
      });
      counter.className = "hint counter counter--over";
    } else {
      message = words(counter, "fine", "{n} of {max} characters.", { n: n, max: maxLength });
      counter.className = "hint counter counter--ok";
    }
    counter.textContent = message;
  }

  /* --- Emergency phrases, checked on the client so the notice appears offline too --- */
  var phrases = [];
  var phrasesNode = document.getElementById("emergency-phrases");
  try {
    phrases = phrasesNode ? JSON.parse(phrasesNode.textContent) : [];
  } catch (e) {
    phrases = [];
  }
  function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  var emergencyPattern = phrases.length
    ? new RegExp(
        phrases
          .map(function (p) {
            return "\\b" + escapeRegExp(p).replace(/ /g, "\\s+") + "\\b";
          })
          .join("|"),
        "i"
      )
    : null;
  var serverSaysEmergency = false;

  function localEmergency() {
    return !!(emergencyPattern && emergencyPattern.test(textarea.value.replace(/\u2019/g, "'")));
  }
  function updateNotice() {
    if (notice) notice.hidden = !(localEmergency() || serverSaysEmergency);
  }

  /* --- Similar questions and specialty suggestion ------------------------------------ */
  var timer = null;
  var lastQuery = null;
  var controller = null;

  function renderSimilar(results) {
    if (!similar) return;
    while (similar.firstChild) similar.removeChild(similar.firstChild);
    if (!results || !results.length) return;
    var level = similar.getAttribute("data-heading") === "h3" ? "h3" : "h2";
    var heading = document.createElement(level);
    heading.className = "similar__title";
    heading.textContent = words(similar, "title", "Similar answered questions", {});
    var list = document.createElement("ul");
    list.className = "similar__list";
    results.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.text + (item.text.length >= 140 ? "…" : "");
      li.appendChild(a);
      if (item.answers) {
        var meta = document.createElement("span");
        meta.className = "similar__meta";
        meta.textContent = item.answers === 1
          ? words(similar, "one-answer", "{n} answer", { n: 1 })
          : words(similar, "answers", "{n} answers", { n: item.answers });
        li.appendChild(meta);
      }
      list.appendChild(li);
    });
    similar.appendChild(heading);
    similar.appendChild(list);
  }

  function renderSuggestion(specialty) {
    if (!suggestion || !select) return;
    if (!specialty || String(select.value) === String(specialty.id)) {
      suggestion.hidden = true;
      return;
    }
    suggestion.querySelector(".suggestion__name").textContent = specialty.name;
    suggestion.setAttribute("data-id", specialty.id);
    suggestion.hidden = false;
  }

  if (suggestion && select) {
    suggestion.querySelector(".suggestion__use").addEventListener("click", function () {
      select.value = suggestion.getAttribute("data-id");
      suggestion.hidden = true;
      select.focus();
    });
    select.addEventListener("change", function () {
      if (String(select.value) === suggestion.getAttribute("data-id")) suggestion.hidden = true;
    });
  }

  function fetchSimilar() {
    var q = textarea.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (q.length < 8) {
      serverSaysEmergency = false;
      renderSimilar([]);
      renderSuggestion(null);
      updateNotice();
      return;
    }
    if (controller) controller.abort();
    controller = window.AbortController ? new AbortController() : null;
    // POST: the health text stays out of URLs and access logs.
    // A cached page's form has no token: csrf.js fetches one.
    var signal = controller ? controller.signal : undefined;
    var token = window.portalCsrfToken
      ? window.portalCsrfToken(form)
      : Promise.resolve((form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "");
    token
      .then(function (value) {
        return fetch(similarUrl, {
          method: "POST",
          headers: {
            Accept: "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": value
          },
          body: "q=" + encodeURIComponent(q),
          credentials: "same-origin",
          signal: signal
        });
      })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        if (textarea.value.trim() !== q) return;
        serverSaysEmergency = !!data.emergency;
        renderSimilar(data.results);
        renderSuggestion(data.specialty);
        updateNotice();
      })
      .catch(function () {
        /* Offline or a server error: the form still works, so stay quiet. */
      });
  }

  textarea.addEventListener("input", function () {
    updateCounter();
    serverSaysEmergency = false;
    updateNotice();
    clearTimeout(timer);
    timer = setTimeout(fetchSimilar, 400);
  });

  updateCounter();
  updateNotice();
  if (textarea.value.trim()) fetchSimilar();
})();
