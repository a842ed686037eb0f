"""The whole-article scorers on hand-made gold and predictions: events by evidence, the news
stream, quote speaker names, and scoring from a predictions file (no spaCy run)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tacitus.core.errors import UsageError
from tacitus.evaluation.common import same_name
from tacitus.evaluation.evaluate import evaluate_files, format_report, score_file
from tacitus.evaluation.events import (
    figures_stream,
    found_by_evidence,
    score_by_evidence,
    score_stream,
)

TEXT = (
    "Police arrested two protesters in Lagos on Monday. The governor condemned the arrests. "
    "Unions said they would strike. The minister met the envoy in Abuja."
)


def at(phrase: str, text: str = TEXT) -> list[int]:
    start = text.index(phrase)
    return [start, start + len(phrase)]


def ev(kind: str, evidence: str | None, **fields: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "type": kind,
        "actor": {"name": None, "country": fields.pop("actor", None), "sector": None},
        "recipient": {"name": None, "country": fields.pop("recipient", None), "sector": None},
        "location": fields.pop("location", None),
        "date": fields.pop("date", None),
        "status": fields.pop("status", None),
        "evidence": at(evidence) if evidence else None,
    }
    item.update(fields)
    return item


def by_evidence(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    record = {"id": "d", "text": TEXT, "events": pred}
    doc = {"id": "d", "text": TEXT, "gold": {"events": gold}}
    figures = score_file([record], [doc])["scores"]["events"]["by_evidence"]
    assert figures is not None
    return figures


ARREST = "Police arrested two protesters in Lagos on Monday"
CONDEMN = "The governor condemned the arrests"
STRIKE = "Unions said they would strike"
MEET = "The minister met the envoy in Abuja"


# --------------------------------------------------------------------------- by evidence


def test_found_needs_an_allowed_type_on_overlapping_evidence() -> None:
    gold = [ev("COERCE", ARREST), ev("ACCUSE", CONDEMN)]
    pred = [
        ev("COERCE", "arrested two protesters"),  # finds the arrest
        ev("ACCUSE", MEET),  # right type, wrong clause
        ev("ASSAULT", "The governor condemned"),  # right clause, wrong type
    ]
    s = by_evidence(gold, pred)
    assert (s["gold"], s["pred"], s["found"]) == (2, 3, 1)
    assert (s["p"], s["r"]) == (round(1 / 3, 4), 0.5)


def test_alt_types_are_allowed() -> None:
    s = by_evidence([ev("COERCE", ARREST, alt_types=["ASSAULT"])], [ev("ASSAULT", ARREST)])
    assert (s["p"], s["r"], s["f1"]) == (1.0, 1.0, 1.0)


def test_alt_type_null_counts_as_found_when_predicted_and_is_excused_when_not() -> None:
    predicted = by_evidence([ev("THREATEN", STRIKE, alt_types=[None])], [ev("THREATEN", STRIKE)])
    assert (predicted["gold"], predicted["p"], predicted["r"]) == (1, 1.0, 1.0)
    unpredicted = by_evidence([ev("THREATEN", STRIKE, alt_types=[None]), ev("CONSULT", MEET)], [])
    assert (unpredicted["gold"], unpredicted["excused"], unpredicted["r"]) == (1, 1, 0.0)


def test_also_spans_find_the_event() -> None:
    gold = [ev("COERCE", ARREST, also=[at("the arrests")])]
    s = by_evidence(gold, [ev("COERCE", "the arrests")])
    assert (s["found"], s["p"]) == (1, 1.0)


def test_optional_event_counts_neither_way() -> None:
    gold = [ev("ACCUSE", CONDEMN, optional=True), ev("CONSULT", MEET)]
    found = by_evidence(gold, [ev("ACCUSE", CONDEMN), ev("CONSULT", MEET)])
    assert (found["gold"], found["pred"], found["found"], found["p"]) == (1, 1, 1, 1.0)
    missed = by_evidence(gold, [ev("CONSULT", MEET)])
    assert (missed["gold"], missed["r"]) == (1, 1.0)


def test_predictions_without_evidence_are_left_out() -> None:
    s = by_evidence([ev("CONSULT", MEET)], [ev("CONSULT", MEET), ev("CONSULT", None)])
    assert (s["pred"], s["p"]) == (1, 1.0)


def test_one_prediction_finds_one_gold_event_in_file_order() -> None:
    # Two gold events on overlapping clauses and one prediction: the first takes it.
    gold = [ev("COERCE", ARREST), ev("COERCE", "two protesters in Lagos")]
    counts, detail = score_by_evidence(gold, [ev("COERCE", "protesters in Lagos")], TEXT)
    assert (counts["byev_gold"], counts["byev_found"]) == (2, 1)
    assert [m["evidence"] for m in detail["missed"]] == ["two protesters in Lagos"]


def test_each_prediction_is_labelled_right_wrong_or_neither() -> None:
    # What the confidence fit learns from: found (1), found nothing (0), taken by an
    # optional gold event or without evidence (None: counts neither way).
    gold = [ev("COERCE", ARREST), ev("ACCUSE", CONDEMN, optional=True)]
    pred = [
        ev("ACCUSE", CONDEMN),
        ev("COERCE", ARREST),
        ev("CONSULT", MEET),
        ev("COERCE", None),
    ]
    assert found_by_evidence(gold, pred) == [None, 1, 0, None]
    # A gold event whose alternatives allow "no event" is found when predicted.
    assert found_by_evidence([ev("CONSULT", MEET, alt_types=[None])], [ev("CONSULT", MEET)]) == [1]


def test_each_gold_event_takes_the_largest_overlap() -> None:
    gold = [ev("COERCE", ARREST, actor="NGA")]
    pred = [ev("COERCE", "Police", actor="USA"), ev("COERCE", ARREST, actor="NGA")]
    s = by_evidence(gold, pred)
    assert (s["found"], s["actor_country_accuracy"]) == (1, 1.0)


def test_fields_on_found_events_with_a_gold_value() -> None:
    gold = [
        ev("COERCE", ARREST, actor="NGA", date="2018-10", status="occurred", location="Lagos"),
        ev("CONSULT", MEET, actor="NGA", recipient="GBR", status="occurred", location="Abuja"),
        ev("ACCUSE", CONDEMN, actor="NGA", date="2018-10-02", location="Ikeja"),  # missed
    ]
    pred = [
        ev(
            "COERCE",
            ARREST,
            actor="NGA",
            recipient="NGA",
            date="2018-10-08",
            status="occurred",
            location={"name": "Lagos State", "geonames_id": 1},
        ),
        ev("CONSULT", MEET, actor="USA", recipient="GBR", date="2018-10-08", status="future"),
    ]
    s = by_evidence(gold, pred)
    assert (s["actor_country_accuracy"], s["actor_country_scored"]) == (0.5, 2)
    assert (s["recipient_country_accuracy"], s["recipient_country_scored"]) == (1.0, 1)
    assert (s["date_accuracy"], s["date_scored"], s["date_gold"]) == (1.0, 1, 2)
    assert (s["status_accuracy"], s["status_scored"]) == (0.5, 2)
    assert (s["location_accuracy"], s["location_scored"], s["location_gold"]) == (0.5, 2, 3)


def test_date_must_begin_with_the_gold_value() -> None:
    s = by_evidence(
        [ev("COERCE", ARREST, date="2018-10")], [ev("COERCE", ARREST, date="2018-11-01")]
    )
    assert s["date_accuracy"] == 0.0


def test_by_evidence_only_where_every_gold_event_has_evidence() -> None:
    record = {"id": "d", "text": TEXT, "events": [ev("COERCE", ARREST)]}
    for gold in ([ev("COERCE", ARREST), ev("ACCUSE", None)], []):
        doc = {"id": "d", "text": TEXT, "gold": {"events": gold}}
        assert score_file([record], [doc])["scores"]["events"]["by_evidence"] is None


# --------------------------------------------------------------------------- the stream


def test_occurred_events_per_1000_words_and_share_of_articles() -> None:
    ten_words = "one two three four five six seven eight nine ten"
    counts = score_stream(
        [ev("ASSAULT", None, status="occurred"), ev("THREATEN", None, status="future")], ten_words
    )
    counts.update(score_stream([], "a\nb  c\td " * 10))  # 40 words, no event
    figures = figures_stream(counts)
    assert (figures["occurred"], figures["words"]) == (1, 50)
    assert figures["occurred_per_1000_words"] == 20.0
    assert figures["docs_with_occurred"] == 0.5


def test_stream_is_reported_on_a_set_with_no_gold_events() -> None:
    docs = [{"id": "d", "text": TEXT, "gold": {"events": []}}]
    records = [{"id": "d", "text": TEXT, "events": [ev("COERCE", ARREST, status="occurred")]}]
    result = {"files": [{"name": "neg.jsonl", **score_file(records, docs)}]}
    stream = result["files"][0]["scores"]["events"]["stream"]
    assert stream["occurred_per_1000_words"] == round(1000 / len(TEXT.split()), 4)
    assert stream["docs_with_occurred"] == 1.0
    report = format_report(result)
    assert "occurred / 1,000 words" in report and "by evidence" not in report


# --------------------------------------------------------------------------- speaker names


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [
        ("Gordon Sondland", "Sondland", True),
        ("The Nigerian Senate", "Senate", True),
        ("Anna Weber", "Chancellor Anna Weber", True),
        ("Anna Weber", "Karl Weber", True),  # the same surname
        ("Patrick Lee Jr.", "Patrick W. Lee", True),
        ("Anna Weber", "Weber's office", False),
        ("Anna Weber", "Germany", False),
        ("Anna Weber", None, False),
        ("Anna Weber", "", False),
    ],
)
def test_loose_name_match(gold: str, pred: str | None, same: bool) -> None:
    assert same_name(gold, pred) is same


def test_speaker_name_accuracy_on_found_quotes() -> None:
    text = 'Anna Weber said: "We stay." A spokesman said: "We go." Karl Marx wrote "Work."'
    gold = [
        {
            "content": at('"We stay."', text),
            "source": at("Anna Weber", text),
            "cue": None,
            "direct": True,
            "speaker": "Anna Weber",
        },
        {
            "content": at('"We go."', text),
            "source": at("A spokesman", text),
            "cue": None,
            "direct": True,
            "speaker": "Luis Ortega",
        },
        {
            "content": at('"Work."', text),
            "source": at("Karl Marx", text),
            "cue": None,
            "direct": True,
            "speaker": "Karl Marx",
        },  # not found: no prediction
    ]
    actors = [
        {"id": "A1", "name": "Anna Weber", "mentions": [at("Anna Weber", text)]},
        {"id": "A2", "name": "Germany", "mentions": []},
    ]
    quotes = [
        {"content": at('"We stay."', text), "source": at("Anna Weber", text), "speaker": "A1"},
        {"content": at('"We go."', text), "source": at("A spokesman", text), "speaker": "A2"},
    ]
    record = {"id": "d", "text": text, "actors": actors, "quotes": quotes}
    doc = {"id": "d", "text": text, "gold": {"quotes": gold}}
    s = score_file([record], [doc])["scores"]["quotes"]
    assert (s["named"], s["speaker_name_accuracy"]) == (2, 0.5)
    assert s["speaker_accuracy"] == 1.0  # both source spans are right


# --------------------------------------------------------------------------- predictions file


def test_evaluate_files_scores_a_predictions_file(tmp_path: Path) -> None:
    gold_path, pred_path = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    doc = {"id": "d", "text": TEXT, "gold": {"events": [ev("CONSULT", MEET)]}}
    gold_path.write_text(json.dumps(doc) + "\n", "utf-8")
    pred_path.write_text(
        json.dumps({"id": "d", "text": TEXT, "events": [ev("CONSULT", MEET)]}) + "\n", "utf-8"
    )
    result = evaluate_files([gold_path], predictions=[pred_path])
    assert result["files"][0]["scores"]["events"]["by_evidence"]["f1"] == 1.0
    with pytest.raises(UsageError, match="one each"):
        evaluate_files([gold_path], predictions=[])
    pred_path.write_text(json.dumps({"id": "other", "text": TEXT}) + "\n", "utf-8")
    with pytest.raises(UsageError, match="tacitus extract"):
        evaluate_files([gold_path], predictions=[pred_path])


# --------------------------------------------------------------------------- confidence


def test_events_below_the_threshold_are_hidden_and_other_thresholds_reported() -> None:
    gold = [ev("COERCE", ARREST), ev("ACCUSE", CONDEMN)]
    pred = [ev("COERCE", ARREST, confidence=0.9), ev("ACCUSE", CONDEMN, confidence=0.2)]
    record = {"id": "d", "text": TEXT, "events": pred}
    doc = {"id": "d", "text": TEXT, "gold": {"events": gold}}
    result = score_file([record], [doc], min_confidence=0.5)
    events = result["scores"]["events"]
    assert result["min_confidence"] == 0.5
    assert (events["by_evidence"]["found"], events["by_evidence"]["r"]) == (1, 0.5)
    assert events["at_thresholds"]["0.0"]["by_evidence"]["r"] == 1.0
    assert events["at_thresholds"]["0.3"]["by_evidence"]["r"] == 0.5
    report = format_report({"files": [{"name": "x.jsonl", **result}]})
    assert "events below confidence 0.5 hidden" in report
    assert "at confidence >= 0.3" in report
