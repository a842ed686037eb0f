"""The explorer in chromium on honest dates, statuses and resolved actors (issue 18).

A store of the shipped example article (analysed by the whole pipeline), the hand-made
fixtures and `dated_records()` (an event dated to a week, one to a year, a demand and a
denial), served as `tacitus serve` serves it, in a 1500 x 1000 window: the event list opens
on real dates, the status control hides what did not happen until it is ticked, the timeline
draws imprecise dates as ranges and counts far outliers at its edge, and the network shows
resolved actors whose labels do not overlap. `docs/explorer.png` is taken here too, from the
demo store (`TACITUS_DOCS_SCREENSHOT=1` writes it; otherwise it goes to `artifacts/`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import test_web_browser as page
from web_fixtures import build_dated_store

pytestmark = pytest.mark.browser

browser = page.browser
DOCS_SCREENSHOT = page.ROOT / "docs" / "explorer.png"
DEFAULT = {"occurred", "demanded"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_dated_store(tmp_path_factory.mktemp("dated") / "dated.duckdb")
    with page.serving(db) as url:
        yield url


@pytest.fixture
def wide(browser: Any) -> Iterator[Any]:
    """The browser at 1500 x 1000 (the size the issue found the network unreadable at)."""
    browser.set_window_size(1500, 1000)
    yield browser
    browser.set_window_size(1400, 1000)


def listed(driver: Any) -> list[dict[str, Any]]:
    """The event list: each item's status and its date as shown, with its precision and range."""
    return list(
        driver.execute_script("""
        return Array.from(document.querySelectorAll('#events li'), (li) => {
          const date = li.querySelector('.date');
          return {status: li.dataset.status, text: date.textContent, precision:
                  date.dataset.precision || null, start: date.dataset.start || null,
                  end: date.dataset.end || null};
        });""")
    )


def loaded(driver: Any) -> list[dict[str, Any]]:
    return list(page.wait_for(lambda: listed(driver), what="the event list"))


def labels(driver: Any) -> list[dict[str, Any]]:
    """The network's node labels: text, whether shown without hovering, and their boxes."""
    return list(
        driver.execute_script("""
        return Array.from(document.querySelectorAll('#network g.node'), (g) => {
          const t = g.querySelector('text'), r = t.getBoundingClientRect();
          return {key: g.dataset.key, text: t.textContent, group: g.classList.contains('group'),
                  shown: getComputedStyle(t).visibility === 'visible',
                  box: [r.left, r.top, r.right, r.bottom]};
        });""")
    )


def test_the_list_opens_on_real_dates(server: str, wide: Any) -> None:
    page.open_page(wide, server + "/")
    events = loaded(wide)
    first = events[0]
    # The newest real day (the example's 14 May 2025), shown as that day.
    assert first["precision"] == "day" and first["text"] == first["start"] == "2025-05-14"
    for event in events:
        if event["precision"] != "day":  # a week or a year is shown as such, never as a day
            assert event["text"] in {"2024-W10", "2023"}, event
            assert event["start"] != event["end"]
    shown = {e["text"] for e in events}
    assert {"2024-W10", "2023"} <= shown
    assert "2023-01-01" not in shown and "2024-03-04" in shown
    starts = [e["start"] for e in events]
    assert starts == sorted(starts, reverse=True)
    assert page.severe_console_messages(wide) == []


def test_the_status_control_hides_what_did_not_happen(server: str, wide: Any) -> None:
    page.open_page(wide, server + "/")
    events = loaded(wide)
    assert {e["status"] for e in events} == DEFAULT  # the example's threats and denials hidden
    total = len(events)
    map_total = sum(c["count"] for c in page.cells(wide))
    negated = wide.find_element("css selector", '#f-status input[value="negated"]')
    negated.click()  # applies at once
    page.wait_for(
        lambda: "negated" in {e["status"] for e in listed(wide)}, what="the negated events"
    )
    with_negated = listed(wide)
    assert {e["status"] for e in with_negated} == DEFAULT | {"negated"}
    page.wait_for(
        lambda: page.map_ready(wide) and sum(c["count"] for c in page.cells(wide)) > map_total,
        what="the negated events on the map",
    )
    negated.click()
    page.wait_for(lambda: len(listed(wide)) == total, what="the negated events hidden again")
    assert {e["status"] for e in listed(wide)} == DEFAULT
    # Unticking every box is not "show nothing": the defaults come back.
    for box in wide.find_elements("css selector", "#f-status input:checked"):
        box.click()
    page.wait_for(lambda: len(listed(wide)) == total, what="the default statuses")
    checked = wide.find_elements("css selector", "#f-status input:checked")
    assert {box.get_attribute("value") for box in checked} == DEFAULT


def test_the_timeline_draws_ranges_and_counts_outliers(server: str, wide: Any) -> None:
    page.open_page(wide, server + "/")
    loaded(wide)
    year = page.wait_for(
        lambda: wide.find_elements("css selector", '#timeline rect.range[data-label="2023"]'),
        what="the year as a range",
    )[0]
    chart = wide.find_element("css selector", "#timeline svg").size["width"]
    assert year.size["width"] > chart / 4  # a year, about 2 of the 2.4 years shown
    # March 2024 and before: the year 2023 is far from the rest, counted, not squeezing them.
    wide.find_element("id", "f-until").send_keys("03312024")  # a date input, as typed in en-US
    wide.find_element("id", "f-apply").click()
    note = page.wait_for(
        lambda: wide.find_elements("css selector", "#timeline text.outliers.before"),
        what="the outliers' count",
    )[0]
    assert note.text.startswith("◀ 1 earlier")
    week = wide.find_element("css selector", '#timeline rect.range[data-label="2024-W10"]')
    day_bar = wide.find_element("css selector", '#timeline rect.bar[data-date="2024-03-05"]')
    assert week.size["width"] > 5 * day_bar.size["width"]  # seven days wide, not one
    page.screenshot(wide, "explorer-timeline-ranges")


def test_the_network_shows_resolved_actors_with_readable_labels(server: str, wide: Any) -> None:
    from selenium.webdriver import ActionChains

    page.open_page(wide, server + "/")
    nodes = page.wait_for(lambda: labels(wide), what="the network")
    keys = {n["key"] for n in nodes}
    # Resolved actors are nodes of their own, keyed as the GraphML export keys them.
    assert {"name:hanna tetteh", "name:kenyan police"} <= keys
    assert all(n["key"].startswith(("group:", "name:", "phoenix:")) for n in nodes), keys
    by_key = {n["key"]: n for n in nodes}
    assert by_key["name:kenyan police"]["text"] == "Kenyan police"
    assert by_key["group:SDN/MIL"]["text"] == "SDN MIL (unnamed)"
    shown = [n for n in nodes if n["shown"]]
    assert 0 < len(shown) <= 12 and len(shown) < len(nodes)
    for i, a in enumerate(shown):  # no two labels overlap
        for b in shown[i + 1 :]:
            ax0, ay0, ax1, ay1 = a["box"]
            bx0, by0, bx1, by1 = b["box"]
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (a, b)
    panel = wide.find_element("id", "network").rect
    for n in shown:  # and each is inside the panel
        x0, y0, x1, y1 = n["box"]
        assert panel["x"] <= x0 and x1 <= panel["x"] + panel["width"] + 1, n
    # A node without a shown label shows it on hover.
    hidden = next(n for n in nodes if not n["shown"])
    target = wide.find_element("css selector", f'#network g.node[data-key="{hidden["key"]}"]')
    ActionChains(wide).move_to_element(target.find_element("css selector", "circle")).perform()
    page.wait_for(
        lambda: next(n for n in labels(wide) if n["key"] == hidden["key"])["shown"],
        what="the label on hover",
    )
    page.ARTIFACTS.mkdir(exist_ok=True)
    panel = wide.find_element("id", "network-panel")
    wide.execute_script("arguments[0].scrollIntoView()", panel)
    panel.screenshot(str(page.ARTIFACTS / "explorer-network.png"))
    assert page.severe_console_messages(wide) == []


def test_retake_the_docs_screenshot(wide: Any, tmp_path: Path) -> None:
    """The page on the demo store (`tacitus demo`) with its first event open, as
    docs/explorer.md shows it (a window tall enough for the four panels)."""
    from tacitus.web import build_demo_store

    db = build_demo_store(tmp_path / "demo.duckdb")
    with page.serving(db) as url:
        wide.set_window_size(1500, 1250)
        page.open_page(wide, url + "/")
        page.wait_for(lambda: labels(wide), what="the network")
        page.wait_for(
            lambda: wide.find_elements("css selector", "#timeline rect"), what="the timeline"
        )
        page.wait_for(lambda: loaded(wide)[0]["precision"] == "day", what="the event list")
        wide.find_element("css selector", "#events a.event-link").click()
        page.wait_for(
            lambda: wide.find_elements("css selector", "#article .ann-evidence.target"),
            what="the first event's evidence",
        )
        assert page.severe_console_messages(wide) == []
        page.screenshot(wide, "explorer-demo")
    if os.environ.get("TACITUS_DOCS_SCREENSHOT"):
        shutil.copyfile(page.ARTIFACTS / "explorer-demo.png", DOCS_SCREENSHOT)
