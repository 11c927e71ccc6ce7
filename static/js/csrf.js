/* Forms on pages served from the page cache carry no CSRF token (it would be another
   visitor's). Before such a form is sent, fetch a token (and its cookie) from /csrf/ and
   add it; portalCsrfToken(form) gives the token to scripts that post with fetch. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = (script && script.getAttribute("data-url")) || "/csrf/";
  var pending = null;

  function fetchToken() {
    if (!pending) {
      pending = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) {
          return data.token;
        });
      pending.catch(function () {
        pending = null; /* try again next time */
      });
    }
    return pending;
  }

  function tokenInput(form) {
    return form.querySelector("input[name=csrfmiddlewaretoken]");
  }

  window.portalCsrfToken = function (form) {
    var input = form ? tokenInput(form) : null;
    if (input && input.value) return Promise.resolve(input.value);
    return fetchToken();
  };

  function hidden(form, name, value) {
    var input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    form.appendChild(input);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    if (tokenInput(form)) return;
    if (new URL(form.action, window.location.href).origin !== window.location.origin) return;
    event.preventDefault();
    var submitter = event.submitter;
    fetchToken()
      .then(function (token) {
        hidden(form, "csrfmiddlewaretoken", token);
      })
      .catch(function () {
        /* Offline or a server error: send it anyway; the server says what went wrong. */
      })
      .then(function () {
        if (submitter && submitter.name) hidden(form, submitter.name, submitter.value);
        form.submit();
      });
  });
})();
