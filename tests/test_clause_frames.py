"""What a clause's frame makes of the events in it (`tacitus.stages.events.clauses`). The
sentences are written for these tests, one per rule of English:

- Verbs coordinated under one governing word with no subject of their own ("threatened to
  assault and murder") are one complement: each is what the governing word is about (the
  threat's content), not an event that happened.
- A conjunct of a main verb is a clause of its own ("attacked the town and burned the
  market": two happenings).
"""

from __future__ import annotations

from typing import Any

from tacitus import extract


def types_of(text: str) -> list[str]:
    events: list[dict[str, Any]] = extract(text, published="2024-03-14")["events"]
    return [e["type"] for e in events]


def test_each_verb_of_a_threatened_coordination_is_threatened() -> None:
    text = "Tom Varga pleaded guilty to threatening to assault and murder a county judge."
    kinds = types_of(text)
    assert "THREATEN" in kinds
    assert "ASSAULT" not in kinds  # the murder was threatened, not done


def test_a_conjunct_of_a_main_verb_stays_an_event() -> None:
    kinds = types_of("Rebels attacked the town and seized the mayor on Tuesday.")
    assert "ASSAULT" in kinds and "COERCE" in kinds
