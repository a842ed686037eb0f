/* tacitus explorer: the page's only Trusted Types policy, loaded before any other script.
 *
 * index.html turns Trusted Types on (`require-trusted-types-for 'script'`), so every string
 * given to an HTML sink (innerHTML, outerHTML, insertAdjacentHTML, DOMParser, ...) by any
 * script on the page, ours or Leaflet's, goes through `createHTML` below. The explorer itself
 * never builds HTML from strings (app.js uses DOM nodes and textContent); this is the second
 * line, for a future change that forgets: a string that could hold markup is shown as text,
 * and the page logs an error (which the browser tests treat as a failure).
 *
 * Passed as HTML: text with no `<` and no `&` (it cannot make an element or an entity), and
 * the constant markup of the vendored Leaflet 1.9.4 (its feature test, zoom buttons and
 * attribution line). Nothing else: no string from an article can be in that list.
 */
"use strict";
(function () {
  if (!window.trustedTypes || !window.trustedTypes.createPolicy) return;  // an older browser
  const LEAFLET_LINK = '<a href="https://leafletjs.com" title="A JavaScript library for interactive maps">' +
    '<svg aria-hidden="true" xmlns="http://www.w3.org/2000/svg" width="12" height="8" viewBox="0 0 12 8"' +
    ' class="leaflet-attribution-flag"><path fill="#4C7BE1" d="M0 0h12v4H0z"/><path fill="#FFD500"' +
    ' d="M0 4h12v3H0z"/><path fill="#E0BC00" d="M0 7h12v1H0z"/></svg> Leaflet</a>';
  const ATTRIBUTION_SEPARATOR = ' <span aria-hidden="true">|</span> ';
  const KNOWN_MARKUP = new Set([
    "<svg/>",  // Leaflet's test for inline SVG
    '<span aria-hidden="true">+</span>',  // zoom in
    '<span aria-hidden="true">&#x2212;</span>',  // zoom out
    LEAFLET_LINK,
    // app.js adds the credits of the map's data
    LEAFLET_LINK + ATTRIBUTION_SEPARATOR + "Natural Earth (public domain); places: GeoNames (CC BY 4.0)",
  ]);
  const asText = (html) => html.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  window.trustedTypes.createPolicy("default", {
    createHTML(html) {
      if (KNOWN_MARKUP.has(html) || !/[<&]/.test(html)) return html;
      console.error("tacitus: a string was given to the page as HTML; shown as text instead");
      return asText(html);
    },
  });
})();
