// The progress page follows its job without reloading: it asks /jobs/<id>/status every
// second or two and fills the page from the answer. Without JavaScript the page's
// "Refresh" link does the same by hand.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status-url]");
  if (!box || box.getAttribute("data-job-finished") === "1") {
    return;
  }
  var url = box.getAttribute("data-job-status-url");
  var delay = 1000;

  function fill(name, value) {
    var nodes = box.querySelectorAll('[data-job-field="' + name + '"]');
    for (var i = 0; i < nodes.length; i += 1) {
      nodes[i].textContent = value;
    }
  }

  function show(selector, visible) {
    var node = box.querySelector(selector);
    if (node) {
      node.hidden = !visible;
    }
  }

  function apply(status) {
    fill("state_label", status.state_label);
    fill("percent", String(status.percent));
    fill("message", status.message);
    var bar = box.querySelector("progress");
    if (bar) {
      bar.value = status.percent;
      bar.textContent = status.percent + "%";
    }
    var badge = box.querySelector('[data-job-field="state_label"]');
    if (badge) {
      badge.classList.toggle("ok", status.state === "done");
      badge.classList.toggle("warn", status.state === "failed");
    }
    if (!status.finished) {
      return;
    }
    box.setAttribute("data-job-finished", "1");
    show("[data-job-waiting]", false);
    if (status.state === "done") {
      fill("summary", status.summary);
      fill("download_name", status.download_name);
      var download = box.querySelector("[data-job-download]");
      if (download && status.download_url) {
        download.setAttribute("href", status.download_url);
      }
      show("[data-job-download-line]", Boolean(status.download_url));
      var result = box.querySelector("[data-job-result]");
      if (result && status.result_url) {
        result.setAttribute("href", status.result_url);
      }
      show("[data-job-result-line]", Boolean(status.result_url));
      show("[data-job-done]", true);
    } else {
      fill("error", status.error);
      show("[data-job-failed]", true);
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (status) {
        if (status) {
          apply(status);
          if (status.finished) {
            return;
          }
          delay = Math.min(delay + 250, 3000);
        } else {
          delay = 5000;
        }
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, delay);
})();
