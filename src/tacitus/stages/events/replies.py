"""Answers to a proposal: whom a reply to "the offer" or "the invitation" bears on.

An answer to a definite proposal ("Customs and Border Protection did not accept the offer",
"the lawmakers failed to answer the invitation") names no recipient in its clause; news
writing told the proposal before, with its maker ("the doctors have offered to stage a
clinic", "the police had invited Melaye"). The reply bears on that maker: the actor of the
last event before it whose word is the proposal's noun or its verb (a shared stem: "invited"
/ "invitation", "offered" / "offer"). The nouns are `proposal` in `lexicons/en/event_words.tsv`.

Reads the events of an article (their `trigger` spans) and its parse; fills the recipient of
the replies it finds, and nothing else.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Article, Event
from tacitus.stages.events.words import PROPOSALS

#: Types of a reply: refusing or accepting what was put.
REPLIES = {"REJECT", "AGREE", "CONCEDE"}
#: Letters a proposal's noun and the word of its earlier event share ("invit", "offer").
STEM = 5


def answer_proposals(article: Article, events: list[Event]) -> list[Event]:
    """Give each reply to a definite proposal with no recipient the proposal's maker.

    Args:
        article: the article, with its parse.
        events: its events, in text order.

    Returns:
        The same list, replies completed.
    """
    doc = article.doc
    if doc is None:
        return events
    for n, event in enumerate(events):
        if event["type"] not in REPLIES or event.get("recipient"):
            continue
        noun = _proposal(_token(doc, event))
        if noun is None:
            continue
        maker = _maker(doc, events[:n], noun, event)
        if maker is not None:
            event["recipient"] = maker
    return events


def _token(doc: Any, event: Event) -> Any | None:
    trigger = event.get("trigger")
    if not trigger:
        return None
    span = doc.char_span(trigger[0], trigger[1], alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _proposal(token: Any | None) -> Any | None:
    """The definite proposal noun the reply's verb (or the verb it governs: "failed to
    answer the invitation") takes as its object, or None."""
    if token is None:
        return None
    verbs = [token, *(c for c in token.children if c.dep_ == "xcomp")]
    for verb in verbs:
        for obj in verb.children:
            if obj.dep_ not in ("dobj", "nsubjpass") or obj.lemma_.lower() not in PROPOSALS:
                continue
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in obj.children):
                return obj
    return None


def _maker(doc: Any, before: list[Event], noun: Any, reply: Event) -> Any | None:
    """The actor of the last earlier event told by the proposal's noun or its verb."""
    stem = noun.lemma_.lower()[:STEM]
    for event in reversed(before):
        token = _token(doc, event)
        if token is None or not token.lemma_.lower().startswith(stem):
            continue
        actor = event.get("actor")
        if actor and actor != reply.get("actor"):
            return dict(actor)
        return None
    return None
