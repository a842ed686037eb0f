"""Tests of the time layer (tacitus.stages.times): one group per rule family, then the gold sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tacitus.core.article import Article
from tacitus.evaluation.evaluate import score_file
from tacitus.pipeline import Context
from tacitus.stages.times import normalise_times
from tacitus.timex.anchor import governing_date

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"

SATURDAY = "2021-03-06"  # ISO week 2021-W09


def _article(ctx: Context, text: str, published: str | None = SATURDAY) -> Article:
    article = Article(id="t", text=text, published=published, doc=ctx.nlp(text))
    return normalise_times(article, ctx)


def _values(ctx: Context, text: str, published: str | None = SATURDAY) -> dict[str, str]:
    return {t["text"]: t["value"] for t in _article(ctx, text, published).times}


def _one(ctx: Context, text: str, published: str | None = SATURDAY) -> dict[str, Any]:
    times = _article(ctx, text, published).times
    assert len(times) == 1, times
    return times[0]


# --- the day of writing ---------------------------------------------------------------------


def test_earlier_in_the_day_is_the_day_of_writing(ctx: Context) -> None:
    text = (
        "The aide testified on Feb. 2 about the call. The minister denied the claim "
        "earlier in the day."
    )
    values = _values(ctx, text)
    assert values["Feb. 2"] == "2021-02-02"
    assert values["the day"] == SATURDAY  # not the last day named


# --- weekdays by tense ----------------------------------------------------------------------


def test_weekday_in_past_clause_is_the_last_one(ctx: Context) -> None:
    assert _one(ctx, "The minister resigned on Friday.")["value"] == "2021-03-05"
    assert _one(ctx, "Rebels shelled the town on Monday.")["value"] == "2021-03-01"


def test_weekday_in_future_clause_is_the_next_one(ctx: Context) -> None:
    assert _one(ctx, "The minister will fly to Paris on Friday.")["value"] == "2021-03-12"
    assert _one(ctx, "Talks are planned to resume on Monday.")["value"] == "2021-03-08"


def test_weekday_on_the_publication_day_is_that_day(ctx: Context) -> None:
    assert _one(ctx, "Protesters gathered on Saturday.")["value"] == "2021-03-06"


def test_last_and_next_weekday_skip_the_current_one(ctx: Context) -> None:
    assert _one(ctx, "He arrived last Saturday.")["value"] == "2021-02-27"
    assert _one(ctx, "She leaves next Saturday.")["value"] == "2021-03-13"


def test_possessive_weekday_names_a_past_day(ctx: Context) -> None:
    assert _one(ctx, "They will appeal against Wednesday's ruling.")["value"] == "2021-03-03"


def test_weekday_with_part_of_day_is_a_time(ctx: Context) -> None:
    friday = _one(ctx, "The blast happened on Friday morning.")
    assert (friday["type"], friday["value"]) == ("TIME", "2021-03-05TMO")


def test_clock_time_joins_its_day(ctx: Context) -> None:
    clock = _one(ctx, "The deadline expires at 9 a.m. Tuesday.")
    assert (clock["type"], clock["value"]) == ("TIME", "2021-03-09T09:00")


# --- relative offsets -----------------------------------------------------------------------


def test_offsets_from_the_publication_date(ctx: Context) -> None:
    values = _values(
        ctx,
        "The war began two years ago. Officials met last week and yesterday. "
        "Prices rose earlier this month. The vote is due next year.",
    )
    assert values["two years ago"] == "2019"
    assert values["last week"] == "2021-W08"
    assert values["yesterday"] == "2021-03-05"
    assert values["earlier this month"] == "2021-03"
    assert values["next year"] == "2022"


def test_anaphoric_offsets_follow_the_last_date(ctx: Context) -> None:
    values = _values(
        ctx, "The army entered the city on May 3, 2015. It withdrew the following day."
    )
    assert values["May 3, 2015"] == "2015-05-03"
    assert values["the following day"] == "2015-05-04"


def test_month_and_day_take_the_year_the_tense_points_to(ctx: Context) -> None:
    assert _one(ctx, "The talks collapsed on Dec. 28.")["value"] == "2020-12-28"
    assert _one(ctx, "The court will rule by April 2.")["value"] == "2021-04-02"


def test_quarters_and_year_ago(ctx: Context) -> None:
    text = "Profit fell in the third quarter, compared with a year earlier."
    values = _values(ctx, text, "2021-11-02")
    assert values["the third quarter"] == "2021-Q3"
    assert values["a year earlier"] == "2020-Q3"


def test_holidays_seasons_and_decades(ctx: Context) -> None:
    values = _values(
        ctx,
        "The truce held over Thanksgiving. Fighting resumed last summer. "
        "The group was founded in the late 1970s. Elections are due in the second half of 2022.",
        "2021-11-30",
    )
    assert values["Thanksgiving"] == "2021-11-25"
    assert values["last summer"] == "2021-SU"  # the most recent summer
    assert values["the late 1970s"] == "197"
    assert values["the second half of 2022"] == "2022-H2"


# --- durations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("The siege lasted three weeks.", "three weeks", "P3W"),
        ("Refugees waited for 2 1/2 years.", "2 1/2 years", "P2Y6M"),
        ("A five-hour meeting ended the strike.", "five-hour", "PT5H"),
        ("The dispute has run for almost two decades.", "almost two decades", "P20Y"),
        ("Sales dropped in the past two months.", "the past two months", "P2M"),
        ("The talks could take several months.", "several months", "PXM"),
    ],
)
def test_durations(ctx: Context, text: str, span: str, value: str) -> None:
    found = _one(ctx, text)
    assert (found["text"], found["type"], found["value"]) == (span, "DURATION", value)


@pytest.mark.parametrize(
    "text",
    [
        "A 6-year-old boy was rescued.",
        "Iraq imports three-quarters of its food.",
        "A quarter of the shares changed hands.",
        "The senator was elected for a second time.",
    ],
)
def test_ages_fractions_and_ordinals_are_not_durations(ctx: Context, text: str) -> None:
    assert _article(ctx, text).times == []


# --- sets -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Putin addressed an annual conference.", "P1Y"),
        ("The council meets every Thursday.", "XXXX-WXX-4"),
        ("Inspectors report daily.", "P1D"),
        ("The plant earns $3 million a year.", "P1Y"),
        ("Flights leave twice a week.", "P1W"),
    ],
)
def test_sets(ctx: Context, text: str, value: str) -> None:
    found = _one(ctx, text)
    assert (found["type"], found["value"]) == ("SET", value)


# --- references -----------------------------------------------------------------------------


def test_references(ctx: Context) -> None:
    values = _values(
        ctx, "Ministers recently met. The ceasefire now holds. In the past, it failed."
    )
    assert values == {"recently": "PAST_REF", "now": "PRESENT_REF", "the past": "PAST_REF"}


# --- unanchored documents -------------------------------------------------------------------


def test_unanchored_document_keeps_partial_values(ctx: Context) -> None:
    article = _article(
        ctx, "Some 34,000 people left since December 15. The army attacked on Friday.", None
    )
    values = {t["text"]: t["value"] for t in article.times}
    assert values == {"December 15": "XXXX-12-15", "Friday": "XXXX-WXX-5"}
    assert [e["kind"] for e in article.errors] == ["unanchored"]


def test_unanchored_document_resolves_absolute_dates(ctx: Context) -> None:
    article = _article(ctx, "The conflict began in March 2011 and lasted five years.", None)
    values = {t["text"]: t["value"] for t in article.times}
    assert values == {"March 2011": "2011-03", "five years": "P5Y"}
    assert article.errors == []


def test_without_a_parse_times_still_resolve() -> None:
    article = normalise_times(Article(id="t", text="Troops left on Friday.", published=SATURDAY))
    assert [t["value"] for t in article.times] == ["2021-03-05"]


def test_datetime_publication_anchors_on_its_date(ctx: Context) -> None:
    assert _one(ctx, "The vote took place yesterday.", "1998-12-05T09:42")["value"] == "1998-12-04"


# --- governing dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the clause's own date
        ("Rebels attacked the town on Tuesday. The government said nothing.", "attacked",
         ("2021-03-02", False)),
        # an adverbial clause inherits it
        ("On Tuesday, rebels attacked the town, killing five people.", "killing",
         ("2021-03-02", False)),
        # "a day after X": X is the main clause's date minus a day
        ("The president spoke on Thursday, a day after the army announced a truce.", "announced",
         ("2021-03-03", False)),
        # and the main clause is a dated subordinate one's date plus the duration
        ("The rebels withdrew a week after the government announced a truce on March 3.",
         "withdrew", ("2021-03-10", False)),
        # shifted from the publication date: flagged
        ("The speech came a day after the army announced the capture of the city.", "announced",
         ("2021-03-05", True)),
        # what a report says happened is dated by the report, at the latest
        ("Police said on Monday that protesters had blocked the road.", "blocked",
         ("2021-03-01", False)),
        ("The army announced on Monday it captured the bridge.", "captured",
         ("2021-03-01", False)),
        # what it says will happen, or is happening, is not
        ("Police said on Monday that protesters will block the road.", "block",
         (SATURDAY, True)),
        ("Police said on Monday that protesters are blocking the road.", "blocking",
         (SATURDAY, True)),
        # nothing at all: the publication date, flagged
        ("Rebels attacked the town. The government said nothing.", "said", (SATURDAY, True)),
    ],
)  # fmt: skip
def test_governing_date(
    ctx: Context, text: str, word: str, expected: tuple[str | None, bool]
) -> None:
    article = _article(ctx, text)
    start = text.index(word)
    assert governing_date(article, start, start + len(word)) == expected


# --- gold sets (measuring only) -------------------------------------------------------------


def _run_gold(ctx: Context, name: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    docs = [json.loads(line) for line in (GOLD / name).read_text("utf-8").splitlines()]
    records = []
    for doc, parsed in zip(docs, ctx.nlp.pipe(d["text"] for d in docs), strict=True):
        article = Article(id=doc["id"], text=doc["text"], published=doc["published"], doc=parsed)
        normalise_times(article, ctx)
        records.append({"id": doc["id"], "text": doc["text"], "times": article.times})
    return records, docs


@pytest.mark.slow
def test_seed_times_all_right(ctx: Context) -> None:
    records, docs = _run_gold(ctx, "seed.jsonl")
    predicted = {(t["start"], t["end"]): t["value"] for t in records[0]["times"]}
    for gold in docs[0]["gold"]["times"]:
        assert predicted.get((gold["start"], gold["end"])) == gold["value"], gold


@pytest.mark.slow
def test_tbaq_value_f1_and_detection(ctx: Context) -> None:
    records, docs = _run_gold(ctx, "time-tbaq.jsonl")
    scores = score_file(records, docs)["scores"]["times"]
    # measured 0.804 value F1 and 0.940 overlap F1 (bars: 0.80 and 0.88)
    assert scores["value_f1"] >= 0.80
    assert scores["overlap"]["f1"] >= 0.935
