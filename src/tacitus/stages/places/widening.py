"""Entity repairs of the places stage: names spaCy cut, joined or left short.

Before mentions are collected, neighbouring entities that together spell a country or
region are joined ("Guinea" + "-Bissau"), a place entity that swallowed a dash or an "and"
is cut ("Cattai and Wilberforce"), and one that left out a capitalised word or an
abbreviation's dot is widened ("Goz" + "Beida", "W.Va" + "."). Reads `article.text` and
`article.doc`; edits `article.entities` in place.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.core.article import Article, Entity
from tacitus.kb.gazetteer import Gazetteer, abbreviation
from tacitus.stages.places.candidates import _names_entry, _names_feature
from tacitus.stages.places.words import cues

#: What may stand between two pieces of one name that spaCy split ("Guinea-Bissau",
#: "Democratic Republic" + "of the" + "Congo", "Trinidad and Tobago").
_SPLIT_GAP = re.compile(r"-|\s+(?:(?:of|and)(?:\s+the)?\s+)?", re.IGNORECASE)


#: A tail that spaCy may leave out of a name: "-Bissau", " do Sul" ("Rio Grande do Sul").
_NAME_TAIL = re.compile(
    r"-[A-Z][\w']+|\s(?:do|da|dos|das|de|del|di|du|des)\s[A-Z][\w']+(?:\s[A-Z][\w']+)?"
)


def _merge_split_names(article: Article, g: Gazetteer) -> None:
    """Join neighbouring entities that together spell a country, region or named feature
    by its own name, when spaCy cut the name at a hyphen or a lowercase word."""
    entities = sorted(article.entities, key=lambda e: (e["start"], e["end"]))
    merged: list[Entity] = []
    for entity in entities:
        last = merged[-1] if merged else None
        if last is not None and entity["start"] >= last["end"]:
            gap = article.text[last["end"] : entity["start"]]
            text = article.text[last["start"] : entity["end"]]
            if (_SPLIT_GAP.fullmatch(gap) and _names_feature(g, text)) or (
                gap == " " and last["type"] == entity["type"] == "PLACE" and _names_entry(g, text)
            ):
                last.update({"end": entity["end"], "text": text, "type": "PLACE"})
                continue
        tail = _NAME_TAIL.match(article.text, entity["end"])
        if tail and _names_feature(g, article.text[entity["start"] : tail.end()]):
            entity.update({"end": tail.end(), "text": article.text[entity["start"] : tail.end()]})
        merged.append(entity)
    if len(merged) < len(article.entities):
        article.entities[:] = merged
    _split_joined_places(article, g)
    _widen_places(article, g)
    for entity in article.entities:
        words = entity["text"].split(maxsplit=1)
        # "east Africa", "northern Nigeria": a lowercase word narrows the place, not names it
        if (
            entity["type"] == "PLACE"
            and len(words) == 2
            and words[0].islower()
            and words[0] in cues()["modifier"]
            and words[1][:1].isupper()
        ):
            entity.update({"start": entity["end"] - len(words[1]), "text": words[1]})


#: A spaced dash or "and" that spaCy took into a name: "Sri Lanka - approximately",
#: "Cattai and Wilberforce".
_DASH = re.compile(r"\s+[-–—]\s*")
_AND = re.compile(r"\s+and\s+")


def _split_joined_places(article: Article, g: Gazetteer) -> None:
    """Cut an entity at a spaced dash when what comes before names a place ("Sri Lanka -
    approximately 28,000"), and split a place entity at "and" when it names nothing and
    both sides are places by their own names ("Cattai and Wilberforce")."""
    added: list[Entity] = []
    for entity in article.entities:
        text = entity["text"]
        dash = _DASH.search(text)
        if dash is not None and g.lookup(text[: dash.start()]) and not g.lookup(text):
            entity.update({"end": entity["start"] + dash.start(), "text": text[: dash.start()]})
            continue
        joint = _AND.search(text)
        if entity["type"] != "PLACE" or joint is None or g.lookup(text):
            continue
        left, right = text[: joint.start()], text[joint.end() :]
        if _names_entry(g, left) and _names_entry(g, right):
            entity.update({"end": entity["start"] + joint.start(), "text": left})
            start = entity["start"] + joint.end()
            added.append({**entity, "start": start, "end": start + len(right), "text": right})
    if added:
        article.entities.extend(added)
        article.entities.sort(key=lambda e: (e["start"], e["end"]))


def _widen_places(article: Article, g: Gazetteer) -> None:
    """Widen a place entity by a capitalised word that spaCy left out of it, before or after,
    when the whole is some entry's own name ("Goz" + "Beida", "Mission" + "Viejo")."""
    doc = article.doc
    taken = {t.i for e in article.entities for t in _tokens(article, e)}
    for entity in article.entities:
        if entity["type"] not in ("PLACE", "PERSON", "ORG"):
            continue
        after = article.text[entity["end"] : entity["end"] + 3]
        if entity["type"] == "PLACE" and after[:1] == "." and not after[2:3].isdigit():
            # "W.Va" + ".": an abbreviation that spaCy cut before its dot ("W.Va. 61" is a road)
            dotted = entity["text"] + "."
            if g.keys.find(abbreviation(dotted)) is not None:
                entity.update({"end": entity["end"] + 1, "text": dotted})
                continue
        span = _tokens(article, entity)
        if span is None or not len(span):
            continue
        for i in (span.start - 1, span.end):
            if i < 0 or i >= len(doc) or i in taken:
                continue
            word = doc[i]
            if (
                word.pos_ != "PROPN"
                or not word.text[:1].isupper()
                or word.is_sent_start
                or word.lower_ in cues()["place_noun"]  # "Dublin City Manager"
            ):
                continue
            start, end = min(word.idx, entity["start"]), max(word.idx + len(word), entity["end"])
            text = article.text[start:end]
            if _names_entry(g, text):
                entity.update({"start": start, "end": end, "text": text})
                taken.add(i)
                break


def _tokens(article: Article, entity: Entity) -> Any:
    return article.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
