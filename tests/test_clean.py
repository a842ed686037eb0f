"""Cleaning: artifacts found by statistics, whitespace and Unicode, the dateline, refusals."""

from __future__ import annotations

import pytest

from tacitus.core.errors import ArticleError
from tacitus.stages.clean import (
    check_text,
    find_artifacts,
    find_dateline,
    normalise_text,
    remove_artifacts,
    remove_boilerplate,
)


def test_tooltip_glued_to_many_names_is_removed():
    text = (
        "Kenyaav-tip officials met Ugandaav-tip's envoy in Nairobiav-tip. Kenya and Uganda "
        "share a border; Nairobi is the capital."
    )
    assert find_artifacts(text) == {"av-tip"}
    assert remove_artifacts(text).startswith("Kenya officials met Uganda's envoy in Nairobi.")


def test_tooltip_on_well_known_places_named_once_is_removed():
    text = (
        "CAIROzx-tip: Egyptzx-tip and Jordanzx-tip called for talks in Tuniszx-tip on Monday. "
        "Cairo welcomed the call."
    )
    assert find_artifacts(text) == {"zx-tip"}
    assert remove_artifacts(text).startswith("CAIRO: Egypt and Jordan called for talks in Tunis")


def test_compounds_on_nationalities_are_prose():
    text = (
        "Iranian-backed, Syrian-backed and Russian-backed groups, and US-led, Saudi-led and "
        "UN-led efforts; Iran, Syria and Russia."
    )
    assert find_artifacts(text) == set()


def test_camel_case_furniture_is_removed():
    text = "ObamaReadMore met MerkelReadMore and HollandeReadMore. Obama, Merkel, Hollande."
    assert remove_artifacts(text) == "Obama met Merkel and Hollande. Obama, Merkel, Hollande."


@pytest.mark.parametrize(
    "text",
    [
        "Somebody said anybody could see everybody; some any every body.",
        "However, whatever happens, whenever it happens, forever; how what when for ever.",
        "The pro-government and pro-Russian and pro-Western groups; government Russian Western.",
        "There's a plan and where's the money and here's why; there where here.",
        "The nation's liberation, the normalization and the restoration of the station.",
    ],
)
def test_ordinary_prose_has_no_artifacts(text):
    assert find_artifacts(text) == set()
    assert remove_artifacts(text) == text


def test_normalise_keeps_quotes_and_paragraphs():
    raw = '  “Yes,”\u00a0he said.\r\n\r\n\r\n"No,"  she\u200b said. '
    assert normalise_text(raw) == '“Yes,” he said.\n\n"No," she said.'


def test_normalise_composes_unicode():
    # s + combining cedilla becomes the single code point U+015F
    assert normalise_text("Cavus\u0327oglu") == "Cavu\u015foglu"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("KABUL (Reuters) - The Taliban said ...", "KABUL"),
        ("MOSCOW: Russian President ...", "MOSCOW"),
        ("NEW YORK, Dec. 5 (AP) — Stocks fell ...", "NEW YORK"),
        ("WASHINGTON -- The Senate voted ...", "WASHINGTON"),
        ("BEIRUT, Lebanon (AP) — Syrian troops ...", "BEIRUT"),
    ],
)
def test_dateline(text, place):
    found = find_dateline(text)
    assert found is not None and found["text"] == place
    assert text[found["start"] : found["end"]] == place


@pytest.mark.parametrize(
    "text", ["The army said on Monday ...", "US officials: no comment.", "I - for one - agree."]
)
def test_no_dateline_in_ordinary_openings(text):
    assert find_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("  \n ", "empty"),
        ("abc\x00def\x00", "not_text"),
        ("12 34 56 78 90 11 22 33", "not_text"),
        ("word " * 30, "too_large"),
    ],
)
def test_refusals(text, kind):
    with pytest.raises(ArticleError) as info:
        check_text(text, max_chars=100)
    assert info.value.kind == kind


def test_a_name_glued_to_copies_of_itself_keeps_one_copy():
    text = "Sen. Maria OrtizMaria OrtizWelch said on Monday that the bill would pass."
    assert remove_boilerplate(text).startswith("Sen. Maria Ortiz Welch said on Monday")
    assert remove_boilerplate("Ortiz met Ortiz's aides.") == "Ortiz met Ortiz's aides."


def test_link_captions_go_with_their_paragraph():
    text = (
        "The council voted on Monday to close the plant.\n\n"
        "SEE MORE: Ten things to know about the plant\n\n"
        "Read more: Workers rally outside the gates\n\n"
        "Workers said they would appeal."
    )
    cleaned = normalise_text(remove_boilerplate(text))
    assert cleaned == (
        "The council voted on Monday to close the plant.\n\nWorkers said they would appeal."
    )


def test_a_block_of_headlines_under_its_heading_goes_and_prose_after_it_stays():
    text = (
        "Police arrested two men on Friday, officials said.\n\n"
        "Top stories\n\n"
        "Storm leaves thousands without power\n"
        "Mayor unveils new budget plan\n\n"
        "Partner news\n"
        "Five ways to save on groceries\n\n"
        "The two men will appear in court on Monday."
    )
    cleaned = normalise_text(remove_boilerplate(text))
    assert cleaned == (
        "Police arrested two men on Friday, officials said.\n\n"
        "The two men will appear in court on Monday."
    )


def test_a_caption_word_inside_prose_is_prose():
    text = "Watch the skies, he said: rain is coming.\nMore than 40 died: the toll rose."
    assert remove_boilerplate(text) == text
