"""What a clause's frame makes of the events in it (`tacitus.stages.events.clauses`). The
sentences are written for these tests, one per rule of English:

- Verbs coordinated under one governing word with no subject of their own ("threatened to
  assault and murder") are one complement: each is what the governing word is about (the
  threat's content), not an event that happened; so is the object of each ("asked them to
  raise wages and provide relief": the relief is asked for), not what is said of it. A verb
  in another form ("promised to rebuild ... and carried out an airstrike") tells what was done.
- A conjunct of a main verb is a clause of its own ("attacked the town and burned the
  market": two happenings), unless it leaves a participant unnamed that the other names:
  "officers searched the area and arrested a suspect" is one police operation, as "a
  meeting ... he had one meeting with him" is one meeting.
- A quoted question asks whether something happens; it tells no happening.
- A clause with an adverb of what is normal ("usually", "typically") tells a rule, not a
  happening; one of repetition ("routinely") reports happenings as a pattern.
- Help that a situation or a happening gives ("that would help farmers") is benefit, not
  PLOVER AID, which a party gives; appeal that something has or holds is attraction, not a
  request.
- An event noun that modifies another noun names a kind of thing ("torture centres"), and
  so does one coordinated with such a modifier ("a processing and detention facility").
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from tacitus import extract
from tacitus.syntax import roles


def types_of(text: str) -> list[str]:
    events: list[dict[str, Any]] = extract(text, published="2024-03-14")["events"]
    return [e["type"] for e in events]


def test_each_verb_of_a_threatened_coordination_is_threatened() -> None:
    text = "Tom Varga pleaded guilty to threatening to assault and murder a county judge."
    kinds = types_of(text)
    assert "THREATEN" in kinds
    assert "ASSAULT" not in kinds  # the murder was threatened, not done


def test_the_object_of_a_coordinated_verb_is_what_is_asked_for_too() -> None:
    # the relief is asked for with the wages: no aid given
    text = "The union asked the government to raise wages and provide some relief to farmers."
    assert types_of(text) == ["REQUEST"]
    # a fact told of what is asked about ("the tariffs imposed in May") stays an event
    text = "Beijing wants Washington to cut fees and give relief from the tariffs imposed on it."
    assert "COERCE" in types_of(text)
    # told, not asked for: the relief was given
    assert "AID" in types_of("The government raised wages and provided some relief to farmers.")
    # a verb in another form, or with an object a passive cannot have, is what they did next
    text = "The ministry promised to rebuild the school and carried out an airstrike on Monday."
    assert "ASSAULT" in types_of(text)
    assert "PROTEST" in types_of("Workers demanded to be paid and held a strike at the port.")


def threatened(text: str) -> list[str | None]:
    events: list[dict[str, Any]] = extract(text, published="2024-03-14")["events"]
    return [(e["recipient"] or {}).get("name") for e in events if e["type"] == "THREATEN"]


def test_the_one_threatened_is_the_object_the_coordinated_verbs_share() -> None:
    # right-node raising: "assault" and "murder" share "a county judge"
    assert threatened("Tom Varga threatened to assault and murder a county judge.") == [
        "county judge"
    ]
    # the same when the parse reads "to assault" as a preposition and its object
    text = "Tom Varga pleaded guilty to threatening to assault and murder a county judge."
    assert threatened(text) == ["county judge"]


def test_a_coordinated_verb_with_a_subject_of_its_own_keeps_its_object() -> None:
    # "to resign and the council fire the mayor": built by hand, as the small parser hangs
    # such a clause on the main verb; the mayor is the council's object, not threatened
    words = "Varga threatened to resign and the council fire the mayor".split()
    heads = [1, 1, 3, 1, 3, 6, 7, 3, 9, 7]
    deps = ["nsubj", "ROOT", "aux", "xcomp", "cc", "det", "nsubj", "conj", "det", "dobj"]
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert [t.text for t in roles._content_objects(doc[3], 2)] == []
    deps[6] = "dep"  # without its subject the verb shares the frame: its object is reached
    doc = Doc(Vocab(), words=words, heads=heads, deps=deps)
    assert [t.text for t in roles._content_objects(doc[3], 2)] == ["mayor"]


def test_a_conjunct_of_a_main_verb_stays_an_event() -> None:
    kinds = types_of("Rebels attacked the town and seized the mayor on Tuesday.")
    assert "ASSAULT" in kinds and "COERCE" in kinds


def coerce_of(text: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = extract(text, published="2024-03-14")["events"]
    return [e for e in events if e["type"] == "COERCE"]


def test_verbs_coordinated_under_one_subject_tell_one_happening() -> None:
    # the search names nobody searched; the arrest does: one police operation, one event
    found = coerce_of("Transit officers searched the area and were able to arrest a suspect.")
    assert len(found) == 1 and found[0]["recipient"]["name"] == "suspect"


def test_a_coordinated_verb_with_its_own_subject_is_another_happening() -> None:
    found = coerce_of("Police searched the house, and soldiers arrested the owner.")
    assert len(found) == 2


def test_one_word_twice_in_a_sentence_is_one_happening() -> None:
    text = (
        "Anton Grell said meeting with Rudy Giuliani was just part of the dialogue, and he had "
        "one in-person meeting with him, in which Giuliani raised a theory."
    )
    events = extract(text, published="2024-03-14")["events"]
    meetings = [e for e in events if e["type"] == "CONSULT"]
    assert len(meetings) == 1 and meetings[0]["actor"]["name"] == "Anton Grell"


def test_a_quoted_question_tells_no_happening() -> None:
    text = "\u201cSo he is going to attack the town?\u201d the minister asked on Monday."
    assert "ASSAULT" not in types_of(text)
    told = "\u201cHe is going to attack the town,\u201d the minister said on Monday."
    assert "ASSAULT" in types_of(told) or "THREATEN" in types_of(told)
    # the question is quoted; the arrest before it is told
    asked = "Police arrested the man after he asked \u201cwhy?\u201d on Monday."
    assert "COERCE" in types_of(asked)


def test_a_clause_of_what_usually_happens_tells_no_happening() -> None:
    assert "COERCE" not in types_of("Migrants are usually held in custody for three days.")
    # repeated happenings reported as a pattern are still happenings
    assert "ASSAULT" in types_of("Soldiers routinely beat detainees in the camp, the report said.")


def test_help_from_a_situation_or_a_happening_is_no_aid() -> None:
    assert "AID" not in types_of("That would help the farmers of the region.")
    assert "AID" not in types_of("The deal would help farmers in Iowa.")
    assert "AID" in types_of("Japan helped Tonga after the tsunami.")


def test_appeal_that_a_stance_holds_is_no_request() -> None:
    assert "REQUEST" not in types_of("His stance holds appeal to voters in Ohio.")
    assert "REQUEST" in types_of("The UN launched an appeal to donors for food aid.")


def test_an_event_noun_coordinated_in_a_modifier_names_a_kind_of_thing() -> None:
    text = "Doctors offered a clinic at the border processing and detention facility."
    assert "COERCE" not in types_of(text)
    assert "COERCE" in types_of("The detention of three reporters by police drew criticism.")
