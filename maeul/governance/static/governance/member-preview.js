/* Live composition preview for the member forms (progressive enhancement).
 *
 * Without JavaScript the form works in two steps: "Check the effect" posts the form and the
 * server answers with the composition before and after; "Add" posts the same fields to the
 * confirming URL (the button's ``formaction``), which saves. With JavaScript, every change of
 * the form posts the first step in the background (to the form's own ``action``) and swaps in
 * the server's preview (and the matching buttons), so the effect shows while the official
 * types. Nothing is saved until the confirm button is pressed.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-live-preview]");
  var target = document.getElementById("live-preview");
  if (!form || !target || !window.fetch || !window.DOMParser || !window.FormData) {
    return;
  }
  var timer = null;
  var latest = 0;
  function refresh() {
    var data = new FormData(form);
    data.delete("acknowledge");
    var ticket = ++latest;
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      credentials: "same-origin"
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (ticket !== latest) { return; }
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.getElementById("live-preview");
        if (fresh) { target.replaceChildren.apply(target, Array.from(fresh.childNodes)); }
      })
      .catch(function () { /* the two-step form still works */ });
  }
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 200);
  });
})();
