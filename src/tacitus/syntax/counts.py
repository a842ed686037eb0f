"""Counts of people and things in events: "some 34,000 people had been evacuated", "killing at
least three", "hundreds of thousands displaced", "arrested dozens".

Reads a parsed spaCy sentence and the lexicons `lexicons/en/count_words.tsv` (spelled-out
and vague quantities), `count_verbs.tsv` (what happens to the counted: killed, wounded,
arrested, evacuated ...) and `count_qualifiers.tsv` ("some", "at least", "more than").
`find_counts` returns one `Count` per number that a count verb governs; the events stage
attaches each to its event (`event["counts"]`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tacitus.core.annotations import EventCount
from tacitus.core.resources import load_once, read_kinds, read_table

#: Entity labels whose numbers are not head counts.
NOT_COUNTS = {"DATE", "TIME", "MONEY", "PERCENT", "ORDINAL", "QUANTITY"}


@dataclass
class Count:
    """A number of people or things and what happened to them.

    Attributes:
        value: the number (lower bound for vague words: "dozens" = 24).
        what: "people evacuated", "soldiers killed" ...
        start, end: characters of the number phrase in the text.
        verb: the governing token (kill, evacuate ...), used to find the event.
        approximate: "some", "about", "dozens".
        at_least: "at least", "more than".
    """

    value: int
    what: str
    start: int
    end: int
    verb: Any
    approximate: bool = False
    at_least: bool = False

    def to_dict(self) -> EventCount:
        out: EventCount = {
            "value": self.value,
            "what": self.what,
            "span": [self.start, self.end],
        }
        if self.approximate:
            out["approximate"] = True
        if self.at_least:
            out["at_least"] = True
        return out


@load_once
def _lexicons() -> tuple[dict[str, float], dict[str, str]]:
    """(count word -> value, count verb lemma -> what happens to the counted)."""
    words = {r["phrase"]: float(r["value"]) for r in read_table("lexicons/en/count_words.tsv")}
    verbs = {r["lemma"]: r["what"] for r in read_table("lexicons/en/count_verbs.tsv")}
    return words, verbs


@load_once
def _qualifiers() -> tuple[frozenset[str], frozenset[str]]:
    """The words that make a count approximate, and those that make it a lower bound."""
    kinds = read_kinds("lexicons/en/count_qualifiers.tsv")
    return kinds["approximate"], kinds["at_least"]


def number_value(tokens: list[Any]) -> float | None:
    """The value of a number phrase: "34,000", "1.5 million", "hundreds of thousands", "dozens"."""
    words, _ = _lexicons()
    approximators, bounds = _qualifiers()
    text = " ".join(t.lower_ for t in tokens if t.lower_ not in approximators | bounds | {"at"})
    if text in words:
        return words[text]
    value: float | None = None
    for part in text.replace(" of ", " ").split():
        digits = part.replace(",", "")
        if re.fullmatch(r"\d+(\.\d+)?", digits):
            number = float(digits)
        elif part in words:
            number = words[part]
        else:
            continue
        if value is None:
            value = number
        elif number >= 100 and value < number:
            value *= number / (2 if part.endswith("s") and value >= 100 else 1)
        else:
            value += number
    return value


def _number_phrase(token: Any) -> list[Any]:
    """The number token with its numeric neighbours and qualifiers ("at least", "some")."""
    approximators, bounds = _qualifiers()
    phrase = [token]
    for child in token.children:
        if child.dep_ in ("compound", "quantmod", "nummod", "advmod", "amod") and (
            child.like_num
            or child.lower_ in approximators | bounds | {"at", "of"}
            or child.i < token.i
        ):
            phrase.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ == "of":  # "hundreds of thousands"
            inner = [p for p in child.children if p.dep_ == "pobj" and _is_number(p)]
            if inner:
                phrase.extend([child, *_number_phrase(inner[0])])
    return sorted(set(phrase), key=lambda t: t.i)


def _is_number(token: Any) -> bool:
    words, _ = _lexicons()
    if token.ent_type_ in NOT_COUNTS:
        return False
    return (
        token.tag_ == "CD" or token.lower_ in words and token.pos_ in ("NUM", "NOUN", "DET", "ADJ")
    )


def _counted(number: Any) -> tuple[Any, Any]:
    """(the counted noun or None, the token whose role in the clause is the count's).

    "34,000 people" -> (people, people); "thousands of people" -> (people, thousands);
    "killing at least three" -> (None, three).
    """
    if number.dep_ == "nummod":
        return number.head, number.head
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                if not _is_number(pobj):
                    return pobj, number
                for inner in pobj.children:  # "hundreds of thousands of people"
                    if inner.dep_ == "prep":
                        noun = next((p for p in inner.children if p.dep_ == "pobj"), None)
                        return noun, number
    return None, number


def _governing_verb(noun: Any, verbs: dict[str, str]) -> tuple[Any, str] | None:
    """The count verb the counted noun is subject or object of, and what it means."""
    if noun.pos_ in ("ADJ", "VERB") and noun.lemma_.lower() in verbs:
        return noun, verbs[noun.lemma_.lower()]  # "left 9 dead", "15 wounded"
    for child in noun.children:  # "20 people dead", "and 140 wounded" (amod / acl)
        lemma = child.lemma_.lower()
        if child.dep_ in ("amod", "acl", "acomp") and lemma in verbs:
            return child, verbs[lemma]  # its own participle says more than the clause's verb
    head = noun.head
    if (
        noun.dep_ in ("nsubjpass", "dobj", "nsubj", "conj", "appos", "attr")
        and head.lemma_.lower() in verbs
    ):
        if (
            noun.dep_ == "nsubj"
            and head.lemma_.lower() not in ("die", "flee")
            and not _elliptic_passive(head)
        ):
            return None  # "34 soldiers killed civilians": the soldiers are not the dead
        return head, verbs[head.lemma_.lower()]
    if noun.dep_ == "conj":
        return _governing_verb(head, verbs)
    if head.lemma_.lower() == "leave":  # "left 5 dead"
        for child in head.children:
            if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.lemma_.lower() in verbs:
                return head, verbs[child.lemma_.lower()]
    return None


def _elliptic_passive(verb: Any) -> bool:
    """ "were killed and 140 wounded": a bare participle with no object, conjoined to a verb."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "conj"
        and not any(c.dep_ in ("dobj", "aux") for c in verb.children)
    )


def find_counts(sent: Any) -> list[Count]:
    """Counts in a spaCy sentence span, each with the verb that says what happened."""
    _, verbs = _lexicons()
    approximators, bounds = _qualifiers()
    counts = []
    seen: set[int] = set()
    for token in sent:
        if token.i in seen or not _is_number(token):
            continue
        if token.dep_ in ("compound", "quantmod") and token.head.like_num:
            continue  # part of a larger number
        if token.dep_ == "pobj" and token.head.lower_ == "of" and _is_number(token.head.head):
            continue  # the "thousands" of "hundreds of thousands"
        counted, anchor = _counted(token)
        governed = _governing_verb(anchor, verbs)
        if governed is None:
            continue
        phrase = _number_phrase(token)
        value = number_value(phrase)
        if value is None or value <= 0:
            continue
        seen.update(t.i for t in phrase)
        words = {t.lower_ for t in phrase}
        verb, what = governed
        noun = "" if counted is None or counted.i == verb.i else counted.lower_ + " "
        counts.append(
            Count(
                value=int(value),
                what=f"{noun}{what}",
                start=phrase[0].idx,
                end=phrase[-1].idx + len(phrase[-1]),
                verb=verb,
                approximate=bool(words & approximators) or not token.like_num,
                at_least=bool(words & bounds),
            )
        )
    return counts
