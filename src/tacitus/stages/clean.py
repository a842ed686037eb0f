"""Clean raw article text: scrape artifacts, Unicode and whitespace, the dateline.

Reads `article.text` (raw) and replaces it with the cleaned text every later offset points
into; keeps the original in `article.raw`; sets `article.dateline`. Also refuses items that
cannot be analysed (`empty`, `not_text`, `too_large`, `not_english`) with an `ArticleError`.

Scrape artifacts are found statistically, not listed: a letter string glued to the end (or
start) of many different words of the same article, where those words also stand alone
elsewhere (`Syriainfo-icon's`, `Russiainfo-icon`), is page furniture, not prose. A string
that is not word-shaped (`info-icon`) may also hang on words named only once, when they are
well-known places (`Egyptinfo-icon and Turkeyinfo-icon called for ...`): tooltips mark
linked names, and the gazetteer knows the prominent ones.

Other page furniture is recognised by its shape (`remove_boilerplate`): a name glued to a
copy of itself ("Jane DoeJane Doe", a link's text and its hover card), a paragraph opened by
a link caption ("SEE MORE: ..."), and a block heading ("Top stories") over a list of other
stories' headlines; the captions and headings are data (`lexicons/en/boilerplate.tsv`).

A headline left at the top of the text stays in it (offsets do not move) but is known as the
title: `article.title_span`, and `article.title` when the item had none; the dateline is
looked for after it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict

from spacy.lang.en.stop_words import STOP_WORDS

from tacitus.core.article import Article
from tacitus.core.errors import ArticleError
from tacitus.core.resources import load_once, read_table, read_words
from tacitus.core.stage import Context
from tacitus.kb.gazetteer import gazetteer, well_known_place
from tacitus.lexicons.dateline import find_dateline

#: A suffix glued to at least this many different words is an artifact candidate.
MIN_GLUED_WORDS = 3
#: Cities at least this big count as well-known names (countries and regions always do).
MIN_KNOWN_CITY = 100_000
MIN_ARTIFACT_LEN = 4
MAX_ARTIFACT_LEN = 24

_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|[^\W\d_]", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

#: A headline has at least this many words and at most this many characters.
MIN_HEADLINE_WORDS = 3
MAX_HEADLINE_CHARS = 200
#: A line under a block heading is another story's headline when no longer than this.
MAX_LISTED_HEADLINE_WORDS = 30

# A name of two to four capitalised words glued to one or more copies of itself
# ("Jane DoeJane Doe"): a link's text repeated by the page's markup, not prose.
_GLUED_NAME = re.compile(r"\b([A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){1,3}?)\1+")
# A line opening with a place in capitals and a comma, agency or dash: a dateline on its own
# line ("NAIROBI, Kenya (AP) _"), not a headline.
_DATELINE_LINE = re.compile(r"[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+)*(?:,| \(|\(| [-_–—:]|$)")
# Sentence-final punctuation, possibly inside closing quotes or brackets.
_FINAL = re.compile(r"""[.!?:;,]["'”’)\]]*$""")


@functools.lru_cache(maxsize=1)
def _boilerplate() -> dict[str, frozenset[str]]:
    """kind ("caption", "block") -> lower-case phrases, from `lexicons/en/boilerplate.tsv`."""
    table: dict[str, set[str]] = defaultdict(set)
    for row in read_table("lexicons/en/boilerplate.tsv"):
        table[row["kind"].strip()].add(" ".join(row["phrase"].lower().split()))
    return {kind: frozenset(phrases) for kind, phrases in table.items()}


def _unglue(match: re.Match[str]) -> str:
    name = match.group(1)
    after = match.string[match.end() : match.end() + 1]
    # the next link's name may be glued on too ("Jane DoeJane DoeSmith"): set it apart
    return name + (" " if after.isalpha() else "")


def _caption(line: str) -> bool:
    """A paragraph opened by a link caption and a colon ("SEE MORE: ...")."""
    head, colon, rest = line.partition(":")
    return (
        bool(colon)
        and bool(rest.strip())
        and " ".join(head.lower().split()) in (_boilerplate().get("caption", frozenset()))
    )


def _listed_headline(line: str) -> bool:
    """A line shaped like a headline: short, and not ending as a sentence does."""
    words = line.split()
    return 0 < len(words) <= MAX_LISTED_HEADLINE_WORDS and not line.rstrip().endswith(
        (".", '."', ".”", ".'", ".’", ":", ";", ",")
    )


def remove_boilerplate(text: str) -> str:
    """Remove page furniture that text extraction let through, recognised by its shape.

    A name glued to a copy of itself keeps one copy; a paragraph opened by a link caption
    and a colon goes; a block heading alone on its line goes with the headline-shaped lines
    that follow it (up to the first line that reads as prose).

    Args:
        text: normalised article text (one paragraph per line).

    Returns:
        The text without that furniture (blank lines may be left; normalise afterwards).
    """
    text = _GLUED_NAME.sub(_unglue, text)
    blocks = _boilerplate().get("block", frozenset())
    kept: list[str] = []
    listing = False
    for line in text.split("\n"):
        key = " ".join(line.lower().rstrip(":").split())
        if key in blocks:
            listing = True
            continue
        if listing and not line.strip():
            continue
        if listing and _listed_headline(line):
            continue
        listing = False
        if _caption(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def find_headline(text: str, title: str | None = None) -> tuple[int, int] | None:
    """The span of a headline on the first line of `text`, or None.

    The first line is the headline when it equals the item's title, or when it is short,
    does not end as a sentence does, is not a dateline or a byline, and body text follows.

    Args:
        text: cleaned article text.
        title: the item's title, when the input gave one.

    Returns:
        (start, end) of the headline, or None.
    """
    end = text.find("\n")
    if end <= 0 or not text[end:].strip():
        return None
    line = text[:end]
    start = len(line) - len(line.lstrip())
    line = line.strip()
    if not line:
        return None
    stop = start + len(line)
    if title and " ".join(title.split()).casefold() == " ".join(line.split()).casefold():
        return start, stop
    words = line.split()
    if (
        len(words) < MIN_HEADLINE_WORDS
        or len(line) > MAX_HEADLINE_CHARS
        or _FINAL.search(line)
        or words[0].lower() == "by"  # a byline
        or _DATELINE_LINE.match(line)  # a dateline standing on its own line
    ):
        return None
    return start, stop


@functools.lru_cache(maxsize=1)
def _english_suffixes() -> frozenset[str]:
    """Word endings of English prose, never artifacts (`lexicons/en/english_suffixes.txt`)."""
    return read_words("lexicons/en/english_suffixes.txt")


def find_artifacts(text: str) -> set[str]:
    """Strings glued to the end or start of many different standalone words of `text`.

    Args:
        text: one article's text.

    Returns:
        The artifact strings (e.g. ``{"info-icon"}``); empty for clean prose.
    """
    tokens = [_POSSESSIVE.sub("", t) for t in _TOKEN.findall(text)]
    standalone = {t.lower() for t in tokens}
    # (side, piece) -> the words it is glued to, as written
    glued: dict[tuple[str, str], set[str]] = defaultdict(set)

    def sticks(word: str, piece: str) -> bool:
        return word.lower() in standalone or (_odd_inside(piece) and _well_known_place(word))

    for token in set(tokens):
        for cut in range(2, len(token) - 1):
            head, tail = token[:cut], token[cut:]
            if MIN_ARTIFACT_LEN <= len(tail) <= MAX_ARTIFACT_LEN and sticks(head, tail):
                glued[("suffix", tail)].add(head)
            if MIN_ARTIFACT_LEN <= len(head) <= MAX_ARTIFACT_LEN and sticks(tail, head):
                glued[("prefix", head)].add(tail)
    suffixes = _english_suffixes()
    found = set()
    for (_side, piece), glued_to in glued.items():
        words = {w for w in glued_to if w.lower() not in STOP_WORDS}
        if len(words) < MIN_GLUED_WORDS or piece.lower() in suffixes:
            continue
        if piece[0] in "-'’" or piece[-1] in "-'’":
            continue  # hyphenated compounds ("pro-", "-based") and possessives are prose
        odd_inside = _odd_inside(piece)
        names = sum(1 for w in words if w[:1].isupper()) if piece[:1].islower() else 0
        # Page furniture is either not word-shaped ("info-icon", "ReadMore") or hangs on
        # names (tooltips on linked entities); English word pieces ("body", "ever") are neither.
        if odd_inside or names * 2 >= len(words) + 1:
            found.add(piece)
    # Keep the longest of overlapping candidates ("info-icon" over "nfo-icon").
    return {p for p in found if not any(p != q and p in q for q in found)}


def _odd_inside(piece: str) -> bool:
    """Not word-shaped: a character other than a letter or apostrophe, or a capital inside."""
    return any(not c.isalpha() and c not in "'’" for c in piece) or any(
        c.isupper() for c in piece[1:]
    )


@functools.lru_cache(maxsize=4096)
def _well_known_place(word: str) -> bool:
    """A capitalised word naming a country, a region or a big city of the gazetteer."""
    if not word[:1].isupper() or len(word) < 3:
        return False
    g = gazetteer()  # the places stage loads it anyway; shared per process
    return any(
        g.feature_of(e) not in ("city", "district") or int(g.population[e]) >= MIN_KNOWN_CITY
        for e in g.lookup(word)
    )


def normalise_text(text: str) -> str:
    """NFC, no control or zero-width characters, single spaces, paragraphs kept.

    Quotation marks are left as they are (curly and straight), since quotes need them.
    """
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def remove_artifacts(text: str) -> str:
    """Remove the glued scrape artifacts `find_artifacts` detects."""
    for piece in sorted(find_artifacts(text), key=len, reverse=True):
        text = re.sub(rf"(?<=[^\W\d_]){re.escape(piece)}|{re.escape(piece)}(?=[^\W\d_])", "", text)
    return text


def check_text(text: str, max_chars: int) -> None:
    """Raise `ArticleError` when `text` is empty, not text, or too large."""
    if not text.strip():
        raise ArticleError("empty", "The article has no text.")
    if "\x00" in text or sum(
        1 for c in text[:4000] if unicodedata.category(c) == "Cc" and c not in "\n\r\t"
    ) > 0.05 * min(len(text), 4000):
        raise ArticleError("not_text", "The item looks like binary data, not text.")
    letters = sum(1 for c in text[:4000] if c.isalpha())
    if letters < 0.3 * min(len(text), 4000):
        raise ArticleError("not_text", "The item has too few letters to be prose.")
    if len(text) > max_chars:
        raise ArticleError(
            "too_large",
            f"The article has {len(text):,} characters; the limit is {max_chars:,} "
            f"(set TACITUS_MAX_CHARS to raise it).",
        )


def clean_article(article: Article, ctx: Context) -> Article:
    """Stage: clean `article.text` in place; find its headline and its dateline."""
    article.raw = article.text if article.raw is None else article.raw
    check_text(article.text, ctx.settings.max_chars)
    text = normalise_text(remove_artifacts(remove_boilerplate(normalise_text(article.text))))
    check_text(text, ctx.settings.max_chars)
    article.text = text
    article.title_span = find_headline(text, article.title)
    if article.title_span is not None and not article.title:
        article.title = text[slice(*article.title_span)]
    body = article.title_span[1] if article.title_span else 0
    article.dateline = find_dateline(text, body, well_known_place)
    return article


@load_once
def _language_identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def check_language(article: Article, ctx: Context) -> Article:
    """Stage: refuse articles that are confidently not English (`not_english`)."""
    sample = article.text[:3000]
    if sum(c.isalpha() for c in sample) < 40:
        return article  # too short to judge; analyse it
    language, probability = _language_identifier().classify(sample)
    article.language = language if language == "en" else article.language
    if language != "en" and probability >= ctx.settings.not_english_confidence:
        article.language = language
        raise ArticleError(
            "not_english",
            f"The text looks like {language!r} (p={probability:.2f}); tacitus analyses English.",
        )
    return article
