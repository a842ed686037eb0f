"""The explorer's JSON API: every endpoint, its filters and validation, limits, and the token.

Runs the FastAPI app in-process (TestClient) over a store built from the hand-made fixture
records of `web_fixtures.py`, plus a store of many nearby events for the map's aggregation.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tacitus.cli.main import main
from tacitus.core.errors import UsageError
from tacitus.store.store import Store
from tacitus.web import is_loopback, server_token
from tacitus.web.app import create_app
from tacitus.web.queries import Explorer, QueryTimeout
from web_fixtures import build_crowded_store, build_store, span

TOKEN = "s3cret-token-of-the-tests"
ENDPOINTS = (
    "/api/events",
    "/api/actors",
    "/api/places",
    "/api/quotes",
    "/api/articles",
    "/api/aggregates/timeline",
    "/api/aggregates/countries",
    "/api/aggregates/edges",
    "/api/aggregates/map",
    "/api/geojson",
    "/api/meta",
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("web") / "store.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


def event_by_type(client: TestClient) -> dict[str, str]:
    return {e["type"]: e["event_id"] for e in client.get("/api/events").json()["items"]}


# ----- events -----


@pytest.mark.parametrize(("query", "types"), [
    ("", {"ASSAULT", "AGREE", "CONSULT", "PROTEST"}),
    ("type=ASSAULT", {"ASSAULT"}),
    ("type=ASSAULT&type=AGREE", {"ASSAULT", "AGREE"}),
    ("mode=aerial", {"ASSAULT"}),
    ("actor=SDN/MIL", {"ASSAULT"}),
    ("actor=SDN", {"ASSAULT"}),
    ("actor=GOV", {"AGREE", "CONSULT"}),
    ("actor=kenya", {"AGREE"}),
    ("recipient=REB", {"ASSAULT"}),
    ("recipient=PER/GOV", {"PROTEST"}),
    ("country=CHE", {"CONSULT"}),
    ("since=2024-03-05&until=2024-03-07", {"AGREE", "CONSULT"}),
    ("near=Omdurman:20", {"ASSAULT"}),
    ("near=-1.3,36.8:50", {"AGREE"}),
    ("status=occurred", {"ASSAULT", "AGREE", "CONSULT", "PROTEST"}),
    ("status=negated", set()),
    ("min_confidence=0.85", {"ASSAULT", "PROTEST"}),
    ("quad=1", {"AGREE", "CONSULT"}),
    ("quad=4", {"ASSAULT", "PROTEST"}),
    ("q=marched", {"PROTEST"}),
    ("q=ethiopia", {"AGREE"}),
    ("q=100%25", set()),  # a literal %, not a wildcard
    ("bbox=30,0,50,10", {"CONSULT"}),
    ("bbox=-20,170,20,-60", {"PROTEST"}),  # across the antimeridian
])  # fmt: skip
def test_event_filters(client: TestClient, query: str, types: set[str]) -> None:
    response = client.get("/api/events?" + query)
    assert response.status_code == 200, response.text
    assert {item["type"] for item in response.json()["items"]} == types
    assert response.json()["total"] == len(types)


@pytest.mark.parametrize("filters", [
    {}, {"type": "ASSAULT"}, {"actor": "SDN/MIL"}, {"actor": "GOV"}, {"recipient": "ethiopia"},
    {"country": "PER"}, {"since": "2024-03-05"}, {"near": "Omdurman:20"}, {"status": "occurred"},
    {"min_confidence": 0.8},
])  # fmt: skip
def test_events_are_those_of_the_query_api(
    client: TestClient, db: Path, filters: dict[str, Any]
) -> None:
    with Store(db, read_only=True) as store:
        expected = [e["event_id"] for e in store.events(**filters)]
    response = client.get("/api/events", params=filters)
    assert [e["event_id"] for e in response.json()["items"]] == expected


def test_events_are_paginated_and_sorted(client: TestClient) -> None:
    first = client.get("/api/events?limit=2&offset=0").json()
    second = client.get("/api/events?limit=2&offset=2").json()
    assert first["total"] == second["total"] == 4
    assert len(first["items"]) == len(second["items"]) == 2
    dates = [e["date"] for e in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)
    oldest = client.get("/api/events?sort=date&limit=1").json()["items"][0]
    assert oldest["type"] == "ASSAULT"
    most = client.get("/api/events?sort=-num_articles&limit=1").json()["items"][0]
    assert most["num_articles"] == 2
    assert client.get("/api/events?offset=10").json()["items"] == []


def test_a_listed_event_carries_its_first_report(client: TestClient) -> None:
    [event] = client.get("/api/events?type=AGREE").json()["items"]
    assert event["report"]["evidence"] == "signed an agreement"
    assert event["quad_code"] == 1 and event["lat"] == pytest.approx(-1.28333)


def test_one_event_with_every_report_and_its_evidence(client: TestClient) -> None:
    event_id = event_by_type(client)["ASSAULT"]
    event = client.get(f"/api/events/{event_id}").json()
    assert event["num_articles"] == 2 and event["num_sources"] == 2
    assert len(event["reports"]) == 2
    for report in event["reports"]:
        article = client.get(f"/api/articles/{report['article_id']}").json()
        start, end = report["evidence_start"], report["evidence_end"]
        assert article["text"][start:end] == report["evidence"]
        assert report["evidence"] == "bombed positions of the Rapid Support Forces"
        assert report["counts"] == [{"value": 12.0, "what": "killed"}]
    assert {r["source"] for r in event["reports"]} == {"Wire", "Daily Courier"}


def test_an_event_says_which_participant_countries_were_inferred(client: TestClient) -> None:
    ids = event_by_type(client)
    protest = client.get(f"/api/events/{ids['PROTEST']}").json()
    assert (protest["actor_country"], protest["actor_country_from"]) == ("PER", "place")
    assert protest["recipient_country_from"] is None  # stated (or not recorded)
    listed = client.get("/api/events", params={"type": "PROTEST"}).json()["items"]
    assert [e["actor_country_from"] for e in listed] == ["place"]
    strike = client.get(f"/api/events/{ids['ASSAULT']}").json()
    assert strike["actor_country_from"] is None


def test_meta_names_the_default_confidence_threshold_and_what_it_hides(
    client: TestClient,
) -> None:
    from tacitus.stages.confidence import default_threshold

    meta = client.get("/api/meta").json()
    assert meta["min_confidence_default"] == default_threshold()
    below = [
        e
        for e in client.get("/api/events", params={"limit": 200}).json()["items"]
        if e["confidence"] is not None and e["confidence"] < default_threshold()
    ]
    assert meta["events_below_default"] == len(below)


def test_unknown_ids_are_404(client: TestClient) -> None:
    assert client.get("/api/events/ffff:0").status_code == 404
    assert client.get("/api/articles/ffffffffffffffff").status_code == 404


# ----- articles, actors, places, quotes -----


def test_an_article_with_all_its_spans(client: TestClient) -> None:
    event_id = event_by_type(client)["ASSAULT"]
    article_id = client.get(f"/api/events/{event_id}").json()["reports"][0]["article_id"]
    article = client.get(f"/api/articles/{article_id}").json()
    text = article["text"]
    assert [text[p["start"] : p["end"]] for p in article["places"]] == ["Omdurman"]
    assert [text[t["start"] : t["end"]] for t in article["times"]] == ["Monday"]
    assert [text[e["start"] : e["end"]] for e in article["entities"]] == ["Omdurman"]
    assert article["actors"][0]["mentions"] == [list(span(text, "Sudanese army"))]
    for quote in article["quotes"]:
        assert text[quote["content_start"] : quote["content_end"]].startswith("We will")
    [report] = article["reports"]
    assert report["event_id"] == event_id
    evidence = text[report["evidence_start"] : report["evidence_end"]]
    assert evidence == "bombed positions of the Rapid Support Forces"


@pytest.mark.parametrize(("query", "inputs"), [
    ("", {"strike-wire", "strike-courier", "deal", "talks", "hostile"}),
    ("source=Gazette", {"talks", "hostile"}),
    ("q=electricity", {"deal"}),
    ("since=2024-03-08", {"talks", "hostile"}),
    ("until=2024-03-05", {"strike-wire", "strike-courier"}),
])  # fmt: skip
def test_articles(client: TestClient, query: str, inputs: set[str]) -> None:
    page = client.get("/api/articles?" + query).json()
    assert {a["input_id"] for a in page["items"]} == inputs
    assert all("text" not in a for a in page["items"])


def test_actors_places_and_quotes(client: TestClient) -> None:
    actors = client.get("/api/actors?q=sudanese").json()["items"]
    assert actors == [
        {
            "name": "Sudanese army",
            "country": "SDN",
            "sector": "MIL",
            "kb_id": None,
            "articles": 2,
            "mentions": 2,
        }
    ]
    assert client.get("/api/actors?country=KEN").json()["total"] == 0
    places = client.get("/api/places").json()
    assert places["total"] == 4 and places["items"][0]["name"] == "Omdurman"
    assert places["items"][0]["articles"] == 2
    assert [p["name"] for p in client.get("/api/places?country=PER").json()["items"]] == ["Lima"]
    quotes = client.get("/api/quotes?speaker=sudanese").json()["items"]
    assert [q["content"] for q in quotes] == ["We will continue until they surrender"]
    assert client.get("/api/quotes?contains=surrender").json()["total"] == 1
    assert client.get("/api/quotes?contains=nothing-like-this").json()["total"] == 0


# ----- aggregates -----


def test_timeline_countries_and_edges(client: TestClient) -> None:
    timeline = client.get("/api/aggregates/timeline").json()
    assert timeline["bucket"] == "day"
    assert {(i["date"], i["type"], i["count"]) for i in timeline["items"]} == {
        ("2024-03-04", "ASSAULT", 1),
        ("2024-03-05", "AGREE", 1),
        ("2024-03-07", "CONSULT", 1),
        ("2024-03-08", "PROTEST", 1),
    }
    monthly = client.get("/api/aggregates/timeline?bucket=month&quad=4").json()
    assert monthly["items"] == [
        {"date": "2024-03-01", "type": "ASSAULT", "count": 1},
        {"date": "2024-03-01", "type": "PROTEST", "count": 1},
    ]
    countries = client.get("/api/aggregates/countries").json()["items"]
    assert {c["country"]: c["count"] for c in countries} == {"SDN": 1, "KEN": 1, "CHE": 1, "PER": 1}
    # The fixtures' participants have no knowledge-base id and no entity naming them: each
    # is grouped under its country and sector (store/network.py's keys).
    network = client.get("/api/aggregates/edges?type=ASSAULT").json()
    assert network["edges"] == [
        {
            "source": "group:SDN/MIL",
            "target": "group:SDN/REB",
            "count": 1,
            "stories": network["edges"][0]["stories"],
            "types": {"ASSAULT": 1},
            "type": "ASSAULT",
            "score": -9.5,
        }
    ]
    assert [n["label"] for n in network["nodes"]] == ["SDN MIL (unnamed)", "SDN REB (unnamed)"]
    protest = client.get("/api/aggregates/edges?type=PROTEST").json()
    assert protest["edges"][0]["target"] == "group:PER/GOV"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_crowded_store(tmp_path_factory.mktemp("crowd") / "crowd.duckdb")


def test_map_cells_aggregate_by_zoom(crowded: Path) -> None:
    with TestClient(create_app(crowded)) as client:
        world = client.get("/api/aggregates/map?zoom=2").json()
        [cell] = world["items"]
        assert cell["count"] == 40 and cell["event_id"] is None and cell["places"] == 40
        assert cell["quad_code"] == 4 and cell["type"] == "ASSAULT"
        assert 15.6 < cell["lat"] < 15.9 and 32.4 < cell["lon"] < 32.8
        close = client.get("/api/aggregates/map?zoom=12").json()["items"]
        assert len(close) == 40 and all(c["count"] == 1 and c["event_id"] for c in close)
        assert (
            sum(c["count"] for c in client.get("/api/aggregates/map?zoom=8").json()["items"]) == 40
        )
        boxed = client.get("/api/aggregates/map?zoom=12&bbox=15.6,32.4,15.71,32.5").json()
        assert len(boxed["items"]) == 3
        weekly = client.get("/api/aggregates/timeline").json()
        assert weekly["bucket"] == "day" and sum(i["count"] for i in weekly["items"]) == 40


# ----- validation -----

BAD = [
    ("/api/events", "type=FOO", "type"),
    ("/api/events", "type=assault", "type"),
    ("/api/events", "mode=Aerial!", "mode"),
    ("/api/events", "country=syria", "country"),
    ("/api/events", "since=2024-02-30", "since"),
    ("/api/events", "since=yesterday", "since"),
    ("/api/events", "since=2024-03-09&until=2024-03-01", "until"),
    ("/api/events", "near=Xqzvwplace", "near"),
    ("/api/events", "near=91,10", "near"),
    ("/api/events", "near=10,10:-5", "near"),
    ("/api/events", "near=10,10:inf", "near"),
    ("/api/events", "near=10,10:km", "near"),
    ("/api/events", "status=maybe", "status"),
    ("/api/events", "type=FIGHT", "type"),
    ("/api/events", "country=Syria", "country"),
    ("/api/aggregates/timeline", "status=maybe", "status"),
    ("/api/events", "min_confidence=2", "min_confidence"),
    ("/api/events", "min_confidence=nan", "min_confidence"),
    ("/api/events", "quad=5", "quad"),
    ("/api/events", "quad=x", "quad"),
    ("/api/events", "bbox=1,2,3", "bbox"),
    ("/api/events", "bbox=10,0,5,10", "bbox"),
    ("/api/events", "bbox=0,0,nan,1", "bbox"),
    ("/api/events", "limit=0", "limit"),
    ("/api/events", "limit=501", "limit"),
    ("/api/events", "offset=-1", "offset"),
    ("/api/events", "offset=99999999999999999999999", "offset"),
    ("/api/events", "sort=random()", "sort"),
    ("/api/events", "q=" + "x" * 201, "q"),
    ("/api/events", "actor=", "actor"),
    ("/api/actors", "sector=military", "sector"),
    ("/api/actors", "limit=1000", "limit"),
    ("/api/places", "country=PE", "country"),
    ("/api/quotes", "contains=", "contains"),
    ("/api/articles", "since=2024-13-01", "since"),
    ("/api/articles", "since=2024-03-09&until=2024-03-01", "until"),
    ("/api/aggregates/timeline", "bucket=year", "bucket"),
    ("/api/aggregates/edges", "limit=100000", "limit"),
    ("/api/aggregates/map", "zoom=19", "zoom"),
    ("/api/aggregates/map", "zoom=-1", "zoom"),
    ("/api/aggregates/countries", "type=ATTACK", "type"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "query", "param"), BAD)
def test_bad_values_get_422_naming_the_parameter(
    client: TestClient, path: str, query: str, param: str
) -> None:
    response = client.get(f"{path}?{query}")
    assert response.status_code == 422, response.text
    problems = response.json()["detail"]
    assert any(param in problem["loc"] and problem["msg"] for problem in problems)


def test_bad_path_ids_are_refused(client: TestClient) -> None:
    assert client.get("/api/events/" + "a" * 101).status_code == 422
    assert client.get("/api/articles/bad%20id;").status_code == 422


def test_injection_shaped_input_is_only_text(client: TestClient) -> None:
    hostile = "'; DROP TABLE events; --"
    for path in (
        "/api/events?actor=",
        "/api/events?q=",
        "/api/events?recipient=",
        "/api/actors?q=",
        "/api/quotes?speaker=",
        "/api/articles?q=",
        "/api/aggregates/edges?actor=",
    ):
        response = client.get(path + hostile)
        assert response.status_code == 200, path
        assert response.json().get("items", response.json().get("edges")) == []
    assert client.get("/api/events").json()["total"] == 4


EVENT_FILTERS = ("type", "mode", "actor", "recipient", "country", "since", "until", "near",
                 "status", "min_confidence", "quad", "q", "bbox")  # fmt: skip
PARAMS = (*EVENT_FILTERS, "limit", "offset", "sort", "zoom", "bucket", "sector", "speaker",
          "contains", "source", "article_id", "format")  # fmt: skip
VALUES = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=string.digits + ",.:-eE", max_size=25),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "-0", "0", "ASSAULT", "2024-03-04",
                     "15.6,32.4:10", "Omdurman", "%", "_", "\\", "'", '"', "\x00", "\u202e"]),
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(ENDPOINTS),
    params=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=4),
)
def test_no_input_makes_a_server_error(
    client: TestClient, path: str, params: dict[str, str]
) -> None:
    response = client.get(path, params=params)
    assert response.status_code in (200, 422), (path, params, response.text)


# ----- limits -----


def test_a_query_past_the_time_limit_is_interrupted(db: Path) -> None:
    explorer = Explorer(db, time_limit=0.2)
    try:
        with pytest.raises(QueryTimeout, match="narrow the filters"):
            explorer.rows("SELECT count(*) FROM range(100000000000) a")
    finally:
        explorer.close()


def test_a_slow_query_answers_503(db: Path) -> None:
    app = create_app(db, time_limit=0.2)
    explorer = app.state.explorer
    explorer.meta = lambda: explorer.rows("SELECT count(*) FROM range(100000000000) a")
    with TestClient(app) as client:
        response = client.get("/api/meta")
    assert response.status_code == 503 and "longer than 0.2 s" in response.json()["detail"]


# ----- safety: token, host, headers -----


def test_the_token_is_required_on_every_api_call_when_set(db: Path) -> None:
    with TestClient(create_app(db, token=TOKEN)) as client:
        for path in ENDPOINTS + ("/api/openapi.json",):
            assert client.get(path).status_code == 401, path
            assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert (
            client.get("/api/meta", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
        )
        assert client.get("/api/meta", headers={"X-Tacitus-Token": TOKEN}).status_code == 200
        assert client.get(f"/api/meta?token={TOKEN}").status_code == 200
        assert client.get(f"/api/meta?token={TOKEN[:-1]}").status_code == 401
        assert (
            client.get("/api/meta", headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
        )
        # The page and its assets hold no data: they load, and the page then asks for a token.
        assert client.get("/").status_code == 200
        assert client.get("/static/app.js").status_code == 200


def test_serving_off_loopback_needs_a_long_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TACITUS_TOKEN", raising=False)
    assert server_token("127.0.0.1", None) is None
    assert server_token("localhost", None) is None
    assert server_token("::1", None) is None
    with pytest.raises(UsageError, match="--token"):
        server_token("0.0.0.0", None)
    with pytest.raises(UsageError, match="--token"):
        server_token("192.168.1.5", None)
    with pytest.raises(UsageError, match="16 characters"):
        server_token("0.0.0.0", "short")
    assert server_token("0.0.0.0", TOKEN) == TOKEN
    monkeypatch.setenv("TACITUS_TOKEN", TOKEN)
    assert server_token("0.0.0.0", None) == TOKEN
    assert server_token("127.0.0.1", None) == TOKEN  # set: enforced on loopback too
    assert [is_loopback(h) for h in ("127.0.0.2", "[::1]", "example.org", "0.0.0.0")] == [
        True,
        True,
        False,
        False,
    ]


def test_serve_refuses_without_token_or_store(
    tmp_path: Path, db: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TACITUS_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "No store at" in capsys.readouterr().err
    assert main(["serve", "--db", str(db), "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err
    assert main(["demo", "--host", "0.0.0.0", "--db", str(tmp_path / "demo.duckdb")]) == 2
    assert not (tmp_path / "demo.duckdb").exists()


def test_a_loopback_server_answers_only_loopback_names(db: Path) -> None:
    with TestClient(create_app(db, loopback_only=True), base_url="http://localhost:8000") as client:
        assert client.get("/api/meta").status_code == 200
        assert client.get("/api/meta", headers={"Host": "127.0.0.1:8000"}).status_code == 200
        assert client.get("/api/meta", headers={"Host": "evil.example"}).status_code == 421


def test_pages_carry_a_strict_content_security_policy(client: TestClient) -> None:
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<script src="/static/app.js">' in response.text
    assert "http" not in response.text.split("<body>")[1]  # every asset is served from here


def test_openapi_describes_every_endpoint(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert set(spec["paths"]) >= set(ENDPOINTS) | {
        "/api/events/{event_id}",
        "/api/articles/{article_id}",
    }
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert names >= {*EVENT_FILTERS, "limit", "offset", "sort"}


def test_every_shipped_asset_is_served(client: TestClient) -> None:
    for path in (
        "/static/app.css",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/vendor/world-atlas/countries-110m.json",
    ):
        assert client.get(path).status_code == 200, path


# ----- the commands -----


def test_tacitus_serve_answers_on_localhost(db: Path, tmp_path: Path) -> None:
    """`tacitus serve` as a real process: up, answering, stopped by a signal."""
    port = free_port()
    env = {**os.environ, "TACITUS_TOKEN": ""}
    command = [sys.executable, "-m", "tacitus", "serve", "--db", str(db), "--port", str(port)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        meta = None
        deadline = time.monotonic() + 30
        while meta is None and time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/meta") as response:
                    meta = json.loads(response.read())
            except OSError:
                time.sleep(0.2)
        assert meta is not None and meta["events"] == 4
        with urllib.request.urlopen(f"http://localhost:{port}/") as response:
            assert b"tacitus explorer" in response.read()
    finally:
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    assert f"http://localhost:{port}/" in err


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_the_demo_store_holds_the_example(tmp_path: Path) -> None:
    """What `tacitus demo` serves: the shipped example, analysed, with located events."""
    from tacitus.web import build_demo_store

    db = build_demo_store(tmp_path / "demo.duckdb")
    with TestClient(create_app(db)) as client:
        meta = client.get("/api/meta").json()
        assert meta["articles"] == 1 and meta["events"] >= 1
        [article] = client.get("/api/articles").json()["items"]
        assert article["input_id"] == "example-tripoli"
        full = client.get(f"/api/articles/{article['article_id']}").json()
        assert any(full["text"][p["start"] : p["end"]] == "Tripoli" for p in full["places"])
    assert build_demo_store(db) == db  # rebuilt from scratch, not appended to
    with Store(db, read_only=True) as store:
        assert store.counts()["articles"] == 1
