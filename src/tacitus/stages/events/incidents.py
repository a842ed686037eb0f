"""Incidents: harm that nobody inflicted, kept apart from the events.

Deaths and injuries in a flood, an earthquake, a fire or a crash are no attack: PLOVER's
ASSAULT needs an attacker. When the harm's subject is a disaster or an accident ("floods
killed 40", "the crash injured three") or the clause says the harm was accidental ("killed
in a car crash", "an accidental explosion"), the events stage codes no event and records an
incident instead, with its counts, clause, place and date, and no PLOVER type. The words
that name disasters and accidents are `lexicons/en/event_words.tsv` (`non_agent`,
`accidental`).

Reads the trigger and the parse; the events stage adds the records to `article.incidents`.
"""

from __future__ import annotations

from typing import Any

from tacitus.core.article import Article, Incident
from tacitus.lexicons.triggers import Trigger
from tacitus.stages.events.participants import _roles, harm_cause
from tacitus.stages.events.records import _date, _evidence, _location

__all__ = ["harm_cause", "incident"]


def incident(article: Article, sent: Any, trigger: Trigger, cause: tuple[str, str]) -> Incident:
    """The incident record of harm nobody inflicted.

    Args:
        article: the article (its places, times and dateline).
        sent: the trigger's sentence.
        trigger: the harm's trigger ("killed", "injured").
        cause: `harm_cause`'s kind and word.

    Returns:
        The incident, its `counts` empty (the stage attaches the sentence's counts).
    """
    token = trigger.token
    actor_tokens, _ = _roles(trigger)
    evidence = _evidence(trigger, actor_tokens[0] if actor_tokens else None)
    date, fallback = _date(article, token.idx, token.idx + len(token))
    return {
        "kind": cause[0],
        "cause": cause[1],
        "trigger": [token.idx, token.idx + len(token)],
        "trigger_text": token.text,
        "evidence": list(evidence),
        "location": _location(article, evidence, sent, actor_tokens),
        "date": date,
        "date_is_fallback": fallback,
        "counts": [],
    }
