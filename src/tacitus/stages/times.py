"""Time: every date, time, duration and set expression normalised to a TimeML value.

Reads `article.text`, `article.published` (the anchor: an ISO date or datetime, or None) and
`article.doc` (the spaCy parse, for the tense of the verb governing each expression).
Adds `article.times`: `{"start", "end", "text", "type", "value"}` in text order, `type` one of
DATE, TIME, DURATION, SET and `value` in TimeML (`2016-12-23`, `2016-W51`, `2016-Q4`, `P3D`,
`XXXX-12-15`, `PAST_REF` ...). Without an anchor, relative expressions keep partial values
(`XXXX-12-15`, `XXXX-WXX-5`) and one `unanchored` error is added to `article.errors`.

Detection is the regular grammar of `tacitus.timex.rules` (word lists in
`lexicons/en/time_lexicon.json` and `lexicons/en/time_words.tsv`); values come from
`tacitus.timex.values`: relative expressions against the publication date with the tense of
the clause (`tacitus.timex.tense`: "on Friday" in a past clause is the last Friday, in a
future clause the next one), anaphoric ones ("the following day", "a year earlier") against
the last date mentioned. This module runs the stage;
`governing_date`, the date that governs a clause (for events and quotes), is in
`tacitus.timex.anchor` and re-exported here.
"""

from __future__ import annotations

from datetime import date

from tacitus.core.article import Article, TimeValue
from tacitus.core.stage import Context
from tacitus.timex.anchor import governing_date
from tacitus.timex.rules import find_candidates, select
from tacitus.timex.values import State, merge_clock_and_day, resolve

__all__ = ["anchor_date", "governing_date", "normalise_times"]


# --- the stage ----------------------------------------------------------------------------


def normalise_times(article: Article, ctx: Context | None = None) -> Article:
    """Fill `article.times` with the normalised temporal expressions of the text.

    Args:
        article: the article, after the nlp stage (`article.doc` may be None: no tense then).
        ctx: the pipeline context (unused: the lexicon is loaded once per process).

    Returns:
        The same article, with `times` (and possibly an `unanchored` error) added.
    """
    state = State(anchor_date(article.published), None, article.doc, article.text)
    times: list[TimeValue] = []
    for cand in merge_clock_and_day(select(find_candidates(article.text)), article.text):
        resolved = resolve(cand, state)
        if resolved is None:
            continue
        kind, value = resolved
        times.append(
            {"start": cand.start, "end": cand.end, "text": cand.text, "type": kind, "value": value}
        )
    article.times = times
    if state.unanchored:
        article.add_error(
            "unanchored",
            f"{state.unanchored} relative time expression(s) could not be dated: the article "
            f"has no publication date (pass published=YYYY-MM-DD).",
        )
    return article


def anchor_date(published: str | None) -> date | None:
    """The date part of an ISO date or datetime string, or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None
