"""The event records: one contract dict per actor of a trigger, with its clause, place, date,
quote and confidence, and the counts of its sentence.

`_records` codes a trigger: its participants (`participants`), its type as they change it
(protesters' violence is a riot, a workforce's strike a walkout, a government's protest a
complaint), its status (`status`) and intention, then one record per coordinated actor. The
place is the one in the event's clause, else in its sentence, else the dateline's; the date
is the governing date of the trigger (`tacitus.timex.anchor`); counts (`tacitus.syntax.counts`)
go to the event whose clause holds them. Reads `article.places`, `article.entities`,
`article.quotes`, the time layer and the parse; the records become `article.events`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from tacitus.core.article import (
    Article,
    Entity,
    Event,
    Incident,
    Location,
    Party,
    Place,
    Quote,
    SpanIndex,
    place_index,
)
from tacitus.kb.actors import load_kb
from tacitus.lexicons.cues import person_nouns
from tacitus.lexicons.triggers import Trigger, is_weapon
from tacitus.stages.events.participants import (
    _actors,
    _counterpart_of,
    _is_disaster,
    _other_side,
    _recipient,
    _roles,
    _workforce,
    one_side,
)
from tacitus.stages.events.status import (
    COOPERATIVE,
    _intended,
    _raised_status,
    _reported_demand,
)
from tacitus.stages.events.unnamed import LOCAL_TYPES, place_country
from tacitus.stages.events.words import LOCATIVE, PROTESTERS, THEFTS, WHERE, status_words
from tacitus.syntax.counts import Count
from tacitus.syntax.phrases import in_party_tag
from tacitus.syntax.roles import phrase_span
from tacitus.timex.anchor import governing_date, story_date

#: Types coded only with an actor, a recipient or a count.
NEEDS_PARTICIPANT = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "REJECT",
    "THREATEN",
    "MOBILIZE",
}

#: Sectors whose protests are diplomatic complaints, not demonstrations.
OFFICIAL = {"GOV", "LEG", "JUD", "MIL"}

#: Sectors of local people: police, civilians, criminals (PLOVER COP, CVL, CRM).
LOCAL_SECTORS = {"COP", "CVL", "CRM"}

#: Sectors of private persons and bodies (and None: nobody coded), whose taking is theft.
PRIVATE_SECTORS = {None, "CVL", "CRM", "BUS"}


@dataclass
class _Clause:
    """What the records of one trigger share: how it is coded, who takes part, where its
    clause is and when it happened."""

    trigger: Trigger
    status: tuple[str, str | None]
    derived: bool
    condition: str | None
    demand: Any | None
    actor_tokens: list[Any]
    evidence: tuple[int, int]
    date: str | None
    date_is_fallback: bool
    recipient: Party | None
    actors: list[Party | None]


def _records(
    article: Article,
    sent: Any,
    trigger: Trigger,
    status: tuple[str, str | None],
    derived: bool,
    condition: str | None = None,
) -> list[Event]:
    """One record per coordinated actor of the trigger; `condition` is the phrase that makes
    its clause conditional, if any."""
    if _not_yet(trigger.token):
        return []
    actor_tokens, recipient_token = _roles(trigger)
    demand = _reported_demand(trigger, status)
    if demand is not None:  # "Russia said Sudan must return the helicopter": a demand
        recipient_token = actor_tokens[0] if actor_tokens else None
        actor_tokens = [demand]
    if any(_is_disaster(a) for a in actor_tokens):
        return []  # a reported demand whose subject is a disaster (harm_cause saw the rest)
    if trigger.type == "ASSAULT" and _is_disaster(recipient_token):
        return []  # "firefighters battled the blaze": fighting a disaster is no attack
    if trigger.type == "ASSAULT" and any(a.lemma_.lower() in PROTESTERS for a in actor_tokens):
        trigger.type, trigger.mode = "PROTEST", "riot"  # "protesters clashed with police"
    token = trigger.token
    evidence = _evidence(trigger, actor_tokens[0] if actor_tokens else None)
    said = demand.head if demand is not None else token  # a demand is made when it is said
    date, fallback = _date(article, said.idx, said.idx + len(said))
    recipient = _recipient(article, trigger, recipient_token)
    actors = _actors(article, actor_tokens)
    if token.lemma_.lower() == "strike" and any(map(_workforce, actors)):
        # "the miners struck", "... will strike": a walkout, not an attack
        if trigger.type == "ASSAULT":
            trigger.type, trigger.mode = "PROTEST", "strike"
        elif trigger.type == "THREATEN":  # "ready to strike": the threat of a walkout
            trigger.mode = "restrict"
    clause = _Clause(
        trigger=trigger,
        status=status,
        derived=derived,
        condition=condition,
        demand=demand,
        actor_tokens=actor_tokens,
        evidence=evidence,
        date=date,
        date_is_fallback=fallback,
        recipient=recipient,
        actors=actors,
    )
    places = _locations(article, _clause_place(article, evidence, sent, actor_tokens, token))
    return [
        _record(article, sent, clause, actor, place)
        for actor in one_side(actors) or [None]
        for place in places
    ]


def _not_yet(token: Any) -> bool:
    """ "Officials did not immediately provide details", "did not immediately respond to a
    request for comment": news writing's way of saying nothing has happened yet, neither
    the act nor a refusal of it."""
    children = list(token.children)
    return any(c.dep_ == "neg" for c in children) and any(
        c.dep_ == "advmod" and c.lower_ == "immediately" for c in children
    )


def _record(
    article: Article, sent: Any, clause: _Clause, actor: Party | None, location: Location | None
) -> Event:
    """The record of one actor of a trigger at one place (the actor None: nobody named)."""
    trigger, token, evidence = clause.trigger, clause.trigger.token, clause.evidence
    if actor and not actor.get("country") and trigger.type in LOCAL_TYPES:
        country = _location_country(article, location, evidence)
        if country:
            actor = actor | {"country": country, "country_from": "place"}
    actor = _local_country(article, actor, location)
    recipient = _local_country(
        article,
        _counterpart_of(_other_side(clause.recipient, actor, clause.actors), actor),
        location,
    )
    forecast = trigger.nominal and _raised_status(token, status_words()) is not None
    # a forecast ("talks are expected to resume") is no one's intention
    kind, mode = _intended(trigger, clause.status[0], clause.derived or forecast)
    if kind == "PROTEST" and actor and actor.get("sector") in OFFICIAL:
        kind, mode = "ACCUSE", "disapprove"  # a government "protests": a complaint
    state, cue = clause.status
    if clause.demand is not None:
        kind, mode = "REQUEST", None
    elif kind == "REJECT" and trigger.type != "REJECT":
        state = "occurred"  # the refusal is what happened
    elif clause.condition and kind in COOPERATIVE | {"AGREE"} and state in ("occurred", "future"):
        # PLOVER: AGREE is cooperation + future, THREATEN violence + hypothetical; an
        # offer on a condition ("ready to withdraw if ...") is cooperation + hypothetical.
        state, cue = "hypothetical", clause.condition
    record: Event = {
        "type": kind,
        "mode": mode,
        "actor": actor,
        "recipient": recipient,
        "location": location,
        "date": clause.date,
        "date_is_fallback": clause.date_is_fallback,
        "status": state,
        "evidence": list(evidence),
        "counts": [],
        "confidence": _confidence(trigger, actor, clause.status[0]),
        "trigger": [token.idx, token.idx + len(token)],
        "trigger_text": token.text,
        "lexicon": trigger.source,
        "nominal": trigger.nominal,
    }
    if trigger.extra.get("cameo") and kind == trigger.type:
        record["cameo"] = trigger.extra["cameo"]  # the CAMEO code of the verb's pattern
    if cue:
        record["status_cue"] = cue
    if clause.derived:
        record["derived"] = True
    if kind != trigger.type:
        record["intended"] = {"type": trigger.type, "mode": trigger.mode}
    quote = _quote_index(article, token.idx)
    if quote is not None:
        record["quote"] = quote
    return record


def _confidence(trigger: Trigger, actor: Party | None, status: str) -> float:
    """The trigger's confidence, raised for an actor coded with a country or sector, lowered
    for no actor and for an event that has not (yet) occurred."""
    score = trigger.confidence
    if actor and (actor.get("country") or actor.get("sector")):
        score += 0.1
    elif actor is None:
        score -= 0.15
    if status != "occurred":
        score -= 0.05
    return round(max(0.05, min(1.0, score)), 2)


def _evidence(trigger: Trigger, actor: Any | None) -> tuple[int, int]:
    """The clause of the event: trigger, its arguments, and its actor when that is nearby."""
    token = trigger.token
    skip = {"ccomp", "advcl", "parataxis", "conj", "cc", "punct", "relcl"}
    words = [token]
    for child in token.children:
        if child.dep_ not in skip:
            words.extend(child.subtree)
    if actor is not None and abs(actor.i - token.i) < 25:
        words.extend(actor.subtree if trigger.nominal else [actor])
    words = [w for w in words if not (w.is_punct or w.is_space)] or [token]
    start = min(words, key=lambda w: w.i).idx
    if actor is not None and abs(actor.i - token.i) < 25:
        start = min(start, phrase_span(actor)[0])
    last = max(words, key=lambda w: w.i)
    return start, last.idx + len(last)


def _location(
    article: Article, evidence: tuple[int, int], sent: Any, actors: list[Any]
) -> Location | None:
    """The location of a clause (`_clause_place`), as a record gives it."""
    place = _clause_place(article, evidence, sent, actors)
    return _place_dict(place) if place is not None else None


def _clause_place(
    article: Article,
    evidence: tuple[int, int],
    sent: Any,
    actors: list[Any],
    trigger: Any = None,
) -> Place | None:
    """The place in the clause, else in the sentence, else in the sentence of a later
    mention of the same happening, else the dateline's place.

    A place that is itself the actor ("Egypt and Turkey called for ...") says who, not where.
    """
    acting = [t.idx for a in actors for t in (a, *a.conjuncts)]
    named = article.derived("named_spans", article.entities, _named_spans)
    index = article.derived("places", article.places, place_index)

    def usable(p: Place) -> bool:
        return (
            p.get("kind") not in ("demonym", "metonymic")
            and not _national(article.doc, p)
            and not in_party_tag(article.text, p["start"])
            and not (
                (p["start"], p["end"]) in named and any(p["start"] <= i < p["end"] for i in acting)
            )
        )

    def windows() -> Iterator[tuple[int, int]]:
        yield evidence
        yield sent.start_char, sent.end_char
        retold = _retold(trigger, sent) if trigger is not None else None
        if retold is not None:  # looked for only when the clause and sentence name no place
            yield retold.start_char, retold.end_char

    for start, end in windows():
        # the places inside the window, from an index rather than every place of the article
        inside = [
            p
            for _, _, _, p in index.overlapping(start, end)
            if start <= p["start"] and p["end"] <= end and usable(p)
        ]
        if inside:
            located = [p for p in inside if not _qualifier(article.doc, p, trigger)]
            return _finest(article.text, located or inside)
    dateline = article.derived("dateline_places", article.places, _dateline_places)
    return dateline[0] if dateline else None


def _qualifier(doc: Any, place: Place, trigger: Any) -> bool:
    """A place that only qualifies another noun ("to protest against the outcome of the Osun
    State election", "Ukrainian energy company"): it says what the noun is about, not where
    the clause happens, unless that noun is the event itself ("the Oklahoma City bombing")
    or is itself where it happens ("on a San Francisco Bay Area commuter train")."""
    if doc is None:
        return False
    span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None or span.root.dep_ not in ("compound", "amod", "nmod", "poss"):
        return False
    noun = span.root.head
    while noun.dep_ == "compound" and noun.head.i != noun.i:
        noun = noun.head
    if trigger is not None and noun.i == trigger.i:
        return False
    return not (noun.dep_ == "pobj" and noun.head.lower_ in WHERE)


def _national(doc: Any, place: Place) -> bool:
    """A country named as the modifier of a noun of people ("visiting Ukraine officials",
    "Russia troops"): a demonym in all but form, which says who they are, not where."""
    span = doc.char_span(place["start"], place["end"]) if doc is not None else None
    if span is None or place.get("feature") != "country" or span.root.dep_ != "compound":
        return False
    head = span.root.head
    return head.lemma_.lower() in person_nouns() or head.lower_ in load_kb().agents


def _retold(trigger: Any, sent: Any, ahead: int = 2) -> Any | None:
    """The sentence, among the next `ahead`, where the happening is told again by its
    definite noun ("... was stabbed to death. The stabbing occurred at a clinic in Berlin"):
    news states a happening first and its circumstances after. None when none does."""
    lemma = trigger.lemma_.lower()
    if len(lemma) < 4:
        return None
    doc, after = sent.doc, sent.end
    for _ in range(ahead):
        if after >= len(doc):
            return None
        following = doc[after].sent
        for token in following:
            if token.pos_ != "NOUN" or not token.lemma_.lower().startswith(lemma):
                continue
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in token.children):
                return following
        after = following.end
    return None


def _finest(text: str, places: list[Place]) -> Place:
    """The clause's last place, or the town a region after it only locates ("San Ysidro,
    California": the event is in San Ysidro, California says where San Ysidro is)."""
    if len(places) > 1 and _only_locates(text, places[-2], places[-1]):
        return places[-2]
    return places[-1]


def _only_locates(text: str, town: Place, region: Place) -> bool:
    """Whether a region or country right after a town, set off by a comma, only says where
    the town is ("Springfield, Illinois")."""
    wide = ("region", "country")
    return (
        region.get("feature") in wide
        and town.get("feature") not in wide
        and text[town["end"] : region["start"]].strip() == ","
    )


def _locations(article: Article, place: Place | None) -> list[Location | None]:
    """The places of a clause: its place, and the places coordinated with it ("protests were
    held in West Virginia, Oklahoma and Arizona" are three protests, one per place)."""
    if place is None:
        return [None]
    found: list[Location | None] = [_place_dict(place)]
    if place.get("role") == "dateline" or article.doc is None:
        return found
    span = article.doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None:
        return found
    first = span.root
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head  # "in West Virginia, Oklahoma and Arizona": from the first
    if first.dep_ != "pobj" or first.head.lower_ not in LOCATIVE or not first.conjuncts:
        return found
    index = article.derived("places", article.places, place_index)
    listed: list[Place] = []
    for token in sorted([first, *first.conjuncts], key=lambda t: t.i):
        for _, _, _, coordinated in index.overlapping(token.idx, token.idx + len(token)):
            if coordinated.get("kind") in ("demonym", "metonymic") or coordinated in listed:
                continue
            if listed and _only_locates(article.text, listed[-1], coordinated):
                continue  # "San Ysidro, California": one place
            listed.append(coordinated)
    return [_place_dict(p) for p in listed] or [_place_dict(place)]


def _named_spans(entities: list[Entity]) -> set[tuple[int, int]]:
    """The spans of the entities coded as actors."""
    return {(e["start"], e["end"]) for e in entities if e.get("actor") is not None}


def _dateline_places(places: list[Place]) -> list[Place]:
    """The place of the dateline, if any."""
    return [p for p in places if p.get("role") == "dateline"]


def _local_country(
    article: Article, party: Party | None, location: Location | None
) -> Party | None:
    """A local participant with no country of its own takes the country of the place where
    the event happens (its clause's, its sentence's, else the dateline's): the police, a
    passenger, an attacker, or a private person the knowledge base does not know, act
    where they are. Office holders, organisations and named groups do not: their country
    must come from their own name, title or entry, or stay unknown."""
    if not party or party.get("country") or location is None:
        return party
    if not _is_local(article, party):
        return party
    country = place_country(article, location)
    return party | {"country": country, "country_from": "place"} if country else party


def _is_local(article: Article, party: Party) -> bool:
    """Police, civilians and criminals by sector; a person the actor base does not know and
    no title places in a sector; or a participant named by a common noun only."""
    if party.get("sector") in LOCAL_SECTORS:
        return True
    if party.get("sector"):
        return False
    actor_id = party.get("actor")
    if actor_id is None:
        return _common_noun_name(str(party.get("name") or ""))
    found = article.actor(actor_id)
    return bool(found and found.get("person") and not found.get("kb_id"))


def _common_noun_name(name: str) -> bool:
    """ "transit officers", "The attacker": no capital after the first word, which is not a
    lone capitalised word (that may be a name: "Chronicle") unless it is a noun of people
    ("Officers", opening a sentence)."""
    words = name.split()
    if not words or any(w[:1].isupper() for w in words[1:]):
        return False
    if len(words) > 1 or not words[0][:1].isupper():
        return True
    # a sentence's first word is capitalised whatever it is: "Officers arrested ..."
    word = words[0].lower()
    return bool({word, word.removesuffix("s")} & person_nouns()) or word in load_kb().agents


def _location_country(
    article: Article, location: Location | None, evidence: tuple[int, int]
) -> str | None:
    """The country of the clause's place: unnamed domestic actors ("prisoners rioted in
    Dili") act where the event happens."""
    if location is None:
        return None
    index = article.derived("places", article.places, place_index)
    for _, _, _, place in index.overlapping(evidence[0], evidence[1]):
        if evidence[0] <= place["start"] < evidence[1] and place.get("geonames_id") == location.get(
            "geonames_id"
        ):
            return place.get("country")
    return None


def _place_dict(place: Place) -> Location:
    """The location of a record: the place's name, GeoNames id and coordinates."""
    return {
        "name": place.get("name") or place.get("text"),
        "geonames_id": place.get("geonames_id"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
    }


def _date(article: Article, start: int, end: int) -> tuple[str | None, bool]:
    """The day that governs the span, and whether it is a guess. A time of day gives its day
    ("2019-11-19T16:14" is 2019-11-19). With no time of its own, the event belongs to the
    news the article reports (`story_date`), else to the publication day; both are guesses."""
    value, fallback = governing_date(article, start, end)
    if fallback and value is not None and value == (article.published or "")[:10]:
        return story_date(article) or value, True  # not when shifted: "a day after"
    if value is not None and re.fullmatch(r"\d{4}-\d\d-\d\dT.*", value):
        value = value[:10]
    return value, fallback


def _quote_index(article: Article, position: int) -> int | None:
    """The index of the quote whose content holds the position, or None."""
    contents = article.derived("quote_contents", article.quotes, _quote_contents)
    found = contents.overlapping(position, position + 1)
    return found[0][3] if found else None


def _quote_contents(quotes: list[Quote]) -> SpanIndex[int]:
    """The quotes' contents by span, each with its index."""
    spans = ((q.get("content") or (0, 0), n) for n, q in enumerate(quotes))
    return SpanIndex((content[0], content[1], n) for content, n in spans)


def _attach_counts(
    counts: list[Count], coded: Sequence[tuple[Trigger, Sequence[Event | Incident]]]
) -> None:
    """Each count goes to the event (or incident) whose trigger is its verb or governs it,
    else the sentence's nearest one."""
    for count in counts:
        target = None
        token = count.verb
        chain = {token.i}
        while token.head.i != token.i:
            token = token.head
            chain.add(token.i)
        for trigger, records in coded:
            if trigger.token.i == count.verb.i:
                target = records
                break
            if target is None and trigger.token.i in chain:
                target = records
        if target is None and coded:
            target = min(coded, key=lambda tr: abs(tr[0].token.i - count.verb.i))[1]
        for record in target or []:
            record["counts"].append(count.to_dict())


def _has_substance(record: Event) -> bool:
    """Verbal and cooperative events need a participant: "the threat of terrorism", "sign
    up" or "refused" with nobody named are not coded. A verb of assault whose participants
    are all named and none is someone a political coder codes, with no count of victims
    and no weapon, is a figure of speech ("the home side struck twice", "the visitors
    attacked"); "gunmen attacked", "two were shot" and "the bombs exploded" are attacks."""
    if _business_only(record):
        return False
    needs = record["type"] in NEEDS_PARTICIPANT or (
        record["nominal"] and record["type"] not in ("ASSAULT", "COERCE")
    )
    if not needs and record["type"] == "ASSAULT" and not record["nominal"]:
        parties = [p for p in (record["actor"], record["recipient"]) if p]
        if parties and not record["counts"] and not any(map(_coded, parties)):
            return any(_weapon(p) for p in parties)  # "each bomb exploded" stays an attack
    return not needs or bool(record["actor"] or record["recipient"] or record["counts"])


def private_theft(trigger: Trigger, record: Event) -> bool:
    """Taking by stealth or force by a private person ("he tried to steal a van"; a civilian,
    a criminal, a company or somebody of no sector): a crime, not a seizure by an authority
    or an armed group."""
    if trigger.token.lemma_.lower() not in THEFTS:
        return False
    sector = record["actor"].get("sector") if record["actor"] else None
    return sector in PRIVATE_SECTORS


def _business_only(record: Event) -> bool:
    """A company acting as a business towards no one a political coder codes ("the company
    said it was cooperating with inspectors", "the carmaker agreed with suppliers") is
    business news, not a political event; a company that acts on a named person or a
    coded actor, or is attacked or fined, is one."""
    actor, recipient = record["actor"], record["recipient"]
    if not actor or actor.get("sector") != "BUS":
        return False
    return not recipient or not (
        recipient.get("actor") or recipient.get("sector") or recipient.get("country")
    )


def _weapon(party: Party) -> bool:
    """Whether a participant is named by a weapon ("the bombs", "a car bomb")."""
    words = str(party.get("name") or "").lower().split()
    return bool(words) and is_weapon(words[-1])


def _coded(party: Party | None) -> bool:
    """Whether a participant is an actor of the article or has a sector, or a country of its
    own (not one taken from the place of the event)."""
    if not party:
        return False
    own_country = party.get("country") and party.get("country_from") != "place"
    return bool(party.get("actor") or own_country or party.get("sector"))
