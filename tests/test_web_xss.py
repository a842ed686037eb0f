"""The explorer cannot be turned against its user by what an article says (issue 14).

A store holds one article whose title, source, URL, text (so its evidence and quotes), actor,
recipient, place and location names, an event type and a mode carry `<img onerror>`,
`<meta http-equiv="refresh">`, `"><script>` and a `javascript:` URL. Each view of the page
(map tooltips, event lists, the article with its evidence marked, the network, the timeline,
the type filter) must show those strings as text, add no element from them, run nothing and
stay on its address. Runs in Debian's chromium through Selenium, like tests/test_web_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_web_browser as page
from web_fixtures import (
    PAYLOAD_IMG,
    PAYLOAD_META,
    PAYLOAD_SCRIPT,
    PAYLOAD_URL,
    PAYLOADS,
    build_hostile_store,
)

pytestmark = pytest.mark.browser

# The chromium of tests/test_web_browser.py, one per module.
browser = page.browser

#: The page's own scripts, in order: any other script element was injected.
PAGE_SCRIPTS = [
    "/static/trusted-types.js",
    "/static/vendor/leaflet/leaflet.js",
    "/static/vendor/topojson-client/topojson-client.min.js",
    "/static/app.js",
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_hostile_store(tmp_path_factory.mktemp("xss") / "hostile.duckdb")
    with page.serving(db) as url:
        yield url


def open_hostile_page(driver: Any, url: str) -> None:
    """Load the page and mark its document, so that a navigation away is seen."""
    page.open_page(driver, url)
    driver.execute_script("window.__sameDocument = true")


def assert_inert(driver: Any, server: str) -> None:
    """No payload became an element, ran, or moved the tab; the payloads are visible text."""
    assert driver.current_url.startswith(server + "/"), driver.current_url
    state = driver.execute_script("""return {
        sameDocument: window.__sameDocument === true,
        pwned: window.__pwned === undefined ? null : String(window.__pwned),
        injected: document.querySelectorAll(
          'img[src="x"], body meta, meta[http-equiv="refresh" i], [onerror], [onmouseover],'
          + 'iframe, object, embed').length,
        scripts: Array.from(document.scripts, (s) => s.getAttribute('src')),
        badLinks: Array.from(document.querySelectorAll('a[href]'))
          .filter((a) => a.protocol !== 'http:' && a.protocol !== 'https:')
          .map((a) => a.getAttribute('href')),
        shown: document.body.innerText.includes('<img src=x'),
    };""")
    assert state == {
        "sameDocument": True,
        "pwned": None,
        "injected": 0,
        "scripts": PAGE_SCRIPTS,
        "badLinks": [],
        "shown": True,
    }
    assert page.severe_console_messages(driver) == []


def test_map_tooltips_show_names_as_text(hostile_server: str, browser: Any) -> None:
    from selenium.webdriver import ActionChains

    open_hostile_page(browser, hostile_server + "/")
    cells = page.cells(browser)
    assert {c["location"] for c in cells} == {
        PAYLOAD_IMG + "Lima",
        PAYLOAD_META + "Nairobi",
        PAYLOAD_SCRIPT + "Geneva",
    }
    shown = []
    for cell in cells:
        circle = next(
            p
            for p in browser.find_elements("css selector", "#map path.event-cell")
            if p.get_attribute("data-location") == cell["location"]
        )
        ActionChains(browser).move_to_element(circle).perform()
        tooltip = page.wait_for(
            lambda cell=cell: [
                t.text
                for t in browser.find_elements("css selector", ".leaflet-tooltip")
                if cell["location"] in t.text
            ],
            what=f"the tooltip of {cell['location']!r} as text",
        )
        shown.extend(tooltip)
    assert any("mostly " + PAYLOAD_SCRIPT in text for text in shown)  # the type, too
    ActionChains(browser).move_by_offset(5, 5).perform()
    page.screenshot(browser, "explorer-xss-tooltip")
    assert_inert(browser, hostile_server)


def test_lists_network_timeline_and_filters_show_names_as_text(
    hostile_server: str, browser: Any
) -> None:
    open_hostile_page(browser, hostile_server + "/")
    listed = page.wait_for(
        lambda: browser.find_elements("css selector", "#events li"), what="the event list"
    )
    text = "\n".join(li.text for li in listed)
    for name in (
        PAYLOAD_IMG + "Teachers union",
        PAYLOAD_META + "Ministry",
        PAYLOAD_SCRIPT + "Congress",
        PAYLOAD_META + "Nairobi",
        PAYLOAD_SCRIPT + "Geneva",
        "THREATEN/" + PAYLOAD_IMG,  # the mode
    ):
        assert name in text, name
    labels = browser.execute_script("""return {
        nodes: Array.from(document.querySelectorAll('#network g.node text'), (t) => t.textContent),
        edges: Array.from(document.querySelectorAll('#network line title'), (t) => t.textContent),
        legend: document.querySelector('#timeline .type-legend').textContent,
        bars: Array.from(document.querySelectorAll('#timeline rect.bar'), (b) => b.dataset.type),
        options: Array.from(document.querySelectorAll('#f-type option'), (o) => o.textContent),
        svgElements: Array.from(document.querySelectorAll('#network *, #timeline svg *'),
          (e) => e.localName).filter((n) => !['svg', 'defs', 'marker', 'path', 'line', 'title',
          'g', 'circle', 'text', 'rect'].includes(n)),
    };""")
    assert set(labels["nodes"]) == {
        PAYLOAD_IMG + "Teachers union",
        PAYLOAD_META + "Ministry",
        PAYLOAD_SCRIPT + "Congress",
        PAYLOAD_SCRIPT + "Police",
        PAYLOAD_IMG + "Students",
        PAYLOAD_META + "Envoys",
    }
    assert any(PAYLOAD_META + "Envoys → " + PAYLOAD_SCRIPT in e for e in labels["edges"])
    assert PAYLOAD_SCRIPT in labels["legend"] and PAYLOAD_SCRIPT in labels["bars"]
    assert PAYLOAD_SCRIPT + " (1)" in labels["options"]
    assert labels["svgElements"] == []
    # A circle of two events lists them under a heading naming the place.
    lima = browser.find_element(
        "css selector", '#map path.event-cell[data-count="2"]'
    )  # the two events at Lima
    lima.click()
    heading = page.wait_for(
        lambda: [
            h.text
            for h in browser.find_elements("css selector", "#event-list h2")
            if "around" in h.text
        ],
        what="the cell's list",
    )
    assert heading[0].startswith("2 events around " + PAYLOAD_IMG + "Lima")
    assert_inert(browser, hostile_server)


def test_article_view_shows_evidence_quotes_and_metadata_as_text(
    hostile_server: str, browser: Any
) -> None:
    from selenium.webdriver import ActionChains

    open_hostile_page(browser, hostile_server + "/")
    [lima] = browser.find_elements("css selector", '#map path.event-cell[data-count="2"]')
    lima.click()
    protest = page.wait_for(
        lambda: [
            a
            for a in browser.find_elements("css selector", "#events a.event-link")
            if a.text.startswith(PAYLOAD_IMG + "Teachers union")
            and PAYLOAD_META + "Ministry" in a.text
        ],
        what="the protest in the cell's list",
    )
    protest[0].click()
    evidence = page.wait_for(
        lambda: browser.find_elements("css selector", "#article .ann-evidence.target"),
        what="the highlighted evidence",
    )
    assert "".join(e.text for e in evidence) == PAYLOAD_IMG + " Thousands of teachers marched"
    article = browser.find_element("id", "article")
    assert article.find_element("css selector", "h3").text == "".join(PAYLOADS)
    assert PAYLOAD_META + PAYLOAD_SCRIPT in article.find_element("css selector", ".meta").text
    # The javascript: URL is not offered as a link at all.
    assert article.find_elements("css selector", ".meta a") == []
    quote = browser.find_elements("css selector", "#article .ann-quote")
    assert PAYLOAD_SCRIPT in "".join(q.text for q in quote)
    marks = browser.execute_script(
        "return Array.from(document.querySelectorAll('#article .text *'), (e) => e.localName)"
    )
    assert set(marks) == {"span"}  # the marks, and nothing made from the article's text
    text = browser.find_element("css selector", "#article .text").text
    for payload in PAYLOADS:
        assert payload in text
    detail = browser.find_element("id", "event-detail").text
    assert "".join(PAYLOADS) in detail  # the report's title
    assert PAYLOAD_IMG + " Thousands of teachers marched" in detail  # its evidence
    assert PAYLOAD_META + "Ministry" in detail
    coded = browser.find_element("css selector", "#article .article-events").text
    assert "THREATEN/" + PAYLOAD_IMG in coded and PAYLOAD_SCRIPT + "Congress" in coded
    for mark in evidence + quote:
        ActionChains(browser).move_to_element(mark).perform()
    page.screenshot(browser, "explorer-xss-article")
    assert_inert(browser, hostile_server)


def test_a_linked_event_with_a_hostile_type_opens_inert(hostile_server: str, browser: Any) -> None:
    open_hostile_page(browser, hostile_server + "/")
    geneva = next(c for c in page.cells(browser) if c["location"].endswith("Geneva"))
    browser.execute_script("location.hash = 'event=' + encodeURIComponent(arguments[0])",
                           geneva["event"])  # fmt: skip
    detail = page.wait_for(
        lambda: (
            PAYLOAD_META + "Envoys" in browser.find_element("id", "event-detail").text
            and browser.find_element("id", "event-detail")
        ),
        what="the event of the linked address",
    )
    assert detail.find_element("css selector", ".pill").text == PAYLOAD_SCRIPT
    assert PAYLOAD_SCRIPT + "Geneva" in detail.text
    assert_inert(browser, hostile_server)


def test_the_page_turns_any_html_string_into_text(hostile_server: str, browser: Any) -> None:
    """The second line (static/trusted-types.js): an HTML sink given a string shows it as text.

    So a future change that hands Leaflet, or innerHTML, a string from an article still
    injects nothing; the page logs an error, which the other browser tests fail on.
    """
    open_hostile_page(browser, hostile_server + "/")
    made = browser.execute_script(
        """
        const box = document.createElement('div');
        document.body.append(box);
        box.innerHTML = arguments[0];
        box.insertAdjacentHTML('beforeend', arguments[1]);
        const tip = L.tooltip().setContent(arguments[2]).setLatLng([0, 0])
          .addTo(tacitusExplorer.map());
        const result = {elements: box.querySelectorAll('*').length, text: box.textContent,
                        tip: tip.getElement().textContent};
        tip.remove();
        box.remove();
        return result;""",
        PAYLOAD_IMG,
        PAYLOAD_SCRIPT,
        PAYLOAD_META,
    )
    assert made == {"elements": 0, "text": PAYLOAD_IMG + PAYLOAD_SCRIPT, "tip": PAYLOAD_META}
    errors = page.severe_console_messages(browser)
    assert len(errors) == 3 and all("shown as text instead" in e for e in errors)
    assert_inert(browser, hostile_server)


def test_the_hostile_store_is_what_the_tests_assume(tmp_path: Path) -> None:
    """The payloads reach the store intact (else the browser tests would prove nothing)."""
    from tacitus.store.store import Store

    with Store(build_hostile_store(tmp_path / "h.duckdb"), read_only=True) as store:
        with store.connection() as con:
            row = con.execute("SELECT title, source, url FROM articles").fetchone()
            locations = {r[0] for r in con.execute("SELECT location_name FROM events").fetchall()}
    assert row == ("".join(PAYLOADS), PAYLOAD_META + PAYLOAD_SCRIPT, PAYLOAD_URL)
    assert PAYLOAD_META + "Nairobi" in locations
