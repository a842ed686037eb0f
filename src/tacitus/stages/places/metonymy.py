"""The kind of a resolved place: `literal`, `metonymic` or `demonym`.

A capital whose mention acts as a government ("Damascus said", "offering Damascus help",
"ties with Ankara", "anti-Damascus") is `metonymic`; a nationality word ("Russian") or a
demonym of a region or town ("Ohioans") is a `demonym`; any other place is `literal`.
Reads `article.text` and `article.doc` (the dependency parse); writes nothing.
"""

from __future__ import annotations

from tacitus.core.article import Article, Place
from tacitus.kb.gazetteer import Gazetteer
from tacitus.stages.places.candidates import _Mention
from tacitus.stages.places.words import place_words


def _is_metonymic(article: Article, g: Gazetteer, m: _Mention) -> bool:
    """A capital standing for its government: subject or object of a government verb,
    complement of "aid to", "ties with", or prefixed "anti-"/"pro-"."""
    if m.choice not in g.capitals or m.dateline:
        return False
    before = article.text[max(0, m.start - 5) : m.start].lower()
    if before.endswith(("anti-", "pro-")):
        return True
    span = article.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    if head.dep_ in ("nsubj", "nsubjpass", "dative", "dobj", "iobj"):
        verb = head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in place_words()["government_verb"]:
            return True
        return head.dep_ == "dative"
    if head.dep_ in ("nmod", "compound") and head.i < head.head.i:
        # "offering Damascus advisory help": a mis-parsed indirect object
        noun = head.head
        return noun.dep_ == "dobj" and noun.head.lemma_.lower() in place_words()["giving_verb"]
    if head.dep_ == "poss":
        return head.head.lemma_.lower() in place_words()["government_noun"]
    if head.dep_ == "pobj" and head.head.lower_ in ("to", "with", "for", "against", "from"):
        noun = head.head.head
        return noun.lemma_.lower() in place_words()["government_noun"] or (
            noun.lemma_.lower() in place_words()["government_verb"] and head.head.lower_ != "from"
        )
    return False


def _place(article: Article, g: Gazetteer, m: _Mention) -> Place | None:
    if m.demonym:
        entry = g.iso3_entry.get(m.demonym)
        if entry is None:
            return None
        kind = "demonym"
    elif m.choice is not None:
        entry = m.choice
        if m.regional:
            kind = "demonym"
        else:
            kind = "metonymic" if _is_metonymic(article, g, m) else "literal"
    else:
        return None
    place: Place = {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        **g.describe(entry),
        "kind": kind,
    }
    if m.dateline:
        place["role"] = "dateline"
    return place
