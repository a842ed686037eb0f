"""Events: code every political event of an article as a PLOVER event record.

Reads `article.doc` (the parse), `article.actors`, `article.entities`, `article.places`,
`article.quotes` and the time layer (`tacitus.timex.anchor.governing_date`); adds `article.events`,
one contract dict per event: type, mode, actor, recipient, location, date, status, evidence,
counts, confidence, plus `trigger` (the event word's span), `date_is_fallback` and, for an
event said inside a quote, `quote` (the quote's index).

Events are found clause by clause: each trigger (`tacitus.lexicons.triggers`) heads an event unless
it is the content of another ("called for a ceasefire" is one REQUEST, not also a
RETREAT); the content of an agreement to meet becomes a future CONSULT of its own ("agreed
to attend talks"). Status comes from negation, auxiliaries, conditionals and governing words
(`lexicons/en/event_status.tsv`); counts (`tacitus.syntax.counts`) go to the event whose
clause holds them.

The stage is split by concern: `clauses` (which triggers head an event), `status` (status
and intention), `participants` (actors and recipients), `records` (the record of each actor:
place, date, quote, confidence, counts), `entries` (lists of "Name: ..." entries under a
lead-in: one event per entry), `merge` (one record per happening; the headline joins its
lead), `replies` (an answer to "the offer" bears on its maker), `incidents` (harm nobody
inflicted), `check` (the optional embedding check); the
English word lists are tables of `lexicons/en/` read by `words`.
"""

from __future__ import annotations

import bisect
from typing import Any

from tacitus.core.article import Article, Event, Incident
from tacitus.core.stage import Context
from tacitus.lexicons.triggers import Trigger, find_triggers
from tacitus.stages.events.check import MARGIN, check_events
from tacitus.stages.events.clauses import (
    CONDITIONS,
    CONTENT_TAKING,
    DENIALS,
    INDEPENDENT,
    SUBJECTS,
    _background,
    _direct,
    _further_toll,
    _host,
    _is_denial,
)
from tacitus.stages.events.entries import code_lists
from tacitus.stages.events.incidents import harm_cause, incident
from tacitus.stages.events.merge import (
    fold_partial,
    merge_headline,
    merge_mentions,
    merge_subheadings,
    subheadings,
)
from tacitus.stages.events.participants import WORKFORCE
from tacitus.stages.events.records import (
    LOCAL_TYPES,
    NEEDS_PARTICIPANT,
    OFFICIAL,
    _attach_counts,
    _has_substance,
    _records,
    private_theft,
)
from tacitus.stages.events.replies import answer_proposals
from tacitus.stages.events.status import (
    COMPLEMENTS,
    CONDITION_BARRIERS,
    CONDITION_DEPS,
    COOPERATIVE,
    STATUS_BARRIERS,
    THREAT_MODES,
    _condition,
    _intended,
    _status,
)
from tacitus.stages.events.unnamed import unnamed_locals
from tacitus.stages.events.words import (
    ACCIDENTAL,
    BACKGROUND_PREPS,
    HABITUAL,
    INTENT_HOSTS,
    NON_AGENTS,
    NOT_ACTORS,
    PROTESTERS,
    SPEECH,
    TEMPORAL_MARKS,
)
from tacitus.syntax.counts import find_counts
from tacitus.syntax.pronouns import inside_marks

#: How many sentences after a headline make the lead that tells what the headline announces.
LEAD_SENTENCES = 2

# The module's names before it became a package, kept importable from here.
__all__ = [
    "ACCIDENTAL",
    "BACKGROUND_PREPS",
    "COMPLEMENTS",
    "CONDITIONS",
    "CONDITION_BARRIERS",
    "CONDITION_DEPS",
    "CONTENT_TAKING",
    "COOPERATIVE",
    "DENIALS",
    "INDEPENDENT",
    "INTENT_HOSTS",
    "LOCAL_TYPES",
    "MARGIN",
    "NEEDS_PARTICIPANT",
    "NON_AGENTS",
    "NOT_ACTORS",
    "OFFICIAL",
    "PROTESTERS",
    "SPEECH",
    "STATUS_BARRIERS",
    "TEMPORAL_MARKS",
    "THREAT_MODES",
    "WORKFORCE",
    "check_events",
    "code_events",
]


def code_events(article: Article, ctx: Context | None = None) -> Article:
    """Stage: fill `article.events` with the PLOVER events of every sentence.

    Args:
        article: an article after the nlp, places, actors, times and quotes stages.
        ctx: the pipeline context; with `settings.use_embeddings` the events are checked
            against example clauses by a sentence-embedding model (`check.check_events`).

    Returns:
        The article, with `events` set (contract dicts, in text order).
    """
    if article.doc is None:
        return article
    events: list[Event] = []
    incidents: list[Incident] = []
    sents = list(article.doc.sents)
    for sent in sents:
        found, harm = _sentence_events(article, sent)
        events.extend(found)
        incidents.extend(harm)
    listed, told = code_lists(article, sents, events)
    starts = [s.start_char for s in sents]
    if listed or told:  # each entry's record after the records of its own sentence
        retold = {id(t) for t in told}
        events = [e for e in events if id(e) not in retold]
        events = sorted([*events, *listed], key=lambda e: _sentence_of(starts, e))
    body_start = article.title_span[1] if article.title_span is not None else 0
    body = [s for s in sents if s.start_char >= body_start]
    _date_the_lead(article, body, events)
    events = fold_partial(
        events,
        lambda event: bisect.bisect_right(starts, event["trigger"][0]),
        lambda one, other: _one_telling(article.doc, one, other),
    )
    article.events = merge_mentions(answer_proposals(article, events))
    inside = [s for s in subheadings(article.text) if s[0] >= body_start]
    article.events = merge_subheadings(article.events, inside)  # the headline: below
    if article.title_span is not None:
        lead_end = body[min(LEAD_SENTENCES, len(body)) - 1].end_char if body else 0
        article.events = merge_headline(article.events, article.title_span, lead_end)
    article.events = unnamed_locals(article, article.events)
    article.incidents = incidents
    if ctx is not None and ctx.settings.use_embeddings:
        check_events(article)  # optional: its model needs tacitus[embeddings]
    return article


def _date_the_lead(article: Article, body: list[Any], events: list[Event]) -> None:
    """Give an event of the lead that states no time the date of the event of its type that
    the next sentence dates ("A group of physicians is urging DHS to accept its offer ...
    In a Nov. 5 letter, the doctors pleaded with the administration"): news states the
    happening first and its circumstances, its date among them, right after. `body` is the
    article's sentences after its headline."""
    if len(body) < 2:
        return
    lead, after = body[0], body[1]

    def inside(event: Event, sent: Any) -> bool:
        return sent.start_char <= event["trigger"][0] < sent.end_char

    dated: dict[str, str | None] = {}
    for event in events:
        if inside(event, after) and not event["date_is_fallback"]:
            dated.setdefault(event["type"], event["date"])

    def timeless(event: Event) -> bool:  # no time of its own, not even one unresolved
        start, end = event["evidence"]
        return not any(start < t["end"] and t["start"] < end for t in article.times)

    for event in events:
        if inside(event, lead) and event["date_is_fallback"] and event["type"] in dated:
            if timeless(event):
                event["date"], event["date_is_fallback"] = dated[event["type"]], False


def _one_telling(doc: Any, one: Event, other: Event) -> bool:
    """Whether two records' triggers are, in one sentence, the same word or verbs coordinated
    under one subject."""
    first = doc.char_span(*one["trigger"], alignment_mode="expand")
    second = doc.char_span(*other["trigger"], alignment_mode="expand")
    if first is None or second is None:
        return False
    a, b = first.root, second.root
    if a.sent.start != b.sent.start:
        return False
    if a.lower_ == b.lower_:
        return True
    a, b = _clause_verb(a), _clause_verb(b)
    return a in b.conjuncts and not any(
        c.dep_ in SUBJECTS for t in (a, b) if t.dep_ == "conj" for c in t.children
    )


def _clause_verb(token: Any) -> Any:
    """The verb of a trigger's clause: "apprehend" in "were able to apprehend" is "were"'s."""
    while token.dep_ in ("xcomp", "acomp") and token.head.i != token.i:
        token = token.head
    return token


def _habitual(trigger: Trigger) -> bool:
    """Whether the clause of a trigger (its verb, or the verb an event noun hangs on) has an
    adverb of what is normal: it tells a rule, not a happening."""
    token = trigger.token
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return any(c.dep_ == "advmod" and c.lower_ in HABITUAL for c in token.children)


def _quoted_question(text: str, position: int) -> bool:
    """Whether a position is inside quoted words that end in a question mark: a question
    asks whether something happens; it tells no happening."""
    if not inside_marks(text, position):
        return False  # 'arrested him after he asked "why?"': the arrest is told
    end = text.find("\n", position)
    line = text[position : end if end >= 0 else len(text)]
    closing = min((i for i in (line.find(m) for m in ("”", "’", '"')) if i > 0), default=-1)
    return closing > 0 and line[:closing].rstrip().endswith("?") and "." not in line[:closing]


def _sentence_of(starts: list[int], event: Event) -> int:
    """The index of the sentence an event's evidence begins in."""
    return bisect.bisect_right(starts, event["evidence"][0]) - 1


def _sentence_events(article: Article, sent: Any) -> tuple[list[Event], list[Incident]]:
    """The records of the events of one sentence (those that need a participant and name
    none are left out), and its incidents: harm that nobody inflicted."""
    triggers = find_triggers(sent)
    by_token = {t.token.i: t for t in triggers}
    hosts = {t.token.i: _host(t, by_token) for t in triggers}
    for trigger in triggers:
        host = hosts[trigger.token.i]
        if host is not None and host.token.lemma_.lower() in INTENT_HOSTS:
            if trigger.type in THREAT_MODES and _direct(trigger, host):
                host.type, host.mode = _intended(trigger, "future", False)
    foreground = any(hosts[t.token.i] is None and not _background(t) for t in triggers)
    coded: list[tuple[Trigger, list[Event]]] = []
    harmed: list[tuple[Trigger, list[Incident]]] = []
    for trigger in triggers:
        host = hosts[trigger.token.i]
        if foreground and host is None and _background(trigger):
            continue
        if _habitual(trigger):
            continue  # "people aren't usually held in custody": a rule, not a happening
        if _quoted_question(article.text, trigger.token.idx):
            continue  # "'So he's going to do the investigation?'": asked, not told
        if _further_toll(trigger, by_token):
            continue  # "23 killed and 140 wounded": one event, its counts go to the first
        cause = harm_cause(trigger)
        if cause is not None:  # "floods killed 40": no attack, an incident if anyone died
            if trigger.type == "ASSAULT":
                harmed.append((trigger, [incident(article, sent, trigger, cause)]))
            continue
        status = _status(trigger)
        derived = False
        if host is not None and _is_denial(host) and not trigger.nominal:
            status = ("negated", host.token.text)  # "denied attacking": the attack, negated
        elif host is not None:
            if not (host.type == "AGREE" and trigger.type == "CONSULT"):
                continue
            outer = hosts[host.token.i]
            if outer is not None and outer.type != "AGREE":
                continue  # "rejected an invitation to attend talks": no meeting to come
            derived, status = True, ("future", host.token.text)
        if _is_denial(trigger) and any(
            h is trigger and not t.nominal for t, h in zip(triggers, hosts.values(), strict=True)
        ):
            continue  # "denied these allegations" stays a rejection
        condition = _condition((host if derived and host else trigger).token)
        records = _records(article, sent, trigger, status, derived, condition)
        if records:
            coded.append((trigger, records))
    _attach_counts(find_counts(sent), [*coded, *harmed])
    events = [
        record
        for trigger, records in coded
        for record in records
        if _has_substance(record) and not private_theft(trigger, record)
    ]
    return events, [record for _, records in harmed for record in records]
