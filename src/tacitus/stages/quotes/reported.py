"""Cues in the parse: each cue word of the lexicon gives an attribution with its source (the
speaker's phrase) and content (what is reported), read from the dependency parse; a name and
a colon opening a line ('PENCE: Well, ...') gives one too, unless the words are a label of
`lexicons/en/line_labels.txt` ('UPDATE: ...'). The prepositions that introduce the content of
some cues ("accused X of Y") are those of `lexicons/en/cue_content_preps.tsv`. Writes no
article.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.core.article import SpanIndex
from tacitus.core.resources import load_once, read_kinds, read_words
from tacitus.lexicons.cues import Cue, load_cues
from tacitus.stages.quotes.found import Span, _Attribution, _inside, _paragraph

#: Dependencies whose subtree is what a speech verb reports.
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})


#: Cue classes whose direct object is the addressee, not the content ("told reporters").
ADDRESSEE_CLASSES = frozenset({"tell", "ask", "urge", "warn", "promise"})


SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")


#: Cue classes that invert with their subject after a quote ('"...," said the minister').
INVERTING_CLASSES = frozenset({"say", "add"})


#: Clause heads under which a participle cue ("..., saying that") borrows its head's subject.
BORROWING_DEPS = frozenset({"conj", "advcl", "xcomp", "acl", "pcomp", "dep"})


#: A line opening with a short name and a colon: a transcript turn or a headline's speaker.
LINE_SPEAKER = re.compile(r"^([^\W\d][^\n:]{0,58}[\w.)]):[ \t]+(\S[^\n]*?)\s*$", re.M)


@load_once
def content_preps() -> dict[str, frozenset[str]]:
    """Prepositions whose object is the content, per cue class ("accused X of Y", "warned of Y").

    Returns:
        cue class -> its prepositions, from `lexicons/en/cue_content_preps.tsv`.
    """
    return read_kinds("lexicons/en/cue_content_preps.tsv")


@load_once
def line_labels() -> frozenset[str]:
    """Words before a colon that label a line rather than name its speaker ("UPDATE", "Q").

    Returns:
        The labels of `lexicons/en/line_labels.txt`, upper case.
    """
    return read_words("lexicons/en/line_labels.txt")


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
    inverted = _inverted_subject(token, cue)
    spoken = {t.i for t in inverted.subtree} if inverted is not None else set()
    content = [
        t
        for t in _content_tokens(token, cue, cue_tokens)
        if _inside(_char_span([t]), paragraph) and t.i not in spoken
    ]
    pending = not content and after_colon is None
    if pending and cue.mode != "speech":
        return None
    if pending and token.dep_ == "acl" and token.tag_ == "VBN" and not _has_agent(token):
        return None  # "the deal announced in May" names a thing said: it frames no quote
    subject = inverted if inverted is not None else _subject_of(token)
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
    place_index = SpanIndex((p[0], p[1], None) for p in places)
    by_content: dict[Span, list[_Attribution]] = {}
    for a in found:
        by_content.setdefault(a.content, []).append(a)
    for match in LINE_SPEAKER.finditer(text):
        name = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if name is None or len(name) > 6 or name.text.upper().replace("’", "'") in line_labels():
            continue
        if any(t.pos_ in ("VERB", "AUX") or t.like_num for t in name):
            continue
        if all(
            t.ent_type_ in ("GPE", "LOC", "FAC") for t in name if t.is_alpha
        ) or place_index.overlaps(name.start_char, name.end_char):
            continue  # a dateline: "MOSCOW: ..."
        if not any(t.pos_ == "PROPN" or (t.is_alpha and (t.is_upper or t.is_title)) for t in name):
            continue
        content = (match.start(2), match.end(2))
        if any(a.cue and _inside(a.cue, content) for a in by_content.get(content, ())):
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
        elif child.dep_ == "prep" and child.lower_ in content_preps().get(cue.cls, ()):
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


def _inverted_subject(verb: Any, cue: Cue) -> Any | None:
    """The subject of a quotative inversion ('"...," said another witness, Fiona Hill'): with
    no subject of its own, a verb of saying that follows a comma takes the noun phrase right
    after it as its speaker, whatever the parse made of it (often an object: "say" has no
    object there, the words before it are what was said)."""
    if cue.cls not in INVERTING_CLASSES or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # only a finite verb inverts: "..., emphasizing the threat" does not
    if any(child.dep_ in SUBJECT_DEPS for child in verb.children):
        return None
    for child in verb.rights:
        if child.dep_ in ("dobj", "attr") and child.i <= verb.i + 3:
            return child if child.pos_ in ("NOUN", "PROPN") else None
    return None


def _subject_of(verb: Any) -> Any | None:
    """The grammatical subject of a cue verb, borrowed from the clause it hangs on if need be;
    never one across a paragraph break (a heading the parse ran into the sentence)."""
    seen = 0
    while verb is not None and seen < 6:
        seen += 1
        for child in verb.children:
            # "was announced by the ministry": the agent speaks, whatever the passive subject
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                return objects[0] if objects else None
        for child in verb.children:
            if (
                child.dep_ in SUBJECT_DEPS
                and not _is_passive_addressee(verb, child)
                and not _across_paragraphs(child, verb)
            ):
                if child.dep_ == "csubj":
                    return None
                return child
        if verb.dep_ == "acl" and verb.tag_ == "VBN":
            return None  # "the deal announced in October": the noun is what was announced
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


def _across_paragraphs(a: Any, b: Any) -> bool:
    """Whether a paragraph break lies between two tokens (no sentence spans one)."""
    low, high = sorted((a.i, b.i))
    # the characters from the first token to the second (Doc.text would join the whole
    # document on every call)
    return any("\n" in t.text_with_ws for t in a.doc[low:high])


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
