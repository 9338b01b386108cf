// The dong list follows the chosen district without a reload. Without this script the
// form still works: the "show its neighbourhoods" button re-renders it with those dongs.
(function () {
  "use strict";
  var data = document.getElementById("dong-map");
  var district = document.getElementById("id_district");
  var dong = document.getElementById("id_dong");
  if (!data || !district || !dong) {
    return;
  }
  var map = JSON.parse(data.textContent);
  document.querySelectorAll("[data-no-script]").forEach(function (element) {
    element.hidden = true;
  });
  district.addEventListener("change", function () {
    var empty = dong.options.length ? dong.options[0].cloneNode(true) : new Option("---------", "");
    dong.replaceChildren(empty);
    (map[district.value] || []).forEach(function (pair) {
      dong.add(new Option(pair[1], String(pair[0])));
    });
    dong.value = "";
  });
})();
