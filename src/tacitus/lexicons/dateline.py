"""The dateline: the place (and agency) opening a wire story, `KABUL (Reuters) - ...`.

A text pattern of English news writing, read by two stages: clean (which sets
`article.dateline`) and nlp (which starts a sentence after the header so that the place is
not parsed as a subject). It is a convention of the language's press, like the word tables
here, so a second language would bring its own; it reads and writes no article.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tacitus.core.annotations import Dateline

#: A dateline: a place in capitals (optionally ", Country" or a date), an optional agency in
#: parentheses, then a colon or dash, at the very start of the article.
DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][A-Z.'’\-]+(?:[ ][A-Z][A-Z.'’\-]+){0,3})      # MOSCOW, NEW YORK, ST. LOUIS
    (?:,[ ](?P<region>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2}))? # , Texas / , Syria
    (?:,?[ ](?:\w{3,9}\.?[ ]\d{1,2}(?:,[ ]\d{4})?))?                 # , Dec. 5
    [ ]?(?:\((?P<agency>[^)]{1,40})\))?                               # (Reuters)
    [ ]?(?:[:\-–—]|--)[ ]""",
    re.VERBOSE,
)


#: A dateline in title case ("Indianapolis – ", "San Juan, Puerto Rico — "): some outlets
#: print the place in title case; then only a spaced en or em dash marks it (a colon or a
#: hyphen after a capitalised word opens a label or a compound, not a dateline).
TITLE_DATELINE = re.compile(
    r"""^\s*
    (?P<place>[A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2})                    # Indianapolis, San Juan
    (?:,[ ](?P<region>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+){0,2}))? # , Puerto Rico
    [ ]?(?:\((?P<agency>[^)]{1,40})\))?                               # (AP)
    [ ][–—][ ]""",
    re.VERBOSE,
)


def _match(text: str, known: Callable[[str], bool] | None) -> re.Match[str] | None:
    """The capitals pattern; else, when `known` says its place is a place, the title case one."""
    match = DATELINE.match(text)
    if match or known is None:
        return match
    titled = TITLE_DATELINE.match(text)
    return titled if titled and known(titled.group("place")) else None


def find_dateline(
    text: str, start: int = 0, known: Callable[[str], bool] | None = None
) -> Dateline | None:
    """The dateline place at the start of `text` (`MOSCOW:`, `KABUL (Reuters) -`), or None.

    Args:
        text: cleaned article text.
        start: where the body begins (after a headline); the dateline opens the body.
        known: whether a name is a place (the gazetteer's); without it, only capitals count.

    Returns:
        `{"start", "end", "text"}` of the place, offsets into `text`, or None.
    """
    match = _match(text[start:], known)
    if not match:
        return None
    begin = match.start("place")
    place = match.group("place").rstrip(".")
    if len(place) < 3 or not any(c.isalpha() for c in place):
        return None
    return {"start": start + begin, "end": start + begin + len(place), "text": place}


def dateline_end(
    text: str, start: int = 0, known: Callable[[str], bool] | None = None
) -> int | None:
    """Where the dateline header (`KABUL (Reuters) - `) of `text` ends, or None without one.

    Args:
        text: cleaned article text.
        start: where the body begins (after a headline).
        known: as for `find_dateline`.

    Returns:
        The offset just after the header's colon or dash and its space, or None.
    """
    match = _match(text[start:], known)
    return start + match.end() if match and find_dateline(text, start, known) else None
