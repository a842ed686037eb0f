"""Quotes: who said what, directly ("...," Putin said) or in reported speech (X said that ...).

Reads `article.text`, `article.doc` (sentences and dependency parse), `article.entities` and
`article.actors` (speakers are actors, found with `article.actor_at`). Adds `article.quotes`
(and to `article.actors` the speakers who are no actor yet), in text order, each
`{"content": [s, e], "source": [s, e] or None, "speaker": actor id or None,
"cue": [s, e] or None, "direct": bool}` plus `cue_lemma`, `cue_class` (the cue's meaning in
`lexicons/en/cues.tsv`: say, claim, deny, accuse, demand, urge, warn, ...), `mode` (speech or
thought) and `date` (the governing date, from `tacitus.timex.anchor`).

Three passes, one module each: quotation marks give the direct quotes (`marks`); cue words
of the lexicon (`tacitus.lexicons.cues`), read through the parse, give the attributions with
their source and content (`reported`); each direct quote then joins the attribution whose
cue frames it (`framing`: same sentence, the sentence after it, an introducing colon) or
continues the previous speaker's quote (`direct`). `found` holds the attribution record and
the span helpers they share. The speaker of each source phrase is resolved over the whole
article by `tacitus.syntax.coref` (names, pronouns and descriptions to the actor they name
or refer to; never to somebody named inside the quote itself); a source that names or
describes somebody who is no actor becomes a speaker actor of its own (`speakers`: added to
`article.actors`).
"""

from __future__ import annotations

import re

from tacitus.core.article import Article, Quote, SpanIndex
from tacitus.core.stage import Context
from tacitus.lexicons.cues import load_cues
from tacitus.stages.quotes.direct import _join_direct_quotes
from tacitus.stages.quotes.found import (
    Span,
    _Attribution,
    _index,
    _inside,
    _paragraph,
    _within_any,
)
from tacitus.stages.quotes.marks import _closes_quoting_paragraph, _is_quotation, quoted_spans
from tacitus.stages.quotes.reported import _attribution_of, _colon_attributions
from tacitus.stages.quotes.speakers import speaker_actor
from tacitus.syntax import coref
from tacitus.timex.anchor import governing_date

__all__ = ["MIN_WORDS", "attribute_quotes", "load_cues", "quoted_spans"]


#: Fewest words of a reported (not quoted) content.
MIN_WORDS = 3


def attribute_quotes(article: Article, ctx: Context | None = None) -> Article:
    """Fill `article.quotes` with the attributions of the article, in text order.

    Args:
        article: an article after the nlp, actors and times stages.
        ctx: the pipeline context (unused; stages share one signature).

    Returns:
        The same article, with `quotes` set.
    """
    doc = article.doc
    if doc is None:
        return article
    text = article.text
    quoted = quoted_spans(text)
    marked = [span for span in quoted if _is_quotation(doc, text, span)]
    marked = sorted(marked + [s for s in quoted if _closes_quoting_paragraph(text, s, marked)])
    found = [a for token in doc if (a := _attribution_of(token, text)) is not None]
    quoted_index: SpanIndex[None] = SpanIndex((q[0], q[1], None) for q in quoted)
    marked_index = _index(marked)
    # Some verbs attribute only words they quote: 'used the phrase "Islamic terrorism"'.
    found = [
        a
        for a in found
        if not a.pending
        and (
            a.cue_entry is None
            or a.cue_entry.part != "quoting"
            or quoted_index.overlaps(*a.content)
        )
        or a.pending
        and a.cue_entry
        and a.cue_entry.part == "verb"
    ]
    places = [(e["start"], e["end"]) for e in article.entities if e["type"] == "PLACE"]
    if article.dateline:
        places.append((article.dateline["start"], article.dateline["end"]))
    found.extend(_colon_attributions(doc, text, found, places))
    # Attributions inside somebody's quoted words ("I hope ...") are theirs, not the article's.
    found = [a for a in found if not (a.cue and _within_any(a.cue, marked_index))]
    found = [a for a in _join_direct_quotes(doc, text, found, marked, quoted) if not a.pending]
    found = _outermost([a for a in found if any(c.isalnum() for c in text[slice(*a.content)])])
    # "criticized the deal", "cited the audit": too thin to be a reported statement.
    found = [a for a in found if a.direct or len(text[slice(*a.content)].split()) >= MIN_WORDS]
    found.sort(key=lambda a: a.content)
    _find_echoes(text, found)
    # every quote's source phrase; a quote's own source never decides its speaker (the
    # antecedents it weighs end before that source starts), so one list serves them all
    sources = [b.source for b in found if b.source is not None]
    article.quotes = [_to_record(article, a, sources, marked) for a in found]
    return article


def _outermost(found: list[_Attribution]) -> list[_Attribution]:
    """Drop an attribution lying inside another's content with its cue ('X said she hopes
    that ...' is one attribution, X's; 'agreed to attend' inside a report is not another)."""
    # a content holding another touches it: look among the overlapping ones, not all pairs
    contents = SpanIndex((b.content[0], b.content[1], b) for b in found)
    kept = []
    for a in found:
        nested = any(
            b is not a
            and b.cue is not None
            and a.cue is not None
            and _inside(a.content, b.content)
            and _inside(a.cue, b.content)
            and b.content != a.content
            for _, _, _, b in contents.overlapping(a.content[0] - 1, a.content[1] + 1)
        )
        if not nested or a.direct:
            kept.append(a)
    return kept


def _find_echoes(text: str, found: list[_Attribution]) -> None:
    """A quote standing alone on its line with no source (a subheading: '"My fears have been
    realized"') repeats words quoted in the body after it: it gets their speaker (its source
    stays empty: the text gives none beside it)."""
    for a in found:
        if a.source is not None or not a.direct:
            continue
        line = _paragraph(text, a.content[0])
        if text[line[0] : line[1]].strip() != text[a.content[0] : a.content[1]].strip():
            continue
        words = _plain(text[a.content[0] : a.content[1]])
        if len(words.split()) < MIN_WORDS:
            continue
        a.echo = next(
            (
                b
                for b in found
                if b.source is not None
                and b.content[0] >= a.content[1]
                and words in _plain(text[b.content[0] : b.content[1]])
            ),
            None,
        )


def _plain(words: str) -> str:
    """Words without case, punctuation or extra spaces, to compare quotes."""
    return " ".join(re.sub(r"[^\w\s]", " ", words.casefold()).split())


def _to_record(article: Article, a: _Attribution, sources: list[Span], quoted: list[Span]) -> Quote:
    speaker = coref.speaker_of(article, a.source, a.source_head, sources, a.content, quoted)
    if a.source is None and a.echo is not None:
        echo = a.echo
        speaker = coref.speaker_of(
            article, echo.source, echo.source_head, sources, echo.content, quoted
        )
    elif speaker is None and a.source is not None:
        # the source names or describes somebody no actor is: a speaker of its own
        speaker = speaker_actor(article, a.source, a.source_head)
    record: Quote = {
        "content": list(a.content),
        "source": list(a.source) if a.source else None,
        "speaker": speaker,
        "cue": list(a.cue) if a.cue else None,
        "direct": a.direct,
    }
    if a.cue_entry is not None:
        record["cue_lemma"] = a.cue_entry.lemma
        record["cue_class"] = a.cue_entry.cls
        record["mode"] = a.cue_entry.mode
    date = _governing_date(article, a.cue or a.content)
    if date is not None:
        record["date"] = date
    return record


def _governing_date(article: Article, span: Span) -> str | None:
    value, _ = governing_date(article, span[0], span[1])
    return value
