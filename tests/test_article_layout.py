"""How an article's layout shapes its events (issue 17): a blank line ends a sentence, a list
of "Name: ..." entries under a lead-in is one event per entry, a headline is its lead told in
brief, and the lead of a live page is its prose, not its time stamps. The articles here are
written for these tests."""

from __future__ import annotations

from typing import Any

from tacitus import extract

ARRESTS = (
    "Staff Reports\n\n"
    "Police arrested three people Friday after a raid on a warehouse in Springfield.\n\n"
    "Officers arrested Jane Q. Doe, 41, at the warehouse, police said.\n\n"
    "All three were taken to the county jail, where they were held on the following "
    "preliminary charges:\n\n"
    "Jane Q. Doe: Theft, receiving stolen property, held in jail in lieu of $20,000 bond.\n\n"
    "Mark T. Rowe: Burglary, possession of burglary tools, held in jail with no bond.\n\n"
    "Lena K. Marsh: Trespass, held in jail in lieu of $5,000 bond.\n"
)


def events_of(text: str, published: str = "2024-03-16") -> list[dict[str, Any]]:
    return extract(text, published=published)["events"]


def spans(text: str, events: list[dict[str, Any]]) -> list[str]:
    return [text[slice(*e["evidence"])] for e in events]


def test_a_blank_line_ends_a_sentence() -> None:
    # the byline above the first paragraph is no part of its first sentence
    arrest = next(e for e in events_of(ARRESTS) if e["type"] == "COERCE")
    assert ARRESTS[slice(*arrest["evidence"])].startswith("Police arrested three people")


def test_each_entry_of_a_list_of_charges_is_a_charge_against_its_name() -> None:
    charges = [e for e in events_of(ARRESTS) if e["type"] == "ACCUSE"]
    recipients = [(e["recipient"] or {}).get("name") for e in charges]
    assert recipients == ["Jane Q. Doe", "Mark T. Rowe", "Lena K. Marsh"]
    assert spans(ARRESTS, charges)[1].startswith("Mark T. Rowe: Burglary")
    # nobody in the list says who charged them: the police that arrested them
    assert all((e["actor"] or {}).get("name") in ("Police", "Officers") for e in charges)


def test_being_held_in_jail_is_a_detention_of_the_entry_s_name() -> None:
    held = [e for e in events_of(ARRESTS) if e.get("trigger_text") == "held"]
    recipients = {(e["recipient"] or {}).get("name") for e in held}
    assert {"Mark T. Rowe", "Lena K. Marsh"} <= recipients
    assert all(e["type"] == "COERCE" for e in held)


def test_holding_a_person_already_arrested_is_the_arrest_told_again() -> None:
    events = events_of(ARRESTS)
    doe = [
        e
        for e in events
        if e["type"] == "COERCE" and (e["recipient"] or {}).get("name") == "Jane Q. Doe"
    ]
    assert len(doe) == 1
    assert any("$20,000" in ARRESTS[slice(*span)] for span in doe[0].get("also", []))


def test_one_name_and_a_colon_is_no_list() -> None:
    # a headline's "Name: ..." has a speaker as its label, and there is no lead-in
    text = "Minister: talks with rebels have failed\n\nThe talks ended on Friday.\n"
    assert not [e for e in events_of(text) if e["type"] == "ACCUSE"]


def test_to_hold_a_meeting_is_no_detention() -> None:
    events = events_of("The party held its congress in the capital on Friday.")
    assert not [e for e in events if e["type"] == "COERCE"]


def test_the_headline_is_the_lead_told_in_brief() -> None:
    text = (
        "Defence minister resigns\n\n"
        "The country's defence minister resigned on Friday after a row over army spending.\n"
    )
    resigned = [e for e in events_of(text) if e["type"] == "RETREAT"]
    assert len(resigned) == 1
    assert text[slice(*resigned[0]["evidence"])].startswith("The country's defence minister")
    assert [text[slice(*span)] for span in resigned[0]["also"]] == ["Defence minister resigns"]


def test_the_lead_of_a_live_page_is_its_prose_not_its_time_stamps() -> None:
    # published Saturday 2024-03-16; the news is Thursday's, told in the fourth line
    text = (
        "SPRINGFIELD — The latest on the warehouse raid (all times local):\n\n"
        "10 p.m.\n\n"
        "Police say the suspects had been watched for weeks.\n\n"
        "9 p.m.\n\n"
        "8 p.m.\n\n"
        "Officers raided the warehouse on Thursday and seized stolen goods.\n\n"
        "Police arrested a guard.\n"
    )
    arrest = next(e for e in events_of(text) if e["type"] == "COERCE" and e["mode"] == "arrest")
    assert arrest["date"] == "2024-03-14"


def test_ripe_or_poised_for_an_act_is_not_the_act() -> None:
    for text in (
        "Rebels are poised to attack the city.",
        "The region is ripe for a violent uprising against the governor.",
    ):
        statuses = {e["status"] for e in events_of(text) if e["type"] == "ASSAULT"}
        assert statuses <= {"hypothetical"}, text
