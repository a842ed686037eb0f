"""The scorer on hand-made cases (no spaCy run), then the quality gate on the gold sets (slow)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from tacitus.core.errors import UsageError
from tacitus.evaluation.evaluate import (
    EARTH_RADIUS_KM,
    SPEECH_CUE_FORMS,
    evaluate_files,
    format_report,
    haversine_km,
    is_speech,
    match_one_to_one,
    read_gold,
    score_file,
)

FLOORS = Path(__file__).with_name("floors.json")

TEXT = (
    "BERLIN: Chancellor Anna Weber said on Monday that the talks in Vienna had failed. "
    'Polls show voters are tired. The minister told reporters: "We will not give up." '
    "According to officials, troops left Goma."
)


def at(phrase: str, text: str = TEXT, nth: int = 0) -> list[int]:
    """[start, end] of the nth occurrence of phrase in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return [start, start + len(phrase)]


def doc(gold: dict[str, Any], text: str = TEXT, doc_id: str = "d1") -> dict[str, Any]:
    return {"id": doc_id, "text": text, "published": "2020-01-06", "source": "test", "gold": gold}


def record(text: str = TEXT, doc_id: str = "d1", **annotations: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": doc_id,
        "text": text,
        "entities": [],
        "actors": [],
        "places": [],
        "times": [],
        "quotes": [],
        "events": [],
        "errors": [],
    }
    return {**base, **annotations}


def ent(phrase: str, kind: str, nth: int = 0) -> dict[str, Any]:
    start, end = at(phrase, nth=nth)
    return {"start": start, "end": end, "type": kind}


def scores(records: list[dict[str, Any]], docs: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    return score_file(records, docs, **kw)["scores"]


# --------------------------------------------------------------------------- matching


def test_matching_is_one_to_one_and_maximal() -> None:
    # gold 0 overlaps preds 0 and 1 (pred 0 more), gold 1 only pred 0: both must be matched.
    weights = {(0, 0): 5, (0, 1): 2, (1, 0): 3}
    matched = match_one_to_one(2, 2, lambda g, p: weights.get((g, p), 0))
    assert matched == {0: 1, 1: 0}


def test_matching_prefers_the_heavier_prediction() -> None:
    matched = match_one_to_one(1, 3, lambda g, p: [1, 7, 3][p])
    assert matched == {0: 1}


def test_matching_keeps_earlier_gold_in_order() -> None:
    # Both gold items want the single prediction; the one first in `order` keeps it.
    assert match_one_to_one(2, 1, lambda g, p: 1, order=[1, 0]) == {1: 0}


# --------------------------------------------------------------------------- entities


def test_entities_perfect() -> None:
    gold = [ent("BERLIN", "PLACE"), ent("Anna Weber", "PERSON"), ent("Vienna", "PLACE")]
    s = scores([record(entities=gold)], [doc({"entities": gold})])["entities"]
    assert s["exact"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
    assert s["overlap"] == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_entities_empty_prediction_scores_zero_recall_and_no_precision() -> None:
    gold = [ent("BERLIN", "PLACE")]
    s = scores([record()], [doc({"entities": gold})])["entities"]
    assert s["exact"] == {"p": None, "r": 0.0, "f1": 0.0}


def test_entities_partial_span_counts_for_overlap_only() -> None:
    gold = [ent("Chancellor Anna Weber", "PERSON"), ent("Vienna", "PLACE")]
    pred = [ent("Anna Weber", "PERSON"), ent("Vienna", "PLACE")]
    s = scores([record(entities=pred)], [doc({"entities": gold})])["entities"]
    assert s["exact"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
    assert s["overlap"] == {"p": 1.0, "r": 1.0, "f1": 1.0}


def test_entities_wrong_type_is_no_match_but_counts_untyped() -> None:
    gold = [ent("Vienna", "PLACE")]
    pred = [ent("Vienna", "ORG")]
    s = scores([record(entities=pred)], [doc({"entities": gold})])["entities"]
    assert s["overlap"]["f1"] == 0.0
    assert s["untyped_overlap"]["f1"] == 1.0
    assert s["by_type"]["PLACE"]["r"] == 0.0 and s["by_type"]["ORG"]["p"] == 0.0


def test_entities_two_predictions_on_one_gold_mention_give_one_hit() -> None:
    gold = [ent("Chancellor Anna Weber", "PERSON")]
    pred = [ent("Chancellor", "PERSON"), ent("Anna Weber", "PERSON")]
    s = scores([record(entities=pred)], [doc({"entities": gold})])["entities"]
    assert s["overlap"] == {"p": 0.5, "r": 1.0, "f1": 0.6667}


def test_entities_micro_average_over_documents() -> None:
    gold = [ent("BERLIN", "PLACE")]
    docs = [doc({"entities": gold}, doc_id="a"), doc({"entities": gold}, doc_id="b")]
    records = [record(doc_id="a", entities=gold), record(doc_id="b")]
    s = scores(records, docs)["entities"]
    assert s["exact"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}


# --------------------------------------------------------------------------- places


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * EARTH_RADIUS_KM / 360)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(10, 170, 10, -170) == pytest.approx(haversine_km(10, 0, 10, 20))


def place(phrase: str, lat: float | None, lon: float | None, gid: int | None) -> dict[str, Any]:
    start, end = at(phrase)
    return {
        "start": start,
        "end": end,
        "name": phrase,
        "geonames_id": gid,
        "lat": lat,
        "lon": lon,
        "kind": None,
    }


def test_places_accuracy_at_161_km() -> None:
    # 1 degree of latitude is 111 km (within), 2 degrees 222 km (not).
    gold = [
        place("BERLIN", 52.0, 13.0, 1),
        place("Vienna", 48.0, 16.0, 2),
        place("Goma", -1.7, 29.2, 3),
        place("Monday", None, None, None),
    ]
    pred = [place("BERLIN", 53.0, 13.0, 9), place("Vienna", 50.0, 16.0, 2)]
    s = scores([record(places=pred)], [doc({"places": gold})])["places"]
    assert s["with_coords"] == 3
    assert s["acc_161km"] == pytest.approx(1 / 3, abs=1e-4)  # Goma unresolved counts as wrong
    assert s["acc_161km_detected"] == 0.5
    assert s["id_accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert s["detection"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}


def test_places_id_accuracy_only_over_gold_with_an_id() -> None:
    gold = [place("BERLIN", 52.0, 13.0, 2950159), place("Vienna", 48.2, 16.4, None)]
    pred = [place("BERLIN", 52.5, 13.4, 2950159), place("Vienna", 48.2, 16.4, 2761369)]
    s = scores([record(places=pred)], [doc({"places": gold})])["places"]
    assert s["with_id"] == 1 and s["id_accuracy"] == 1.0
    assert s["acc_161km"] == 1.0


def test_places_prediction_without_coordinates_is_wrong() -> None:
    gold = [place("Vienna", 48.2, 16.4, None)]
    pred = [place("Vienna", None, None, None)]
    s = scores([record(places=pred)], [doc({"places": gold})])["places"]
    assert s["acc_161km"] == 0.0 and s["detection"]["f1"] == 1.0


# --------------------------------------------------------------------------- times


def timex(phrase: str, value: str | None, kind: str = "DATE") -> dict[str, Any]:
    start, end = at(phrase)
    return {"start": start, "end": end, "type": kind, "value": value}


def test_times_strict_overlap_and_value() -> None:
    gold = [timex("on Monday", "2020-01-06"), timex("BERLIN", "XXXX")]
    pred = [timex("Monday", "2020-01-13")]
    s = scores([record(times=pred)], [doc({"times": gold})])["times"]
    assert s["strict"]["f1"] == 0.0
    assert s["overlap"] == {"p": 1.0, "r": 0.5, "f1": 0.6667}
    assert s["value_accuracy"] == 0.0 and s["value_f1"] == 0.0


def test_times_value_f1_is_overlap_f1_times_value_accuracy() -> None:
    gold = [timex("Monday", "2020-01-06"), timex("talks", "P1D", "DURATION")]
    pred = [
        timex("Monday", "2020-01-06"),
        timex("talks", "P2D", "DURATION"),
        timex("Vienna", "2020"),
    ]
    s = scores([record(times=pred)], [doc({"times": gold})])["times"]
    assert s["strict"] == {"p": 0.6667, "r": 1.0, "f1": 0.8}
    assert s["value_accuracy"] == 0.5
    assert s["value_f1"] == pytest.approx(0.8 * 0.5)


# --------------------------------------------------------------------------- quotes


def quote(
    content: str, source: str | None, cue: str | None, direct: bool | None = False, text: str = TEXT
) -> dict[str, Any]:
    return {
        "content": at(content, text),
        "source": at(source, text) if source else None,
        "cue": at(cue, text) if cue else None,
        "direct": direct,
    }


@pytest.mark.parametrize(
    "cue, speech",
    [("said", True), ("told", True), ("According to", True), ("show", False), ("think", False)],
)
def test_speech_attributions_by_cue(cue: str, speech: bool) -> None:
    text = f"Officials {cue} it is over."
    q = {"content": at("it is over", text), "source": None, "cue": at(cue, text), "direct": False}
    assert is_speech(q, text) is speech


def test_speech_attribution_by_colon_or_direct_quote() -> None:
    text = 'The minister: a plan. She believes "it works".'
    colon = {"content": at("a plan", text), "source": None, "cue": at(":", text), "direct": None}
    direct = {
        "content": at('"it works"', text),
        "source": None,
        "cue": at("believes", text),
        "direct": True,
    }
    assert is_speech(colon, text) and is_speech(direct, text)


def test_speech_forms_cover_the_format_list_with_inflections() -> None:
    for form in (
        "says",
        "saying",
        "wrote",
        "written",
        "according",
        "statement",
        "statements",
        "denied",
        "replies",
        "testified",
        "criticised",
        "criticized",
        "emphasising",
        "stressed",
        "admitted",
        "noting",
        "urges",
        "argued",
        "tweeted",
        "vowed",
        "quoted",
        "interviewed",
        "expressed",
        "reiterated",
        "blasted",
        "comments",
    ):
        assert form in SPEECH_CUE_FORMS, form
    assert "believed" not in SPEECH_CUE_FORMS and "show" not in SPEECH_CUE_FORMS


QUOTE_TEXT = "Weber said the plan, which took ten years to write, was dead. Polls show it fails."


def quote_doc(pred_content: str) -> dict[str, Any]:
    gold = [
        quote("the plan, which took ten years to write, was dead", "Weber", "said", text=QUOTE_TEXT)
    ]
    s, e = at(pred_content, QUOTE_TEXT)
    pred = [
        {
            "content": [s, e],
            "source": at("Weber", QUOTE_TEXT),
            "speaker": None,
            "cue": None,
            "direct": False,
        }
    ]
    return scores([record(QUOTE_TEXT, quotes=pred)], [doc({"quotes": gold}, QUOTE_TEXT)])["quotes"]


def test_quotes_thresholds_at_30_and_80_percent() -> None:
    gold_len = len("the plan, which took ten years to write, was dead")  # 49 characters
    assert gold_len == 49
    at_30 = quote_doc("the plan, which ")  # 16/49 = 0.33
    assert at_30["at30"]["r"] == 1.0 and at_30["at80"]["r"] == 0.0
    below_30 = quote_doc("the plan, which")  # 15/49 = 0.31: still found
    assert below_30["at30"]["r"] == 1.0
    tiny = quote_doc("the plan, whic")  # 14/49 = 0.29: not found, and a false positive
    assert tiny["at30"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "direct_recall": None}
    long = quote_doc("the plan, which took ten years to write,")  # 40/49 = 0.82
    assert long["at80"]["r"] == 1.0
    short = quote_doc("the plan, which took ten years to write")  # 39/49 = 0.796
    assert short["at80"]["r"] == 0.0 and short["at30"]["r"] == 1.0


@pytest.mark.parametrize(
    "pred, found_at_30, found_at_80",
    [
        ("abc", True, False),
        ("ab", False, False),
        ("abcdefgh", True, True),
        ("abcdefg", True, False),
    ],
)
def test_quotes_thresholds_are_inclusive(pred: str, found_at_30: bool, found_at_80: bool) -> None:
    text = "Weber said abcdefghij today."
    gold = [quote("abcdefghij", "Weber", "said", text=text)]  # 10 characters: 3 is 30 %
    predicted = [{"content": at(pred, text), "source": None, "speaker": None}]
    s = scores([record(text, quotes=predicted)], [doc({"quotes": gold}, text)])["quotes"]
    assert (s["at30"]["r"] == 1.0, s["at80"]["r"] == 1.0) == (found_at_30, found_at_80)


def test_quotes_one_prediction_finds_one_gold_quote_only() -> None:
    text = 'He said "Go." She said "Stop."'
    gold = [quote('"Go."', "He", "said", True, text), quote('"Stop."', "She", "said", True, text)]
    pred = [{"content": [0, len(text)], "source": None, "speaker": None, "cue": None}]
    s = scores([record(text, quotes=pred)], [doc({"quotes": gold}, text)])["quotes"]
    assert s["at30"]["p"] == 1.0 and s["at30"]["r"] == 0.5 and s["at30"]["direct_recall"] == 0.5


def test_quotes_belief_attributions_count_neither_against_recall_nor_precision() -> None:
    gold = [
        quote(
            "the plan, which took ten years to write, was dead", "Weber", "said", text=QUOTE_TEXT
        ),
        quote("it fails", "Polls", "show", text=QUOTE_TEXT),
    ]
    pred = [
        {
            "content": at("it fails", QUOTE_TEXT),
            "source": at("Polls", QUOTE_TEXT),
            "speaker": None,
            "cue": None,
        }
    ]
    s = scores([record(QUOTE_TEXT, quotes=pred)], [doc({"quotes": gold}, QUOTE_TEXT)])["quotes"]
    assert s["speech"] == 1
    assert s["at30"]["p"] == 1.0  # matching the belief attribution is no false positive
    assert s["at30"]["r"] == 0.0  # the speech attribution was missed
    only_belief = scores([record(QUOTE_TEXT)], [doc({"quotes": gold[1:]}, QUOTE_TEXT)])["quotes"]
    assert only_belief["at30"]["r"] is None


def test_quotes_speech_attribution_gets_the_prediction_before_a_belief() -> None:
    text = "She said, polls show, that it fails badly."
    gold = [
        quote("that it fails badly", None, "show", text=text),
        quote("polls show, that it fails badly", "She", "said", text=text),
    ]
    pred = [{"content": at("that it fails badly", text), "source": None, "speaker": None}]
    s = scores([record(text, quotes=pred)], [doc({"quotes": gold}, text)])["quotes"]
    assert s["at30"]["r"] == 1.0


def test_quotes_speaker_accuracy() -> None:
    text = 'Weber said "Yes." Later "No," he added. Officials said "Maybe."'
    gold = [
        quote('"Yes."', "Weber", "said", True, text),
        quote('"No,"', "he", "added", True, text),
        quote('"Maybe."', None, "said", True, text),
    ]
    pred = [
        {"content": at('"Yes."', text), "source": at("Weber", text), "speaker": "A1"},
        {"content": at('"No,"', text), "source": None, "speaker": "A1"},  # "he" is a mention
        {"content": at('"Maybe."', text), "source": at("Officials", text), "speaker": None},
    ]
    actors = [{"id": "A1", "name": "Weber", "mentions": [at("Weber", text), at("he", text)]}]
    s = scores([record(text, quotes=pred, actors=actors)], [doc({"quotes": gold}, text)])["quotes"]
    assert s["speaker_accuracy"] == pytest.approx(2 / 3, abs=1e-4)


def test_quotes_both_sources_null_is_a_right_speaker() -> None:
    gold = [quote('"We will not give up."', None, ":", True)]
    pred = [{"content": at('"We will not give up."'), "source": None, "speaker": None}]
    s = scores([record(quotes=pred)], [doc({"quotes": gold})])["quotes"]
    assert s["speaker_accuracy"] == 1.0


# --------------------------------------------------------------------------- events


def event(
    kind: str,
    alt: list[str | None] | None = None,
    actor: str | None = None,
    sector: str | None = None,
    status: str | None = None,
    evidence: str | None = None,
) -> dict[str, Any]:
    item = {
        "type": kind,
        "mode": None,
        "actor": {"name": None, "country": actor, "sector": sector},
        "recipient": None,
        "location": None,
        "date": None,
        "status": status,
        "evidence": at(evidence) if evidence else None,
    }
    if alt is not None:
        item["alt_types"] = alt
    return item


def event_scores(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[str, Any]:
    return scores([record(events=pred)], [doc({"events": gold})])["events"]


def test_events_types_as_a_set_per_document() -> None:
    gold = [event("ASSAULT"), event("ASSAULT"), event("CONSULT")]
    pred = [event("ASSAULT"), event("ASSAULT"), event("ASSAULT"), event("PROTEST")]
    s = event_scores(gold, pred)
    assert (s["gold"], s["pred"]) == (2, 2)
    assert (s["p"], s["r"], s["f1"]) == (0.5, 0.5, 0.5)


def test_events_alt_types_are_accepted() -> None:
    s = event_scores([event("ASSAULT", ["COERCE"])], [event("COERCE")])
    assert (s["p"], s["r"]) == (1.0, 1.0)
    s = event_scores([event("ASSAULT", ["COERCE"])], [event("ASSAULT"), event("COERCE")])
    assert (s["p"], s["r"]) == (1.0, 1.0)


def test_events_alt_type_null_excuses_a_missing_prediction() -> None:
    excused = event_scores([event("RETREAT", [None]), event("ASSAULT")], [event("ASSAULT")])
    assert (excused["gold"], excused["excused"], excused["r"]) == (1, 1, 1.0)
    predicted = event_scores([event("RETREAT", [None])], [event("RETREAT")])
    assert (predicted["gold"], predicted["p"], predicted["r"]) == (1, 1.0, 1.0)
    missed = event_scores([event("RETREAT")], [])
    assert missed["r"] == 0.0


def test_events_empty_gold_list_makes_predictions_false_positives() -> None:
    s = event_scores([], [event("PROTEST")])
    assert s["p"] == 0.0 and s["r"] is None


def test_events_actor_country_and_sector_on_matched_types() -> None:
    gold = [event("AID", actor="USA", sector="GOV"), event("PROTEST", actor="FRA", sector="CVL")]
    pred = [event("AID", actor="USA", sector="MIL"), event("ASSAULT", actor="FRA", sector="CVL")]
    s = event_scores(gold, pred)
    assert s["actor_country_accuracy"] == 1.0 and s["actor_sector_accuracy"] == 0.0
    assert s["recipient_country_accuracy"] is None


def test_events_counterpart_is_chosen_by_evidence() -> None:
    gold = [event("ASSAULT", actor="RUS", evidence="troops left Goma")]
    pred = [
        event("ASSAULT", actor="USA", evidence="talks in Vienna"),
        event("ASSAULT", actor="RUS", evidence="troops left"),
    ]
    assert event_scores(gold, pred)["actor_country_accuracy"] == 1.0


def test_events_date_on_the_counterpart_to_the_gold_s_precision() -> None:
    gold = [
        {**event("ASSAULT", evidence="troops left Goma"), "date": "2016-12-22"},
        {**event("CONSULT", evidence="the talks in Vienna"), "date": "2016-12"},
        event("AID", evidence="Goma"),  # no date: not scored
    ]
    pred = [
        {**event("ASSAULT", evidence="troops left"), "date": "2016-12-23"},
        {**event("CONSULT", evidence="talks in Vienna"), "date": "2016-12-20"},
        {**event("AID", evidence="Goma"), "date": "2016-12-01"},
    ]
    s = event_scores(gold, pred)
    assert (s["dated"], s["date_accuracy"]) == (2, 0.5)


def test_events_status_hypothetical_not_asserted() -> None:
    gold = [
        event("AGREE", status="hypothetical", evidence="the talks in Vienna"),
        event("AGREE", status="occurred", evidence="troops left Goma"),
    ]
    kept = event_scores(
        gold,
        [
            event("AGREE", status="hypothetical", evidence="talks"),
            event("AGREE", status="occurred", evidence="Goma"),
        ],
    )
    assert kept["not_occurred_kept"] == 1.0 and kept["status_accuracy"] == 1.0
    asserted = event_scores(gold, [event("AGREE", status="occurred", evidence="Vienna")])
    assert asserted["not_occurred_kept"] == 0.0
    elsewhere = event_scores(gold, [event("AGREE", status="occurred", evidence="Goma")])
    assert elsewhere["not_occurred_kept"] == 1.0  # the occurred AGREE is another event


# --------------------------------------------------------------------------- files


def test_spans_follow_a_record_text_with_other_whitespace() -> None:
    cleaned = "\n\n" + TEXT.replace("Monday that", "Monday\n   that").replace(":", " :", 1)
    gold = [ent("BERLIN", "PLACE"), ent("Vienna", "PLACE"), ent("Goma", "PLACE")]
    pred = []
    for phrase in ("BERLIN", "Vienna", "Goma"):
        start = cleaned.index(phrase)
        pred.append({"start": start, "end": start + len(phrase), "type": "PLACE"})
    s = scores([record(cleaned, entities=pred)], [doc({"entities": gold})])["entities"]
    assert s["exact"]["f1"] == 1.0


def test_spans_inside_a_changed_word_align_by_characters() -> None:
    gold_text, record_text = "Ghana's capital is calm.", "Ghanatip-tag's capital is calm."
    gold = [{"start": 0, "end": 5, "type": "PLACE"}]
    s = scores([record(record_text, entities=gold)], [doc({"entities": gold}, gold_text)])
    assert s["entities"]["exact"]["f1"] == 1.0


def test_spans_that_do_not_align_still_count_as_predictions() -> None:
    cleaned = TEXT.replace("Goma", "Bukavu")
    start = cleaned.index("Bukavu")
    pred = [{"start": start, "end": start + 6, "type": "PLACE"}]
    s = scores([record(cleaned, entities=pred)], [doc({"entities": [ent("Vienna", "PLACE")]})])
    assert s["entities"]["pred"] == 1 and s["entities"]["overlap"]["p"] == 0.0
    elsewhere = scores([record("Nothing alike.", entities=pred)], [doc({"entities": []})])
    assert elsewhere["entities"]["pred"] == 1 and elsewhere["entities"]["overlap"]["p"] == 0.0


def test_error_record_scores_as_no_prediction() -> None:
    gold = [ent("BERLIN", "PLACE")]
    result = score_file(
        [{"id": "d1", "error": {"kind": "internal", "message": "x"}}],
        [doc({"entities": gold})],
        details=True,
    )
    assert result["failed"] == 1 and result["scores"]["entities"]["overlap"]["r"] == 0.0
    assert result["details"][0]["error"]["kind"] == "internal"


def test_only_capabilities_in_the_gold_are_scored() -> None:
    result = score_file([record()], [doc({"times": []})])
    assert list(result["scores"]) == ["times"]
    assert result["scores"]["times"]["strict"] == {"p": None, "r": None, "f1": None}


def test_records_must_be_the_gold_documents() -> None:
    with pytest.raises(ValueError):
        score_file([record(doc_id="other")], [doc({"entities": []})])
    with pytest.raises(ValueError):
        score_file([], [doc({"entities": []})])


def test_details_name_what_was_missed_and_spurious() -> None:
    gold = [ent("Vienna", "PLACE"), ent("Anna Weber", "PERSON")]
    result = score_file(
        [record(entities=[ent("Goma", "PLACE"), ent("Anna Weber", "PERSON")])],
        [doc({"entities": gold})],
        details=True,
    )
    detail = result["details"][0]["entities"]
    assert detail == {
        "missed": [[at("Vienna")[0], "Vienna", "PLACE"]],
        "spurious": [[at("Goma")[0], "Goma", "PLACE"]],
    }


def test_event_details_name_types_roles_and_status() -> None:
    gold = [
        event("AID", actor="USA", status="occurred", evidence="troops left Goma"),
        event("PROTEST"),
    ]
    pred = [event("AID", actor="FRA", status="future", evidence="troops"), event("SUPPORT")]
    result = score_file([record(events=pred)], [doc({"events": gold})], details=True)
    detail = result["details"][0]["events"]
    assert detail["missed_types"] == ["PROTEST"] and detail["spurious_types"] == ["SUPPORT"]
    assert detail["wrong_roles"] == [
        {
            "type": "AID",
            "field": "actor.country",
            "gold": "USA",
            "pred": "FRA",
            "evidence": "troops left Goma",
        }
    ]
    assert detail["wrong_status"][0]["pred"] == "future"


def test_read_gold_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x", "gold": {}}\n{oops\n', "utf-8")
    with pytest.raises(UsageError, match="gold.jsonl:2"):
        read_gold(path)
    assert len(read_gold(path, limit=1)) == 1


def test_report_and_json_carry_every_capability() -> None:
    gold = {
        "entities": [ent("Vienna", "PLACE")],
        "places": [place("Vienna", 48.2, 16.4, 2761369)],
        "times": [timex("Monday", "2020-01-06")],
        "quotes": [quote('"We will not give up."', "The minister", "told", True)],
        "events": [event("CONSULT", evidence="talks")],
    }
    result = {"files": [{"name": "hand.jsonl", **score_file([record()], [doc(gold)], True)}]}
    assert json.loads(json.dumps(result)) == result
    report = format_report(result)
    for label in (
        "entities",
        "accuracy@161km",
        "value F1",
        "found at 80 %",
        "speaker accuracy",
        "actor country / sector",
    ):
        assert label in report, label


# --------------------------------------------------------------------------- quality gate


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(json.loads(FLOORS.read_text("utf-8"))))
def test_figures_stay_above_their_floors(name: str, gold_dir: Path) -> None:
    """The figures of `tests/floors.json` only get better.

    `"capability.figure[.sub]": floor` for a figure where higher is better, and
    `{"max": ceiling}` for one where lower is better (events on the ordinary news stream).
    """
    floors = json.loads(FLOORS.read_text("utf-8"))[name]
    limit = floors.pop("_limit", None)
    result = evaluate_files([gold_dir / name], limit=limit)
    figures = result["files"][0]["scores"]
    assert result["files"][0]["failed"] == 0
    worse = {}
    for path, bound in floors.items():
        value: Any = figures
        for key in path.split("."):
            value = value[key]
        if value is None or not _within(value, bound):
            worse[path] = (value, bound)
    assert not worse, f"worse than the bound (value, bound): {worse}"


def _within(value: float, bound: float | dict[str, float]) -> bool:
    """A figure against its floor (a number or {"min": x}) or its ceiling ({"max": x})."""
    if not isinstance(bound, dict):
        return value >= bound
    return value >= bound.get("min", -math.inf) and value <= bound.get("max", math.inf)


@pytest.mark.parametrize(
    ("value", "bound", "within"),
    [
        (0.5, 0.4, True),
        (0.3, 0.4, False),
        (0.5, {"min": 0.5}, True),
        (8.0, {"max": 8.07}, True),
        (8.1, {"max": 8.07}, False),
    ],
)
def test_floors_and_ceilings(value: float, bound: float | dict[str, float], within: bool) -> None:
    assert _within(value, bound) is within


def test_floors_file_names_only_gold_sets_and_bounds() -> None:
    for name, bounds in json.loads(FLOORS.read_text("utf-8")).items():
        assert name.endswith(".jsonl"), name
        for path, bound in bounds.items():
            if path == "_limit":
                continue
            assert isinstance(bound, int | float) or set(bound) <= {"min", "max"}, (name, path)
