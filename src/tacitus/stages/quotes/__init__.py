"""Quotes: who said what, directly ("...," Putin said) or in reported speech (X said that ...).

Reads `article.text`, `article.doc` (sentences and dependency parse), `article.entities` and
`article.actors` (speakers are actors, found with `article.actor_at`). Adds `article.quotes`,
in text order, each `{"content": [s, e], "source": [s, e] or None, "speaker": actor id or None,
"cue": [s, e] or None, "direct": bool}` plus `cue_lemma`, `cue_class` (the cue's meaning in
`data/cues.tsv`: say, claim, deny, accuse, demand, urge, warn, ...), `mode` (speech or
thought) and `date` (the governing date, when the times stage gives one).

Three passes: quotation marks give the direct quotes (`marks.py`-free: `quoted_spans`); cue words
of the lexicon, read through the parse, give the attributions with their source and content;
each direct quote then joins the attribution whose cue frames it (same sentence, the sentence
after it, an introducing colon) or continues the previous speaker's quote. Speakers that are
pronouns or descriptions are resolved in `speakers.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tacitus.core.article import Article, SpanIndex
from tacitus.lexicons.cues import Cue, load_cues, source_nouns
from tacitus.syntax import speakers
from tacitus.timex.anchor import governing_date

Span = tuple[int, int]

#: Dependencies whose subtree is what a speech verb reports.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
#: Prepositions whose object is the content, per cue class ("accused X of Y", "warned of Y").
CONTENT_PREPS = {
    "accuse": ("of", "for"),
    "criticize": ("for", "over", "as"),
    "praise": ("for", "as"),
    "warn": ("of", "against", "about"),
    "describe": ("as",),
    "urge": ("for",),
    "demand": ("for",),
    "ask": ("about", "for"),
    "deny": ("of",),
}
#: Cue classes whose direct object is the addressee, not the content ("told reporters").
ADDRESSEE_CLASSES = frozenset({"tell", "ask", "urge", "warn", "promise"})
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
#: Clause heads under which a participle cue ("..., saying that") borrows its head's subject.
BORROWING_DEPS = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp", "dep"})
#: Fewest words a quoted passage needs to stand alone; shorter ones are scare quotes or titles.
MIN_QUOTE_WORDS = 4
#: Farthest (characters) a quote with no cue may follow its speaker's last attribution.
MAX_SPEAKER_GAP = 300
#: What may stand between a content-less cue and the quote it introduces: an addressee of
#: up to four words, then a comma or a colon ('told reporters: "...').
ADDRESSEE_GAP = re.compile(r"(?:\s+[^\W\d][\w’'.-]*){0,4}\s*[,:]\s*")
#: Fewest words of a reported (not quoted) content.
MIN_WORDS = 3
OPENING_MARKS = "“„«"
CLOSING_MARKS = "”»"
#: A line opening with a short name and a colon: a transcript turn or a headline's speaker.
LINE_SPEAKER = re.compile(r"^([^\W\d][^\n:]{0,58}[\w.)]):[ \t]+(\S[^\n]*?)\s*$", re.M)
#: Words before a colon that label a line rather than name its speaker.
NOT_SPEAKERS = frozenset(
    {
        "UPDATE",
        "NOTE",
        "EDITOR'S NOTE",
        "WATCH",
        "READ",
        "PHOTO",
        "VIDEO",
        "RELATED",
        "BREAKING",
        "CORRECTION",
        "SOURCE",
        "SOURCES",
        "Q",
        "A",
    }
)
#: A dash and a name closing a quote's line: a signed quote.
SIGNATURE = re.compile(r"\s*([―—–])\s*([^\W\d][^\n]{0,60}?)[\s.]*$")
#: Pronouns that may stand for somebody using quoted words.
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "you", "who", "it", "that", "which"})
#: A passage in single marks: opens after a non-word, may hold apostrophes ("Trump’s").
SINGLE_QUOTED = re.compile(r"(?<![\w'’])[‘'](?=\w)(?:[^‘’'\n]|[’'](?=\w))+[’'](?!\w)")


@dataclass
class _Attribution:
    content: Span
    source: Span | None
    cue: Span | None
    cue_entry: Cue | None
    direct: bool = False
    source_head: int | None = None  # token index of the source's head word
    pending: bool = False  # a speech cue with no content of its own yet ("...," he said)


def attribute_quotes(article: Article, ctx: Any) -> Article:
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
    # every quote's source phrase; a quote's own source never decides its speaker (the
    # antecedents it weighs end before that source starts), so one list serves them all
    sources = [b.source for b in found if b.source is not None]
    article.quotes = [_to_record(article, a, sources) for a in found]
    return article


# --------------------------------------------------------------------------- quotation marks


def quoted_spans(text: str) -> list[Span]:
    """Spans of quoted passages, quotation marks included, in text order.

    Double marks (straight, curly, and the typewriter pairs '' and ``) open and close passages;
    a passage left open at the end of a paragraph continues when the next paragraph opens
    with a quotation mark (the journalistic convention), otherwise it ends with its paragraph.
    Single-quoted passages (headlines: It's 'in Their Heads') count where no double mark is.
    """
    spans: list[Span] = []
    start: int | None = None
    i, n = 0, len(text)
    while i < n:
        ch, width = text[i], 1
        if text.startswith(("''", "``"), i):
            ch, width = '"', 2
        if ch == "\n" and start is not None:
            j = i
            while j < n and text[j].isspace():
                j += 1
            if j < n and (text[j] in OPENING_MARKS or text[j] == '"' or text.startswith("''", j)):
                i = j + (2 if text.startswith("''", j) else 1)  # the quote goes on
                continue
            spans.append((start, len(text[:i].rstrip())))
            start = None
        elif start is None and (
            ch in OPENING_MARKS or (ch in CLOSING_MARKS and _line_start(text, i))
        ):
            start = i  # a closing mark opening a line is a typo for an opening one
        elif ch in CLOSING_MARKS and start is not None:
            spans.append((start, i + 1))
            start = None
        elif ch == '"':
            if start is None:
                if not _closes_only(text, i, width):
                    start = i  # a mark glued to the word before it closed a lost passage
            else:
                spans.append((start, i + width))
                start = None
        i += width
    if start is not None:
        spans.append((start, n))
    singles = [
        (m.start(), m.end())
        for m in SINGLE_QUOTED.finditer(text)
        if not any(a <= m.start() < b for a, b in spans)
    ]
    return sorted(spans + singles)


def _closes_only(text: str, i: int, width: int) -> bool:
    """Whether a straight mark can only close a passage: a word before it, none after."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    return not before.isspace() and before not in "([{—–-/" and not after.isalnum()


def _line_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] == "\n"


def _is_quotation(doc: Any, text: str, span: Span) -> bool:
    """Whether a quoted passage is somebody's words rather than a scare quote or a title:
    long enough, or a short utterance of its own ('"It's fine," Trump said')."""
    inner = doc.char_span(span[0], span[1], alignment_mode="expand")
    if inner is None:
        return False
    words = [t for t in inner if t.is_alpha]
    if len(words) >= MIN_QUOTE_WORDS:
        return True
    before = text[: span[0]].rstrip()
    own_clause = not before or before[-1] in ":\n.?!" or text[span[0] - 1 : span[0]] == "\n"
    return bool(words) and own_clause and text[: span[1]].rstrip(" \"”’'»")[-1:] in ",?!"


def _closes_quoting_paragraph(text: str, span: Span, marked: list[Span]) -> bool:
    """'"I would," she said. "I would, Tom."': a short quoted sentence of its own that ends
    a paragraph in which somebody is already quoted goes on with their words."""
    if span in marked:
        return False
    paragraph = _paragraph(text, span[0])
    if text[span[1] : paragraph[1]].strip() or span[1] > paragraph[1]:
        return False
    inner = text[span[0] : span[1]].rstrip(" \"”’'»")
    before = text[paragraph[0] : span[0]].rstrip()
    return (
        inner[-1:] in ".?!"
        and before[-1:] in ".?!"
        and any(paragraph[0] <= q[0] and q[1] <= span[0] for q in marked)
    )


# --------------------------------------------------------------------------- cues in the parse


def _cue_of(token: Any) -> tuple[Cue, list[Any]] | None:
    """The lexicon entry a token heads, with the cue's tokens, or None."""
    cues = load_cues()
    lemma = token.lemma_.lower()
    if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
        for child in token.rights:
            # "called for a ceasefire"; "called for the UN to act" ("for" marks a clause)
            words = [child] if child.dep_ in ("prep", "prt") else []
            if child.dep_ == "advcl":
                words = [m for m in child.children if m.dep_ == "mark"]
            for word in words:
                key = (f"{lemma} {word.lower_}", "particle")
                if key in cues and 0 < word.i - token.i <= 2:
                    return cues[key], [token, word]
        for part in ("verb", "quoting"):
            if (lemma, part) in cues and token.pos_ != "AUX":
                return cues[(lemma, part)], [token]
    if token.lower_ == "according":
        to = [c for c in token.children if c.lower_ == "to"]
        if to:
            return cues[("according to", "particle")], [token, to[0]]
    return None


def _attribution_of(token: Any, text: str) -> _Attribution | None:
    """The attribution a cue token heads: its source and content from the parse, or None."""
    found = _cue_of(token)
    if found is None:
        return None
    cue, cue_tokens = found
    if cue.lemma == "according to":
        return _according_to(token, cue, cue_tokens, text)
    paragraph = _paragraph(text, token.idx)
    after_colon = _after_colon(token, cue_tokens, text)
    content = [
        t for t in _content_tokens(token, cue, cue_tokens) if _inside(_char_span([t]), paragraph)
    ]
    pending = not content and after_colon is None
    if pending and cue.mode != "speech":
        return None
    subject = _subject_of(token)
    source = _noun_phrase(subject, paragraph) if subject is not None else None
    if subject is None and token.dep_ == "ROOT":
        subject, source = _subject_before(token)
    inner = {t.i for t in content}
    if subject is not None and (subject.i in inner or (after_colon and subject.idx > token.idx)):
        source, subject = None, None
    if subject is not None and subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "Reid, who said ...": the speaker is Reid
    return _Attribution(
        content=after_colon or _char_span(content or cue_tokens),
        source=source,
        cue=_char_span(cue_tokens),
        cue_entry=cue,
        source_head=subject.i if subject is not None else None,
        pending=pending,
    )


def _after_colon(verb: Any, cue_tokens: list[Any], text: str) -> Span | None:
    """What follows 'X said:' up to the end of the paragraph (or the next one if none)."""
    doc, i = verb.doc, max(t.i for t in cue_tokens) + 1
    while (
        i < len(doc)
        and doc[i].pos_ in ("ADV", "PROPN", "NOUN")
        and doc[i].ent_type_
        in (
            "DATE",
            "TIME",
            "",
        )
    ):
        if doc[i].pos_ != "ADV" and not doc[i].ent_type_:
            return None
        i += 1  # "added on Friday:"
    if i >= len(doc) or doc[i].text != ":":
        return None
    start = doc[i].idx + 1
    para_end = _paragraph(text, start)[1]
    if text[start:para_end].strip() == "" and para_end < len(text):
        start = para_end
        while start < len(text) and text[start].isspace():
            start += 1
        para_end = _paragraph(text, start)[1]
    rest = text[start:para_end]
    if not rest.strip():
        return None
    return start + len(rest) - len(rest.lstrip()), start + len(rest.rstrip())


def _colon_attributions(
    doc: Any, text: str, found: list[_Attribution], places: list[Span]
) -> list[_Attribution]:
    """'PENCE: Well, look ...', 'Pat Caddell: Voters Worried ...': a name and a colon at the
    start of a line attribute the rest of the line (transcripts and headlines)."""
    out = []
    for match in LINE_SPEAKER.finditer(text):
        name = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if name is None or len(name) > 6 or name.text.upper().replace("’", "'") in NOT_SPEAKERS:
            continue
        if any(t.pos_ in ("VERB", "AUX") or t.like_num for t in name):
            continue
        if all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in name if t.is_alpha) or any(
            _overlaps((name.start_char, name.end_char), place) for place in places
        ):
            continue  # a dateline: "MOSCOW: ..."
        if not any(t.pos_ == "PROPN" or (t.is_alpha and (t.is_upper or t.is_title)) for t in name):
            continue
        content = (match.start(2), match.end(2))
        if any(a.cue and _inside(a.cue, content) and a.content == content for a in found):
            continue
        out.append(
            _Attribution(
                content=content,
                source=(name.start_char, name.end_char),
                cue=(match.end(1), match.end(1) + 1),
                cue_entry=load_cues().get((":", "mark")),
                source_head=name.root.i,
            )
        )
    return out


def _content_tokens(verb: Any, cue: Cue, cue_tokens: list[Any]) -> list[Any]:
    """The tokens of what the cue reports: a clause, an object, or the clause it interrupts."""
    tokens: list[Any] = []
    parts = []
    if cue.part == "particle":
        parts = [t for c in cue_tokens[1:] for t in c.children if t.dep_ == "pobj"]
        parts += [c.head for c in cue_tokens[1:] if c.dep_ == "mark"]
    for child in verb.children:
        if child.dep_ in CLAUSE_DEPS:
            parts.append(child)
        elif child.dep_ in ("dobj", "oprd"):
            if cue.cls == "tell" or child.pos_ == "PRON":
                continue  # "told reporters", "said it"
            if cue.cls in ADDRESSEE_CLASSES and any(c.dep_ in CLAUSE_DEPS for c in verb.children):
                continue
            parts.append(child)
        elif child.dep_ == "prep" and child.lower_ in CONTENT_PREPS.get(cue.cls, ()):
            parts.append(child)
        elif child.dep_ == "nsubjpass" and child.pos_ != "PRON" and _has_agent(verb):
            parts.append(child)  # "The closure was announced by the ministry"
    if any(p.i > verb.i and p.dep_ == "ccomp" for p in parts):
        # "Claiming X, Trump told Fox that Y": the clause before it is another cue's content
        parts = [p for p in parts if p.i > verb.i or p.dep_ != "ccomp"]
    for part in parts:
        tokens.extend(part.subtree)
    if not tokens and verb.dep_ in ("parataxis", "ccomp") and cue.cls in ("say", "add"):
        # "The economy, he said, is weak": the cue interrupts the clause it reports.
        own = {t.i for t in verb.subtree}
        tokens = [t for t in verb.head.subtree if t.i not in own]
    return _trim(tokens)


def _has_agent(verb: Any) -> bool:
    return any(child.dep_ == "agent" for child in verb.children)


def _according_to(token: Any, cue: Cue, cue_tokens: list[Any], text: str) -> _Attribution | None:
    """'according to X, ...' or '..., according to X': X is the source, the clause the content."""
    objects = [c for c in cue_tokens[1].children if c.dep_ == "pobj"]
    head = token.head
    while head.dep_ not in ("ROOT", "ccomp", "conj", "advcl") and head.head is not head:
        head = head.head
    own = {t.i for t in token.subtree}
    paragraph = _paragraph(text, token.idx)
    content = _trim(
        [t for t in head.subtree if t.i not in own and paragraph[0] <= t.idx < paragraph[1]]
    )
    if not content or not objects:
        return None
    return _Attribution(
        content=_char_span(content),
        source=_noun_phrase(objects[0], _paragraph(text, token.idx)),
        cue=_char_span(cue_tokens),
        cue_entry=cue,
        source_head=objects[0].i,
    )


def _subject_of(verb: Any) -> Any | None:
    """The grammatical subject of a cue verb, borrowed from the clause it hangs on if need be."""
    seen = 0
    while verb is not None and seen < 6:
        seen += 1
        for child in verb.children:
            # "was announced by the ministry": the agent speaks, whatever the passive subject
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS and not _is_passive_addressee(verb, child):
                if child.dep_ == "csubj":
                    return None
                return child
        if verb.dep_ in BORROWING_DEPS and verb.head is not verb:
            participle = verb.tag_ == "VBG"
            verb = verb.head
            if verb.pos_ == "NOUN" and verb.dep_ in ("dobj", "pobj"):
                return verb  # "issued a statement saying ..."
            if participle and verb.pos_ == "ADP" and verb.dep_ == "prep":
                verb = verb.head  # "X left before saying ...": X's clause
            continue
        return None
    return None


def _subject_before(verb: Any) -> tuple[Any, Span] | tuple[None, None]:
    """The noun phrase just before a subjectless cue verb: parse errors around appositions.

    "Shoigu, the Russian defense minister, said ..." is often parsed with no subject; the
    speaker is then the name or description that ends right before the verb (with the name
    an apposition is attached to).
    """
    i = verb.i - 1
    while i >= verb.sent.start and (verb.doc[i].pos_ in ("ADV", "PUNCT", "AUX", "PART")):
        i -= 1
    if i < verb.sent.start or verb.doc[i].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None, None
    chunk = _chunk_at(verb.doc[i])
    start = chunk.start
    if start >= 2 and verb.doc[start - 1].text == "," and verb.doc[start - 2].pos_ == "PROPN":
        start = _chunk_at(verb.doc[start - 2]).start  # "Shoigu, the ... minister,"
    tokens = _trim(list(verb.doc[start : chunk.end]))
    if not tokens:
        return None, None
    return chunk.root, _char_span(tokens)


def _chunk_at(token: Any) -> Any:
    """The noun chunk holding a token, or the token alone as a span."""
    for chunk in token.sent.noun_chunks:
        if chunk.start <= token.i < chunk.end:
            return chunk
    return token.doc[token.i : token.i + 1]


def _is_passive_addressee(verb: Any, subject: Any) -> bool:
    """'He was told that ...': the passive subject of tell or ask is not the speaker."""
    return subject.dep_ == "nsubjpass"


def _noun_phrase(head: Any, paragraph: Span) -> Span:
    """The source phrase of a head word: its subtree without clauses hanging on it, within
    the cue's paragraph (a parse may run a timestamp line into the sentence after it)."""
    tokens = [head]
    for child in head.children:
        if child.dep_ in ("relcl", "acl", "ccomp", "advcl", "punct", "cc", "conj", "prep"):
            if child.dep_ == "conj" or (child.dep_ == "prep" and child.i < head.i):
                tokens.extend(child.subtree)
            continue
        tokens.extend(child.subtree)
    tokens = _trim([t for t in tokens if paragraph[0] <= t.idx < paragraph[1]])
    return _char_span(tokens) if tokens else (head.idx, head.idx + len(head))


def _trim(tokens: list[Any]) -> list[Any]:
    """Sorted tokens with punctuation and spaces stripped from both ends."""
    tokens = sorted(set(tokens), key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space) and not _is_mark(tokens[0]):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and not _is_mark(tokens[-1]):
        tokens.pop()
    return tokens


def _is_mark(token: Any) -> bool:
    return token.text in ('"', "“", "”", "„", "«", "»")


def _char_span(tokens: list[Any]) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return first.idx, last.idx + len(last)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------- direct quotes


def _join_direct_quotes(
    doc: Any, text: str, found: list[_Attribution], marked: list[Span], quoted: list[Span]
) -> list[_Attribution]:
    """Give every direct quote its attribution: extend a framing one, or continue the last."""
    previous: _Attribution | None = None
    for quote in marked:
        introducing = _introducing_cue(doc, text, quote, found)
        if introducing is not None:
            for other in found:  # '"A," X said before asking her, "B"': A stops before B
                if other is not introducing and other.content[0] < quote[0] < other.content[1]:
                    other.content = (other.content[0], len(text[: quote[0]].rstrip(" ,:")))
            introducing.content, introducing.pending = quote, False
            introducing.direct = True
            _lead_in(doc, text, introducing, quote, found)
            previous = introducing
            continue
        owner = _framing_attribution(doc, text, quote, found)
        if owner is not None and owner.direct and not _same_sentence(doc, owner, quote):
            # '"...," she said. "..."': the second quote is the same speaker's next one.
            _run_to(text, owner, quote)
            found.append(_continuation(owner, quote))
            previous = found[-1]
            continue
        if owner is not None:
            if owner.pending:
                owner.content, owner.pending = quote, False
            owner.content = (min(owner.content[0], quote[0]), max(owner.content[1], quote[1]))
            owner.direct = True
            _lead_in(doc, text, owner, quote, found)
            previous = owner
            continue
        signed = _signature(doc, text, quote)
        if signed is not None:
            found.append(signed)
            previous = signed
            continue
        if previous is not None and _continues(text, previous, quote):
            _run_to(text, previous, quote)
            found.append(_continuation(previous, quote))
            previous = found[-1]
            continue
        last = _last_speaker(text, found, quote)
        if last is not None:
            found.append(_continuation(last, quote))
            previous = found[-1]
            continue
        found.append(
            _Attribution(content=quote, source=None, cue=None, cue_entry=None, direct=True)
        )
        previous = found[-1]
    _mark_direct(found, quoted)
    marked_set, marked_index = set(marked), _index(marked)
    for phrase in quoted:
        if phrase not in marked_set and not _within_any(phrase, marked_index):
            used = _phrase_attribution(doc, text, phrase, found)
            if used is not None:
                found.append(used)
    _mark_direct(found, quoted)
    return found


def _mark_direct(found: list[_Attribution], quoted: list[Span]) -> None:
    """Widen each content ending inside a quoted passage to the passage; an attribution
    whose content begins or ends with quoted words is direct."""
    passages = _index(quoted)
    for attribution in found:
        if attribution.pending:
            continue
        # a content ending inside a short quote ends with it; the passages are taken in
        # their order, each checked against the content as widened so far (a passage met
        # before the content grew to reach it does not count)
        last = -1
        while True:
            after = (e for e in passages.overlapping(*attribution.content) if e[2] > last)
            entry = next(after, None)
            if entry is None:
                break
            last, q = entry[2], entry[3]
            if not _inside(q, attribution.content):
                attribution.content = (
                    min(q[0], attribution.content[0]),
                    max(q[1], attribution.content[1]),
                )
        if not attribution.direct:
            attribution.direct = any(
                _touches(attribution.content, q)
                for *_, q in passages.overlapping(*attribution.content)
            )


def _index(spans: list[Span]) -> SpanIndex[Span]:
    return SpanIndex((s[0], s[1], s) for s in spans)


def _within_any(inner: Span, outer: SpanIndex[Span]) -> bool:
    """Whether `inner` lies inside one of the spans (which touch it, so are near it)."""
    near = outer.overlapping(inner[0] - 1, inner[1] + 1)
    return any(_inside(inner, q) for *_, q in near)


def _lead_in(
    doc: Any, text: str, owner: _Attribution, quote: Span, found: list[_Attribution]
) -> None:
    """'When the plan failed, Ana said, "we gave up."': the clause leading into a cue that
    introduces a quote is part of what is reported, unless it holds another cue, the cue
    hangs on it ('X defended it, saying, "..."') or it opens with a participle ('Asked about
    it, she said, "..."'): then the content starts with the quote."""
    cue = owner.cue
    if cue is None or cue[1] > quote[0]:
        return
    if not ADDRESSEE_GAP.fullmatch(text[cue[1] : quote[0]]):
        return
    speaker = owner.source[0] if owner.source and owner.source[0] < cue[0] else cue[0]
    sentence = doc.char_span(cue[0], cue[1], alignment_mode="expand")[0].sent
    start = max(sentence.start_char, _paragraph(text, cue[0])[0])
    lead = text[start:speaker]
    if not any(c.isalpha() for c in lead) or start >= quote[0]:
        return
    lead_tokens = doc.char_span(start, speaker, alignment_mode="expand")
    words = [t for t in lead_tokens if t.is_alpha]
    head = doc.char_span(cue[0], cue[1], alignment_mode="expand")[0]
    others = [a.cue for a in found if a is not owner and a.cue is not None]
    if (
        any(start <= c[0] and c[1] <= cue[0] for c in others)
        or any(a.i in range(lead_tokens.start, lead_tokens.end) for a in head.ancestors)
        or (words and words[0].tag_ in ("VBG", "VBN"))  # 'Pressed on it, she said'
    ):
        owner.content = (max(owner.content[0], quote[0]), owner.content[1])
    else:
        owner.content = (min(owner.content[0], start), owner.content[1])


def _run_to(text: str, owner: _Attribution, quote: Span) -> None:
    """'"A," X said on Friday. "B"': A's content runs through its cue up to B, in the same
    paragraph; B stays a quote of its own (annotators read A and B as one passage or two)."""
    cue = owner.cue
    if cue is None or not owner.content[1] <= cue[0] or not cue[1] <= quote[0]:
        return
    if _paragraph(text, quote[0])[0] != _paragraph(text, owner.content[0])[0]:
        return
    owner.content = (owner.content[0], len(text[: quote[0]].rstrip()))


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


def _last_speaker(text: str, found: list[_Attribution], quote: Span) -> _Attribution | None:
    """The attribution with a source that ends last before a quote with no cue of its own,
    in the same or the previous paragraph: '... Reid said Tuesday.\n\n"We will win."'"""
    before = [
        a for a in found if a.source is not None and not a.pending and a.content[1] <= quote[0]
    ]
    if not before:
        return None
    last = max(before, key=lambda a: a.content[1])
    gap = text[last.content[1] : quote[0]]
    if len(gap) > MAX_SPEAKER_GAP or gap.count("\n\n") > 1:
        return None
    return last


def _continuation(previous: _Attribution, quote: Span) -> _Attribution:
    """The next quote of the same speaker, with the same source and cue."""
    return _Attribution(
        content=quote,
        source=previous.source,
        cue=previous.cue,
        cue_entry=previous.cue_entry,
        direct=True,
        source_head=previous.source_head,
    )


def _same_sentence(doc: Any, attribution: _Attribution, quote: Span) -> bool:
    """Whether a quote shares a sentence with the attribution's cue ('"...," he says, "..."')."""
    if attribution.cue is None:
        return False
    cue = doc.char_span(*attribution.cue, alignment_mode="expand")
    sentence = cue[0].sent
    return sentence.start_char <= quote[0] < sentence.end_char or (
        sentence.start_char < quote[1] <= sentence.end_char
    )


def _phrase_attribution(
    doc: Any, text: str, phrase: Span, found: list[_Attribution]
) -> _Attribution | None:
    """A short quoted phrase in the object of somebody's verb: 'Reid called Trump a "con
    artist"'. The clause attributes the words; a phrase nobody is said to use stays a scare
    quote."""
    if any(_overlaps(a.content, phrase) for a in found if not a.pending):
        return None
    span = doc.char_span(phrase[0], phrase[1], alignment_mode="expand")
    cues = {a.cue[0]: a for a in found if a.cue is not None and not a.pending}
    paragraph = _paragraph(text, phrase[0])
    for ancestor in span.root.ancestors:
        owner = cues.get(ancestor.idx)
        if owner is not None and owner.cue is not None and not _inside(owner.cue, paragraph):
            break  # a parse running over a paragraph break
        if owner is not None and owner.direct:  # 'X is "smart," Y wrote, and "full of it."'
            owner.content = (min(owner.content[0], phrase[0]), max(owner.content[1], phrase[1]))
            return None
        if owner is not None:
            break
    child = span.root
    while child.head is not child and child.head.pos_ != "VERB" and child.dep_ != "ROOT":
        child = child.head
    verb = child.head
    if verb is child or verb.pos_ != "VERB" or child.dep_ in SUBJECT_DEPS:
        return None
    subject = _subject_of(verb)
    if subject is None or not _may_speak(subject):
        return None
    content = _trim([t for t in child.subtree if paragraph[0] <= t.idx < paragraph[1]])
    if not content:
        return None
    return _Attribution(
        content=_char_span(content),
        source=_noun_phrase(subject, paragraph) if subject is not None else None,
        cue=(verb.idx, verb.idx + len(verb)),
        cue_entry=None,
        direct=True,
        source_head=subject.i if subject is not None else None,
    )


def _may_speak(token: Any) -> bool:
    """Whether a subject can be somebody using words: a name, a person or group, a pronoun
    for one, or a role noun ("the senator"); "the storm" cannot."""
    return (
        token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        or token.pos_ == "PROPN"
        or token.lower_ in SPEAKING_PRONOUNS
        or token.lemma_.lower() in speakers.person_nouns()
        or token.lemma_.lower() in source_nouns()
    )


def _signature(doc: Any, text: str, quote: Span) -> _Attribution | None:
    """A quote signed after a dash on its line: '"..." ― Esther Tapia'."""
    line_end = text.find("\n", quote[1])
    match = SIGNATURE.match(text, quote[1], len(text) if line_end < 0 else line_end)
    if match is None:
        return None
    name = doc.char_span(match.start(2), match.end(2), alignment_mode="expand")
    if name is None or not any(t.pos_ == "PROPN" for t in name):
        return None
    return _Attribution(
        content=quote,
        source=(match.start(2), match.end(2)),
        cue=(match.start(1), match.end(1)),
        cue_entry=load_cues().get((":", "mark")),
        direct=True,
        source_head=name.root.i,
    )


def _introducing_cue(
    doc: Any, text: str, quote: Span, found: list[_Attribution]
) -> _Attribution | None:
    """A speech cue with no content of its own, then at most its addressee and a comma or
    colon, right before a quote: the quote is what it says ('asked her, "..."', 'told
    reporters: "..."')."""
    for attribution in found:
        cue = attribution.cue
        if not attribution.pending or cue is None or not cue[1] <= quote[0] < cue[1] + 60:
            continue
        gap = text[cue[1] : quote[0]]
        if "\n" in gap or not ADDRESSEE_GAP.fullmatch(gap):
            continue
        head = doc.char_span(cue[0], cue[1], alignment_mode="expand")[0]
        words = doc.char_span(cue[1], quote[0], alignment_mode="contract")
        within = {t.i for t in head.subtree}
        if words is None or all(t.i in within for t in words if t.is_alpha):
            return attribution
    return None


def _framing_attribution(
    doc: Any, text: str, quote: Span, found: list[_Attribution]
) -> _Attribution | None:
    """The attribution whose content overlaps the quote, or whose cue sits beside it."""
    # one pass per quote over every attribution: the cheap position tests come first
    for attribution in found:
        content, cue = attribution.content, attribution.cue
        if (
            content[0] < quote[1]
            and quote[0] < content[1]
            and not attribution.pending
            and cue is not None
            and not _inside(cue, quote)
        ):
            return attribution
    window = _frame_window(doc, text, quote)
    own = _sentences_of(doc, quote)
    beside = [
        (a, cue)
        for a in found
        if (cue := a.cue) is not None
        and window[0] <= cue[0]
        and cue[1] <= window[1]
        and not _inside(cue, quote)
        and not (cue[0] >= quote[1] and _introduces_quote(text, cue))
        and (a.pending or own[0] <= cue[0] < own[1])  # a cue with its own content elsewhere
    ]
    if not beside:
        return None
    root = _word_root(doc.char_span(quote[0], quote[1], alignment_mode="expand"))
    governing = [(a, cue) for a, cue in beside if _governs(doc, cue, root)]
    return min(governing or beside, key=lambda pair: _distance(pair[1], quote))[0]


def _word_root(span: Any) -> Any:
    """The highest word of a span in the parse: its marks and final stop, often hung on the
    verb outside, do not count ('X stressed Y and said: "Z."' is said's)."""
    words = [t for t in span if not (t.is_punct or t.is_space)]
    return min(words, key=lambda t: sum(1 for _ in t.ancestors)) if words else span.root


def _governs(doc: Any, cue: Span, token: Any) -> bool:
    """Whether the cue's verb is an ancestor of a token in the parse."""
    head = doc.char_span(cue[0], cue[1], alignment_mode="expand")[0]
    return head.i in {t.i for t in token.ancestors}


def _frame_window(doc: Any, text: str, quote: Span) -> Span:
    """The text around a quote where its cue may sit: its sentences within its paragraph,
    the sentence after it when the quote ends its own, or an introducing one ending in ':'."""
    span = doc.char_span(quote[0], quote[1], alignment_mode="expand")
    start_sent, end_sent = span[0].sent, span[-1].sent
    first_para, last_para = _paragraph(text, quote[0]), _paragraph(text, quote[1] - 1)
    start = max(start_sent.start_char, first_para[0])
    end = min(end_sent.end_char, last_para[1])
    lead = text[: quote[0]].rstrip()
    if text[start : quote[0]].strip() == "" and lead.endswith((":", ",")):
        if lead.endswith(":") or len(lead) >= first_para[0]:
            start = max(
                doc.char_span(len(lead) - 1, len(lead), alignment_mode="expand")[0].sent.start_char,
                _paragraph(text, len(lead) - 1)[0],
            )
    if text[quote[1] : end].strip() in ("", ".") and end_sent.end < len(doc):
        following = doc[end_sent.end].sent
        end = max(end, min(following.end_char, last_para[1]))
    return start, end


def _sentences_of(doc: Any, quote: Span) -> Span:
    span = doc.char_span(quote[0], quote[1], alignment_mode="expand")
    return span[0].sent.start_char, span[-1].sent.end_char


def _introduces_quote(text: str, cue: Span) -> bool:
    """Whether a cue opens the quote after it ('she said, "..."'), not the one before."""
    after = text[cue[1] : cue[1] + 4].lstrip(" ,:")
    return after[:1] in OPENING_MARKS or after[:1] == '"'


def _paragraph(text: str, position: int) -> Span:
    """The paragraph (line) holding a character position."""
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return start, len(text) if end < 0 else end


def _continues(text: str, previous: _Attribution, quote: Span) -> bool:
    """Whether a quote with no cue of its own goes on from the previous direct quote."""
    if not previous.direct or previous.cue is None:
        return False
    gap = text[previous.content[1] : quote[0]]
    return len(gap) < 400 and gap.count("\n\n") <= 1


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def _touches(content: Span, quote: Span) -> bool:
    return abs(content[0] - quote[0]) <= 2 or abs(content[1] - quote[1]) <= 2


def _distance(a: Span, b: Span) -> int:
    return max(0, b[0] - a[1], a[0] - b[1])


# --------------------------------------------------------------------------- output


def _to_record(article: Article, a: _Attribution, sources: list[Span]) -> dict[str, Any]:
    speaker = speakers.speaker_of(article, a.source, a.source_head, sources)
    record: dict[str, Any] = {
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
