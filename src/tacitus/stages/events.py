"""Stage: code every political event of an article as a PLOVER event record.

Reads `article.doc` (the parse), `article.actors`, `article.entities`, `article.places`,
`article.quotes` and the time layer (`tacitus.timex.anchor.governing_date`); adds `article.events`,
one contract dict per event: type, mode, actor, recipient, location, date, status, evidence,
counts, confidence, plus `trigger` (the event word's span), `date_is_fallback` and, for an
event said inside a quote, `quote` (the quote's index).

Events are found clause by clause: each trigger (`tacitus.lexicons.triggers`) heads an event unless
it is the content of another ("called for a ceasefire" is one REQUEST, not also a
RETREAT); the content of an agreement to meet becomes a future CONSULT of its own ("agreed
to attend talks"). Status comes from negation, auxiliaries, conditionals and governing words
(`data/event_status.tsv`); counts (`tacitus.syntax.counts`) go to the event whose clause holds them.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from typing import Any

from tacitus.core.article import Article, SpanIndex, place_index
from tacitus.lexicons.triggers import Trigger, event_type, find_triggers, progressive
from tacitus.syntax.counts import Count, find_counts
from tacitus.syntax.roles import (
    CONTENT_PREPS,
    NOT_ROLES,
    antecedent,
    code_role,
    noun_roles,
    phrase_span,
    recipient_candidates,
    split_actors,
    verb_roles,
)
from tacitus.timex.anchor import governing_date

#: Types whose complement is what they are about, not an event of its own.
CONTENT_TAKING = {"REQUEST", "ACCUSE", "AGREE", "THREATEN", "REJECT", "SUPPORT", "CONCEDE"}

#: Verbs of saying: their clausal complement is a separate event, their status does not leak.
SPEECH = {
    "say",
    "tell",
    "add",
    "announce",
    "report",
    "state",
    "claim",
    "believe",
    "think",
    "confirm",
    "note",
    "explain",
    "insist",
    "write",
    "suggest",
    "know",
    "see",
    "show",
}

#: Prepositions whose object is the circumstance of another event, not news in itself.
BACKGROUND_PREPS = {
    "after",
    "following",
    "before",
    "since",
    "amid",
    "despite",
    "over",
    "for",
    "during",
    "on",
    "because",
    "of",
    "about",
    "in",
}

#: Cooperative types whose future is an AGREE.
COOPERATIVE = {"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE"}

#: Conflictual types whose future is a THREATEN, and the THREATEN mode of their modes.
THREAT_MODES: dict[str, dict[str, str | None]] = {
    "ASSAULT": {"": "violence", **{m: "violence" for m in ("aerial", "explosives", "firearms")}},
    "COERCE": {"": "restrict", "arrest": "arrest", "restrict": "restrict", "seize": "territory"},
    "SANCTION": {"": "relations", "expel": "expel", "withdraw": "relations"},
    # PLOVER's THREATEN restrict covers threatened "boycotts, strikes, blockades"
    "PROTEST": {m: "restrict" for m in ("strike", "boycott", "obstruct")},
    "MOBILIZE": {},
}

#: Words of intention that take the type of what they intend ("vowed to fight": THREATEN).
INTENT_HOSTS = {"promise", "pledge", "vow", "offer", "willing", "ready", "prepared", "swear"}

#: Verbs whose complement is coded as a negated event rather than as a rejection.
DENIALS = {"deny"}

#: Relations by which an event is the complement of a governing word ("close to achieving",
#: "agreed to attend"); an object is governed only by demands and denials ("urged a truce").
COMPLEMENTS = {"xcomp", "prep", "pcomp", "acomp", "pobj", "ccomp", "advcl", "acl"}

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

#: Sectors whose "strike" is a walkout, not an attack: workers, farmers, teachers, doctors.
WORKFORCE = {"LAB", "AGR", "EDU", "MED", "BUS"}

#: Common nouns that never name an actor ("no other way to defend ...").
NOT_ACTORS = {
    "way",
    "thing",
    "time",
    "need",
    "chance",
    "reason",
    "effort",
    "attempt",
    "plan",
    "idea",
    "option",
    "move",
    "step",
    "decision",
    "report",
    "statement",
    "it",
}

#: Types whose unnamed actors are taken to be of the country where the event happens.
LOCAL_TYPES = {"PROTEST", "COERCE", "ASSAULT", "MOBILIZE"}

#: Actors whose violence is a riot.
PROTESTERS = {"protester", "protestor", "demonstrator", "rioter", "crowd", "mob", "student"}

#: Relations across which a governing word does not reach ("the killer, shot by police,
#: had pledged ...": the shooting is not pledged).
STATUS_BARRIERS = {"ccomp", "relcl", "parataxis", "conj", "acl", "appos"}

#: Clausal relations that start an independent event.
INDEPENDENT = {"relcl", "parataxis", "conj"}

#: Subordinators whose adverbial clause is an event of its own ("after they stormed ...").
TEMPORAL_MARKS = {"after", "before", "when", "while", "as", "since", "until", "because"}

#: Subordinators of a condition: the event is what the main clause depends on, not news.
CONDITIONS = {"if", "unless"}

#: Relations the search for an offer's condition does not cross: other clauses, participants.
CONDITION_BARRIERS = {"relcl", "ccomp", "parataxis", "conj", "appos", "acl", "csubj"}
CONDITION_BARRIERS |= {"nsubj", "nsubjpass"}

#: Relations by which the first word of a condition hangs in its clause: "if" and "unless"
#: mark a clause, "provided" and "on condition that" are prepositions, "as long as" an adverb.
CONDITION_DEPS = {"mark", "prep", "advmod", "pobj", "cc", "dep", "npadvmod"}

#: Subjects that are not actors: disasters and accidents yield no political event.
NON_AGENTS = {
    "earthquake",
    "quake",
    "flood",
    "storm",
    "hurricane",
    "typhoon",
    "cyclone",
    "tornado",
    "fire",
    "wildfire",
    "blaze",
    "accident",
    "crash",
    "disease",
    "virus",
    "outbreak",
    "drought",
    "landslide",
    "avalanche",
    "tsunami",
    "heat",
    "heatwave",
    "lightning",
    "eruption",
    "wave",
}


#: Words that make harm an accident ("detonated accidentally").
ACCIDENTAL = {"accidental", "accidentally", "inadvertent", "inadvertently", "unintentional"}


@functools.lru_cache(maxsize=1)
def _status_words() -> dict[tuple[str, str], str]:
    path = resources.files("tacitus") / "data" / "event_status.tsv"
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return {(r["word"], r["role"]): r["status"] for r in csv.DictReader(lines, delimiter="\t")}


@functools.lru_cache(maxsize=1)
def _condition_phrases() -> list[list[str]]:
    """The phrases of `event_status.tsv` that make a clause conditional, as word lists."""
    phrases = [word.split() for word, role in _status_words() if role == "condition"]
    return sorted(phrases, key=len, reverse=True)


def _condition(token: Any) -> str | None:
    """The phrase that conditions the clause of `token` ("ready to withdraw if ...", "agreed
    to talk on condition that ..."), or None. The search covers the token's dependents, its
    copula's when it is a predicate adjective ("were ready ... if"), and the content it takes,
    not other clauses nor the subject."""
    stack = [token.head if token.dep_ == "acomp" else token]
    while stack:
        for child in stack.pop().children:
            phrase = _condition_at(child)
            if phrase is not None and (child.dep_ in CONDITION_DEPS or len(phrase) > 1):
                return phrase.text  # a phrase of several words is one whatever its parse
            if child.dep_ not in CONDITION_BARRIERS:
                stack.append(child)
    return None


def _condition_at(token: Any) -> Any | None:
    """The condition phrase of `event_status.tsv` that `token` is part of, as a span."""
    doc = token.doc
    for words in _condition_phrases():
        for k in (k for k, word in enumerate(words) if word == token.lower_):
            start = token.i - k
            if start >= 0 and [t.lower_ for t in doc[start : start + len(words)]] == words:
                return doc[start : start + len(words)]
    return None


def _host(trigger: Trigger, by_token: dict[int, Trigger]) -> Trigger | None:
    """The trigger whose content this one is, or None when it is an event of its own."""
    token = trigger.token
    while token.head.i != token.i:
        dep = token.dep_
        if dep in INDEPENDENT:
            return None
        if dep == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS or c.dep_ == "nsubj"
            for c in token.children
        ):
            return None
        head = token.head
        if dep == "ccomp":
            host = by_token.get(head.i)
            return host if host is not None and host.type in CONTENT_TAKING else None
        if head.lemma_.lower() in SPEECH and dep not in ("dobj", "nsubj", "nsubjpass"):
            return None
        if head.i in by_token:
            host = by_token[head.i]
            if dep in ("nsubj", "nsubjpass", "csubj") and host.type != trigger.type:
                return None  # "the attack prompted condemnation": two events
            return host
        if dep in ("advcl", "xcomp") and not trigger.nominal:
            named = _named_event(head, by_token)
            if named is not None:
                return named  # "staged a protest to demand reforms": the demand is its aim
        token = head
    return None


def _named_event(verb: Any, by_token: dict[int, Trigger]) -> Trigger | None:
    """The nominal trigger a light verb governs ("staged a protest", "began a hunger strike")."""
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.i in by_token and by_token[child.i].nominal:
            return by_token[child.i]
    return None


def _direct(trigger: Trigger, host: Trigger) -> bool:
    """The trigger is the host's own complement, not inside a description of a participant."""
    token = trigger.token
    while token.i != host.token.i and token.head.i != token.i:
        if token.dep_ not in ("xcomp", "dobj", "prep", "pobj", "pcomp", "conj", "ccomp"):
            return False
        token = token.head
    return token.i == host.token.i


def _background(trigger: Trigger) -> bool:
    """The trigger sits in a relative clause, a temporal clause or a circumstantial phrase
    ("after years of occupation", "on treason charges", "where 28 were killed")."""
    token = trigger.token
    while token.head.i != token.i:
        if token.dep_ == "relcl":
            return True
        if (
            token.dep_ == "prep"
            and token.lower_ in BACKGROUND_PREPS
            and token.head.lemma_.lower() not in SPEECH  # "said at a meeting": the setting
        ):
            return True
        if token.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS | CONDITIONS for c in token.children
        ):
            return True  # "after they stormed ...", "if cooperation founders"
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH:
            return False
        token = token.head
    return False


def _intended(trigger: Trigger, status: str, derived: bool) -> tuple[str, str | None]:
    """PLOVER codes intentions by what is intended: a future cooperative act is AGREE,
    a future conflictual act THREATEN (CAMEO 03 and 13, as in the CAMEO-to-PLOVER table);
    a refused cooperation ("will not accept", "would not meet") is REJECT."""
    if (
        status == "negated"
        and trigger.type in COOPERATIVE | {"AGREE"}
        and not (derived or trigger.nominal)  # "there was no deal": nobody refused
    ):
        return "REJECT", None
    if status != "future" or derived:
        return trigger.type, trigger.mode
    if trigger.type in COOPERATIVE:
        return "AGREE", None
    if trigger.type in THREAT_MODES:
        return "THREATEN", THREAT_MODES[trigger.type].get(trigger.mode or "", None)
    return trigger.type, trigger.mode


def _status(trigger: Trigger) -> tuple[str, str | None]:
    """(status, the word that decided it) from the trigger up to its clause's reporting verb."""
    words = _status_words()
    token = trigger.token
    if trigger.nominal:
        raised = _raised_status(token, words) or _determiner_status(token, words)
        if raised is not None:
            return raised  # "talks are expected to resume", "there was no attack"
    first = True
    arrival = ""
    while True:
        found = _local_status(token, words)
        if found is not None:
            return found
        governed = words.get((token.lemma_.lower(), "governor"))
        if not first and governed and not progressive(token):
            if governed == "future" and arrival in COMPLEMENTS:
                refused = _determiner_status(token, words)  # "no plans to", "no intention of"
                if refused is not None:
                    return refused
            if (
                arrival in COMPLEMENTS
                or governed == "negated"
                or (governed == "demanded" and token.lemma_.lower() != "call")
            ):
                return governed, token.text
        if token.head.i == token.i:
            break
        if token.dep_ in STATUS_BARRIERS and not _governed_infinitive(token, words):
            break
        if token.dep_ in ("nsubj", "nsubjpass") and not first:
            break
        if token.dep_ == "advcl" and not any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children
        ):
            break
        arrival = token.dep_
        token = token.head
        first = False
        if token.lemma_.lower() in SPEECH:
            break
    if trigger.type == "REQUEST":
        return "demanded", None
    return "occurred", None


def _governed_infinitive(token: Any, words: dict[tuple[str, str], str]) -> bool:
    """ "plans to withdraw", "the intention to attack": an infinitive that is the content of
    a governing noun, unlike a participle that describes its noun ("the killer, shot by
    police, had pledged ...")."""
    return (
        token.dep_ == "acl"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        and (token.head.lemma_.lower(), "governor") in words
    )


def _determiner_status(noun: Any, words: dict[tuple[str, str], str]) -> tuple[str, str] | None:
    """The status a governing noun's determiner gives its content: "no plans to withdraw"."""
    for child in noun.children:
        if child.dep_ == "det" and (child.lower_, "det") in words:
            return words[(child.lower_, "det")], child.text
    return None


def _raised_status(noun: Any, words: dict[tuple[str, str], str]) -> tuple[str, str] | None:
    """An event noun that is the subject of a predicate with a to-infinitive: "talks are
    expected to resume" (future), "the summit is likely to take place" (hypothetical)."""
    if noun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    head = noun.head
    for word in (head, *(c for c in head.children if c.dep_ == "acomp")):
        if any(c.dep_ == "xcomp" for c in word.children):
            status = words.get((word.lemma_.lower(), "governor"))
            if status in ("future", "hypothetical"):
                return status, word.text
    return None


def _local_status(token: Any, words: dict[tuple[str, str], str]) -> tuple[str, str] | None:
    """Status from the token's own negation, subordinator or auxiliary, in that order."""
    children = list(token.children)
    for role in ("neg", "mark", "aux"):
        for child in children:
            if child.dep_ != role or (child.lower_, role) not in words:
                continue
            status = words[(child.lower_, role)]
            if child.lower_ in ("would", "'d"):
                perfect = any(c.dep_ == "aux" and c.lower_ == "have" for c in children)
                status = "future" if _reported(token) and not perfect else "hypothetical"
            return status, child.text
    return None


def _reported(token: Any) -> bool:
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH:
            return True
        token = token.head
    return False


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
) -> dict[str, Any] | None:
    """The place in the clause, else in the sentence, else the dateline's place.

    A place that is itself the actor ("Egypt and Turkey called for ...") says who, not where.
    """
    acting = [t.idx for a in actors for t in (a, *a.conjuncts)]
    named = article.derived("named_spans", article.entities, _named_spans)
    index = article.derived("places", article.places, place_index)

    def usable(p: dict[str, Any]) -> bool:
        return p.get("kind") not in ("demonym", "metonymic") and not (
            (p["start"], p["end"]) in named and any(p["start"] <= i < p["end"] for i in acting)
        )

    for start, end in (evidence, (sent.start_char, sent.end_char)):
        # the places inside the window, from an index rather than every place of the article
        inside = [
            p
            for _, _, _, p in index.overlapping(start, end)
            if start <= p["start"] and p["end"] <= end and usable(p)
        ]
        if inside:
            return _place_dict(inside[-1])
    dateline = article.derived("dateline_places", article.places, _dateline_places)
    return _place_dict(dateline[0]) if dateline else None


def _named_spans(entities: list[dict[str, Any]]) -> set[tuple[int, int]]:
    return {(e["start"], e["end"]) for e in entities if e.get("actor") is not None}


def _dateline_places(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [p for p in places if p.get("role") == "dateline"]


def _location_country(
    article: Article, location: dict[str, Any] | None, evidence: tuple[int, int]
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


def _place_dict(place: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": place.get("name") or place.get("text"),
        "geonames_id": place.get("geonames_id"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
    }


def _date(article: Article, start: int, end: int) -> tuple[str | None, bool]:
    return governing_date(article, start, end)


def _quote_index(article: Article, position: int) -> int | None:
    contents = article.derived("quote_contents", article.quotes, _quote_contents)
    found = contents.overlapping(position, position + 1)
    return found[0][3] if found else None


def _quote_contents(quotes: list[dict[str, Any]]) -> SpanIndex[int]:
    spans = ((q.get("content") or (0, 0), n) for n, q in enumerate(quotes))
    return SpanIndex((content[0], content[1], n) for content, n in spans)


def _is_disaster(actor: Any | None) -> bool:
    return actor is not None and actor.lemma_.lower() in NON_AGENTS


def _accidental(trigger: Trigger) -> bool:
    """ "detonated accidentally", "an accidental explosion", "killed in a car crash": harm
    that nobody inflicted is no assault."""
    token = trigger.token
    for child in token.children:
        if child.dep_ in ("advmod", "amod") and child.lemma_.lower() in ACCIDENTAL:
            return True
        if child.dep_ in ("prep", "agent") and child.lower_ in ("in", "by", "from"):
            for cause in (c for c in child.children if c.dep_ == "pobj"):
                if cause.lemma_.lower() in NON_AGENTS or any(
                    m.dep_ == "amod" and m.lemma_.lower() in ACCIDENTAL for m in cause.children
                ):
                    return True
    return False


def _roles(trigger: Trigger) -> tuple[list[Any], Any | None]:
    if trigger.nominal:
        return noun_roles(trigger.token, trigger.type)
    return verb_roles(trigger.token, trigger.type, trigger.mode)


def _confidence(trigger: Trigger, actor: dict[str, Any] | None, status: str) -> float:
    score = trigger.confidence
    if actor and (actor.get("country") or actor.get("sector")):
        score += 0.1
    elif actor is None:
        score -= 0.15
    if status != "occurred":
        score -= 0.05
    return round(max(0.05, min(1.0, score)), 2)


def _records(
    article: Article,
    sent: Any,
    trigger: Trigger,
    status: tuple[str, str | None],
    derived: bool,
    condition: str | None = None,
) -> list[dict[str, Any]]:
    """One record per coordinated actor of the trigger; `condition` is the phrase that makes
    its clause conditional, if any."""
    actor_tokens, recipient_token = _roles(trigger)
    demand = _reported_demand(trigger, status)
    if demand is not None:  # "Russia said Sudan must return the helicopter": a demand
        recipient_token = actor_tokens[0] if actor_tokens else None
        actor_tokens = [demand]
    if any(_is_disaster(a) for a in actor_tokens) or _accidental(trigger):
        return []
    if trigger.type == "ASSAULT" and any(a.lemma_.lower() in PROTESTERS for a in actor_tokens):
        trigger.type, trigger.mode = "PROTEST", "riot"  # "protesters clashed with police"
    token = trigger.token
    evidence = _evidence(trigger, actor_tokens[0] if actor_tokens else None)
    date, fallback = _date(article, token.idx, token.idx + len(token))
    recipient = code_role(article, _participant(recipient_token, trigger))
    if not (recipient and (recipient.get("country") or recipient.get("sector"))):
        recipient = _content_recipient(article, trigger) or recipient
    records = []
    actors: list[dict[str, Any] | None] = []
    for actor_tok in actor_tokens:
        listed = split_actors(article, actor_tok)
        if listed:
            actors.extend(listed)
        else:
            actors.append(code_role(article, actor_tok) or _antecedent_role(article, actor_tok))
    if token.lemma_.lower() == "strike" and any(map(_workforce, actors)):
        # "the miners struck", "... will strike": a walkout, not an attack
        if trigger.type == "ASSAULT":
            trigger.type, trigger.mode = "PROTEST", "strike"
        elif trigger.type == "THREATEN":  # "ready to strike": the threat of a walkout
            trigger.mode = "restrict"
    for actor in actors or [None]:
        location = _location(article, evidence, sent, actor_tokens)
        if actor and not actor.get("country") and trigger.type in LOCAL_TYPES:
            actor = actor | {"country": _location_country(article, location, evidence)}
        forecast = trigger.nominal and _raised_status(token, _status_words()) is not None
        kind, mode = _intended(trigger, status[0], derived or forecast)  # no one's intention
        if kind == "PROTEST" and actor and actor.get("sector") in OFFICIAL:
            kind, mode = "ACCUSE", "disapprove"  # a government "protests": a complaint
        state, cue = status
        if demand is not None:
            kind, mode = "REQUEST", None
        elif kind == "REJECT" and trigger.type != "REJECT":
            state = "occurred"  # the refusal is what happened
        elif condition and kind in COOPERATIVE | {"AGREE"} and state in ("occurred", "future"):
            # PLOVER: AGREE is cooperation + future, THREATEN violence + hypothetical; an
            # offer on a condition ("ready to withdraw if ...") is cooperation + hypothetical.
            state, cue = "hypothetical", condition
        record = {
            "type": kind,
            "mode": mode,
            "actor": actor,
            "recipient": _counterpart_of(_other_side(recipient, actor, actors), actor),
            "location": location,
            "date": date,
            "date_is_fallback": fallback,
            "status": state,
            "evidence": list(evidence),
            "counts": [],
            "confidence": _confidence(trigger, actor, status[0]),
            "trigger": [token.idx, token.idx + len(token)],
            "trigger_text": token.text,
            "lexicon": trigger.source,
            "nominal": trigger.nominal,
        }
        if cue:
            record["status_cue"] = cue
        if derived:
            record["derived"] = True
        if kind != trigger.type:
            record["intended"] = {"type": trigger.type, "mode": trigger.mode}
        quote = _quote_index(article, token.idx)
        if quote is not None:
            record["quote"] = quote
        records.append(record)
    return records


def _workforce(actor: dict[str, Any] | None) -> bool:
    """Whether an actor is a workforce (its "strike" is a walkout): by sector, or a union."""
    if not actor:
        return False
    name = str(actor.get("name") or "").lower()
    return actor.get("sector") in WORKFORCE or name.split()[-1:] in (["union"], ["unions"])


def _other_side(
    recipient: dict[str, Any] | None,
    actor: dict[str, Any] | None,
    actors: list[dict[str, Any] | None],
) -> dict[str, Any] | None:
    """ "a deal between Greece and Turkey" codes Greece -> Turkey and Turkey -> Greece, not
    Turkey -> Turkey: an actor that is its own recipient gets the first other actor."""
    if not (recipient and actor and _same_party(recipient, actor)):
        return recipient
    return next((a for a in actors if a and not _same_party(a, actor)), None)


def _same_party(one: dict[str, Any], other: dict[str, Any]) -> bool:
    if one.get("actor") and one.get("actor") == other.get("actor"):
        return True
    return (one.get("name"), one.get("country")) == (other.get("name"), other.get("country"))


def _counterpart_of(
    recipient: dict[str, Any] | None, actor: dict[str, Any] | None
) -> dict[str, Any] | None:
    """ "met his Indian counterpart": a counterpart holds the actor's office (sector)."""
    if not recipient or recipient.get("sector") or not actor or not actor.get("sector"):
        return recipient
    name = (recipient.get("text") or recipient.get("name") or "").lower()
    if "counterpart" not in name:
        return recipient
    return recipient | {"sector": actor["sector"]}


def _content_recipient(article: Article, trigger: Trigger) -> dict[str, Any] | None:
    """The recipient a verb's content names ("threatened to cut ties with Uganda"), kept
    only when it is coded with a country or a sector: this is weaker evidence than an object."""
    if trigger.nominal:
        return None
    for candidate in recipient_candidates(trigger.token, trigger.type):
        token = _participant(candidate, trigger)
        if token is None or _setting_of_event(token):
            continue
        role = code_role(article, token)
        if role and (role.get("country") or role.get("sector")):
            return role
    return None


def _participant(token: Any | None, trigger: Trigger) -> Any | None:
    """The participant a role word names. A word of the trigger's own phrase ("renewed the
    mandate of the UN mission", "strengthened its forces in Lebanon") or an event noun
    ("agreed to attend talks", "rejected a U.S. request") is what is done, not to whom: its
    participant is whose act it is, else the object of its "of" or of a preposition of the
    content ("talks with Russia"), else the place it is in, else nobody."""
    for _ in range(3):
        if token is None or not (token.i in trigger.tokens or event_type(token)):
            return token
        token = _named_by(token)
    return None


def _named_by(noun: Any) -> Any | None:
    kind = event_type(noun)
    objects: dict[str, list[Any]] = {"own": [], "content": [], "setting": []}
    for child in noun.children:
        if child.dep_ == "poss" or (
            child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")
        ):
            objects["own"].append(child)
        if child.dep_ != "prep":
            continue
        for obj in (o for o in child.children if o.dep_ == "pobj" and o.ent_type_ not in NOT_ROLES):
            if child.lower_ in ("by", "from"):
                objects["own"].append(obj)
            elif child.lower_ in CONTENT_PREPS | {"of", "between"}:
                objects["content"].append(obj)
            elif child.lower_ == "in" and kind != "CONSULT":  # a meeting's venue is no party
                objects["setting"].append(obj)
    if not kind:
        objects["own"] = []
    found = objects["own"] + objects["content"] + objects["setting"]
    return found[0] if found else None


def _setting_of_event(token: Any) -> bool:
    """ "talks in Geneva": the object of a preposition of setting after a meeting noun is
    where it happens, not a participant."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and prep.lower_ not in CONTENT_PREPS | {"of"}
        and prep.head.i != prep.i
        and event_type(prep.head) == "CONSULT"
    )


def _attach_counts(counts: list[Count], coded: list[tuple[Trigger, list[dict[str, Any]]]]) -> None:
    """Each count goes to the event whose trigger is its verb or governs it, else the
    sentence's nearest event."""
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


def _is_denial(trigger: Trigger) -> bool:
    return trigger.token.lemma_.lower() in DENIALS


def _sentence_events(article: Article, sent: Any) -> list[dict[str, Any]]:
    triggers = find_triggers(sent)
    by_token = {t.token.i: t for t in triggers}
    hosts = {t.token.i: _host(t, by_token) for t in triggers}
    for trigger in triggers:
        host = hosts[trigger.token.i]
        if host is not None and host.token.lemma_.lower() in INTENT_HOSTS:
            if trigger.type in THREAT_MODES and _direct(trigger, host):
                host.type, host.mode = _intended(trigger, "future", False)
    foreground = any(hosts[t.token.i] is None and not _background(t) for t in triggers)
    coded: list[tuple[Trigger, list[dict[str, Any]]]] = []
    for trigger in triggers:
        host = hosts[trigger.token.i]
        if foreground and host is None and _background(trigger):
            continue
        if _further_toll(trigger, by_token):
            continue  # "23 killed and 140 wounded": one event, its counts go to the first
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
    _attach_counts(find_counts(sent), coded)
    return [record for _, records in coded for record in records if _has_substance(record)]


def _further_toll(trigger: Trigger, by_token: dict[int, Trigger]) -> bool:
    """A bare participle counting more victims of an event just coded ("were killed and
    more than 140 wounded"), not an event of its own."""
    token = trigger.token
    if token.tag_ != "VBN" or trigger.nominal:
        return False
    numbered = (token.dep_ == "acl" and token.head.like_num) or (
        token.dep_ == "conj" and any(c.dep_ == "nsubj" and c.like_num for c in token.children)
    )
    if not numbered:
        return False
    head = token.head
    for _ in range(3):
        earlier = by_token.get(head.i)
        if earlier is not None and earlier is not trigger and earlier.type == trigger.type:
            return True
        head = head.head
    return False


def _antecedent_role(article: Article, token: Any) -> dict[str, Any] | None:
    """The role of a common noun, or of the noun phrase a subject pronoun stands for ("the
    miners said they were ready to strike": the miners), coded like any other actor phrase."""
    if token.pos_ != "PRON":
        return _unnamed(article, token)
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return None  # "their war games": a possessive names an owner, not who acted
    found = antecedent(token)
    if found is None or _is_disaster(found):
        return None
    return code_role(article, found) or _unnamed(article, found)


def _unnamed(article: Article, token: Any) -> dict[str, Any] | None:
    """An actor the text names only by a common noun ("the four sides"): kept by name."""
    if token.pos_ != "NOUN" or token.lemma_.lower() in NOT_ACTORS:
        return None
    start, end = phrase_span(token)
    return {"actor": None, "name": article.text[start:end], "country": None, "sector": None}


def _reported_demand(trigger: Trigger, status: tuple[str, str | None]) -> Any | None:
    """The speaker of "X said Y must ...": the subject of the reporting verb, or None."""
    if status != ("demanded", "must") or trigger.type == "REQUEST":
        return None
    token = trigger.token
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in SPEECH | {"declare", "conclude"}:
            return next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        token = token.head
    return None


def _has_substance(record: dict[str, Any]) -> bool:
    """Verbal and cooperative events need a participant: "the threat of terrorism", "sign
    up" or "refused" with nobody named are not coded."""
    needs = record["type"] in NEEDS_PARTICIPANT or (
        record["nominal"] and record["type"] not in ("ASSAULT", "COERCE")
    )
    return not needs or bool(record["actor"] or record["recipient"] or record["counts"])


def code_events(article: Article, ctx: Any = None) -> Article:
    """Stage: fill `article.events` with the PLOVER events of every sentence.

    Args:
        article: an article after the nlp, places, actors, times and quotes stages.
        ctx: the pipeline context; with `settings.use_embeddings` the events are checked
            against example clauses by a sentence-embedding model (`tacitus.stages.event_check`).

    Returns:
        The article, with `events` set (contract dicts, in text order).
    """
    if article.doc is None:
        return article
    events: list[dict[str, Any]] = []
    for sent in article.doc.sents:
        events.extend(_sentence_events(article, sent))
    article.events = events
    if ctx is not None and ctx.settings.use_embeddings:
        from tacitus.stages.event_check import check_events  # optional: needs tacitus[embeddings]

        check_events(article)
    return article
