"""The NLP backbone: load the spaCy pipeline once per process, parse batches, type entities.

`parse` adds `article.doc` (sentences, tokens, dependency parse, named entities) with
`nlp.pipe`; `add_entities` turns spaCy's entities into the contract's typed mentions:
PERSON, ORG, NORP, and PLACE for GPE/LOC/FAC, and makes sure the dateline is a PLACE.
"""

from __future__ import annotations

import logging
from typing import Any

from spacy.tokens import Span

from tacitus.core.article import Article, Dateline, Entity
from tacitus.core.stage import (
    Context,
    load_model,  # noqa: F401 - one cache of the model per process
)
from tacitus.kb.actors import load_kb, normalise_name
from tacitus.kb.gazetteer import well_known_place
from tacitus.lexicons.dateline import dateline_end
from tacitus.syntax.phrases import blank_line

log = logging.getLogger(__name__)

#: spaCy label -> contract entity type; labels not listed are not entities of the record.
ENTITY_TYPES = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "NORP": "NORP",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
}


def parse(articles: list[Article], nlp: Any, batch_size: int = 32) -> None:
    """Set `doc` on each article with one `nlp.pipe` pass over the batch."""
    if not articles:
        return
    try:
        tokenized = (_prepared(nlp, a) for a in articles)
        docs = list(nlp.pipe(tokenized, batch_size=batch_size))
    except Exception:  # noqa: BLE001 - find the one article that breaks the batch
        log.warning("batch parse failed; parsing the %d articles one by one", len(articles))
        for article in articles:
            # a failing one raises inside its own stage run
            article.doc = _names_apart(nlp(_prepared(nlp, article)))
        return
    for article, doc in zip(articles, docs, strict=True):
        article.doc = _names_apart(doc)


def _prepared(nlp: Any, article: Article) -> Any:
    """The article's tokens with the sentence starts its layout fixes, ready for the parser."""
    return _header_apart(_paragraphs_apart(nlp.make_doc(article.text)), _body(article))


def _paragraphs_apart(doc: Any) -> Any:
    """Start a sentence after every blank line: a paragraph break ends a sentence, even after
    a colon or a line with no full stop (a byline, a list's lead-in "on the following
    charges:"), where the parser would otherwise run the two paragraphs together."""
    for token in doc[:-1]:
        if blank_line(token):
            doc[token.i + 1].is_sent_start = True
    return doc


def _names_apart(doc: Any) -> Any:
    """The recogniser's names, cut where two names run together (`_names_end_at_colons`,
    `_title_country_apart`)."""
    return _title_country_apart(_names_end_at_colons(doc))


def _title_country_apart(doc: Any) -> Any:
    """Cut a country's name off the person's name it runs into after a title's preposition
    (the preposition hangs on a word of an office):
    in "former special envoy to Ukraine Kurt Volker" or "ambassador to France Jean Dupont"
    the country closes the title and the name follows (the recogniser reads one name,
    "Ukraine Kurt Volker"). The country stays a place, the rest is a person, when it is at
    least two capitalised words."""
    kb = load_kb()
    kept, changed = [], False
    for ent in doc.ents:
        before = doc[ent.start - 1] if ent.start > 0 else None
        cut = None
        if (
            before is not None
            and before.lower_ in ("to", "of")
            and before.pos_ == "ADP"
            and (kb.is_office(before.head.lemma_.lower()) or kb.is_office(before.head.lower_))
        ):
            for size in (3, 2, 1):
                rest = ent[size:]
                if (
                    len(rest) >= 2
                    and all(t.is_title for t in rest)
                    and (normalise_name(ent[:size].text) in kb.country_keys)
                ):
                    cut = ent.start + size
                    break
        if cut is None:
            kept.append(ent)
            continue
        changed = True
        kept.append(Span(doc, ent.start, cut, label="GPE"))
        kept.append(Span(doc, cut, ent.end, label="PERSON"))
    if changed:
        doc.ents = kept
    return doc


def _names_end_at_colons(doc: Any) -> Any:
    """Cut every named entity at a colon inside it: a name never runs over one ("Jane Doe:
    Theft, ..." names Jane Doe), though the recogniser sometimes reads on."""
    if not any(t.text == ":" for ent in doc.ents for t in ent):
        return doc
    kept = []
    for ent in doc.ents:
        colon = next((t.i for t in ent if t.text == ":"), None)
        if colon is None:
            kept.append(ent)
        elif colon > ent.start:
            kept.append(Span(doc, ent.start, colon, label=ent.label))
    doc.ents = kept
    return doc


def _body(article: Article) -> int:
    """Where the body begins: after the headline, when the text starts with one."""
    return article.title_span[1] if article.title_span else 0


def _header_apart(doc: Any, body: int = 0) -> Any:
    """Start a sentence after the dateline header, so `KABUL (Reuters) - X said` has X as the
    only subject of `said` (the parser otherwise also makes KABUL one); a headline above the
    dateline stays a sentence of its own."""
    end = dateline_end(doc.text, body, well_known_place)
    if end is None:
        return doc
    begin = next((t.i for t in doc if t.idx >= body and not t.is_space), 0)
    first = next((t for t in doc[begin:] if t.idx >= end), None)
    if first is not None and first.i > begin:
        for token in doc[begin + 1 : first.i]:
            token.is_sent_start = False
        if begin > 0:
            doc[begin].is_sent_start = True
        first.is_sent_start = True
    return doc


def add_entities(article: Article, ctx: Context | None = None) -> Article:
    """Stage: typed entity mentions from spaCy's NER, plus the dateline as a PLACE."""
    entities: list[Entity] = []
    for ent in article.doc.ents:
        kind = ENTITY_TYPES.get(ent.label_)
        if kind is None:
            continue
        start, end = _trim(article.text, ent.start_char, ent.end_char)
        if start >= end:
            continue
        entities.append(
            {
                "start": start,
                "end": end,
                "text": article.text[start:end],
                "type": kind,
                "label": ent.label_,
                "actor": None,
                "place": None,
            }
        )
    if article.dateline:
        entities = _with_dateline(entities, article.dateline, article.text)
    article.entities = sorted(entities, key=lambda e: (e["start"], e["end"]))
    return article


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading articles and trailing possessives spaCy sometimes includes."""
    span = text[start:end]
    for lead in ("the ", "The "):
        if span.startswith(lead) and len(span) > len(lead):
            start += len(lead)
            span = span[len(lead) :]
    for tail in ("'s", "’s"):
        if span.endswith(tail):
            end -= len(tail)
            span = span[: -len(tail)]
    return start, end


def _with_dateline(entities: list[Entity], dateline: Dateline, text: str) -> list[Entity]:
    start, end = dateline["start"], dateline["end"]
    kept = [e for e in entities if e["end"] <= start or e["start"] >= end]
    kept.append(
        {
            "start": start,
            "end": end,
            "text": text[start:end],
            "type": "PLACE",
            "label": "DATELINE",
            "role": "dateline",
            "actor": None,
            "place": None,
        }
    )
    return kept
