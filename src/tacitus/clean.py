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
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from importlib import resources

from spacy.lang.en.stop_words import STOP_WORDS

from .article import Article
from .errors import ArticleError
from .loading import load_once

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

# A dateline: a place in capitals (optionally ", Country" or a date), an optional agency in
# parentheses, then a colon or dash, at the very start of the article.
_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z.'’\-]+(?:[ ][A-Z][A-Z.'’\-]+){0,3})      # MOSCOW, NEW YORK, ST. LOUIS
    (?:,[ ](?P<region>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2}))? # , Texas / , Syria
    (?:,?[ ](?:\w{3,9}\.?[ ]\d{1,2}(?:,[ ]\d{4})?))?                 # , Dec. 5
    [ ]?(?:\((?P<agency>[^)]{1,40})\))?                               # (Reuters)
    [ ]?(?:[:\-–—]|--)[ ]""",
    re.VERBOSE,
)


@functools.lru_cache(maxsize=1)
def _english_suffixes() -> frozenset[str]:
    text = resources.files("tacitus.data").joinpath("english_suffixes.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


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
    from .places import gazetteer  # the places stage loads it anyway; shared per process

    g = gazetteer()
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


def find_dateline(text: str) -> dict[str, object] | None:
    """The dateline place at the start of `text` (`MOSCOW:`, `KABUL (Reuters) -`), or None."""
    match = _DATELINE.match(text)
    if not match:
        return None
    start, end = match.span("place")
    place = match.group("place").rstrip(".")
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return None
    return {"start": start, "end": start + len(place), "text": place}


def dateline_end(text: str) -> int | None:
    """Where the dateline header (`KABUL (Reuters) - `) of `text` ends, or None without one."""
    match = _DATELINE.match(text)
    return match.end() if match and find_dateline(text) else None


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


def clean_article(article, ctx):  # type: ignore[no-untyped-def]
    """Stage: clean `article.text` in place and find its dateline."""
    article.raw = article.text if article.raw is None else article.raw
    check_text(article.text, ctx.settings.max_chars)
    text = normalise_text(remove_artifacts(normalise_text(article.text)))
    check_text(text, ctx.settings.max_chars)
    article.text = text
    article.dateline = find_dateline(text)
    return article


@load_once
def _language_identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def check_language(article: Article, ctx) -> Article:  # type: ignore[no-untyped-def]
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
