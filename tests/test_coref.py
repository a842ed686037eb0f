"""Coreference by rules (`tacitus.syntax.coref`) and the speakers of quotes it resolves.

The sentences are written for these tests: one per class of error seen on real articles (a
surname taken for a country, a pronoun resolved to a man named inside the quote, an office
resolved to the last person named, a name nobody bears resolved to a nearby group).
"""

from __future__ import annotations

from typing import Any

import pytest

from tacitus.core.article import Article
from tacitus.core.settings import DEFAULT_MODEL
from tacitus.stages import quotes
from tacitus.stages.nlp import ENTITY_TYPES, load_model
from tacitus.syntax import coref


@pytest.fixture(scope="module")
def nlp() -> Any:
    return load_model(DEFAULT_MODEL)


def _article(nlp: Any, text: str, actors: list[dict[str, Any]]) -> Article:
    """A parsed article whose actors are mentioned where spaCy's entities spell their names
    (a name not listed is left uncovered, as the actors stage sometimes leaves it)."""
    doc = nlp(text)
    article = Article(id="t", text=text, doc=doc)
    article.entities = [
        {
            "start": e.start_char,
            "end": e.end_char,
            "text": e.text,
            "type": ENTITY_TYPES[e.label_],
            "label": e.label_,
            "actor": None,
            "place": None,
        }
        for e in doc.ents
        if e.label_ in ENTITY_TYPES
    ]
    for actor in actors:
        actor["mentions"] = []
        actor.setdefault("name", sorted(actor["names"], key=len)[-1])
        for entity in article.entities:
            if entity["text"] in actor["names"]:
                entity["actor"] = actor["id"]
                actor["mentions"].append([entity["start"], entity["end"]])
    article.actors = actors
    return article


def _source(nlp: Any, text: str, words: str) -> tuple[tuple[int, int], int]:
    """The span of a source phrase and the index of its last token (its head)."""
    start = text.index(words)
    doc = nlp(text)
    span = doc.char_span(start, start + len(words))
    return (start, start + len(words)), span[-1].i


def _speakers(nlp: Any, text: str, actors: list[dict[str, Any]]) -> dict[str, str | None]:
    """Source phrase -> the name of its speaker, for every quote of the text."""
    article = quotes.attribute_quotes(_article(nlp, text, actors), None)
    names = {a["id"]: a["name"] for a in article.actors}
    return {
        article.text[q["source"][0] : q["source"][1]]: names.get(q["speaker"] or "")
        for q in article.quotes
        if q["source"]
    }


def test_a_surname_is_the_actor_named_in_full_not_a_nearby_country(nlp: Any) -> None:
    text = (
        "Ambassador Peter Lindqvist arrived in Norway on Monday.\n\n"
        "Lindqvist said he had spoken with the Norwegian prime minister twice this month."
    )
    actors = [
        {"id": "A1", "names": {"Peter Lindqvist"}, "person": True, "country": "SWE"},
        {"id": "A2", "names": {"Norway"}, "person": False, "country": "NOR"},
    ]
    assert _speakers(nlp, text, actors)["Lindqvist"] == "Peter Lindqvist"


def test_a_name_no_actor_bears_is_a_speaker_of_its_own_not_a_nearby_group(nlp: Any) -> None:
    text = (
        "Workers at the port of Genoa went on strike on Monday.\n\n"
        "Harbour officials are worried about the costs, Marcolini said on Tuesday."
    )
    actors = [{"id": "A1", "names": {"Genoa"}, "person": False, "country": "ITA"}]
    assert coref.speaker_of(_article(nlp, text, actors), *_source(nlp, text, "Marcolini")) is None
    article = quotes.attribute_quotes(_article(nlp, text, actors), None)
    made = article.actor(article.quotes[0]["speaker"])
    assert made is not None and made["id"] != "A1"
    assert (made["name"], made["country"], made["source"]) == ("Marcolini", None, "speaker")


def test_she_is_not_a_man_named_inside_her_own_quote(nlp: Any) -> None:
    text = (
        "Press Secretary Dana Whitfield spoke after the hearing ended on Friday.\n\n"
        '"Today, Senator Ruben Ortiz again admitted that the allegations were false and '
        'nothing new was learnt," she said.'
    )
    actors = [
        {"id": "A1", "names": {"Dana Whitfield"}, "person": True},
        {"id": "A2", "names": {"Ruben Ortiz"}, "person": True},
    ]
    assert _speakers(nlp, text, actors)["she"] == "Dana Whitfield"


def test_she_takes_a_woman_over_a_man_by_their_titles(nlp: Any) -> None:
    text = (
        "Ms. Helen Brandt met Mr. Oskar Vale at the ministry in Vienna on Monday.\n\n"
        "She said the two governments would sign the treaty in the spring."
    )
    actors = [
        {"id": "A1", "names": {"Helen Brandt"}, "person": True},
        {"id": "A2", "names": {"Oskar Vale"}, "person": True},
    ]
    assert _speakers(nlp, text, actors)["She"] == "Helen Brandt"


def test_an_office_is_the_person_named_with_that_title(nlp: Any) -> None:
    text = (
        "Republican Gov. Alan Mercer signed the budget in March, and Senator Rita Holm opposed "
        "it.\n\n"
        "Teachers marched to the capitol on Tuesday.\n\n"
        "The governor said he would wait for the commission's report before raising pay."
    )
    actors = [
        {"id": "A1", "names": {"Alan Mercer"}, "person": True},
        {"id": "A2", "names": {"Rita Holm"}, "person": True},
    ]
    assert _speakers(nlp, text, actors)["The governor"] == "Alan Mercer"


def test_a_lead_s_office_is_the_person_the_next_paragraph_names(nlp: Any) -> None:
    text = (
        "A regional police chief says two men were arrested after a fight on a ferry.\n\n"
        "Harbour Police Chief Tomas Ekberg told reporters that the ferry had been stopped."
    )
    actors = [{"id": "A1", "names": {"Tomas Ekberg"}, "person": True}]
    assert _speakers(nlp, text, actors)["A regional police chief"] == "Tomas Ekberg"


def test_his_office_speaks_for_him(nlp: Any) -> None:
    text = (
        "Mayor Carl Dunmore did not attend the meeting on Tuesday.\n\n"
        "His office said he was travelling to a conference in Denver."
    )
    actors = [{"id": "A1", "names": {"Carl Dunmore"}, "person": True}]
    assert _speakers(nlp, text, actors)["His office"] == "Carl Dunmore"


def test_someone_s_lawyer_is_not_the_last_person_named(nlp: Any) -> None:
    text = (
        "Prosecutor Ian Shaw questioned Paul Ferris about the payments on Monday.\n\n"
        "Ferris's lawyer said the question was outside the scope of the inquiry."
    )
    actors = [
        {"id": "A1", "names": {"Ian Shaw"}, "person": True},
        {"id": "A2", "names": {"Paul Ferris", "Ferris"}, "person": True},
    ]
    assert _speakers(nlp, text, actors)["Ferris's lawyer"] == "Ferris's lawyer"


def test_they_are_the_people_named_together(nlp: Any) -> None:
    text = (
        "Gov. Nora Hale and leaders of the Senate have avoided criticising the nurses. They "
        "seem intent on not angering the unions. However, they said they would not raise "
        "wages before 2026."
    )
    actors = [
        {"id": "A1", "names": {"Nora Hale"}, "person": True},
        {"id": "A2", "names": {"Senate"}, "person": False},
    ]
    assert _speakers(nlp, text, actors)["they"] == "Nora Hale"


def test_the_chairman_of_a_party_speaks_for_it_when_no_chairman_is_named(nlp: Any) -> None:
    text = (
        "The Liberal Party posted an edited video of the debate on Sunday.\n\n"
        "The chairman of the Liberal Party described the video as harmless satire."
    )
    actors = [{"id": "A1", "names": {"The Liberal Party", "the Liberal Party"}, "person": False}]
    article = _article(nlp, text, actors)
    head = next(t for t in article.doc if t.text == "chairman")
    mention = coref.Mention(head.left_edge.idx, head.idx + len(head), head.i)
    assert coref.resolve(article, mention) == "A1"


def test_a_plural_description_is_nobody_named_before(nlp: Any) -> None:
    text = (
        "President Lena Moss will decide on the tariffs next week.\n\n"
        "A deal could now be pushed into next year, trade experts say."
    )
    actors = [{"id": "A1", "names": {"Lena Moss"}, "person": True}]
    assert _speakers(nlp, text, actors)["trade experts"] == "trade experts"


def test_the_ministry_is_the_ministry_named_before_not_the_nearest_group(nlp: Any) -> None:
    text = (
        "The Interior Ministry ordered the closure of the border on Monday. The Red Cross "
        "protested on Tuesday.\n\n"
        "The ministry said the closure would last a week."
    )
    actors = [
        {"id": "A1", "names": {"The Interior Ministry", "Interior Ministry"}, "person": False},
        {"id": "A2", "names": {"The Red Cross", "Red Cross"}, "person": False},
    ]
    assert _speakers(nlp, text, actors)["The ministry"] == "The Interior Ministry"


def test_an_indefinite_description_of_a_person_is_somebody_new(nlp: Any) -> None:
    # English introduces a new referent with "a" or "one": not the trade expert named before
    text = (
        "Trade expert Maria Lund met the minister on Monday.\n\n"
        '"The talks are stuck," one Brussels-based trade expert said on Tuesday.'
    )
    actors = [{"id": "A1", "names": {"Maria Lund"}, "person": True}]
    found = _speakers(nlp, text, actors)
    assert found["one Brussels-based trade expert"] == "Brussels-based trade expert"


def test_an_indefinite_office_may_be_the_holder_named_after_it(nlp: Any) -> None:
    # a lead names the office, the next paragraph the person; an earlier holder is not it
    text = (
        "Harbour Police Chief Anna Berg retired in May.\n\n"
        "A regional police chief says two men were arrested after a fight on a ferry.\n\n"
        "Harbour Police Chief Tomas Ekberg told reporters that the ferry had been stopped."
    )
    actors = [
        {"id": "A1", "names": {"Anna Berg"}, "person": True},
        {"id": "A2", "names": {"Tomas Ekberg"}, "person": True},
    ]
    assert _speakers(nlp, text, actors)["A regional police chief"] == "Tomas Ekberg"


def test_the_same_description_twice_is_one_speaker(nlp: Any) -> None:
    text = (
        "The physicians said the clinic could open in a week.\n\n"
        "The physicians said volunteers would staff it at no cost to the state."
    )
    article = quotes.attribute_quotes(_article(nlp, text, []), None)
    assert len(article.quotes) == 2
    assert article.quotes[0]["speaker"] == article.quotes[1]["speaker"] is not None
    (made,) = article.actors
    assert made["name"] == "physicians"


def test_a_document_is_no_speaker_of_its_own(nlp: Any) -> None:
    text = "The report said the agency had failed to inspect the bridge for three years."
    article = quotes.attribute_quotes(_article(nlp, text, []), None)
    assert article.quotes and article.quotes[0]["speaker"] is None
    assert article.actors == []


def test_he_is_not_a_plural_description(nlp: Any) -> None:
    text = (
        "Senator Paul Kerr spoke on Monday.\n\n"
        "Union leaders said the strike would go on.\n\n"
        "He said he would vote against the bill."
    )
    actors = [{"id": "A1", "names": {"Paul Kerr"}, "person": True}]
    assert _speakers(nlp, text, actors)["He"] == "Paul Kerr"


def test_a_bare_plural_is_new_people_not_the_last_group_named(nlp: Any) -> None:
    # "teachers unions said": a plural with no determiner introduces somebody new
    text = (
        "The State Legislature passed the budget on Monday.\n\n"
        "Nearly 300 schools closed for the rally, teachers unions said on Tuesday."
    )
    actors = [{"id": "A1", "names": {"The State Legislature", "State Legislature"}}]
    for actor in actors:
        actor["person"] = False
    assert _speakers(nlp, text, actors)["teachers unions"] == "teachers unions"
