"""The governing date of a clause: the date of what a trigger or a quote's cue reports.

Reads `article.doc` (the parse), `article.times` (after the times stage) and
`article.published`, and the auxiliaries of `lexicons/en/tense_words.tsv`; writes nothing to
the article except its cached lookup tables (`Article.derived`). Used by the events and
quotes stages, and by the times stage's callers; it lives here, below the stages, so that no
stage imports another.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from tacitus.core.article import Article, TimeValue
from tacitus.lexicons.cues import load_cues
from tacitus.timex.rules import clock_only
from tacitus.timex.tense import governing_verb, modified_noun, tense_words, verb_at
from tacitus.timex.values import shift

_CALENDAR = re.compile(r"^\d{4}(?:-(?:\d\d|W\d\d|Q\d|H\d))?(?:-\d\d)?")


def governing_date(article: Article, start: int, end: int) -> tuple[str | None, bool]:
    """The date of what the clause containing [start, end) reports, and whether it is a guess.

    The date is, in order: a calendar time expression attached to the clause's verb (or to a
    verb governing it, through adverbial or coordinated clauses but not reported speech);
    for a clause introduced by "a day after" / "two weeks before", the date of the main clause
    shifted by that duration (and for the main clause, the subordinate one's date shifted back);
    otherwise the publication date. The flag is True when the value rests on the publication
    date (the fallback itself, or the fallback shifted by "a day after"). Values are TimeML
    calendar values, as coarse as the text: `2016-12-22`, `2016-W51`, `2016-12`, `2016`.

    Args:
        article: an article after `normalise_times`.
        start, end: character offsets of the span (an event trigger, a quote's cue...).

    Returns:
        (TimeML value or None, is_fallback).
    """
    fallback = (article.published[:10] if article.published else None), True
    own = _own_date(article, start, end)
    if own is not None:
        return own, False
    verb = verb_at(article.doc, start, end)
    if verb is None:
        return fallback
    value, guessed = _clause_date(article, verb, depth=0)
    return (value, guessed) if value is not None else fallback


def _own_date(article: Article, start: int, end: int) -> str | None:
    """The date of an event noun's own phrase ("the July 25 call"), or, for a clause that
    qualifies a dated noun ("the July 25 call, when he asked ..."), that noun's date."""
    if article.doc is None:
        return None
    span = article.doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    by_verb = _calendar_times_by_verb(article)
    token = span.root
    if token.pos_ in ("NOUN", "PROPN") and token.i in by_verb:
        return str(by_verb[token.i][0]["value"])
    if token.pos_ == "NOUN":
        earlier = _dated_mention(article, token, by_verb)
        if earlier is not None:
            return earlier
    verb = governing_verb(token)
    for _ in range(4):  # "told visiting officials": "visiting" is of the clause of "told"
        if verb is None or verb.dep_ not in ("xcomp", "conj") or verb.head.pos_ != "VERB":
            break
        verb = verb.head
    if verb is None or verb.dep_ not in ("relcl", "advcl", "acl"):
        return None
    if verb.head.pos_ == "NOUN" and verb.head.i in by_verb:
        return str(by_verb[verb.head.i][0]["value"])
    # "a July 10 meeting at the White House when Sondland told them ...": a "when" clause
    # right after a dated noun phrase qualifies that phrase, wherever the parser hung it
    opens = verb.left_edge
    if opens.lower_ != "when" or opens.i == 0:
        return None
    before = verb.doc[opens.i - 1]
    while before.pos_ not in ("VERB", "AUX") and before.head.i != before.i:
        if before.i in by_verb and before.pos_ in ("NOUN", "PROPN"):
            return str(by_verb[before.i][0]["value"])
        before = before.head
    return None


def _dated_mention(article: Article, noun: Any, by_verb: dict[int, list[TimeValue]]) -> str | None:
    """The date of another mention of the same happening: news names an event once with its
    date ("Trump's July 25 call with Zelensky") and then by its participants ("Trump's call",
    "the call with Zelensky"). A mention of the same noun that shares a named participant
    refers to it; None when no dated mention does, or dated mentions disagree."""
    names = _participant_names(noun)
    if not names:
        return None
    # the article's dated nouns by lemma, built once: each event noun looks up its own
    dated = article.derived(
        f"dated_nouns:{id(article.doc)}", article.times, lambda _: _dated_nouns(noun.doc, by_verb)
    )
    values = {
        str(by_verb[other.i][0]["value"])
        for other in (noun.doc[i] for i in dated.get(noun.lemma_, ()))
        if other.i != noun.i
        and other.tag_ == noun.tag_  # "conversations" are several, none of them "the" one
        and names & _participant_names(other)
    }
    return values.pop() if len(values) == 1 else None


def _dated_nouns(doc: Any, by_verb: dict[int, list[TimeValue]]) -> dict[str, list[int]]:
    """The token indices of the nouns a time expression modifies, by lemma."""
    found: dict[str, list[int]] = {}
    for i in by_verb:
        if doc[i].pos_ == "NOUN":
            found.setdefault(doc[i].lemma_, []).append(i)
    return found


def _participant_names(noun: Any) -> set[str]:
    """The proper names in an event noun's phrase: its possessor, its modifiers, its "with" /
    "between" objects ("Trump's call with Zelensky": Trump, Zelensky)."""
    found = set()
    for child in noun.children:
        if child.dep_ in ("poss", "compound", "nmod") and child.pos_ == "PROPN":
            found.add(child.lower_)
        elif child.dep_ == "prep" and child.lower_ in ("with", "between"):
            found.update(
                t.lower_ for t in child.subtree if t.pos_ == "PROPN" and t.dep_ != "compound"
            )
    return found


def story_date(article: Article, lead_sentences: int = 5, window_days: int = 7) -> str | None:
    """The day of the news the article reports (its "news peg"), as its lead states it.

    A news report opens on its news and dates it ("... was stabbed to death on Tuesday
    evening"); what it goes on to tell without a time of its own ("police arrested a man")
    belongs to that day, not to the day the article appeared. The story date is the first
    day-precise date of a clause in the first `lead_sentences` sentences with a verb (a time
    stamp or a byline on its own line is none) that lies within `window_days` before the
    publication date (a date after it is a plan; one long before is background); a clock
    time alone ("10 p.m.", a live page's time stamp) names no day
    and states none. None when the lead states none, or the article has no date.

    Args:
        article: an article after `normalise_times`, with its parse.
        lead_sentences: how many sentences the lead has.
        window_days: how far before publication the news may lie.

    Returns:
        An ISO day (`2019-11-19`) or None.
    """
    # asked for every event without a time of its own: found once per article
    name = f"story_date:{id(article.doc)}:{lead_sentences}:{window_days}"
    return article.derived(
        name, article.times, lambda _: _story_date(article, lead_sentences, window_days)
    )


def _story_date(article: Article, lead_sentences: int, window_days: int) -> str | None:
    if not article.published or article.doc is None:
        return None
    try:
        published = date.fromisoformat(article.published[:10])
    except ValueError:
        return None
    # the lead is prose: a time stamp, a byline or a heading on its own line ("10 p.m.",
    # "Staff Reports") has no verb and is no sentence of it
    prose = (s for s in article.doc.sents if any(t.pos_ in ("VERB", "AUX") for t in s))
    sentences = list(itertools.islice(prose, lead_sentences))
    if not sentences:
        return None
    lead_end = sentences[-1].end_char
    by_verb = _calendar_times_by_verb(article)
    stated = sorted(
        (time["start"], str(time["value"])[:10])
        for times in by_verb.values()
        for time in times
        if time["start"] < lead_end and not clock_only(time["text"])
    )
    for _, value in stated:
        if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            continue
        day = date.fromisoformat(value)
        if 0 <= (published - day).days <= window_days:
            return value
    return None


def _calendar_times_by_verb(article: Article) -> dict[int, list[TimeValue]]:
    # built once per article: it is asked for every event and quote of a long article
    name = f"times_by_verb:{id(article.doc)}"
    return article.derived(name, article.times, lambda _: _build_by_verb(article))


def _build_by_verb(article: Article) -> dict[int, list[TimeValue]]:
    """Calendar times by the token they date: the verb of their clause, or the noun they
    modify ("Trump's July 25 call", "the 2016 election", "Tuesday's attack"): a date inside a
    noun phrase belongs to that phrase, not to the clause around it ("grilled him on Trump's
    July 25 call" is no grilling of July 25). A dated noun that frames the clause ("killed in
    Tuesday's attack", "during the 2016 campaign") dates the clause as well."""
    by_verb: dict[int, list[TimeValue]] = {}
    for time in article.times:
        if time["type"] not in ("DATE", "TIME") or not _CALENDAR.match(time["value"]):
            continue
        noun = modified_noun(article.doc, time["start"], time["end"])
        if noun is not None:
            by_verb.setdefault(noun.i, []).append(time)
            if not (noun.dep_ == "pobj" and noun.head.lower_ in _FRAMING):
                continue
        verb = verb_at(article.doc, time["start"], time["end"])
        if verb is not None:
            by_verb.setdefault(verb.i, []).append(time)
    return by_verb


#: prepositions whose dated event noun is the time frame of its clause.
_FRAMING = frozenset({"in", "during", "at", "amid"})


@dataclass(frozen=True)
class _Offset:
    """ "<duration> after/before <clause>": the two verbs and how far apart their dates are."""

    main: int  # token index of the main clause's verb ("came" in "came a day after ...")
    sub: int  # token index of the subordinate clause's verb ("announced")
    sign: int  # +1 for "after" (the subordinate clause happened first), -1 for "before"
    duration: str


def _offsets(article: Article) -> dict[int, list[_Offset]]:
    """The offset links by the token index of either verb, each list in text order."""
    name = f"time_offsets:{id(article.doc)}"
    return article.derived(name, article.times, lambda _: _offsets_by_verb(article))


def _offsets_by_verb(article: Article) -> dict[int, list[_Offset]]:
    by_verb: dict[int, list[_Offset]] = {}
    for link in _build_offsets(article):
        by_verb.setdefault(link.sub, []).append(link)
        if link.main != link.sub:
            by_verb.setdefault(link.main, []).append(link)
    return by_verb


def _build_offsets(article: Article) -> list[_Offset]:
    doc = article.doc
    links = []
    for time in article.times:
        if time["type"] != "DURATION":
            continue
        span = doc.char_span(time["start"], time["end"], alignment_mode="expand")
        if span is None or span.end >= len(doc) or doc[span.end].lower_ not in ("after", "before"):
            continue
        word = doc[span.end]
        if word.dep_ == "mark":
            sub, main = word.head, governing_verb(word.head.head)
        else:
            objects = [c for c in word.children if c.dep_ in ("pcomp", "pobj")]
            sub, main = (objects[0] if objects else None), governing_verb(word.head)
        if sub is None or main is None or sub.pos_ not in ("VERB", "AUX") or sub is main:
            continue
        links.append(_Offset(main.i, sub.i, 1 if word.lower_ == "after" else -1, time["value"]))
    return links


def _clause_date(
    article: Article, verb: Any, depth: int, follow_back: bool = True
) -> tuple[str | None, bool]:
    """(value, rests on the publication date) for the clause of `verb`; (None, True) if none."""
    by_verb = _calendar_times_by_verb(article)
    offsets = _offsets(article)
    while depth < 6:
        depth += 1
        if verb.i in by_verb:
            return str(by_verb[verb.i][0]["value"]), False
        same_time = _simultaneous_clause(verb, by_verb)
        if same_time is not None:
            return str(by_verb[same_time.i][0]["value"]), False
        for link in offsets.get(verb.i, ()):
            if link.sub == verb.i and follow_back:  # "announced", a day before the main clause
                value, guessed = _clause_date(article, verb.doc[link.main], depth)
                if value is None:
                    value = article.published[:10] if article.published else None
                return _shift_value(value, -link.sign, link.duration), guessed
            if link.main == verb.i:  # the main clause, a day after a dated subordinate one
                value, guessed = _clause_date(article, verb.doc[link.sub], depth, False)
                if value is not None:
                    return _shift_value(value, link.sign, link.duration), guessed
        if verb.dep_ == "ROOT" or verb.head is verb:
            break
        if verb.dep_ == "ccomp" and not _reported_past(verb):
            break
        head = governing_verb(verb.head)
        if head is None or head is verb:
            break
        verb = head
    return None, True


def _simultaneous_clause(verb: Any, by_verb: dict[int, list[TimeValue]]) -> Any | None:
    """A dated clause of the same time that qualifies the verb: "(opposed it) as soon as I
    learned about it on July 18", "when police arrived on Monday"; None when there is none."""
    words = tense_words()["simultaneous"]
    heads = [verb, *(c for c in verb.children if c.dep_ == "advmod" and c.lower_ in words)]
    for head in heads:
        for clause in head.children:
            if clause.dep_ != "advcl" or clause.i not in by_verb:
                continue
            opener = head.lower_ in words and head.i != verb.i
            if opener or any(
                c.dep_ in ("advmod", "mark") and c.lower_ in words for c in clause.children
            ):
                return clause
    return None


def _reported_past(verb: Any) -> bool:
    """ "X announced on Thursday (that) it had taken the city": what a reporting verb says
    happened is dated by the report at the latest, the best date the text gives. What it says
    will happen, or is happening, is not ("said on Monday that talks will resume")."""
    head = verb.head
    if head.lemma_.lower() not in _reporting_verbs():
        return False
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxiliaries & tense_words()["forward_aux"]:
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and bool(auxiliaries & {"had", "has", "have"}))


@functools.lru_cache(maxsize=1)
def _reporting_verbs() -> frozenset[str]:
    """The verbs of the quote cue lexicon (`lexicons/en/cues.tsv`): say, announce, report, ..."""
    return frozenset(lemma for lemma, part in load_cues() if part in ("verb", "quoting"))


def _shift_value(value: str | None, sign: int, duration: str) -> str | None:
    """A day date moved by a duration (P1D, P2W...) in the direction of sign; else as it was."""
    match = re.fullmatch(r"P(\d+)([DWMY])", duration)
    if value is None or match is None or not re.fullmatch(r"\d{4}-\d\d-\d\d", value[:10]):
        return value
    n, code = int(match.group(1)), match.group(2)
    return shift(date.fromisoformat(value[:10]), code, sign * n).isoformat()
