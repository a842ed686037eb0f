"""One event per happening: the records of an article that report the same happening become one.

News tells a happening more than once: the headline, the lead and a recap later on; a list of
nouns under one verb ("promises of access and pledges to protect") can give one clause the
same record twice. The gold convention, and what an analyst counts, is one event per
happening and per (actor, recipient) pair. Two records are the same happening when they
have the same type, mode and status and the same actor and recipient, each known on both
sides (the same actor of the article, or the same country and sector with no actor id), and
either they are one clause (one trigger or one evidence) at one place, or they carry the
same date that the text states (a date that rests on the publication day is no evidence that
two mentions are one happening). The first mention stays, with the evidence of the others
in `also`; the highest confidence, and every count, are kept. Reads and rewrites
`article.events`; nothing else.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from tacitus.core.article import Event, Party


def _party_key(party: Party | None) -> tuple[Any, ...] | None:
    """Who a participant is, for comparing two records; None when nobody is named."""
    if not party:
        return None
    if party.get("actor"):
        return ("actor", party["actor"])
    if party.get("country") or party.get("sector"):
        return ("coded", party.get("country"), party.get("sector"), _words(party))
    return ("named", _words(party))


def _words(party: Party) -> str:
    """The participant's name, lower case, without a leading article."""
    words = str(party.get("name") or "").lower().split()
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def _hashable(value: Any) -> Any:
    """A span as a tuple (records hold spans as lists)."""
    return tuple(value) if isinstance(value, list) else value


def _overlap(one: list[int], other: list[int]) -> bool:
    return one[0] < other[1] and other[0] < one[1]


def _same_happening(one: Event, other: Event) -> bool:
    """Whether two records of an article report one happening with one pair of participants."""
    if (one["type"], one["mode"], one["status"]) != (other["type"], other["mode"], other["status"]):
        return False
    actors = _party_key(one["actor"]), _party_key(other["actor"])
    recipients = _party_key(one["recipient"]), _party_key(other["recipient"])
    if actors[0] != actors[1] or recipients[0] != recipients[1]:
        return False
    if one.get("trigger") == other.get("trigger") or one["evidence"] == other["evidence"]:
        # one clause, the same record twice; unless at two places ("protests in Denver and
        # Phoenix" are two protests)
        return one.get("location") == other.get("location")
    if actors[0] is None or recipients[0] is None:
        return False  # with a participant unknown, two clauses may be two happenings
    stated = not one["date_is_fallback"] and not other["date_is_fallback"]
    return stated and one["date"] is not None and one["date"] == other["date"]


def merge_mentions(events: list[Event]) -> list[Event]:
    """Merge the records of an article that report the same happening.

    Args:
        events: the article's event records, in text order.

    Returns:
        The records, each happening once, in the order of their first mention; a merged
        record lists the evidence of its other mentions in `also`.
    """
    kept: list[Event] = []
    # Records can be one happening only when they share their kind and pair and then their
    # trigger, their evidence or their stated date: index the kept records by those, so that
    # a long article's records are not each compared with all the others.
    index: dict[tuple[Any, ...], list[int]] = {}
    for event in events:
        pair = (
            event["type"],
            event["mode"],
            event["status"],
            _party_key(event["actor"]),
            _party_key(event["recipient"]),
        )
        keys = [
            (*pair, "trigger", _hashable(event.get("trigger"))),
            (*pair, "evidence", _hashable(event["evidence"])),
        ]
        if pair[3] is not None and pair[4] is not None and not event["date_is_fallback"]:
            keys.append((*pair, "date", event["date"]))  # only a stated date joins clauses
        earlier = sorted({i for key in keys for i in index.get(key, [])})
        same = next((kept[i] for i in earlier if _same_happening(kept[i], event)), None)
        if same is None:
            for key in keys:
                index.setdefault(key, []).append(len(kept))
            kept.append(event)
            continue
        if not _overlap(same["evidence"], event["evidence"]):
            same.setdefault("also", []).append(list(event["evidence"]))
        same["confidence"] = max(same["confidence"], event["confidence"])
        spans = {tuple(c["span"]) for c in same["counts"]}
        same["counts"].extend(c for c in event["counts"] if tuple(c["span"]) not in spans)
    return kept


def merge_headline(events: list[Event], headline: tuple[int, int], lead_end: int) -> list[Event]:
    """Merge each event of the headline into the lead's event of the same type.

    A headline announces what its lead tells ("US cyber security chief resigns" over "The
    man making sure US computer networks are safe has resigned"): one happening, told once
    in brief. The lead's record, with its participants, stays, and the headline's evidence
    joins its `also`; a headline event with no counterpart in the lead stays as it is.

    Args:
        events: the article's event records, in text order.
        headline: the headline's span.
        lead_end: where the lead (the first sentences after the headline) ends.

    Returns:
        The records without the headline's that the lead tells.
    """
    kept: list[Event] = []
    for event in events:
        if headline[0] <= event["trigger"][0] < headline[1]:
            if _announced(events, event, headline[1], lead_end):
                continue
        kept.append(event)
    return kept


def _announced(events: list[Event], event: Event, start: float, stop: float) -> bool:
    """Fold an announcing event (a headline's, a subheading's) into the first event of its
    type told in [start, stop): that one gets its evidence first in `also`. False when none."""
    told = next(
        (e for e in events if start <= e["trigger"][0] < stop and e["type"] == event["type"]),
        None,
    )
    if told is None:
        return False
    told.setdefault("also", []).insert(0, list(event["evidence"]))
    told["confidence"] = max(told["confidence"], event["confidence"])
    return True


def fold_partial(
    events: list[Event],
    sentence: Callable[[Event], int],
    one_telling: Callable[[Event, Event], bool],
) -> list[Event]:
    """Fold a record that leaves a participant unnamed into one of the same sentence that
    names it, when the two tell one happening in two words: the same word twice ("meeting
    with Giuliani was part of the dialogue, and he had one meeting with him") or verbs
    coordinated under one subject ("officers searched the area and apprehended a suspect").
    They must share their type, status and the participant both name. The fuller record
    stays, with the other's evidence in `also`.

    Args:
        events: the article's records, in text order.
        sentence: the index of the sentence of a record's trigger.
        one_telling: whether two records' triggers are one sentence's same word or
            coordinated verbs (the parse decides; `code_events` gives it).

    Returns:
        The records without those folded into another.
    """
    folded: set[int] = set()
    # only records of one sentence, type and status can fold: compare within those groups,
    # so that a long article's records are not each compared with all the others
    groups: dict[tuple[Any, ...], list[Event]] = {}
    for event in events:
        groups.setdefault((sentence(event), event["type"], event["status"]), []).append(event)
    for event in events:
        for other in groups[(sentence(event), event["type"], event["status"])]:
            if other is event or id(other) in folded or not _fuller(other, event):
                continue
            if one_telling(event, other):
                other.setdefault("also", []).append(list(event["evidence"]))
                other["confidence"] = max(other["confidence"], event["confidence"])
                folded.add(id(event))
                break
    return [e for e in events if id(e) not in folded]


def _fuller(fuller: Event, partial: Event) -> bool:
    """Whether `fuller` names the participant `partial` leaves unnamed, and shares the other."""
    if (fuller["type"], fuller["status"]) != (partial["type"], partial["status"]):
        return False
    for missing, shared in (("actor", "recipient"), ("recipient", "actor")):
        if partial[missing] is None and fuller[missing] is not None:  # type: ignore[literal-required]
            key = _party_key(partial[shared])  # type: ignore[literal-required]
            if key is not None and key == _party_key(fuller[shared]):  # type: ignore[literal-required]
                return True
    return False


def merge_subheadings(events: list[Event], subheadings: list[tuple[int, int]]) -> list[Event]:
    """Merge each event of a subheading into the next event of its type under it.

    A subheading announces what the paragraphs under it tell ("2. Never urged Ukraine to
    investigate Joe Biden" over "At no time was I aware of ... an effort to urge Ukraine"),
    as a headline announces its lead: one happening. The event under it stays, with the
    subheading's evidence in `also`; a subheading event with none of its type under it (in
    the paragraphs before the next subheading) stays as it is.

    Args:
        events: the article's event records, in text order.
        subheadings: the spans of the article's subheadings, in text order.

    Returns:
        The records without the subheadings' that the paragraphs under them tell.
    """
    kept: list[Event] = []
    starts = [s for s, _ in subheadings]  # in text order
    for event in events:
        at = event["trigger"][0]
        i = bisect_right(starts, at) - 1
        if i >= 0 and at < subheadings[i][1]:
            stop = starts[i + 1] if i + 1 < len(starts) else float("inf")
            if _announced(events, event, subheadings[i][1], stop):
                continue
        kept.append(event)
    return kept


#: The most words a subheading has.
SUBHEADING_WORDS = 12


def subheadings(text: str) -> list[tuple[int, int]]:
    """The spans of an article's subheadings: paragraphs of a few words that end without a
    sentence's punctuation ("2. Never urged Ukraine to investigate Joe Biden", "Overcrowded
    conditions worsen risk"); not a quote's attribution line ("— Rep. Omar (@Ilhan) ...")."""
    found = []
    start = 0
    for line in text.split("\n"):
        stripped = line.strip()
        words = stripped.split()
        if (
            0 < len(words) <= SUBHEADING_WORDS
            and stripped[-1] not in '.!?:;,"”’)'
            and stripped[0] not in "—–-_"
        ):
            found.append((start, start + len(line)))
        start += len(line) + 1
    return found
