"""Hand-made contract records for the explorer's tests (articles written for these tests).

Five articles: two reports of one air strike (the store links them to one event), an
agreement, a meeting, and a hostile article whose title and text carry markup and script.
Spans are found in the text by substring, so the offsets are right by construction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from tacitus.store.store import Store

HOSTILE_TITLE = '<img src=x onerror="window.__pwned = 1">Protest'
HOSTILE_SCRIPT = "<script>window.__pwned = 1; document.title = 'pwned'</script>"

OMDURMAN = {
    "name": "Omdurman",
    "geonames_id": 365137,
    "lat": 15.64453,
    "lon": 32.47773,
    "country": "SDN",
}
NAIROBI = {
    "name": "Nairobi",
    "geonames_id": 184745,
    "lat": -1.28333,
    "lon": 36.81667,
    "country": "KEN",
}
GENEVA = {
    "name": "Geneva",
    "geonames_id": 2660646,
    "lat": 46.20222,
    "lon": 6.14569,
    "country": "CHE",
}
LIMA = {
    "name": "Lima",
    "geonames_id": 3936456,
    "lat": -12.04318,
    "lon": -77.02824,
    "country": "PER",
}


def span(text: str, part: str, after: int = 0) -> list[int]:
    start = text.index(part, after)
    return [start, start + len(part)]


def place(text: str, where: dict[str, Any], feature: str = "city") -> dict[str, Any]:
    start, end = span(text, where["name"])
    return {
        "start": start,
        "end": end,
        "text": where["name"],
        "feature": feature,
        "kind": "literal",
        **where,
    }


def side(
    name: str | None,
    country: str | None,
    sector: str | None,
    actor: str | None = None,
    kb_id: str | None = None,
) -> dict[str, Any]:
    found = {"actor": actor, "name": name, "country": country, "sector": sector}
    return found | {"kb_id": kb_id} if kb_id else found


def record(
    rid: str,
    text: str,
    published: str,
    source: str,
    title: str,
    events: list[dict[str, Any]],
    places: list[dict[str, Any]],
    actors: list[dict[str, Any]] = (),
    quotes: list[dict[str, Any]] = (),
    times: list[dict[str, Any]] = (),
) -> dict[str, Any]:  # type: ignore[assignment]
    entities = [
        {
            "start": p["start"],
            "end": p["end"],
            "text": p["text"],
            "type": "PLACE",
            "label": "GPE",
            "actor": None,
            "place": i,
        }
        for i, p in enumerate(places)
    ]
    return {
        "id": rid,
        "source": source,
        "url": f"https://news.example/{rid}",
        "title": title,
        "published": published,
        "language": "en",
        "text": text,
        "dateline": None,
        "entities": entities,
        "actors": list(actors),
        "places": places,
        "times": list(times),
        "quotes": list(quotes),
        "events": events,
        "errors": [],
    }


def strike_report(rid: str, source: str, text: str) -> dict[str, Any]:
    return record(
        rid,
        text,
        "2024-03-05",
        source,
        "Army jets strike Omdurman",
        places=[place(text, OMDURMAN)],
        actors=[
            {
                "id": "A1",
                "name": "Sudanese army",
                "country": "SDN",
                "sector": "MIL",
                "kb_id": None,
                "mentions": [span(text, "Sudanese army")],
            }
        ],
        times=[
            {
                **dict(zip(("start", "end"), span(text, "Monday"), strict=True)),
                "text": "Monday",
                "type": "DATE",
                "value": "2024-03-04",
            }
        ],
        quotes=[
            {
                "content": span(text, "We will continue until they surrender"),
                "source": span(text, "a military spokesman"),
                "speaker": "A1",
                "cue": span(text, "said"),
                "direct": True,
            }
        ]
        if "We will" in text
        else [],
        events=[
            {
                "type": "ASSAULT",
                "mode": "aerial",
                "actor": side("Sudanese army", "SDN", "MIL", "A1"),
                "recipient": side("Rapid Support Forces", "SDN", "REB"),
                "location": OMDURMAN,
                "date": "2024-03-04",
                "status": "occurred",
                "evidence": span(text, "bombed positions of the Rapid Support Forces"),
                "counts": [{"value": 12, "what": "killed"}],
                "confidence": 0.9,
            }
        ],
    )


def records() -> list[dict[str, Any]]:
    """The five fixture records."""
    strike1 = (
        "OMDURMAN (Wire) - Sudanese army aircraft bombed positions of the Rapid Support "
        'Forces near Omdurman on Monday, killing at least 12 fighters. "We will continue '
        'until they surrender," a military spokesman said.'
    )
    strike2 = (
        "Sudanese army jets on Monday bombed positions of the Rapid Support Forces on the "
        "edge of Omdurman, residents told the Daily Courier; at least 12 died."
    )
    deal = (
        "NAIROBI - Kenya and Ethiopia signed an agreement on Tuesday in Nairobi to share "
        "electricity from a new dam, the two energy ministers said."
    )
    talks = (
        "GENEVA - Envoys of Armenia and Azerbaijan met in Geneva on Thursday for a third "
        "round of talks on their border, diplomats said."
    )
    hostile = (
        f"LIMA - {HOSTILE_SCRIPT} Thousands of teachers marched through Lima on Friday "
        'demanding higher pay. <b onmouseover="window.__pwned = 1">bold</b> & co.'
    )
    return [
        strike_report("strike-wire", "Wire", strike1),
        strike_report("strike-courier", "Daily Courier", strike2),
        record(
            "deal",
            deal,
            "2024-03-06",
            "Wire",
            "Kenya and Ethiopia sign power deal",
            places=[place(deal, NAIROBI)],
            events=[
                {
                    "type": "AGREE",
                    "mode": None,
                    "actor": side("Kenya", "KEN", "GOV"),
                    "recipient": side("Ethiopia", "ETH", "GOV"),
                    "location": NAIROBI,
                    "date": "2024-03-05",
                    "status": "occurred",
                    "evidence": span(deal, "signed an agreement"),
                    "counts": [],
                    "confidence": 0.8,
                }
            ],
        ),
        record(
            "talks",
            talks,
            "2024-03-08",
            "Gazette",
            "Border talks in Geneva",
            places=[place(talks, GENEVA)],
            events=[
                {
                    "type": "CONSULT",
                    "mode": "third-party",
                    "actor": side("Armenia", "ARM", "GOV"),
                    "recipient": side("Azerbaijan", "AZE", "GOV"),
                    "location": GENEVA,
                    "date": "2024-03-07",
                    "status": "occurred",
                    "evidence": span(talks, "met in Geneva"),
                    "counts": [],
                    "confidence": 0.7,
                }
            ],
        ),
        record(
            "hostile",
            hostile,
            "2024-03-09",
            "Gazette",
            HOSTILE_TITLE,
            places=[place(hostile, LIMA)],
            events=[
                {
                    "type": "PROTEST",
                    "mode": "demo",
                    # the teachers' country is where they march: inferred, not stated
                    "actor": side("teachers", "PER", "EDU") | {"country_from": "place"},
                    "recipient": side(None, "PER", "GOV"),
                    "location": LIMA,
                    "date": "2024-03-08",
                    "status": "occurred",
                    "evidence": span(hostile, "Thousands of teachers marched"),
                    "counts": [],
                    "confidence": 0.85,
                }
            ],
        ),
    ]


def build_store(path: Path) -> Path:
    """A store holding the fixture records."""
    with Store(path) as store:
        store.ingest(records())
    return path


def crowded_records(n: int = 40) -> list[dict[str, Any]]:
    """`n` shellings three days apart (never merged) within 30 km of Omdurman."""
    records = []
    for day in range(n):
        text = f"Day {day}: shelling hit a market near Omdurman, residents said."
        where = {
            **OMDURMAN,
            "lat": OMDURMAN["lat"] + (day % 8) * 0.03,
            "lon": OMDURMAN["lon"] + (day // 8) * 0.05,
            "name": f"Village {day}",
        }
        date = (dt.date(2024, 1, 1) + dt.timedelta(days=3 * day)).isoformat()
        event = {
            "type": "ASSAULT",
            "mode": "heavy-weapons",
            "actor": side(None, None, "MIL"),
            "recipient": side(None, "SDN", "CVL"),
            "location": where,
            "date": date,
            "status": "occurred",
            "evidence": span(text, "shelling hit a market"),
            "counts": [],
            "confidence": 0.6,
        }
        records.append(
            record(f"crowd-{day}", text, date, "Wire", "Shelling", places=[], events=[event])
        )
    return records  # fmt: skip


def build_crowded_store(path: Path) -> Path:
    """A store of `crowded_records()`: one map cell at a world zoom, forty up close."""
    with Store(path) as store:
        store.ingest(crowded_records())
    return path


# ----- an article built to attack the explorer (issue 14) -----

#: Each payload is what an attacker would put into a news page that tacitus later stores.
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1">'
PAYLOAD_META = '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">'
PAYLOAD_SCRIPT = '"><script>window.__pwned=2</script>'
PAYLOAD_URL = "javascript:window.__pwned=3"
PAYLOADS = (PAYLOAD_IMG, PAYLOAD_META, PAYLOAD_SCRIPT)


def _hostile_event(
    kind: str,
    mode: str | None,
    actor: dict[str, Any],
    recipient: dict[str, Any],
    where: dict[str, Any],
    date: str,
    evidence: list[int],
) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": mode,
        "actor": actor,
        "recipient": recipient,
        "location": where,
        "date": date,
        "status": "occurred",
        "evidence": evidence,
        "counts": [],
        "confidence": 0.8,
    }


def hostile_records() -> list[dict[str, Any]]:
    """One article whose every string the explorer shows carries markup, script or a bad URL.

    The title, source, URL, text (hence evidence and quotes), actor, recipient, place and
    location names, an event type and a mode hold the payloads; every participant has a
    knowledge-base id, so each is a node of the network, labelled with its hostile name. Its
    four events sit in three places (two at Lima: a map cell of two events), so the map has a
    tooltip per payload.
    """
    text = (
        f"LIMA - {PAYLOAD_IMG} Thousands of teachers marched through Lima on Friday. "
        f'"{PAYLOAD_SCRIPT} we will not stop," a union leader said. {PAYLOAD_META} '
        "Police later clashed with students in Nairobi, and envoys met in Geneva."
    )
    union = PAYLOAD_IMG + "Teachers union"
    police = PAYLOAD_SCRIPT + "Police"
    envoys = PAYLOAD_META + "Envoys"
    lima = {**LIMA, "name": PAYLOAD_IMG + "Lima"}
    nairobi = {**NAIROBI, "name": PAYLOAD_META + "Nairobi"}
    geneva = {**GENEVA, "name": PAYLOAD_SCRIPT + "Geneva"}
    places = []
    for where in (lima, nairobi, geneva):
        plain = where["name"].removeprefix(PAYLOAD_IMG)
        plain = plain.removeprefix(PAYLOAD_META).removeprefix(PAYLOAD_SCRIPT)
        start, end = span(text, plain)
        places.append(
            {"start": start, "end": end, "text": plain, "feature": "city", "kind": "literal"}
            | where
        )
    actors = [
        {
            "id": "A1",
            "name": union,
            "country": "PER",
            "sector": "EDU",
            "kb_id": None,
            "mentions": [span(text, "a union leader")],
        }
    ]
    quotes = [
        {
            "content": span(text, f"{PAYLOAD_SCRIPT} we will not stop"),
            "source": span(text, "a union leader"),
            "speaker": "A1",
            "cue": span(text, "said"),
            "direct": True,
        }
    ]
    events = [
        _hostile_event(
            "PROTEST",
            "demo",
            side(union, "PER", "EDU", "A1", "test:union"),
            side(PAYLOAD_META + "Ministry", "PER", "GOV", kb_id="test:ministry"),
            lima,
            "2024-03-08",
            span(text, f"{PAYLOAD_IMG} Thousands of teachers marched"),
        ),
        _hostile_event(
            "THREATEN",
            PAYLOAD_IMG,
            side(union, "PER", "EDU", "A1", "test:union"),
            side(PAYLOAD_SCRIPT + "Congress", "PER", "GOV", kb_id="test:congress"),
            lima,
            "2024-03-01",
            span(text, f"{PAYLOAD_SCRIPT} we will not stop"),
        ),
        _hostile_event(
            "ASSAULT",
            None,
            side(police, "KEN", "COP", kb_id="test:police"),
            side(PAYLOAD_IMG + "Students", "KEN", "EDU", kb_id="test:students"),
            nairobi,
            "2024-03-09",
            span(text, f"{PAYLOAD_META} Police later clashed"),
        ),
        _hostile_event(
            PAYLOAD_SCRIPT,
            None,
            side(envoys, None, "GOV", kb_id="test:envoys"),
            side(police, "KEN", "COP", kb_id="test:police"),
            geneva,
            "2024-03-10",
            span(text, "envoys met in Geneva"),
        ),
    ]
    hostile = record(
        "hostile-all",
        text,
        "2024-03-10",
        PAYLOAD_META + PAYLOAD_SCRIPT,
        PAYLOAD_IMG + PAYLOAD_META + PAYLOAD_SCRIPT,
        events=events,
        places=places,
        actors=actors,
        quotes=quotes,
    )
    hostile["url"] = PAYLOAD_URL
    return [hostile]


def build_hostile_store(path: Path) -> Path:
    """A store of `hostile_records()`, written through the store's own ingest."""
    with Store(path) as store:
        store.ingest(hostile_records())
    return path


# ----- imprecise dates and statuses (issue 18) -----


def _event(
    kind: str,
    actor: dict[str, Any],
    recipient: dict[str, Any],
    where: dict[str, Any] | None,
    date: str,
    status: str,
    evidence: list[int],
    confidence: float = 0.8,
) -> dict[str, Any]:
    return {
        "type": kind,
        "mode": None,
        "actor": actor,
        "recipient": recipient,
        "location": where,
        "date": date,
        "status": status,
        "evidence": evidence,
        "counts": [],
        "confidence": confidence,
    }


def dated_records() -> list[dict[str, Any]]:
    """Four articles written for these tests: an event dated only by its week, one dated only
    by its year, a demand and a denial (negated), each in an article of its own.

    The week event (`2024-W10`, 4-10 March 2024) and the year event (`2023`) carry dates
    that a day must not be made up for; the demand is shown by default, the denial only when
    asked for.
    """
    week = (
        "NAIROBI - Kenyan police raided the offices of a farmers' union in Nairobi last week, "
        "the union's lawyer said on Monday."
    )
    year = (
        "GENEVA - Swiss customs seized a shipment of rifles in Geneva last year, the federal "
        "prosecutor said in a report published on Wednesday."
    )
    demand = (
        "LIMA - Peru's teachers' federation called on the education ministry to reopen pay "
        "talks, its leader said in Lima on Tuesday."
    )
    denial = (
        "OMDURMAN - The Sudanese army denied that its aircraft had bombed a market in "
        "Omdurman on Sunday, a spokesman said."
    )
    police = {"id": "A1", "name": "Kenyan police", "country": "KEN", "sector": "COP",
              "kb_id": None, "mentions": [span(week, "Kenyan police")]}  # fmt: skip
    federation = {"id": "A1", "name": "Peruvian teachers' federation", "country": "PER",
                  "sector": "EDU", "kb_id": None,
                  "mentions": [span(demand, "teachers' federation")]}  # fmt: skip
    named = []  # the police and the federation are named by an entity: resolved actors
    for text, part in ((week, "Kenyan police"), (demand, "teachers' federation")):
        start, end = span(text, part)
        named.append({"start": start, "end": end, "text": part, "type": "ORG", "label": "ORG",
                      "actor": "A1", "place": None})  # fmt: skip
    found = [
        record(
            "dated-week", week, "2024-03-11", "Wire", "Police raid union offices",
            places=[place(week, NAIROBI)], actors=[police],
            events=[_event("ASSAULT", side("Kenyan police", "KEN", "COP", "A1"),
                           side("farmers' union", "KEN", "AGR"), NAIROBI, "2024-W10",
                           "occurred", span(week, "raided the offices"))],
        ),
        record(
            "dated-year", year, "2024-02-14", "Gazette", "Rifles seized in Geneva",
            places=[place(year, GENEVA)],
            events=[_event("SEIZE", side("Swiss customs", "CHE", "GOV"),
                           side(None, None, None), GENEVA, "2023", "occurred",
                           span(year, "seized a shipment of rifles"))],
        ),
        record(
            "dated-demand", demand, "2024-03-06", "Wire", "Teachers call for talks",
            places=[place(demand, LIMA)], actors=[federation],
            events=[_event("REQUEST", side("Peruvian teachers' federation", "PER", "EDU", "A1"),
                           side("education ministry", "PER", "GOV"), LIMA, "2024-03-05",
                           "demanded", span(demand, "called on the education ministry"))],
        ),
        record(
            "dated-denial", denial, "2024-03-04", "Daily Courier", "Army denies market strike",
            places=[place(denial, OMDURMAN)],
            events=[_event("ASSAULT", side("Sudanese army", "SDN", "MIL"),
                           side(None, "SDN", "CVL"), OMDURMAN, "2024-03-03", "negated",
                           span(denial, "bombed a market"))],
        ),
    ]  # fmt: skip
    found[0]["entities"].append(named[0])
    found[2]["entities"].append(named[1])
    return found


def build_dated_store(path: Path, with_example: bool = True) -> Path:
    """A store of the fixture records, `dated_records()` and (by default) the shipped example
    article analysed by the whole pipeline."""
    with Store(path) as store:
        store.ingest(records() + dated_records())
        if with_example:
            from tacitus.examples import example_path
            from tacitus.io.ingest import read_inputs

            store.ingest(read_inputs([str(example_path())]))
    return path
