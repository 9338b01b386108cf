/* The residents' maps (PB proposals, residents' reports), drawn with Leaflet (served from the django-js-lib-leaflet
 * package, never a CDN). Every map is a <div data-map="..."> whose settings come in data-
 * attributes, so the pages carry no inline script and the Content-Security-Policy stays strict.
 *
 *   data-map="points"  the cycle's proposals, loaded from data-points-url (JSON)
 *   data-map="picker"  a form's place (a PB proposal, a report): a click or a dragged marker fills the latitude and
 *                      longitude fields (data-lat-input, data-lng-input), which keep working
 *                      by hand and without JavaScript
 *   data-map="point"   one proposal's place (data-lat, data-lng)
 *
 * Popups are built from DOM nodes with textContent: titles are residents' text, never HTML.
 * The maps stay hidden when this script or Leaflet does not run; the pages' lists and fields
 * say everything the map shows.
 */
(function () {
  "use strict";

  function number(value) {
    if (value === null || value === undefined || String(value).trim() === "") return NaN;
    return Number(String(value).trim().replace(",", "."));
  }

  function validPoint(lat, lng) {
    return isFinite(lat) && isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  }

  function baseMap(el) {
    var d = el.dataset;
    el.hidden = false;
    var map = L.map(el, { zoomControl: false, scrollWheelZoom: false });
    L.control.zoom({ zoomInTitle: d.zoomIn, zoomOutTitle: d.zoomOut }).addTo(map);
    map.attributionControl.setPrefix(false);
    L.tileLayer(d.tileUrl, {
      attribution: d.attribution,
      maxZoom: Number(d.maxZoom) || 19,
    }).addTo(map);
    // A wheel scroll over the map scrolls the page until the map is clicked or focused.
    map.on("focus click", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
    return map;
  }

  function centre(el) {
    return [number(el.dataset.centreLat), number(el.dataset.centreLng)];
  }

  function popup(point, adoptedLabel) {
    var box = document.createElement("div");
    box.className = "pb-map-popup";
    var title = document.createElement("p");
    var link = document.createElement("a");
    link.href = point.url;
    link.textContent = "#" + point.number + " " + point.title;
    title.appendChild(link);
    box.appendChild(title);
    var place = document.createElement("p");
    place.textContent = point.place + (point.adopted && adoptedLabel ? " · " + adoptedLabel : "");
    box.appendChild(place);
    return box;
  }

  function pointsMap(el) {
    var map = baseMap(el);
    map.setView(centre(el), Number(el.dataset.zoom) || 12);
    fetch(el.dataset.pointsUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        var bounds = [];
        data.points.forEach(function (point) {
          var label = "#" + point.number + " " + point.title;
          L.marker([point.lat, point.lng], { title: label, alt: label, keyboard: true })
            .bindPopup(popup(point, el.dataset.adoptedLabel))
            .addTo(map);
          bounds.push([point.lat, point.lng]);
        });
        if (bounds.length === 1) map.setView(bounds[0], Number(el.dataset.pointZoom) || 16);
        else if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
        el.dataset.loaded = String(bounds.length);
      })
      .catch(function () {
        el.hidden = true; // the list below the map still has every proposal
      });
  }

  function pickerMap(el) {
    var latInput = document.getElementById(el.dataset.latInput);
    var lngInput = document.getElementById(el.dataset.lngInput);
    if (!latInput || !lngInput) return;
    var box = el.closest(".pb-picker") || el.parentNode;
    var status = box.querySelector("[data-picker-status]");
    var clear = box.querySelector("[data-picker-clear]");
    var map = baseMap(el);
    var marker = null;

    function say(lat, lng) {
      if (!status) return;
      status.textContent = lat === null ? "" :
        el.dataset.setLabel.replace("%(lat)s", lat).replace("%(lng)s", lng);
    }

    function place(lat, lng, fill) {
      var at = [lat, lng];
      if (marker === null) {
        marker = L.marker(at, { draggable: true, keyboard: true, title: el.dataset.markerLabel, alt: el.dataset.markerLabel }).addTo(map);
        marker.on("dragend", function () {
          var p = marker.getLatLng().wrap();
          place(p.lat, p.lng, true);
        });
      } else {
        marker.setLatLng(at);
      }
      if (fill) {
        latInput.value = lat.toFixed(6);
        lngInput.value = lng.toFixed(6);
        latInput.dispatchEvent(new Event("change", { bubbles: true }));
        say(latInput.value, lngInput.value);
      }
      if (clear) clear.hidden = false;
    }

    function fromInputs() {
      var lat = number(latInput.value);
      var lng = number(lngInput.value);
      if (validPoint(lat, lng)) {
        place(lat, lng, false);
        return [lat, lng];
      }
      return null;
    }

    var start = fromInputs();
    if (start) map.setView(start, Number(el.dataset.pointZoom) || 16);
    else map.setView(centre(el), Number(el.dataset.zoom) || 12);

    map.on("click", function (event) {
      var p = event.latlng.wrap();
      place(p.lat, p.lng, true);
    });
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () {
        var at = fromInputs();
        if (at) map.panTo(at);
      });
    });
    if (clear) {
      clear.addEventListener("click", function () {
        latInput.value = "";
        lngInput.value = "";
        if (marker !== null) { map.removeLayer(marker); marker = null; }
        clear.hidden = true;
        say(null, null);
        latInput.focus();
      });
    }
  }

  function pointMap(el) {
    var lat = number(el.dataset.lat);
    var lng = number(el.dataset.lng);
    if (!validPoint(lat, lng)) return;
    var map = baseMap(el);
    map.setView([lat, lng], Number(el.dataset.pointZoom) || 16);
    L.marker([lat, lng], { keyboard: false, title: el.dataset.markerLabel, alt: el.dataset.markerLabel }).addTo(map);
  }

  function start() {
    if (typeof L === "undefined") return;
    var kinds = { points: pointsMap, picker: pickerMap, point: pointMap };
    document.querySelectorAll("[data-map]").forEach(function (el) {
      var draw = kinds[el.dataset.map];
      if (draw && el.dataset.tileUrl) draw(el);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
