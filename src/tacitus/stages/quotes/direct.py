"""Direct quotes joined to their attributions, in text order: a framing cue, a signature, the
previous quote of the same speaker, or the last speaker before it; then short quoted phrases
in the object of somebody's verb ('called Trump a "con artist"'), when its subject may be
somebody speaking (a pronoun of `lexicons/en/speaker_words.tsv`, a role noun...). Writes no
article.
"""

from __future__ import annotations

import re
from typing import Any

from tacitus.lexicons.cues import load_cues, source_nouns
from tacitus.stages.quotes.found import (
    Found,
    Span,
    _Attribution,
    _index,
    _inside,
    _overlaps,
    _paragraph,
    _rstrip_at,
    _touches,
    _within_any,
)
from tacitus.stages.quotes.framing import ADDRESSEE_GAP, _framing_attribution, _introducing_cue
from tacitus.stages.quotes.reported import (
    SUBJECT_DEPS,
    _char_span,
    _noun_phrase,
    _subject_of,
    _trim,
)
from tacitus.syntax import speakers

#: Farthest (characters) a quote with no cue may follow its speaker's last attribution.
MAX_SPEAKER_GAP = 300


#: A dash and a name closing a quote's line: a signed quote.
SIGNATURE = re.compile(r"\s*([―—–])\s*([^\W\d][^\n]{0,60}?)[\s.]*$")


def _join_direct_quotes(
    doc: Any, text: str, found: list[_Attribution], marked: list[Span], quoted: list[Span]
) -> list[_Attribution]:
    """Give every direct quote its attribution: extend a framing one, or continue the last."""
    index = Found(found)
    previous: _Attribution | None = None
    for quote in marked:
        introducing = _introducing_cue(doc, text, quote, index)
        if introducing is not None:
            for other in index.contents_near(quote[0], quote[0] + 1):
                # '"A," X said before asking her, "B"': A stops before B
                if other is not introducing and other.content[0] < quote[0] < other.content[1]:
                    other.content = (other.content[0], _rstrip_at(text, quote[0], " ,:"))
                    index.moved(other)
            introducing.content, introducing.pending = quote, False
            introducing.direct = True
            _lead_in(doc, text, introducing, quote, index)
            index.moved(introducing)
            previous = introducing
            continue
        owner = _framing_attribution(doc, text, quote, index)
        if owner is not None and owner.direct and not _same_sentence(doc, owner, quote):
            # '"...," she said. "..."': the second quote is the same speaker's next one.
            _run_to(text, owner, quote)
            index.moved(owner)
            previous = _continuation(owner, quote)
        elif owner is not None:
            if owner.pending:
                owner.content, owner.pending = quote, False
            owner.content = (min(owner.content[0], quote[0]), max(owner.content[1], quote[1]))
            owner.direct = True
            _lead_in(doc, text, owner, quote, index)
            index.moved(owner)
            previous = owner
            continue
        elif (signed := _signature(doc, text, quote)) is not None:
            previous = signed
        elif previous is not None and _continues(text, previous, quote):
            _run_to(text, previous, quote)
            index.moved(previous)
            previous = _continuation(previous, quote)
        elif (last := _last_speaker(text, index, quote)) is not None:
            previous = _continuation(last, quote)
        else:
            previous = _Attribution(
                content=quote, source=None, cue=None, cue_entry=None, direct=True
            )
        index.append(previous)
    found = index.items
    _mark_direct(found, quoted)
    index = Found(found)  # the contents have widened: index them again
    marked_set, marked_index = set(marked), _index(marked)
    for phrase in quoted:
        if phrase not in marked_set and not _within_any(phrase, marked_index):
            used = _phrase_attribution(doc, text, phrase, index)
            if used is not None:
                index.append(used)
    _mark_direct(index.items, quoted)
    return index.items


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


def _lead_in(doc: Any, text: str, owner: _Attribution, quote: Span, found: Found) -> None:
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
    others = [a.cue for a in found.cues_starting(start, cue[0]) if a is not owner and a.cue]
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
    owner.content = (owner.content[0], _rstrip_at(text, quote[0]))


def _last_speaker(text: str, found: Found, quote: Span) -> _Attribution | None:
    """The attribution with a source that ends last before a quote with no cue of its own,
    in the same or the previous paragraph: '... Reid said Tuesday.\n\n"We will win."'"""
    # one ending farther back than the gap allows is never taken: look only within the gap
    near = found.contents_ending(quote[0] - MAX_SPEAKER_GAP, quote[0])
    before = [
        a for a in near if a.source is not None and not a.pending and a.content[1] <= quote[0]
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


def _phrase_attribution(doc: Any, text: str, phrase: Span, found: Found) -> _Attribution | None:
    """A short quoted phrase in the object of somebody's verb: 'Reid called Trump a "con
    artist"'. The clause attributes the words; a phrase nobody is said to use stays a scare
    quote."""
    near = found.contents_near(*phrase)
    if any(_overlaps(a.content, phrase) for a in near if not a.pending):
        return None
    span = doc.char_span(phrase[0], phrase[1], alignment_mode="expand")
    paragraph = _paragraph(text, phrase[0])
    for ancestor in span.root.ancestors:
        # the last one found whose cue starts at the word, as a dict of them all would keep
        at = [a for a in found.cues_starting(ancestor.idx, ancestor.idx) if not a.pending]
        owner = at[-1] if at else None
        if owner is not None and owner.cue is not None and not _inside(owner.cue, paragraph):
            break  # a parse running over a paragraph break
        if owner is not None and owner.direct:  # 'X is "smart," Y wrote, and "full of it."'
            owner.content = (min(owner.content[0], phrase[0]), max(owner.content[1], phrase[1]))
            found.moved(owner)
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
        or token.lower_ in speakers.speaker_words()["speaking_pronouns"]
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


def _continues(text: str, previous: _Attribution, quote: Span) -> bool:
    """Whether a quote with no cue of its own goes on from the previous direct quote."""
    if not previous.direct or previous.cue is None:
        return False
    if quote[0] - previous.content[1] >= 400:
        return False  # the gap is too long (and is not copied to be measured)
    gap = text[previous.content[1] : quote[0]]
    return len(gap) < 400 and gap.count("\n\n") <= 1
