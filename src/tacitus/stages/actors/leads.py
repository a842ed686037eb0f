"""The delayed identification of news writing, for the actors stage.

A news lead often opens on a person it does not name yet, by what makes them news ("A New
York man pleaded guilty to threatening ...", "A 55-year-old Lyon woman was arrested ..."), and
names them at the start of the next paragraph ("Patrick Carlineo Jr., 55, could face ...").
The person named there is the one the lead described: when the knowledge base does not know
them and no title of theirs gives a country, they take the country of the description (its
place or demonym), the evidence the article gives.

Reads the article's parse and title span and the cast; changes a person's country.
"""

from __future__ import annotations

from typing import Any

from tacitus.lexicons.cues import person_nouns
from tacitus.stages.actors.cast import Actor, Cast, Scene


def name_the_lead(scene: Scene, cast: Cast) -> None:
    """Give the person the paragraph after the lead names the country of the unnamed person
    the lead opens on (see the module's docstring)."""
    doc = scene.doc
    title = scene.article.title_span
    body = [s for s in doc.sents if title is None or s.start_char >= title[1]]
    if len(body) < 2:
        return
    lead = body[0]
    described = _described(cast, lead)
    if described is None:
        return
    text = scene.article.text
    after = text.find("\n", lead.end_char - 1)
    following = next((s for s in body[1:] if after >= 0 and s.start_char > after), None)
    if following is None:
        return
    named = _named_first(cast, following)
    if named is not None and not named.country and not named.kb_id:
        named.country, named.country_from = described.country, described.country_from


def _described(cast: Cast, lead: Any) -> Actor | None:
    """The actor of the lead's subject when it is an indefinite description of a person ("A
    New York man") with a country."""
    # the news of a lead attributed at its end ("..., the Attorney's Office announced") is the
    # clause reported, and its subject the person the lead opens on
    clauses = [c for c in lead.root.children if c.dep_ == "ccomp"] + [lead.root]
    subject = next(
        (t for c in clauses for t in c.children if t.dep_ in ("nsubj", "nsubjpass")), None
    )
    if subject is None or subject.lemma_.lower() not in person_nouns():
        return None
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in subject.children):
        return None
    for *_, actor in cast.mention_index.overlapping(subject.idx, subject.idx + len(subject)):
        if not actor.person and actor.country:
            return actor
    return None


def _named_first(cast: Cast, sentence: Any) -> Actor | None:
    """The person a sentence opens on by a full name, mentioned there for the first time."""
    subject = next((t for t in sentence.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "PROPN" or subject.left_edge.i != sentence.start:
        return None
    for *_, actor in cast.mention_index.overlapping(subject.idx, subject.idx + len(subject)):
        new = actor.first_start >= sentence.start_char
        if actor.person and len(actor.name.split()) > 1 and new:
            return actor
    return None
