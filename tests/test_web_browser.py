"""The explorer's page in a real browser (Debian's chromium driven by Selenium).

A store built from the hand-made fixtures is served by uvicorn in a thread; the tests load the
page and check the map, the type filter, the article view with its evidence, and that a hostile
article stays inert. Screenshots go to `artifacts/`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tacitus.store.store import Store
from tacitus.web.app import create_app
from web_fixtures import GENEVA, LIMA, NAIROBI, OMDURMAN, build_crowded_store, build_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1400,1000",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path, token: str | None = None) -> Iterator[str]:
    """The explorer over `db` in uvicorn on a free port of 127.0.0.1; yields its address."""
    port = free_port()
    app = create_app(db, token=token, loopback_only=True)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not instance.started:
        assert time.monotonic() < deadline, "the explorer did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        instance.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[str]:
    """The explorer over the fixture store."""
    with serving(store) as url:
        yield url


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "store.duckdb")


@pytest.fixture(scope="module")
def seed_server(tmp_path_factory: pytest.TempPathFactory, gold_dir: Path) -> Iterator[str]:
    """The explorer over a store of the seed article, analysed by the whole pipeline."""
    from tacitus.io.ingest import read_inputs

    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    with Store(db) as store:
        store.ingest(read_inputs([str(gold_dir / "seed.jsonl")]))
    with serving(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        message = (
            "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def cells(driver: Any) -> list[dict[str, Any]]:
    """The map's event cells: data attributes and the centre of each circle on screen."""
    return list(
        driver.execute_script("""
        const box = document.getElementById('map').getBoundingClientRect();
        return Array.from(document.querySelectorAll('#map path.event-cell')).map((p) => {
          const r = p.getBoundingClientRect();
          return {location: p.dataset.location, type: p.dataset.type,
                  event: p.dataset.event || null, count: Number(p.dataset.count),
                  x: r.left + r.width / 2 - box.left, y: r.top + r.height / 2 - box.top};
        });""")
    )


def map_ready(driver: Any) -> bool:
    """Whether the map has drawn the points of its current view and filters."""
    return driver.execute_script("return document.getElementById('map').dataset.state") == "ready"


def open_page(driver: Any, url: str) -> None:
    driver.get(url)
    wait_for(lambda: map_ready(driver) and len(cells(driver)) > 0, what="the map's points")


def screenshot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def severe_console_messages(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_map_draws_every_place_where_it_is(server: str, browser: Any) -> None:
    open_page(browser, server + "/")
    drawn = {cell["location"]: cell for cell in cells(browser)}
    assert set(drawn) == {"Omdurman", "Nairobi", "Geneva", "Lima"}
    for place in (OMDURMAN, NAIROBI, GENEVA, LIMA):
        expected = browser.execute_script(
            "const p = tacitusExplorer.map().latLngToContainerPoint(arguments[0]);"
            "return [p.x, p.y];",
            [place["lat"], place["lon"]],
        )
        cell = drawn[place["name"]]
        assert abs(cell["x"] - expected[0]) < 2 and abs(cell["y"] - expected[1]) < 2, place
    countries = browser.execute_script(
        "return document.querySelectorAll('#map path.country').length"
    )
    assert countries > 150  # the Natural Earth base layer shipped with the package
    credits = browser.execute_script(
        "return document.querySelector('.leaflet-control-attribution').textContent"
    )
    assert "GeoNames (CC BY 4.0)" in credits and "Natural Earth" in credits
    assert (
        browser.execute_script("return document.querySelectorAll('#timeline rect.bar').length") == 4
    )
    assert browser.execute_script("return document.querySelectorAll('#network g.node').length") == 8
    screenshot(browser, "explorer-map")
    assert severe_console_messages(browser) == []


def test_filtering_by_type_changes_the_points(server: str, browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    open_page(browser, server + "/")
    assert len(cells(browser)) == 4
    Select(browser.find_element("id", "f-type")).select_by_value("ASSAULT")
    browser.find_element("id", "f-apply").click()
    wait_for(lambda: len(cells(browser)) == 1, what="one point left")
    [cell] = cells(browser)
    assert (cell["type"], cell["location"]) == ("ASSAULT", "Omdurman")
    assert "events match" in browser.find_element("id", "status").text
    listed = browser.find_elements("css selector", "#events li")
    assert len(listed) == 1 and "Sudanese army" in listed[0].text
    screenshot(browser, "explorer-filtered")
    browser.find_element("id", "f-reset").click()
    wait_for(lambda: len(cells(browser)) == 4, what="every point back")


def test_clicking_an_event_opens_its_article_with_the_evidence(server: str, browser: Any) -> None:
    open_page(browser, server + "/")
    target = browser.find_element("css selector", '#map path.event-cell[data-location="Omdurman"]')
    target.click()
    article = wait_for(
        lambda: (
            browser.find_element("id", "article").is_displayed()
            and browser.find_element("id", "article")
        ),
        what="the article",
    )
    evidence = wait_for(
        lambda: browser.find_elements("css selector", "#article .ann-evidence.target"),
        what="the highlighted evidence",
    )
    assert "".join(e.text for e in evidence) == "bombed positions of the Rapid Support Forces"
    assert "Army jets strike Omdurman" in article.text
    # An article's http(s) address is its "source" link (a javascript: one is not: test_web_xss).
    source = article.find_element("css selector", ".meta a").get_attribute("href")
    assert source in {"https://news.example/strike-wire", "https://news.example/strike-courier"}
    visible = browser.execute_script(
        """
        const side = document.getElementById('side').getBoundingClientRect();
        const r = arguments[0].getBoundingClientRect();
        return r.top >= side.top && r.bottom <= side.bottom;""",
        evidence[0],
    )
    assert visible, "the evidence is scrolled into view"
    # The event panel lists both reports (two outlets, one happening) and the quote is marked.
    detail = browser.find_element("id", "event-detail").text
    assert "2 in 2 article(s), 2 source(s)" in detail
    assert browser.find_elements("css selector", "#article .ann-quote")
    assert browser.find_elements("css selector", "#article .ann-place")
    assert browser.find_elements("css selector", "#article .ann-time")
    screenshot(browser, "explorer-article")
    shown = browser.find_element("id", "article").get_attribute("data-article")
    links = browser.find_elements("css selector", "#event-detail a.report-link")
    other = next(a for a in links if a.get_attribute("data-article") != shown)
    other.click()
    wait_for(
        lambda: (
            browser.find_element("id", "article").get_attribute("data-article")
            == other.get_attribute("data-article")
        ),
        what="the other report's article",
    )
    assert browser.find_element("css selector", "#article .ann-evidence.target").is_displayed()
    # The marks are links: a place shows it on the map, evidence opens its event.
    browser.find_element("css selector", "#article span[data-place]").click()

    def on_omdurman() -> bool:
        lat, lon = browser.execute_script(
            "const c = tacitusExplorer.map().getCenter(); return [c.lat, c.lng];"
        )
        return abs(lat - OMDURMAN["lat"]) < 0.01 and abs(lon - OMDURMAN["lon"]) < 0.01

    wait_for(on_omdurman, what="the map on the place")
    browser.execute_script("document.getElementById('event-detail').replaceChildren()")
    browser.find_element("css selector", "#article span[data-reports]").click()
    wait_for(lambda: "Sudanese army" in browser.find_element("id", "event-detail").text,
             what="the event of the evidence")  # fmt: skip


def test_a_hostile_article_is_inert(server: str, browser: Any) -> None:
    from web_fixtures import HOSTILE_SCRIPT, HOSTILE_TITLE

    open_page(browser, server + "/")
    hostile = next(c for c in cells(browser) if c["location"] == "Lima")
    browser.get(server + "/#event=" + hostile["event"])
    wait_for(
        lambda: "Thousands of teachers" in browser.find_element("id", "article").text,
        what="the hostile article",
    )
    text = browser.find_element("css selector", "#article .text").text
    # the teachers' country was inferred from where they marched, and the panel says so
    detail = browser.find_element("id", "event-detail").text
    assert "teachers (PER/EDU) — country from the place of the event" in detail
    assert HOSTILE_SCRIPT in text  # shown as text ...
    assert HOSTILE_TITLE in browser.find_element("id", "article").text
    state = browser.execute_script("""return {
        pwned: window.__pwned === undefined ? null : window.__pwned,
        title: document.title,
        scripts: document.querySelectorAll('#side script, #side img, #side b').length};""")
    assert state == {"pwned": None, "title": "tacitus explorer", "scripts": 0}  # ... never run
    from selenium.webdriver import ActionChains

    ActionChains(browser).move_to_element(
        browser.find_element("css selector", "#article .text")
    ).perform()
    assert browser.execute_script("return window.__pwned === undefined")
    screenshot(browser, "explorer-hostile")
    assert severe_console_messages(browser) == []


@pytest.mark.slow
def test_the_map_draws_the_seed_places(seed_server: str, browser: Any, gold_dir: Path) -> None:
    """End to end: the seed through the pipeline and the store, drawn where its places are."""
    gold = json.loads((gold_dir / "seed.jsonl").read_text("utf-8").splitlines()[0])["gold"]
    aleppo = next(p for p in gold["places"] if p["name"] == "Aleppo" and p.get("lat"))
    open_page(browser, seed_server + "/")
    located = browser.execute_script(
        "return fetch('/api/events?limit=500').then((r) => r.json()).then((page) =>"
        " page.items.filter((e) => e.lat !== null).length)"
    )
    assert located > 0 and sum(c["count"] for c in cells(browser)) == located
    browser.execute_script(
        "tacitusExplorer.map().setView(arguments[0], 8, {animate: false})",
        [aleppo["lat"], aleppo["lon"]],
    )
    wait_for(lambda: map_ready(browser), what="the map at Aleppo")
    expected = browser.execute_script(
        "const p = tacitusExplorer.map().latLngToContainerPoint(arguments[0]);return [p.x, p.y];",
        [aleppo["lat"], aleppo["lon"]],
    )

    def near_aleppo() -> list[dict[str, Any]]:
        return [c for c in cells(browser)
                if abs(c["x"] - expected[0]) < 6 and abs(c["y"] - expected[1]) < 6]  # fmt: skip

    [cell] = wait_for(near_aleppo, what="a point on Aleppo")
    screenshot(browser, "explorer-seed-aleppo")
    target = next(p for p in browser.find_elements("css selector", "#map path.event-cell")
                  if p.get_attribute("data-count") == str(cell["count"])
                  and p.get_attribute("data-location") == cell["location"])  # fmt: skip
    target.click()
    if cell["count"] > 1:  # a cell of several events lists them; open the first
        listed = "#events[data-scope=cell] a.event-link"
        link = wait_for(lambda: browser.find_elements("css selector", listed),
                        what="the cell's events")[0]  # fmt: skip
        link.click()
    evidence = wait_for(
        lambda: browser.find_elements("css selector", "#article .ann-evidence.target"),
        what="the seed's evidence",
    )
    assert evidence[0].is_displayed()
    places = browser.find_elements("css selector", "#article .ann-place")
    assert "Aleppo" in {p.text for p in places}
    assert severe_console_messages(browser) == []


def test_a_token_server_works_from_the_token_link_only(store: Path, browser: Any) -> None:
    token = "a-token-for-the-browser-test"
    with serving(store, token=token) as url:
        browser.get(url + "/")  # no token: the page says how to get in, and shows no data
        wait_for(lambda: "token is required" in browser.find_element("id", "status").text,
                 what="the token message")  # fmt: skip
        assert cells(browser) == []
        browser.get(f"{url}/?token={token}")
        wait_for(lambda: map_ready(browser) and len(cells(browser)) == 4, what="the points")
        assert "token" not in browser.current_url  # not left in the address bar or history
        browser.execute_script("sessionStorage.clear()")


def test_the_map_draws_cells_not_events(browser: Any, tmp_path: Path) -> None:
    """Forty nearby events are one circle at a world view, and forty when zoomed in."""
    with serving(build_crowded_store(tmp_path / "crowd.duckdb")) as url:
        open_page(browser, url + "/")
        browser.execute_script("tacitusExplorer.map().setZoom(2, {animate: false})")
        wait_for(lambda: map_ready(browser) and len(cells(browser)) == 1, what="one circle")
        assert cells(browser)[0]["count"] == 40
        browser.execute_script(
            "tacitusExplorer.map().setView(arguments[0], 12, {animate: false})",
            [OMDURMAN["lat"] + 0.1, OMDURMAN["lon"] + 0.1],
        )
        wait_for(lambda: map_ready(browser) and len(cells(browser)) == 40, what="40 circles")
        assert {c["count"] for c in cells(browser)} == {1}
        screenshot(browser, "explorer-crowded")
