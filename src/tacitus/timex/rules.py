"""Detection of temporal expressions: the regular grammar behind `tacitus.stages.times`.

Reads the word lists of `lexicons/en/time_lexicon.json` (months, weekdays, number words,
units, parts of day, seasons, holidays, set words, reference words) and of
`lexicons/en/time_words.tsv` (the number words of compounds and written years, decades in
words), and builds one compiled pattern per rule family. `find_candidates(text)` returns
every match of every rule as a `Candidate`; `select(candidates)` keeps the longest
non-overlapping ones. For speed a rule only runs in
windows around the words it needs (a month name, a unit, a four-digit year...). Values are
computed elsewhere (`tacitus.timex.values`): a rule only says which family matched and which
groups it captured.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from tacitus.core.article import SpanIndex
from tacitus.core.resources import load_once, read_data, read_kinds


@load_once
def lexicon() -> dict[str, Any]:
    """The time lexicon, `lexicons/en/time_lexicon.json` (loaded once per process).

    Returns:
        Word list name ("months", "units", ...) -> its words and their values.
    """
    return read_data("lexicons/en/time_lexicon.json")  # type: ignore[no-any-return]


@load_once
def time_words() -> dict[str, frozenset[str]]:
    """The number and year words of the grammar, `lexicons/en/time_words.tsv`.

    Returns:
        kind ("tens", "ones", "decades", "written_years") -> its words.
    """
    return read_kinds("lexicons/en/time_words.tsv")


@dataclass(frozen=True)
class Rule:
    """One family of expressions: a pattern, and optional guards on the text just before it."""

    name: str
    pattern: re.Pattern[str]
    before_ok: re.Pattern[str] | None = None  # must match the 40 characters before the match
    before_bad: re.Pattern[str] | None = None  # must not match them


@dataclass
class Candidate:
    """A match of one rule: the rule's name, the span and the captured groups."""

    rule: str
    start: int
    end: int
    groups: dict[str, str]
    text: str = ""


def _alt(words: Any) -> str:
    """A regex alternation of words, longest first, spaces matching any white space."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in ordered)


def _grammar() -> dict[str, str]:
    lex = lexicon()
    months = lex["months"]
    abbreviations = [m for m in months if len(m) <= 4 and m not in ("may", "june", "july")]
    full = [m for m in months if m not in abbreviations]
    tens, ones = time_words()["tens"], time_words()["ones"]
    number_words = _alt(lex["numbers"])
    units = _alt(list(lex["units"]) + list(lex["unit_plurals"]))
    g = {
        "month": rf"(?:{_alt(full)}|(?:{_alt(abbreviations)})\b\.?)",
        "month_full": rf"(?:{_alt(full)}|(?:{_alt(abbreviations)})\.)",
        "weekday": rf"(?:{_alt(lex['weekdays'])})",
        "ordinal": rf"(?:{_alt(lex['ordinals'])})",
        "pod": rf"(?:{_alt(lex['parts_of_day'])})",
        "season": rf"(?:{_alt(lex['seasons'])})",
        "holiday": rf"(?:{_alt(lex['holidays'])})",
        "unit": rf"(?:{units})",
        "year": r"(?:1[0-9]|20)\d\d",
        "day": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
        "tens": _alt(tens),
        "ones": _alt(ones),
        "decade_word": _alt(time_words()["decades"]),
    }
    compound = rf"(?:{_alt(tens)})[-\s](?:{_alt(ones)})"
    g["written_year"] = rf"nineteen[-\s](?P<tens>{_alt(tens)})(?:[-\s](?P<ones>{_alt(ones)}))?"
    g["number"] = (
        rf"(?:\d+(?:\s+\d/\d|\.\d+)?|{compound}|{number_words}|{_alt(lex['vague_numbers'])})"
    )
    return g


_APPROX = (
    r"(?:about|almost|nearly|some|more\s+than|less\s+than|fewer\s+than|roughly|around|"
    r"at\s+least|at\s+most|up\s+to|no\s+more\s+than|over|just|only|barely|under|approximately)"
)


def _rule_specs(g: dict[str, str]) -> list[tuple[str, str, str | None, str | None]]:
    """(name, pattern, text-before must match, text-before must not match) for every rule."""
    wd = rf"(?:(?P<wd>{g['weekday']}),?\s+)?"
    rel_day = (
        r"(?:last|next|this|this\s+past|this\s+coming|coming|early|late|earlier|later|"
        r"the\s+following|the\s+previous|the\s+next)"
    )
    return [
        (
            "date_mdy",
            rf"{wd}(?P<month>{g['month']})\s*(?P<day>{g['day']}),?\s+(?P<year>{g['year']})\b",
            None,
            None,
        ),
        (
            "date_dmy",
            rf"{wd}(?:the\s+)?(?P<day>{g['day']})\s+(?:of\s+)?(?P<month>{g['month']}),?\s+"
            rf"(?P<year>{g['year']})\b",
            None,
            None,
        ),
        ("date_iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b", None, None),
        (
            "date_slash",
            r"\b(?P<mnum>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>(?:19|20)\d\d|\d\d)\b",
            None,
            None,
        ),
        (
            "date_md",
            rf"{wd}(?P<month>{g['month']})\s*(?P<day>{g['day']}|{g['ordinal']})\b"
            r"(?!\s*,?\s*\d|:\d|\.\d|\s*(?:percent|%|million|billion))",
            None,
            None,
        ),
        (
            "date_dm",
            rf"{wd}(?:the\s+)?(?P<day>{g['day']}|{g['ordinal']})\s+(?:of\s+)?"
            rf"(?P<month>{g['month_full']}|{g['month']}\b)",
            None,
            r"\$\s*$",
        ),
        (
            "month_year",
            rf"(?:(?P<mod>early|mid|late)[-\s]+)?(?P<month>{g['month']}),?\s+(?:of\s+)?"
            rf"(?:(?P<year>{g['year']})\b(?![-,.]?\d)|{g['written_year']})",
            None,
            None,
        ),
        (
            "month_relyear",
            rf"(?P<month>{g['month']})\s+(?:of\s+)?(?P<rel>last|this|next)\s+year",
            None,
            None,
        ),
        (
            "month",
            rf"(?:(?P<rel>last|next|this|this\s+past|this\s+coming|early|mid|late|the\s+end\s+of|"
            rf"the\s+middle\s+of|the\s+beginning\s+of)[-\s]+)?(?P<month>{g['month_full']})\b",
            None,
            None,
        ),
        (
            "year",
            rf"(?:(?P<mod>early|mid|late|fiscal|calendar|the\s+year|the\s+end\s+of|"
            rf"the\s+middle\s+of|the\s+beginning\s+of)[-\s]+)?(?<![\d$#,.:/])(?P<year>{g['year']})"
            r"\b(?![-,.:/]?\d|\s*%|\s+percent|'?s\b)",
            None,
            r"(?:\$|#|No\.|Nos?\.\s*)\s*$",
        ),
        (
            "year_written",
            rf"(?:the\s+year\s+)?{g['written_year']}\b",
            None,
            None,
        ),
        (
            "year_2000",
            rf"the\s+year\s+two\s+thousand(?:\s+and\s+(?P<ones>{g['ones']}))?\b",
            None,
            None,
        ),
        (
            "year_2000_bare",
            rf"two\s+thousand(?:\s+and\s+(?P<ones>{g['ones']}))?\b",
            r"(?:\bin|\bsince|\buntil|\bby|\bbefore|\bafter)\s+$",
            None,
        ),
        (
            "decade",
            r"(?:the\s+)?(?:(?P<mod>early|mid|late)[-\s]+)?(?P<decade>(?:1[0-9]|20)\d0)'?s\b",
            None,
            None,
        ),
        (
            "decade_word",
            r"the\s+(?:(?P<mod>early|mid|late)[-\s]+)?(?:nineteen[-\s])?"
            rf"(?P<decword>{g['decade_word']})\b",
            None,
            None,
        ),
        (
            "century",
            rf"(?:the\s+)?(?:(?P<mod>early|mid|late)[-\s]+)?(?P<ord>\d{{1,2}}(?:st|nd|rd|th)|"
            rf"{g['ordinal']})[-\s]century\b",
            None,
            None,
        ),
        (
            "quarter",
            rf"(?:the\s+)?(?:(?P<y1>{g['year']})\s+)?(?:(?P<rel>last|this|next)\s+year's\s+)?"
            rf"(?:fiscal\s+|calendar\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]"
            rf"(?:fiscal[-\s])?(?:quarter|period)(?:\s+of\s+(?:fiscal\s+)?(?P<y2>{g['year']}))?\b"
            r"(?!-)",
            None,
            None,
        ),
        (
            "quarter_rel",
            r"(?P<det>the|this|that|next|last)\s+(?:(?P<rel>latest|most\s+recent|current|"
            r"recent|same|previous|prior|past|last|coming|year-ago|year-earlier|comparable|"
            r"corresponding|comparable\s+year-ago|comparable\s+year-earlier)\s+)?(?:fiscal\s+)?"
            r"(?P<noun>quarter|period)\b(?!-|ly|s)",
            None,
            None,
        ),
        (
            "period_year",
            rf"the\s+(?P<year>{g['year']})\s+(?:period|quarter|year|fiscal\s+year)\b",
            None,
            None,
        ),
        (
            "half",
            rf"(?:the\s+)?(?P<ord>first|second|last)[-\s]half(?:\s+of\s+(?:(?P<year>{g['year']})|"
            r"(?P<rel>this|next|last)\s+year|the\s+year))?\b",
            None,
            None,
        ),
        (
            "year_end",
            r"(?:the\s+)?(?:(?P<rel>this|last|next)\s+)?year(?:['’]s)?[-\s]end\b",
            None,
            None,
        ),
        (
            "year_ago_adj",
            r"(?:(?P<the>the)\s+)?year[-\s](?:ago|earlier)(?:\s+(?P<noun>quarter|period|"
            r"year|month|level))?\b",
            None,
            None,
        ),
        (
            "season",
            rf"(?:(?P<rel>last|next|this|this\s+past|early|late|mid)[-\s]+|(?P<the>the)\s+)?"
            rf"(?P<season>{g['season']})(?:\s+of\s+(?:(?P<y1>{g['year']})|{g['written_year']})|"
            rf"\s+(?P<y2>{g['year']}))?\b"
            r"(?!\s+of\s+(?!\d))",
            None,
            None,
        ),
        (
            "holiday",
            rf"(?:(?P<rel>last|next|this)\s+)?(?P<holiday>{g['holiday']})(?:,?\s+(?P<year>{g['year']}))?\b",
            None,
            None,
        ),
        (
            "weekday",
            rf"(?:(?P<rel>{rel_day})\s+)?(?P<wd>{g['weekday']})(?:['’]s)?"
            rf"(?:\s+(?P<pod>{g['pod']}))?\b",
            None,
            None,
        ),
        (
            "weekday_every",
            rf"(?:every|each)\s+(?P<wd>{g['weekday']})(?:\s+(?P<pod>{g['pod']}))?\b",
            None,
            None,
        ),
        (
            "weekday_set",
            rf"(?:(?:every|each)\s+)?(?P<wd>{g['weekday']})s(?:\s+(?P<pod>nights|mornings|"
            r"afternoons|evenings))?\b",
            None,
            None,
        ),
        (
            "clock",
            r"(?:(?P<h>[01]?\d)(?::(?P<mi>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b)|"
            r"(?P<h24>[0-2]?\d):(?P<mi24>[0-5]\d)(?!\d)|(?P<clockword>noon|midnight)|"
            r"(?P<hoc>[01]?\d)\s+o['’]clock)(?:\s+(?P<tz>[ECMP][SD]T|GMT|UTC)\b)?",
            None,
            None,
        ),
        (
            "deictic",
            r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<deixis>the\s+day\s+before\s+yesterday|"
            r"the\s+day\s+after\s+tomorrow|today(?!['’]s)|tonight|yesterday|tomorrow)(?:['’]s)?"
            rf"(?:\s+(?P<pod>{g['pod']}))?\b",
            None,
            None,
        ),
        ("this_pod", rf"(?P<rel>this|last|tomorrow|yesterday)\s+(?P<pod>{g['pod']})\b", None, None),
        (
            "set_every",
            rf"(?:every|each|per)\s+(?:other\s+)?(?:(?P<num>{g['number']})\s+)?"
            rf"(?:(?P<unit>{g['unit']})s?|(?P<month>{g['month_full']})|(?P<season>{g['season']}))\b",
            None,
            None,
        ),
        (
            "set_times",
            rf"(?P<times>once|twice|thrice|(?:{g['number']})\s+times)\s+(?:a|an|per|each|every)\s+"
            rf"(?P<unit>{g['unit']})\b",
            None,
            None,
        ),
        (
            "set_rate",
            rf"(?:a|an|per)\s+(?P<unit>{g['unit']})\b(?!\s+(?:ago|earlier|later|before|after|or))",
            r"(?:\d|\bmillion|\bbillion|\bthousand|\bhundred|\bpercent|%|\bcents?|\bdollars?|"
            r"\bshares?|\btons?|\bbarrels?|\bpeople|\bunits|\bvisitors|\bpassengers)\s*$",
            None,
        ),
        (
            "ago",
            rf"(?:{_APPROX}\s+)?(?P<num>{g['number']})[-\s]+(?:(?:more|full|long)\s+)?"
            rf"(?P<unit>{g['unit']})(?:s)?(?:\s+or\s+(?:so|more|two|three))?\s+"
            r"(?P<dir>ago|earlier|later|hence|from\s+now|previously|prior|(?:before|after)(?=\s*[,.;:)]|\s*$))\b",
            None,
            None,
        ),
        (
            "rel_unit",
            r"(?:(?P<mod>early|late|earlier|later|mid|the\s+end\s+of|the\s+beginning\s+of|"
            r"the\s+middle\s+of|the\s+rest\s+of|the\s+start\s+of)[-\s]+)?"
            r"(?P<rel>last|next|this|this\s+past|this\s+coming|the\s+past|the\s+previous|the\s+coming|"
            r"the\s+following|the\s+current|the\s+same|the\s+next|the\s+last|the\s+prior|the\s+full|"
            r"the\s+latest|"
            r"the\s+whole|the\s+entire|coming|past|"
            r"previous|that|that\s+same|the)\s+(?:(?P<fiscal>fiscal|calendar)\s+)?"
            r"(?P<unit>week|weekend|month|year|decade|century|day|morning|night|evening|afternoon)\b"
            r"(?=(?P<ended>\s+end(?:ed|ing))?)"
            r"(?!-|\s+(?:of|that\s+followed)\b)",
            None,
            r"\b(?:a|per|each|every)\s+$",
        ),
        (
            "duration",
            rf"(?:(?P<pre>the\s+(?:past|last|next|first|previous|coming|following|final|"
            r"remaining|entire|whole|full|same|initial|latest|prior)|another|an\s+additional|the|"
            rf"past|last|next|first|over\s+the\s+(?:past|last|next))\s+)?(?:{_APPROX}\s+)?"
            rf"(?P<num>{g['number']})(?:\s+(?:more|additional|full|straight|consecutive|long|"
            rf"extra|trading|business|working|calendar))?[-\s]+(?P<unit>{g['unit']})(?P<pl>s)?(?P<half>[-\s]and[-\s]a[-\s]half)?\b"
            r"(?!-(?:a|an|per)\b|[-\s]olds?\b)",
            None,
            r"(?:\$|#)\s*$",
        ),
        (
            "bare_units",
            r"\b(?:for|in|within|over|after|from|of)\s+(?:the\s+)?(?P<span>(?P<adj>recent\s+|"
            r"past\s+|coming\s+|early\s+)?(?P<unit>years|months|weeks|days|decades|hours|minutes|"
            r"centuries))\b(?!\s+(?:old|of\s+age))",
            None,
            None,
        ),
        ("set_word", rf"\b(?P<word>{_alt(lexicon()['set_words'])})\b", None, None),
        ("reference", rf"\b(?P<word>{_alt(lexicon()['references'])})\b(?!-)", None, None),
    ]


@functools.lru_cache(maxsize=1)
def rules() -> list[Rule]:
    """The compiled rules, in priority order (earlier wins a tie of length)."""
    compiled = []
    for name, pattern, ok, bad in _rule_specs(_grammar()):
        compiled.append(
            Rule(
                name,
                re.compile(rf"(?<![\w-]){pattern}", re.IGNORECASE),
                re.compile(ok, re.IGNORECASE) if ok else None,
                re.compile(bad) if bad else None,
            )
        )
    return compiled


def clock_only(text: str) -> bool:
    """Whether a time expression is a clock time and nothing else ("10 p.m.", "noon"): it
    names no day; its day is whatever day the text is about.

    Args:
        text: the expression as written.

    Returns:
        True when the whole text is one clock time.
    """
    clock = next(rule for rule in rules() if rule.name == "clock")
    return clock.pattern.fullmatch(text.strip()) is not None


#: groups whose text must be capitalised (a lower-case "may" or "sun" is not a date).
_PROPER = ("month", "wd", "holiday")
_PRIORITY = {rule: i for i, rule in enumerate(n for n, *_ in _rule_specs(_grammar()))}


#: the word classes a rule needs near its match: it runs only in windows around them.
_NEEDS = {
    "date_mdy": "month", "date_dmy": "month", "date_md": "month", "date_dm": "month",
    "month_year": "month", "month_relyear": "month", "month": "month", "date_iso": "year",
    "date_slash": "slash", "year": "year", "period_year": "year", "decade": "year",
    "year_written": "written", "year_2000": "written", "year_2000_bare": "written",
    "decade_word": "written",
    "century": "unit", "quarter": "quarter", "quarter_rel": "quarter", "half": "quarter",
    "year_end": "unit", "year_ago_adj": "unit", "season": "season", "holiday": "holiday",
    "weekday": "weekday", "weekday_set": "weekday", "weekday_every": "weekday",
    "clock": "clock", "deictic": "deixis",
    "this_pod": "pod", "set_every": "unit month season", "set_times": "unit",
    "set_rate": "unit", "ago": "unit", "rel_unit": "unit pod", "duration": "unit",
    "bare_units": "unit", "set_word": "setword", "reference": "reference unit",
}  # fmt: skip
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?::\d\d|/\d)?")
_MARGIN = 60


@functools.lru_cache(maxsize=1)
def _word_classes() -> dict[str, set[str]]:
    """Lower-case word -> the classes of trigger it belongs to."""
    lex = lexicon()
    classes: dict[str, set[str]] = {}

    def add(words: Any, name: str, last: bool = False) -> None:
        for entry in words:
            for word in re.findall(r"[a-z]+", entry.lower())[-1:] if last else [entry.lower()]:
                classes.setdefault(word, set()).add(name)

    add(lex["months"], "month")
    add(lex["weekdays"], "weekday")
    add([*lex["units"], *(u + "s" for u in lex["units"]), *lex["unit_plurals"], "weekend"], "unit")
    add([*lex["parts_of_day"], *(p + "s" for p in lex["parts_of_day"])], "pod", last=True)
    add([*lex["clock_words"], "m", "am", "pm", "clock"], "clock")
    add(lex["seasons"], "season")
    add(lex["holidays"], "holiday", last=True)
    add(lex["set_words"], "setword", last=True)
    add(lex["references"], "reference", last=True)
    add(["today", "tonight", "yesterday", "tomorrow"], "deixis")
    add([*time_words()["written_years"], *time_words()["decades"]], "written")
    add(["quarter", "quarters", "period", "half"], "quarter")
    return classes


def _classes_of(token: str) -> set[str]:
    if token[0].isdigit():
        if ":" in token:
            return {"clock"}
        if "/" in token:
            return {"slash"}
        return {"year"} if len(token) == 4 and token[:2] in _CENTURIES else set()
    return _word_classes().get(token.lower(), set())


_CENTURIES = {str(n) for n in range(10, 21)}


def _windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each trigger class, the stretches of text around its words, merged."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for match in _TOKEN.finditer(text):
        for name in _classes_of(match.group()):
            start, end = max(0, match.start() - _MARGIN), min(len(text), match.end() + _MARGIN)
            windows = spans.setdefault(name, [])
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end)
            else:
                windows.append((start, end))
    return spans


def _merge(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def find_candidates(text: str) -> list[Candidate]:
    """Every match of every rule in `text` (overlapping, unsorted)."""
    by_class = _windows(text)
    found: list[Candidate] = []
    for rule in rules():
        spans = [w for name in _NEEDS[rule.name].split() for w in by_class.get(name, [])]
        for w_start, w_end in _merge(spans, text):
            found.extend(_find_in(rule, text, w_start, w_end))
    return found


def _find_in(rule: Rule, text: str, w_start: int, w_end: int) -> list[Candidate]:
    found = []
    for match in rule.pattern.finditer(text, w_start, w_end):
        start, end = match.span("span") if "span" in match.groupdict() else match.span()
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        if not _proper_ok(groups) or start == end:
            continue
        before = text[max(0, start - 40) : start]
        if rule.before_ok and not rule.before_ok.search(before):
            continue
        if rule.before_bad and rule.before_bad.search(before):
            continue
        found.append(Candidate(rule.name, start, end, groups, text[start:end]))
    return found


def _proper_ok(groups: dict[str, str]) -> bool:
    return all(groups[k][0].isupper() for k in _PROPER if k in groups)


def select(candidates: list[Candidate]) -> list[Candidate]:
    """The longest non-overlapping candidates (ties: the earlier rule), in text order."""
    ranked = sorted(candidates, key=lambda c: (c.start - c.end, _PRIORITY[c.rule], c.start))
    taken: list[Candidate] = []
    # a candidate is kept when no longer (or earlier-ranked) one overlaps it: looked up by
    # position, not by scanning every one kept so far
    kept: SpanIndex[None] = SpanIndex()
    for cand in ranked:
        if not kept.overlaps(cand.start, cand.end):
            taken.append(cand)
            kept.add(cand.start, cand.end, None)
    return sorted(taken, key=lambda c: c.start)
