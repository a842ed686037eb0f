"""Labelled entries: a list of "Name: what is said of them" under a lead-in that ends in a colon.

News lists people one paragraph each, a name, a colon and what concerns them: the charges of
a police report ("All were held on the following charges:" then "Jane Doe: Theft, held in
jail in lieu of $5,000 bond."). An entry is a clause about its label, with no verb of its own:

- the event word that ends the lead-in before its colon ("the following charges:") is what
  every entry instantiates: each entry is that event, the entry's name its recipient (Jane
  Doe is charged), its evidence the entry itself;
- a participle of the entry ("held in jail") is said of the label: the named person is held,
  its recipient;
- an entry happens where its lead-in says, when it names no place of its own;
- nobody in the entries says who acted. Preliminary charges and holding in jail follow an
  arrest: an entry's event with no actor takes the actor of the article's arrest of that
  person, else of its first arrest (the lead's, which tells the case the list details);
  holding a person the article reports arrested is that arrest told again, and joins it.

Only a run of at least two entries after a lead-in ending in a colon is a list; a single
"Name: ..." line is a headline ("Putin: Russia will respond"), whose label is a speaker.
Reads the parse and the records already coded; builds records with `records._records`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tacitus.core.article import Article, Event, Party
from tacitus.lexicons.triggers import Trigger, find_triggers
from tacitus.stages.events.records import _local_country, _records
from tacitus.stages.events.status import _status
from tacitus.syntax.phrases import blank_line
from tacitus.syntax.roles import code_role

#: Entity types that label an entry: people and organisations (a team sheet's "Wales: ..." is
#: a place, and no participant).
LABELS = {"PERSON", "ORG"}

#: Events that follow an arrest, and so are the arresting actor's when no other is named:
#: holding in custody (COERCE) and preliminary charges (ACCUSE).
ARREST_FOLLOWS = {"COERCE", "ACCUSE"}


def label_of(sent: Any) -> Any | None:
    """The name a sentence is an entry about ("Jane Doe: Theft, ..."), or None: the sentence
    opens with a person's or an organisation's name and a colon follows it (the recogniser
    may run the name on over the colon: the name ends there)."""
    first = next((t for t in sent if not t.is_space), None)
    if first is None or first.ent_iob_ != "B" or first.ent_type_ not in LABELS:
        return None
    colon = next((t for t in sent if t.text == ":"), None)
    if colon is None or colon.i == first.i:
        return None
    words = sent.doc[first.i : colon.i]
    if any(t.ent_type_ != first.ent_type_ or (t.ent_iob_ == "B" and t.i > first.i) for t in words):
        return None
    return words


def _opens_paragraph(sent: Any) -> bool:
    """Whether a sentence begins a paragraph (the text's start, or after a blank line)."""
    before = sent.doc[sent.start - 1] if sent.start > 0 else None
    return before is None or blank_line(before)


def lists(sents: list[Any]) -> Iterator[tuple[Any, list[tuple[Any, Any]]]]:
    """(lead-in sentence, [(entry span, label)]) for every list of two entries or more; an
    entry runs to the end of its paragraph (the parser may cut it after its colon)."""
    index = 0
    while index < len(sents):
        lead = sents[index]
        last = next((t for t in reversed(lead) if not t.is_space), None)
        run: list[tuple[Any, Any]] = []
        used = 0
        if last is not None and last.text == ":":
            for sent in sents[index + 1 :]:
                label = label_of(sent)
                if label is not None and _opens_paragraph(sent):
                    run.append((sent, label))
                elif run and not _opens_paragraph(sent):
                    entry, label = run[-1]
                    run[-1] = (entry.doc[entry.start : sent.end], label)
                else:
                    break
                used += 1
        if len(run) >= 2:
            yield lead, run
            index += used + 1
        else:
            index += 1


def _lead_trigger(lead: Any) -> Trigger | None:
    """The event word the lead-in ends on before its colon, when the entries undergo it: a
    noun ("the following charges:") or a passive verb ("the following were arrested:")."""
    words = [t for t in lead if not (t.is_space or t.is_punct)]
    if not words:
        return None
    last = words[-1]
    for trigger in find_triggers(lead):
        if trigger.token.i != last.i:
            continue
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in last.children)
        if trigger.nominal or passive:
            return trigger
    return None


def _evidence(sent: Any) -> list[int]:
    """The entry's span, without its closing punctuation."""
    words = [t for t in sent if not (t.is_space or t.is_punct)]
    return [words[0].idx, words[-1].idx + len(words[-1])]


def _arrest(events: list[Event], before: int, person: Any) -> tuple[Event | None, bool]:
    """The article's arrest of the person an entry is about (and True), else its first
    arrest, the lead's, which tells the case the list details (and False)."""
    arrests = [
        e
        for e in events
        if e["evidence"][0] < before
        and e["type"] == "COERCE"
        and e["mode"] == "arrest"
        and e["actor"]
    ]
    named = [e for e in arrests if e["recipient"] and e["recipient"].get("name") == person.text]
    if named:
        return named[0], True
    return (arrests[0] if arrests else None), False


def _complete(
    article: Article, event: Event, label: Any, named: Party | None, arrest: Event | None
) -> None:
    """Complete the record of an entry's participle ("held in jail"): the label is who
    undergoes it, never who does it; holding and charging are the arresting actor's."""
    token = article.doc.char_span(*event["trigger"]) if article.doc is not None else None
    if token is None or token.root.tag_ != "VBN":
        return
    actor = event["actor"]
    if actor and label.text in str(actor.get("name") or ""):
        actor = None  # "Jane Doe: Theft, held ...": the parser's subject is the label
    event["recipient"] = event["recipient"] or named
    if event["type"] in ARREST_FOLLOWS:
        event["actor"] = actor or (arrest["actor"] if arrest else None)
    _localised(article, event)


def code_lists(
    article: Article, sents: list[Any], events: list[Event]
) -> tuple[list[Event], list[Event]]:
    """The events of the article's lists of entries, with the records already coded for the
    entries' own words completed by their label and the arresting actor.

    Args:
        article: the article, parsed, with its actors.
        sents: its sentences, in order.
        events: its records coded sentence by sentence; entries' records are completed in place.

    Returns:
        The new records, one per entry for the lead-in's event word, and the records of
        entries that tell an arrest of the article again (now in that arrest's `also`).
    """
    added: list[Event] = []
    told: list[Event] = []
    for lead, run in lists(sents):
        trigger = _lead_trigger(lead)
        templates = _records(article, lead, trigger, _status(trigger), False) if trigger else []
        for entry, label in run:
            named = code_role(article, label.root)
            arrest, of_person = _arrest(events, lead.start_char, label)
            for event in events:
                if not entry.start_char <= event["trigger"][0] < entry.end_char:
                    continue
                if templates and event["location"] is None:
                    event["location"] = templates[0]["location"]  # where the lead-in says
                _complete(article, event, label, named, arrest)
                if of_person and arrest and _same_detention(event, arrest):
                    arrest.setdefault("also", []).append(list(event["evidence"]))
                    told.append(event)
            for template in templates:
                record = dict(template)
                record["recipient"] = named
                if record["type"] in ARREST_FOLLOWS:
                    record["actor"] = record["actor"] or (arrest["actor"] if arrest else None)
                record["evidence"] = _evidence(entry)
                added.append(_localised(article, record))  # type: ignore[arg-type]
    return added, told


def _same_detention(event: Event, arrest: Event) -> bool:
    """Whether an entry's record is the arrest of the same person by the same actor."""
    same = (event["type"], event["mode"], event["status"]) == ("COERCE", "arrest", "occurred")
    doers = [e["actor"].get("name") if e["actor"] else None for e in (event, arrest)]
    return same and doers[0] == doers[1] and event is not arrest


def _localised(article: Article, event: Event) -> Event:
    """The record with its local participants given the country of its place."""
    for role in ("actor", "recipient"):
        event[role] = _local_country(article, event[role], event["location"])  # type: ignore[literal-required]
    return event
