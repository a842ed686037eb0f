"""Who a pronoun playing a role in an event stands for (`tacitus.syntax.pronouns`), and the
doer of a gerund that is an object (`tacitus.syntax.roles.subject`). The sentences are
written for these tests: one per rule of English they check.

- Binding principle B: an object pronoun is never the subject of its own clause ("he had a
  meeting with him" is two people).
- Inside quotation marks, "he" or "she" is never the speaker, who says "I"; reported speech
  ("Marlow said he met ...") says "he" of its speaker.
- A surname the parser did not take for a person's name is still the person's, when the
  article's actor is a person.
- A gerund object's doer is the subject of the verb that governs it ("he had one meeting").
- A sentence's first word is capitalised whatever it is: "Officers" opening a sentence are
  unnamed local officers, of the country where they act.
"""

from __future__ import annotations

from typing import Any

from tacitus import extract
from tacitus.stages.events.records import _common_noun_name


def events_of(text: str) -> list[dict[str, Any]]:
    return extract(text, published="2024-03-14")["events"]


def party(event: dict[str, Any], role: str) -> str | None:
    return (event.get(role) or {}).get("name")


def consults(text: str) -> list[dict[str, Any]]:
    found = [e for e in events_of(text) if e["type"] == "CONSULT"]
    assert found, "no CONSULT event"
    return found


def test_an_object_pronoun_is_not_the_subject_of_its_clause() -> None:
    text = (
        "Peter Marlow, a retired diplomat, testified on Monday. Marlow said talks with Anton "
        "Grell were routine, and he had one private meeting with him in Vienna."
    )
    meeting = [e for e in consults(text) if party(e, "actor") == "Peter Marlow"]
    assert meeting, "the meeting's doer is the subject of 'had'"
    assert party(meeting[-1], "recipient") == "Anton Grell"


def test_a_subject_pronoun_may_still_be_the_reporting_speaker() -> None:
    # reported speech says "he" of its speaker: no bar outside quotation marks
    text = "Peter Marlow testified on Monday. Marlow said he met Anton Grell in Vienna."
    assert any(party(e, "actor") == "Peter Marlow" for e in consults(text))


def test_she_in_a_quote_is_not_its_speaker() -> None:
    text = (
        "Nadia Orlova was suspended by the federation, according to Karl Brenner. "
        'Brenner said: "She remains innocent. She can ask to appeal the decision."'
    )
    requests = [e for e in events_of(text) if e["type"] == "REQUEST"]
    assert requests, "no REQUEST event"
    assert all(party(e, "actor") != "Karl Brenner" for e in requests)


def test_a_surname_the_parser_misread_is_still_a_person_for_he() -> None:
    # spaCy takes some surnames written alone for organisations ("Castell"); the article's
    # actor is a person all the same, and the last person who was a subject
    text = (
        "Paul Castell, a former envoy, was heard on Monday. Tom Hale testified on Tuesday. "
        "Castell said he first discussed the delay with the Ukrainians in August."
    )
    talk = consults(text)
    assert party(talk[-1], "actor") == "Paul Castell"


def test_a_gerund_object_is_done_by_the_subject_of_its_verb() -> None:
    # "one in-person meeting": the parser reads "meeting" as a gerund, object of "had"
    text = (
        "Anton Grell said meeting with Rudy Giuliani was just part of the dialogue, and he had "
        "one in-person meeting with him, in which Giuliani raised a theory."
    )
    meeting = [e for e in consults(text) if party(e, "actor") == "Anton Grell"]
    assert meeting and party(meeting[0], "recipient") == "Rudy Giuliani"


def test_a_capitalised_noun_of_people_opening_a_sentence_is_a_common_noun() -> None:
    assert _common_noun_name("Officers")  # "Officers arrested ...": local officers
    assert _common_noun_name("transit officers")
    assert not _common_noun_name("Chronicle")  # a lone capitalised word may be a name


def test_he_in_a_reported_clause_is_its_reporter_whatever_the_parser_took_him_for() -> None:
    # spaCy takes "Sondland" written alone for a place; the article's actor is a person
    text = (
        "Ambassador Gordon Sondland had a phone call with President Donald Trump. Trump has "
        "tried to suggest that he barely knows his ambassador, but Sondland has said he has "
        "spoken several times with the president."
    )
    talk = [e for e in consults(text) if e["evidence"][0] > 80]
    assert talk and party(talk[0], "actor") == "Gordon Sondland"
    assert party(talk[0], "recipient") == "Donald Trump"
