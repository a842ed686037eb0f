/* tacitus explorer: the page over the read-only API (/api/...).
 *
 * Panels: a Leaflet map of event cells aggregated by the server (one SVG circle per cell,
 * never one per event), a timeline of counts by date and type, an actor network, and a side
 * panel with event lists, one event's reports, and an article with its spans highlighted.
 * Every string that comes from an article (text, title, source, URL, names of actors, places
 * and locations, event types and modes) is attacker-controlled. The rule: such a string only
 * ever reaches the page as a text node or an attribute value set through the DOM (`el`, `svg`,
 * `textContent`, `dataset`); never through innerHTML, HTML strings or a library that takes
 * HTML (Leaflet's tooltips and popups are given DOM nodes, since it sets a string content as
 * innerHTML); a link from the data must be http(s) (`httpUrl`). So markup in an article is
 * shown, not run, and a `<meta http-equiv="refresh">` in a place name cannot move the tab.
 */
"use strict";
(function () {
  const QUAD_COLOURS = { 1: "#5aae61", 2: "#1b7837", 3: "#f1a340", 4: "#d73027" };
  const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  const TYPE_PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
    "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#8c6d31", "#843c39", "#7b4173"];
  const SVG = "http://www.w3.org/2000/svg";
  // typeColours is a Map: a type named `__proto__` or `constructor` must not hit Object's own keys.
  const state = { token: null, filters: {}, meta: null, typeColours: new Map(), mapRequest: 0, mapMoved: false, cellDegrees: 1,
    eventRequest: 0, articleRequest: 0 };

  // ----- small helpers -----

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null) continue;
      if (key === "class") node.className = value;
      else if (key === "onclick") node.addEventListener("click", value);
      // A link goes to this page (`#...`) or to an http(s) address, never `javascript:`.
      else if (key === "href") { if (/^#/.test(value) || httpUrl(value)) node.setAttribute(key, value); }
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /* `value` as an absolute http(s) address, or null (`javascript:`, `data:`, relative, junk). */
  function httpUrl(value) {
    if (typeof value !== "string") return null;
    try {
      const url = new URL(value);  // no base: a relative address is not an article's link
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (ignored) { return null; }
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    return node;
  }

  function setStatus(message, isError) {
    const status = document.getElementById("status");
    status.textContent = message;
    status.className = isError ? "error" : "";
  }

  function readToken() {
    const query = new URLSearchParams(location.search);
    const fromHash = new URLSearchParams(location.hash.slice(1)).get("token");
    const token = query.get("token") || fromHash;
    if (token) {
      sessionStorage.setItem("tacitus-token", token);
      query.delete("token");
      const rest = query.toString();
      history.replaceState(null, "", location.pathname + (rest ? "?" + rest : ""));
    }
    return sessionStorage.getItem("tacitus-token");
  }

  async function api(path, params) {
    const url = new URL(path, location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      for (const one of Array.isArray(value) ? value : [value]) {  // a list: the key repeated
        if (one === undefined || one === null || one === "") continue;
        url.searchParams.append(key, one);
      }
    }
    const headers = state.token ? { Authorization: "Bearer " + state.token } : {};
    const response = await fetch(url, { headers });
    if (!response.ok) {
      let message = response.status + " " + response.statusText;
      try {
        const body = await response.json();
        message = typeof body.detail === "string" ? body.detail
          : body.detail.map((d) => d.loc[d.loc.length - 1] + ": " + d.msg).join("; ");
      } catch (ignored) { /* keep the status line */ }
      throw new Error(message);
    }
    return response.json();
  }

  function failed(error) { setStatus(error.message, true); }

  function quadPill(event) {
    const quad = event.quad_code || 0;
    return el("span", { class: "pill q" + quad, title: QUAD_NAMES[quad] || "no quad class" },
      event.type + (event.mode ? "/" + event.mode : ""));
  }

  /* A country the text does not give its participant (`country_from`): say where it comes from. */
  function inferred(from) {
    const said = { place: "country from the place of the event", dateline: "country from the dateline",
      article: "country from the article's country", unrecorded: "where the country comes from was not recorded" };
    if (!from) return "";
    return " — " + (Object.hasOwn(said, from) ? said[from] : "country from " + from);
  }

  function side(name, country, sector) {
    const code = [country, sector].filter(Boolean).join("/");
    if (name && code) return name + " (" + code + ")";
    return name || code || "?";
  }

  // ----- filters -----

  /* The status boxes: none ticked means the defaults (what happened), ticked again. */
  function readStatuses(form) {
    const boxes = Array.from(form.querySelectorAll('input[name="status"]'));
    if (!boxes.some((box) => box.checked)) boxes.forEach((box) => { box.checked = box.defaultChecked; });
    return boxes.filter((box) => box.checked).map((box) => box.value);
  }

  function readFilters() {
    const form = document.getElementById("filters");
    const filters = {};
    for (const [key, value] of new FormData(form).entries()) {
      const text = String(value).trim();
      if (key !== "status" && text) filters[key] = key === "country" ? text.toUpperCase() : text;
    }
    filters.status = readStatuses(form);
    return filters;
  }

  function setFilter(key, value) {
    const input = document.querySelector('#filters [name="' + key + '"]');
    if (input) input.value = value;
    applyFilters();
  }

  function applyFilters() {
    state.filters = readFilters();
    refreshAll();
  }

  function refreshAll() {
    refreshMap();
    refreshTimeline();
    refreshNetwork();
    listEvents({}, "Events matching the filters");
  }

  // ----- map -----

  let map, cells;

  /* The map, first showing `bounds` (south, west, north, east) of the events, or the world. */
  function setUpMap(bounds) {
    map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 12 });
    if (bounds) {
      const [south, west, north, east] = bounds;
      map.fitBounds(L.latLngBounds([south, west], [north, east]).pad(0.3), { maxZoom: 6, animate: false });
      if (map.getZoom() < 2) map.setZoom(2, { animate: false });
    } else {
      map.setView([25, 20], 2);
    }
    // one plain-text entry: Leaflet joins several with HTML, which the page's policy refuses
    map.attributionControl.addAttribution("Natural Earth (public domain); places: GeoNames (CC BY 4.0)");
    cells = L.layerGroup().addTo(map);
    fetch("/static/vendor/world-atlas/countries-110m.json")
      .then((response) => response.json())
      .then((topology) => {
        const countries = topojson.feature(topology, topology.objects.countries);
        L.geoJSON(countries, {
          interactive: false,
          style: { className: "country", color: "#9a9a8f", weight: 0.6, fillColor: "#f2efe6", fillOpacity: 1 },
        }).addTo(map).bringToBack();
      })
      .catch(failed);
    let timer = null;
    map.on("moveend", () => {
      state.mapMoved = true;
      mapState("loading");
      clearTimeout(timer);
      timer = setTimeout(refreshMap, 120);
    });
    const legend = document.getElementById("legend");
    for (const quad of [1, 2, 3, 4]) {
      const swatch = el("i");
      swatch.style.background = QUAD_COLOURS[quad]; // CSSOM, which the page's CSP allows
      legend.append(swatch, QUAD_NAMES[quad]);
    }
  }

  function viewBox() {
    const bounds = map.getBounds().pad(0.2);
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    const west = bounds.getWest(), east = bounds.getEast();
    if (east - west >= 360) return null;
    const wrap = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
    return [clamp(bounds.getSouth(), -90, 90), wrap(west), clamp(bounds.getNorth(), -90, 90), wrap(east)]
      .map((v) => v.toFixed(4)).join(",");
  }

  /* "loading" until the points of the latest view are drawn, then "ready" (for tests). */
  function mapState(value) { document.getElementById("map").dataset.state = value; }

  async function refreshMap() {
    const request = ++state.mapRequest;
    state.mapMoved = false;
    mapState("loading");
    const zoom = map.getZoom();
    const params = Object.assign({}, state.filters, { zoom: zoom });
    if (zoom >= 4) params.bbox = viewBox();
    try {
      const data = await api("/api/aggregates/map", params);
      if (request !== state.mapRequest) return;
      state.cellDegrees = data.cell_degrees;
      drawCells(data.items);
      if (!state.mapMoved) mapState("ready");
    } catch (error) { failed(error); }
  }

  function drawCells(items) {
    cells.clearLayers();
    const most = Math.max(1, ...items.map((cell) => cell.count));
    for (const cell of items) {
      const marker = L.circleMarker([cell.lat, cell.lon], {
        radius: 5 + 17 * Math.sqrt(cell.count / most),  // area follows the count
        fillColor: QUAD_COLOURS[cell.quad_code] || "#888", color: "#fff", weight: 1, fillOpacity: 0.85,
        className: "event-cell",
      });
      const where = cell.location_name || (cell.places + " places");
      // A node, not a string: Leaflet sets a string tooltip as innerHTML (issue 14).
      marker.bindTooltip(el("span", { class: "cell-tooltip" },
        cell.count + " event" + (cell.count > 1 ? "s" : "") + " · " + where + " · mostly " + cell.type));
      marker.on("click", () => (cell.event_id ? openEvent(cell.event_id) : listCell(cell)));
      marker.addTo(cells);
      const node = marker.getElement();
      if (node) {
        node.dataset.count = cell.count;
        node.dataset.type = cell.type;
        node.dataset.quad = cell.quad_code || "";
        node.dataset.location = cell.location_name || "";
        if (cell.event_id) node.dataset.event = cell.event_id;
      }
    }
  }

  function listCell(cell) {
    const size = state.cellDegrees;
    const south = Math.floor(cell.lat / size) * size, west = Math.floor(cell.lon / size) * size;
    const box = [south, west, Math.min(90, south + size), Math.min(180, west + size)].map((v) => v.toFixed(6)).join(",");
    listEvents({ bbox: box }, cell.count + " events around " + (cell.location_name || "this cell"));
  }

  // ----- event lists and one event -----

  const PAGE = 50;

  /* The events of the filters (and of `extra`, e.g. a map cell's box), a page at a time. */
  async function listEvents(extra, heading) {
    const panel = document.getElementById("event-list");
    const list = el("ol", { id: "events", "data-scope": extra.bbox ? "cell" : "filters" });
    const title = el("h2", {}, heading);
    const more = el("button", { type: "button", class: "more" }, "more");
    panel.replaceChildren(title, list);
    const load = async (offset) => {
      const page = await api("/api/events", Object.assign({}, state.filters, extra, { limit: PAGE, offset }));
      for (const event of page.items) list.append(eventItem(event));
      title.textContent = heading + ": " + page.total + (list.children.length < page.total ? " (first " + list.children.length + ")" : "");
      if (list.children.length < page.total) {
        more.onclick = () => load(list.children.length).catch(failed);
        panel.append(more);
      } else {
        more.remove();
      }
      if (!extra.bbox && !offset) setStatus(page.total + " events match");
    };
    await load(0).catch(failed);
  }

  /* An event's date as written at its precision (2016-12-23, 2016-W50, 2016-11, 2016), with
   * the days it covers when it is more than a day: never a made-up day. */
  function eventDate(event) {
    if (!event.date) return el("span", { class: "date" }, "undated");
    const range = event.date_start && event.date_end && event.date_start !== event.date_end
      ? event.date_start + " to " + event.date_end : null;
    return el("span", { class: "date" + (range ? " imprecise" : ""), "data-start": event.date_start,
      "data-end": event.date_end, "data-precision": event.date_precision,
      title: range ? event.date_precision + ": " + range : null }, event.date);
  }

  function eventItem(event) {
    return el("li", { "data-event": event.event_id, "data-status": event.status },
      quadPill(event), " ", eventDate(event), " ",
      event.status !== "occurred" ? el("span", { class: "status-tag" }, event.status) : null,
      event.status !== "occurred" ? " " : null,
      el("a", { class: "event-link", href: "#event=" + encodeURIComponent(event.event_id),
        onclick: (e) => { e.preventDefault(); openEvent(event.event_id); } },
      side(event.actor_name, event.actor_country, event.actor_sector) + " → " +
      side(event.recipient_name, event.recipient_country, event.recipient_sector)),
      event.location_name ? " at " + event.location_name : "");
  }

  async function openEvent(eventId, reportId) {
    const request = ++state.eventRequest;  // only the latest click is shown
    try {
      const event = await api("/api/events/" + encodeURIComponent(eventId));
      if (request !== state.eventRequest) return;
      history.replaceState(null, "", "#event=" + encodeURIComponent(eventId));
      renderEvent(event);
      const report = event.reports.find((r) => r.report_id === reportId) || event.reports[0];
      if (report) await openArticle(report.article_id, report.report_id);
    } catch (error) { failed(error); }
  }

  function renderEvent(event) {
    const panel = document.getElementById("event-detail");
    const rows = [
      ["status", event.status], ["date", (event.date || "?") + (event.date_start && event.date_start !== event.date_end
        ? " (" + event.date_precision + ": " + event.date_start + " to " + event.date_end + ")" : "")
        + (event.date_is_fallback ? " (publication date)" : "")],
      ["actor", side(event.actor_name, event.actor_country, event.actor_sector) + inferred(event.actor_country_from)],
      ["recipient", side(event.recipient_name, event.recipient_country, event.recipient_sector)
        + inferred(event.recipient_country_from)],
      ["where", event.location_name ? event.location_name + (event.country ? " (" + event.country + ")" : "") : "?"],
      ["confidence", event.confidence == null ? "?" : Number(event.confidence).toFixed(2)],
      ["reports", event.num_reports + " in " + event.num_articles + " article(s), " + event.num_sources + " source(s)"
        + (event.num_stories != null && event.num_stories !== event.num_articles ? ", " + event.num_stories + " independent story(ies)" : "")],
      ["killed", event.fatalities == null ? null : String(event.fatalities)],
    ];
    const dl = el("dl");
    for (const [key, value] of rows) if (value !== null) dl.append(el("dt", {}, key), el("dd", {}, value));
    const reports = el("ol", { class: "reports" });
    for (const report of event.reports) {
      reports.append(el("li", {},
        el("a", { class: "report-link", href: "#", "data-article": report.article_id, onclick: (e) => { e.preventDefault(); openArticle(report.article_id, report.report_id); } },
          report.title || report.source || report.article_id),
        report.evidence ? " — “" + report.evidence + "”" : ""));
    }
    panel.replaceChildren(el("h2", {}, "Event"), el("div", {}, quadPill(event), " ", event.event_id), dl, reports);
    panel.hidden = false;
  }

  // ----- one article with its spans -----

  /* Offsets are Python str indices (code points); JavaScript strings count UTF-16 units. */
  function unitIndex(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const units = [0];
    let unit = 0;
    for (const ch of text) { unit += ch.length; units.push(unit); }
    return (i) => units[Math.max(0, Math.min(i, units.length - 1))];
  }

  function articleSpans(article) {
    const spans = [];
    const add = (start, end, cls, title, report, place) => {
      if (Number.isInteger(start) && Number.isInteger(end) && end > start) spans.push({ start, end, cls, title, report, place });
    };
    // The type names a CSS class: only a plain upper-case word may (no spaces, no class of the page's own).
    for (const e of article.entities) {
      if (e.type !== "PLACE") add(e.start, e.end, /^[A-Z]{1,20}$/.test(e.type) ? "ann-" + e.type : "ann-other", String(e.type));
    }
    article.places.forEach((p, index) => {
      const where = p.lat != null ? " (" + p.lat.toFixed(2) + ", " + p.lon.toFixed(2) + "): click to show it on the map" : "";
      add(p.start, p.end, "ann-place", "place: " + (p.name || p.text) + where, null, p.lat != null ? index : null);
    });
    for (const t of article.times) add(t.start, t.end, "ann-time", t.type + " " + t.value);
    for (const q of article.quotes) add(q.content_start, q.content_end, "ann-quote", "quote" + (q.speaker_name ? " by " + q.speaker_name : ""));
    for (const r of article.reports) {
      add(r.evidence_start, r.evidence_end, "ann-evidence",
        r.type + (r.mode ? "/" + r.mode : "") + " [" + r.status + "]: click to open the event", r.report_id);
    }
    return spans;
  }

  function annotatedText(text, spans) {
    const toUnit = unitIndex(text);
    const cuts = new Set([0, text.length]);
    const units = spans.map((s) => Object.assign({}, s, { start: toUnit(s.start), end: toUnit(s.end) }))
      .filter((s) => s.start < s.end && s.end <= text.length);
    for (const s of units) { cuts.add(s.start); cuts.add(s.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const body = el("div", { class: "text" });
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const covering = units.filter((s) => s.start <= a && s.end >= b);
      if (!covering.length) { body.append(document.createTextNode(piece)); continue; }
      const span = el("span", { class: Array.from(new Set(covering.map((s) => s.cls))).join(" "),
        title: covering.map((s) => s.title).join("\n") }, piece);
      const reports = covering.filter((s) => s.report).map((s) => s.report);
      if (reports.length) span.dataset.reports = reports.join(" ");
      const place = covering.find((s) => s.place != null);
      if (place) span.dataset.place = place.place;
      body.append(span);
    }
    return body;
  }

  /* A click on a mark of the article: evidence opens its event, a place shows it on the map. */
  function followMark(article, event) {
    const mark = event.target.closest("span[data-reports], span[data-place]");
    if (!mark) return;
    if (mark.dataset.reports) {
      const reportId = mark.dataset.reports.split(" ")[0];
      const report = article.reports.find((r) => r.report_id === reportId);
      if (report) openEvent(report.event_id, report.report_id);
    } else {
      const place = article.places[Number(mark.dataset.place)];
      map.setView([place.lat, place.lon], Math.max(map.getZoom(), 6));
    }
  }

  async function openArticle(articleId, reportId) {
    const request = ++state.articleRequest;
    try {
      const article = await api("/api/articles/" + encodeURIComponent(articleId));
      if (request !== state.articleRequest) return;
      const panel = document.getElementById("article");
      const meta = [article.source, article.published].filter(Boolean).join(" · ");
      const legend = el("div", { class: "legend" },
        el("span", { class: "ann-evidence" }, "event evidence"), el("span", { class: "ann-quote" }, "quote"),
        el("span", { class: "ann-place" }, "place"), el("span", { class: "ann-time" }, "time"),
        el("span", { class: "ann-PERSON" }, "person"), el("span", { class: "ann-ORG" }, "organisation"));
      const address = httpUrl(article.url);
      const link = address ? el("a", { href: address, rel: "noopener noreferrer", target: "_blank" }, "source") : null;
      const text = annotatedText(article.text, articleSpans(article));
      text.addEventListener("click", (e) => followMark(article, e));
      const events = el("ol", { class: "article-events" });
      for (const r of article.reports) {
        events.append(el("li", {}, el("a", { class: "event-link", href: "#", onclick: (e) => { e.preventDefault(); openEvent(r.event_id, r.report_id); } },
          r.type + (r.mode ? "/" + r.mode : "") + ": " + (r.actor_name || "?") + " → " + (r.recipient_name || "?") + " [" + r.status + "]")));
      }
      panel.replaceChildren(el("h2", {}, "Article"), el("h3", {}, article.title || article.input_id || article.article_id),
        el("div", { class: "meta" }, meta, " ", link), legend, text,
        el("h4", {}, "Events coded in this article"), events);
      panel.hidden = false;
      panel.dataset.article = article.article_id;
      if (reportId) {
        const targets = Array.from(panel.querySelectorAll("span[data-reports]"))
          .filter((span) => span.dataset.reports.split(" ").includes(reportId));
        targets.forEach((span) => span.classList.add("target"));
        if (targets.length) targets[0].scrollIntoView({ block: "center" });
      }
    } catch (error) { failed(error); }
  }

  // ----- timeline -----

  function typeColour(type) {
    if (!state.typeColours.has(type)) {
      state.typeColours.set(type, TYPE_PALETTE[state.typeColours.size % TYPE_PALETTE.length]);
    }
    return state.typeColours.get(type);
  }

  function nextBucket(date, bucket) {
    const d = new Date(date + "T00:00:00Z");
    if (bucket === "day") d.setUTCDate(d.getUTCDate() + 1);
    else if (bucket === "week") d.setUTCDate(d.getUTCDate() + 7);
    else d.setUTCMonth(d.getUTCMonth() + 1);
    return d.toISOString().slice(0, 10);
  }

  async function refreshTimeline() {
    const box = document.getElementById("timeline");
    try {
      const data = await api("/api/aggregates/timeline", state.filters);
      document.getElementById("timeline-bucket").textContent = "(by " + data.bucket + " and type)";
      drawTimeline(box, data);
    } catch (error) { failed(error); }
  }

  const DAY = 86400000;
  const MIN_BUCKETS = 15;
  const dayTime = (date) => Date.parse(date + "T00:00:00Z");
  const isoDay = (time) => new Date(time).toISOString().slice(0, 10);

  /* The first day of the bucket (day, ISO week from Monday, month) that holds `date`. */
  function bucketStart(date, bucket) {
    const d = new Date(date + "T00:00:00Z");
    if (bucket === "week") d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
    else if (bucket === "month") d.setUTCDate(1);
    return d.toISOString().slice(0, 10);
  }

  /* Ranges (imprecise dates) in lanes: a lane takes a range only after its last one ended. */
  function rangeLanes(ranges, lanes) {
    const ends = [];
    return ranges.slice().sort((a, b) => a.start.localeCompare(b.start) || b.end.localeCompare(a.end))
      .map((range) => {
        let lane = ends.findIndex((end) => end < range.start);
        if (lane < 0) lane = ends.length < lanes ? ends.length : lanes - 1;
        ends[lane] = range.end > (ends[lane] || "") ? range.end : ends[lane];
        return { range, lane };
      });
  }

  /* Bars of counts by date and type over the window of the events' real range, the events of
   * imprecise dates (week, month, year) as ranges below them, and the events left outside
   * the window (far outliers) counted at its ends. */
  function drawTimeline(box, data) {
    box.replaceChildren();
    const items = data.items, ranges = data.ranges || [], bucket = data.bucket;
    if (!data.window) { box.append(el("p", { class: "hint" }, "No dated events.")); return; }
    let t0 = dayTime(bucketStart(data.window[0], bucket));
    let t1 = dayTime(nextBucket(bucketStart(data.window[1], bucket), bucket));
    // A few buckets are drawn amid empty ones around them (MIN_BUCKETS wide), not as wide blocks.
    const bucketDays = bucket === "day" ? 1 : bucket === "week" ? 7 : 30.44;
    const missing = Math.round(MIN_BUCKETS - (t1 - t0) / (bucketDays * DAY));
    if (missing > 0 && bucket === "day") {
      t0 -= Math.floor(missing / 2) * DAY;
      t1 += Math.ceil(missing / 2) * DAY;
    }
    const width = box.clientWidth || 600, height = (box.clientHeight || 190) - 30;
    const left = 34, right = 8, bottom = 18;
    const lanes = ranges.length ? Math.min(4, Math.max(...rangeLanes(ranges, 4).map((r) => r.lane)) + 1) : 0;
    const laneTop = height - bottom - lanes * 7, barBase = laneTop - (lanes ? 4 : 0);
    const x = (time) => left + ((time - t0) / (t1 - t0)) * (width - left - right);
    const byDate = new Map();
    for (const item of items) {
      if (!byDate.has(item.date)) byDate.set(item.date, []);
      byDate.get(item.date).push(item);
    }
    const max = Math.max(1, ...Array.from(byDate.values(), (list) => list.reduce((s, i) => s + i.count, 0)));
    const chart = svg("svg", { width, height, role: "img", "aria-label": "events by date and type" });
    for (const [date, list] of byDate) {
      let y = barBase;
      const x0 = x(dayTime(date)), x1 = x(dayTime(nextBucket(date, bucket)));
      for (const item of list) {
        const h = (item.count / max) * (barBase - 6);
        const bar = svg("rect", { x: x0, y: y - h, width: Math.max(1, x1 - x0 - 1), height: h,
          fill: typeColour(item.type), class: "bar", "data-date": date, "data-type": item.type });
        const title = svg("title");
        title.textContent = date + " " + item.type + ": " + item.count;
        bar.append(title);
        bar.addEventListener("click", () => filterDates(date, isoDay(dayTime(nextBucket(date, bucket)) - DAY)));
        chart.append(bar);
        y -= h;
      }
    }
    for (const { range, lane } of rangeLanes(ranges, 4)) {
      const a = Math.max(t0, dayTime(range.start)), b = Math.min(t1, dayTime(range.end) + DAY);
      const bar = svg("rect", { x: x(a), y: laneTop + lane * 7, width: Math.max(2, x(b) - x(a)), height: 5,
        fill: typeColour(range.type), class: "range", "data-start": range.start, "data-end": range.end,
        "data-label": range.label, "data-type": range.type, "data-count": range.count });
      const title = svg("title");
      title.textContent = range.label + " (" + range.precision + ", " + range.start + " to " + range.end + "): " +
        range.count + " " + range.type + (dayTime(range.start) < t0 || dayTime(range.end) + DAY > t1 ? "; cut at the window's edge" : "");
      bar.append(title);
      bar.addEventListener("click", () => filterDates(range.start, range.end));
      chart.append(bar);
    }
    const label = (lx, ly, text, anchor, cls) => {
      const t = svg("text", { x: lx, y: ly, "text-anchor": anchor || "start" });
      if (cls) t.setAttribute("class", cls);
      t.textContent = text;
      chart.append(t);
      return t;
    };
    label(left - 4, 12, String(max), "end");
    label(left - 4, barBase, "0", "end");
    label(left, height - 4, isoDay(t0));
    label(width - right, height - 4, isoDay(t1 - DAY), "end");
    // Events far outside the others are counted at the window's ends, not drawn: a click shows them.
    if (data.before) {
      const note = label(left + 2, 12, "◀ " + data.before + " earlier (from " + data.first + ")", "start", "outliers before");
      note.addEventListener("click", () => filterDates(null, isoDay(dayTime(data.window[0]) - DAY)));
    }
    if (data.after) {
      const note = label(width - right, 12, data.after + " later (to " + data.last + ") ▶", "end", "outliers after");
      note.addEventListener("click", () => filterDates(isoDay(dayTime(data.window[1]) + DAY), null));
    }
    const legend = el("div", { class: "type-legend" });
    for (const type of Array.from(new Set(items.concat(ranges).map((i) => i.type))).sort()) {
      const swatch = el("i");
      swatch.style.background = typeColour(type);
      legend.append(el("span", {}, swatch, type));
    }
    if (ranges.length) legend.append(el("span", { class: "range-key" }, "thin bars below: dates known only to the week, month or year"));
    if (data.undated) legend.append(el("span", {}, data.undated + " undated"));
    box.append(chart, legend);
  }

  function filterDates(since, until) {
    document.getElementById("f-since").value = since || "";
    document.getElementById("f-until").value = until || "";
    applyFilters();
  }

  // ----- actor network -----

  /* Nodes with a label always shown: the most connected, as many as fit without overlapping. */
  const NETWORK_LABELS = 12;

  async function refreshNetwork() {
    const box = document.getElementById("network");
    try {
      const data = await api("/api/aggregates/edges", Object.assign({}, state.filters, { limit: 40 }));
      drawNetwork(box, data);
    } catch (error) { failed(error); }
  }

  function layout(nodes, edges, width, height) {
    const n = nodes.length;
    nodes.forEach((node, i) => {
      node.x = width / 2 + (width / 3) * Math.cos((2 * Math.PI * i) / n);
      node.y = height / 2 + (height / 3) * Math.sin((2 * Math.PI * i) / n);
    });
    const ideal = Math.min(120, Math.sqrt((width * height) / Math.max(1, n)) * 0.6);
    for (let step = 0; step < 250; step++) {
      const cooling = 1 - step / 250;
      for (const a of nodes) { a.dx = (width / 2 - a.x) * 0.05; a.dy = (height / 2 - a.y) * 0.05; }
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const a = nodes[i], b = nodes[j];
          const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 1);
          const force = (ideal * ideal) / d2;
          a.dx += dx * force * 0.02; a.dy += dy * force * 0.02; b.dx -= dx * force * 0.02; b.dy -= dy * force * 0.02;
        }
      }
      for (const edge of edges) {
        const a = edge.a, b = edge.b, dx = b.x - a.x, dy = b.y - a.y, d = Math.max(Math.hypot(dx, dy), 1);
        const pull = ((d - ideal) / d) * 0.1;
        a.dx += dx * pull; a.dy += dy * pull; b.dx -= dx * pull; b.dy -= dy * pull;
      }
      for (const a of nodes) {
        const move = Math.hypot(a.dx, a.dy), cap = 20 * cooling + 1;
        const scale = move > cap ? cap / move : 1;
        a.x = Math.min(width - 20, Math.max(20, a.x + a.dx * scale));
        a.y = Math.min(height - 12, Math.max(12, a.y + a.dy * scale));
      }
    }
  }

  function overlaps(a, b) {
    return a.x < b.x + b.width + 2 && b.x < a.x + a.width + 2 && a.y < b.y + b.height + 1 && b.y < a.y + a.height + 1;
  }

  /* Label the most connected nodes where a label fits (right, left, above, below the node)
   * without overlapping another label or node or leaving the panel; the rest show theirs on
   * hover. */
  function placeLabels(ranked, width, height) {
    const placed = [];
    const circles = ranked.map((n) => ({ node: n, x: n.x - n.radius, y: n.y - n.radius, width: 2 * n.radius, height: 2 * n.radius }));
    for (const [rank, n] of ranked.entries()) {
      const text = n.text, r = n.radius;
      text.setAttribute("class", "label hover-only");
      if (rank >= NETWORK_LABELS) continue;
      const spots = [[r + 3, 4, "start"], [-r - 3, 4, "end"], [0, -r - 4, "middle"], [0, r + 12, "middle"]];
      for (const [dx, dy, anchor] of spots) {
        text.setAttribute("x", dx); text.setAttribute("y", dy); text.setAttribute("text-anchor", anchor);
        const local = text.getBBox();
        const box = { x: n.x + local.x, y: n.y + local.y, width: local.width, height: local.height };
        if (box.x < 0 || box.y < 0 || box.x + box.width > width || box.y + box.height > height) continue;
        if (placed.some((other) => overlaps(box, other))) continue;
        if (circles.some((c) => c.node !== n && overlaps(box, c))) continue;
        placed.push(box);
        text.setAttribute("class", "label");
        break;
      }
      if (text.getAttribute("class") !== "label") { text.setAttribute("x", r + 3); text.setAttribute("y", 4); text.setAttribute("text-anchor", "start"); }
    }
  }

  function nodeTitle(n) {
    const code = [n.country, n.sector].filter(Boolean).join(" ");
    return n.label + (n.resolved && code ? " (" + code + ")" : "") + ": " + n.events + " event" + (n.events === 1 ? "" : "s") +
      (n.resolved ? "" : "; participants the text does not name, grouped by country and sector");
  }

  /* Who acts on whom: resolved actors (store/network.py's keys), the heaviest pairs. */
  function drawNetwork(box, data) {
    box.replaceChildren();
    if (!data.edges.length) { box.append(el("p", { class: "hint" }, "No actor-to-recipient pairs.")); return; }
    const nodes = new Map(data.nodes.map((n) => [n.key, Object.assign({ weight: 0 }, n)]));
    const edges = data.edges.filter((e) => nodes.has(e.source) && nodes.has(e.target)).map((item) => {
      const a = nodes.get(item.source), b = nodes.get(item.target);
      a.weight += item.count; b.weight += item.count;
      return { a, b, item };
    });
    const width = box.clientWidth || 400, height = box.clientHeight || 320;
    layout(Array.from(nodes.values()), edges, width, height);
    const chart = svg("svg", { width, height, role: "img", "aria-label": "actor network" });
    const defs = svg("defs");
    const marker = svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: "userSpaceOnUse", orient: "auto" });
    marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#666" }));
    defs.append(marker);
    chart.append(defs);
    const maxCount = Math.max(...data.edges.map((i) => i.count));
    for (const { a, b, item } of edges) {
      const colour = item.score == null ? "#888" : item.score < 0 ? "#d73027" : "#1b7837";
      const line = svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: colour, class: "edge",
        "stroke-width": 1 + (4 * item.count) / maxCount, "marker-end": "url(#arrow)" });
      const title = svg("title");
      const types = Object.entries(item.types).map(([type, count]) => type + " " + count).join(", ");
      title.textContent = a.label + " → " + b.label + ": " + item.count + " event" + (item.count === 1 ? "" : "s") + " (" + types + ")";
      line.append(title);
      chart.append(line);
    }
    box.append(chart);  // in the page before the labels are placed: they are measured
    const heaviest = Math.max(...Array.from(nodes.values(), (n) => n.weight));
    // Most connected first; among equals a resolved actor before a group of unnamed ones.
    const ranked = Array.from(nodes.values()).sort((p, q) => q.weight - p.weight ||
      Number(q.resolved) - Number(p.resolved) || p.key.localeCompare(q.key));
    for (const n of ranked) {
      const g = svg("g", { class: "node" + (n.resolved ? "" : " group"), transform: "translate(" + n.x + "," + n.y + ")" });
      g.dataset.key = n.key;
      n.radius = 3 + 8 * Math.sqrt(n.weight / heaviest);
      const circle = svg("circle", { r: n.radius });
      const title = svg("title");
      title.textContent = nodeTitle(n);
      circle.append(title);
      n.text = svg("text", {});
      n.text.textContent = n.label;
      g.append(circle, n.text);
      // hovered: its label on top of the others
      g.addEventListener("mouseenter", () => chart.append(g));
      g.addEventListener("click", () => setFilter("actor", n.resolved ? n.label : [n.country, n.sector].filter(Boolean).join("/")));
      chart.append(g);
    }
    placeLabels(ranked, width, height);
  }

  // ----- start -----

  async function start() {
    state.token = readToken();
    const form = document.getElementById("filters");
    form.addEventListener("submit", (e) => { e.preventDefault(); applyFilters(); });
    for (const box of form.querySelectorAll('input[name="status"]')) box.addEventListener("change", applyFilters);
    document.getElementById("f-reset").addEventListener("click", () => { form.reset(); setDefaultConfidence(); applyFilters(); });
    try {
      state.meta = await api("/api/meta");
      setUpMap(state.meta.bounds);
      const select = document.getElementById("f-type");
      for (const t of state.meta.types) {
        typeColour(t.type);
        select.append(el("option", { value: t.type }, t.type + " (" + t.count + ")"));
      }
      setDefaultConfidence();
      setStatus(state.meta.events + " events from " + state.meta.articles + " articles; " +
        state.meta.events_below_default + " below confidence " + state.meta.min_confidence_default +
        " hidden by default (set Min. confidence to 0 to show them); " + state.meta.events_of_other_statuses +
        " future, hypothetical or negated hidden by default (tick them under Status)");
    } catch (error) {
      if (!map) setUpMap(null);
      failed(error);
      return;
    }
    applyFilters();
    openLinkedEvent();
    window.addEventListener("hashchange", openLinkedEvent);
  }

  /* The fitted default threshold: events below it are hidden until the user lowers it. */
  function setDefaultConfidence() {
    const input = document.getElementById("f-min-confidence");
    if (input && state.meta) input.value = String(state.meta.min_confidence_default);
  }

  /* `#event=ID` in the address opens that event (links can be shared). */
  function openLinkedEvent() {
    const target = new URLSearchParams(location.hash.slice(1)).get("event");
    if (target) openEvent(target);
  }

  window.tacitusExplorer = { openEvent, openArticle, applyFilters, map: () => map };
  document.addEventListener("DOMContentLoaded", start);
})();
