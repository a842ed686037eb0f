"""Conventions of English and of news writing that the actors and events stages follow. The
texts are written for these tests, one per convention:

- Telling a party that it is obliged to act asks it to act: "told the rebels they must lay
  down their arms" is a demand (PLOVER REQUEST); telling what happened is none. "Tell" takes
  no gerund: in "told visiting officials" the participle describes the officials, no visit.
- A country named as the modifier of a noun of people ("Ukraine officials") is a demonym in
  all but form: it says who they are, not where the event happens.
- Delayed identification: a lead that opens on an unnamed person ("A Lyon woman was
  arrested ...") names them at the start of the next paragraph; that person is the one the
  lead described, of the country the description gives.
- A subheading ("2. Never urged Ukraine to ...") announces what the paragraphs under it
  tell, as a headline announces its lead: one happening.
- The inverted pyramid: a lead that states no time takes the date the next sentence gives
  the happening of its type ("is urging ... In a March 3 letter, they pleaded").
"""

from __future__ import annotations

from typing import Any

from tacitus import extract
from tacitus.stages.events.merge import subheadings


def record(text: str) -> dict[str, Any]:
    return extract(text, published="2024-03-14")


def types_of(text: str) -> list[str]:
    return [e["type"] for e in record(text)["events"]]


def test_telling_a_party_it_must_act_is_a_demand() -> None:
    events = record("The minister told the rebels they must lay down their arms.")["events"]
    demands = [e for e in events if e["type"] == "REQUEST"]
    assert demands and demands[0]["recipient"]["name"] == "rebels"
    assert demands[0]["status"] == "demanded"


def test_telling_what_happened_is_no_demand() -> None:
    assert "REQUEST" not in types_of("He told reporters the rebels had attacked the town.")


def test_told_visiting_officials_tells_no_visit() -> None:
    text = "Sondell told visiting Ukraine officials they would need to deliver first."
    kinds = types_of(text)
    assert "REQUEST" in kinds and "CONSULT" not in kinds


def test_a_country_naming_who_people_are_is_not_where_they_act() -> None:
    events = record("The mayor met Ukraine officials on Monday.")["events"]
    meetings = [e for e in events if e["type"] == "CONSULT"]
    assert meetings and meetings[0]["location"] is None


def test_the_person_named_after_a_lead_is_the_one_it_described() -> None:
    text = (
        "A Lyon woman was arrested for threatening a judge, prosecutors said on Monday.\n\n"
        "Marie Duval, 41, could face two years in prison. Duval denied the charges."
    )
    people = {a["name"]: a for a in record(text)["actors"]}
    assert people["Marie Duval"]["country"] == "FRA"


def test_a_person_named_after_a_lead_on_somebody_named_gets_nothing_from_it() -> None:
    text = (
        "Prosecutors in Lyon charged a judge on Monday.\n\n"
        "Marie Duval, 41, could face two years in prison. Duval denied the charges."
    )
    people = {a["name"]: a for a in record(text)["actors"]}
    assert people["Marie Duval"]["country"] is None


def test_a_lead_without_a_time_takes_the_date_its_next_sentence_gives() -> None:
    # the inverted pyramid: the news first, its circumstances (its date) right after
    text = (
        "A group of lawyers is urging the ministry to free the prisoners.\n\n"
        "In a March 3 letter, the lawyers pleaded with the minister to act."
    )
    events = record(text)["events"]
    urged = [e for e in events if e["type"] == "REQUEST" and e["evidence"][0] < 60]
    assert urged and urged[0]["date"] == "2024-03-03" and not urged[0]["date_is_fallback"]


def test_a_lead_keeps_its_own_time() -> None:
    text = (
        "A group of lawyers urged the ministry on Monday to free the prisoners.\n\n"
        "In a March 3 letter, the lawyers pleaded with the minister to act."
    )
    urged = [e for e in record(text)["events"] if e["evidence"][0] < 60]
    assert urged and urged[0]["date"] == "2024-03-11"


def test_a_subheading_announces_what_the_paragraphs_under_it_tell() -> None:
    text = (
        "The envoy testified for six hours on Tuesday.\n\n"
        "2. Never urged Kosovo to arrest the mayor\n\n"
        "At no time did I urge Kosovo to arrest the mayor, the envoy told lawmakers.\n\n"
        "3. The hold on the aid\n\n"
        "The envoy opposed the hold on the aid."
    )
    heading = "2. Never urged Kosovo to arrest the mayor"
    other = "3. The hold on the aid"
    first, second = text.index(heading), text.index(other)
    assert subheadings(text) == [(first, first + len(heading)), (second, second + len(other))]
    urged = [e for e in record(text)["events"] if e["type"] == "REQUEST"]
    end = first + len(heading)
    assert len(urged) == 1 and urged[0]["evidence"][0] > end  # the paragraph's, not the heading's
    assert urged[0]["also"][0][0] < end


def test_attribution_lines_and_sentences_are_no_subheadings() -> None:
    text = "Rebels attacked the town.\n\n— The Senate (@Senate) October 9, 2018\n\nIt was calm"
    assert subheadings(text) == [(len(text) - len("It was calm"), len(text))]
