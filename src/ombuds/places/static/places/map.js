/* The places map: Leaflet with no tile layer unless one is configured, a scale, a coordinate
   grid drawn here, and GeoJSON layers fetched for the visible box as the map moves. */
(function () {
  "use strict";
  var el = document.getElementById("places-map");
  if (!el || typeof L === "undefined") { return; }
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var map = L.map(el, { zoomSnap: 0.5, attributionControl: Boolean(config.tileUrl) });
  if (config.extent) {
    var e = config.extent;
    // Room on the right for the layer list, so that it hides no feature.
    map.fitBounds([[e[1], e[0]], [e[3], e[2]]], {
      paddingTopLeft: [30, 30], paddingBottomRight: [280, 30], maxZoom: 14
    });
  } else {
    map.setView([0, 0], 2);
  }
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
  }
  L.control.scale({ metric: true, imperial: false }).addTo(map);

  var STATUS_COLOUR = { open: "#c0392b", worked_on: "#e67e22", closed: "#27ae60" };
  function hazardLayer(status) {
    return L.geoJSON(null, {
      filter: function (f) { return f.properties.status === status; },
      style: { color: STATUS_COLOUR[status], weight: 2, fillOpacity: 0.25, className: "hazard hazard-" + status },
      onEachFeature: popup
    });
  }
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span.innerHTML;
  }
  function popup(feature, layer) {
    var p = feature.properties || {};
    var html = p.url ? '<a href="' + encodeURI(p.url) + '">' + text(p.label) + "</a>" : text(p.label);
    if (p.synthetic) { html += "<br><em>synthetic record</em>"; }
    layer.bindPopup(html);
  }
  function dot(colour, radius) {
    return function (feature, latlng) {
      return L.circleMarker(latlng, { radius: radius, color: colour, weight: 1, fillOpacity: 0.8 });
    };
  }
  var layers = {
    boundaries: L.geoJSON(null, { style: { color: "#777", weight: 1, fill: false }, interactive: false }),
    hazards_open: hazardLayer("open"),
    hazards_worked_on: hazardLayer("worked_on"),
    hazards_closed: hazardLayer("closed"),
    records: L.geoJSON(null, {
      style: { color: "#1f4e79", weight: 2, dashArray: "6 4", fillOpacity: 0.05, className: "minefield-record" },
      onEachFeature: popup
    }),
    finds: L.geoJSON(null, { pointToLayer: dot("#8e1b1b", 4), onEachFeature: popup }),
    incidents: L.geoJSON(null, { pointToLayer: dot("#000", 5), onEachFeature: popup }),
    sites: L.geoJSON(null, {
      pointToLayer: dot("#6c3483", 7),
      style: { color: "#6c3483", weight: 3 },
      onEachFeature: popup
    })
  };
  var labels = {
    hazards_open: "Hazard areas: open (red)",
    hazards_worked_on: "Hazard areas: worked on (orange)",
    hazards_closed: "Hazard areas: closed (green)",
    records: "Minefield records received",
    finds: "Device finds",
    incidents: "Incidents",
    sites: "Environmental sites",
    boundaries: "Imported boundaries"
  };
  var overlays = {};
  Object.keys(layers).forEach(function (name) {
    layers[name].addTo(map);
    overlays[labels[name]] = layers[name];
  });
  L.control.layers(null, overlays, { collapsed: false }).addTo(map);

  var grid = L.layerGroup().addTo(map);
  var STEPS = [30, 10, 5, 2, 1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001];
  function drawGrid() {
    grid.clearLayers();
    var b = map.getBounds();
    var span = Math.max(b.getEast() - b.getWest(), b.getNorth() - b.getSouth());
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) { if (span / STEPS[i] >= 4) { step = STEPS[i]; break; } }
    var digits = Math.max(0, -Math.floor(Math.log10(step)));
    var style = { color: "#9aa7b4", weight: 0.6, interactive: false, className: "graticule" };
    var west = Math.max(-180, Math.floor(b.getWest() / step) * step);
    var east = Math.min(180, b.getEast());
    var south = Math.max(-90, Math.floor(b.getSouth() / step) * step);
    var north = Math.min(90, b.getNorth());
    for (var lon = west; lon <= east; lon += step) {
      grid.addLayer(L.polyline([[south, lon], [north, lon]], style));
      grid.addLayer(L.marker([b.getSouth(), lon], { interactive: false, icon: L.divIcon({
        className: "grid-label", html: lon.toFixed(digits) + "°", iconAnchor: [-2, 14] }) }));
    }
    for (var lat = south; lat <= north; lat += step) {
      grid.addLayer(L.polyline([[lat, west], [lat, east]], style));
      grid.addLayer(L.marker([lat, b.getWest()], { interactive: false, icon: L.divIcon({
        className: "grid-label", html: lat.toFixed(digits) + "°", iconAnchor: [-2, 12] }) }));
    }
  }

  var note = document.getElementById("map-note");
  function load() {
    var b = map.getBounds();
    var bbox = [b.getWest(), Math.max(-90, b.getSouth()), b.getEast(), Math.min(90, b.getNorth())]
      .map(function (v) { return v.toFixed(6); }).join(",");
    var truncated = [];
    // One request per source layer; hazard areas feed the three status layers.
    var targets = {
      hazards: ["hazards_open", "hazards_worked_on", "hazards_closed"],
      records: ["records"], finds: ["finds"], incidents: ["incidents"], sites: ["sites"],
      boundaries: ["boundaries"]
    };
    var pending = Object.keys(targets).map(function (name) {
      return fetch(config.layers[name] + "?bbox=" + bbox, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          targets[name].forEach(function (target) {
            layers[target].clearLayers();
            layers[target].addData(data);
          });
          el.dataset["count" + name.charAt(0).toUpperCase() + name.slice(1)] = data.features.length;
          if (data.truncated) { truncated.push(name); }
        });
    });
    Promise.all(pending).then(function () {
      el.dataset.loaded = "yes";
      if (note) {
        note.textContent = truncated.length
          ? "Zoom in to see every feature of: " + truncated.join(", ") + "." : "";
      }
    });
  }
  map.on("moveend", function () { drawGrid(); load(); });
  drawGrid();
  load();
}());
