// Tell the server the browser's time zone once, so consultation times show on the
// viewer's clock, then reload if it differs from the one the page used.
(function () {
  "use strict";
  var form = document.querySelector(".zone-form");
  if (!form || form.dataset.zoneKnown === "1") return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || zone === form.dataset.zone) return;
  var body = new FormData(form);
  body.set("time_zone", zone);
  body.set("auto", "1");
  fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) { if (data && data.time_zone !== form.dataset.zone) window.location.reload(); })
    .catch(function () {});
})();
