"""The trigger lexicons and word classes, read once: the `Trigger` of an event word, the
curated and CAMEO tables (`Lexicon`, `load_lexicon`) and the veto and event word classes
that `tacitus.lexicons.triggers` checks a reading against.

Reads `lexicons/en/triggers_curated.tsv`, `triggers_cameo.json.gz`, `trigger_vetoes.tsv`,
`event_words.tsv` and the event column of `cues.tsv` through `tacitus.core.resources`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from tacitus.core.resources import load_once, read_data, read_kinds, read_table
from tacitus.lexicons.cues import CUES_FILE

#: Parts of speech that can head a verbal or a nominal trigger.
VERBAL = {"VERB"}
NOMINAL = {"NOUN"}

#: Entity labels of dates and times: no word of a CAMEO pattern ("until March" is no march).
WHEN = {"DATE", "TIME"}

#: Confidence of a trigger by where its type came from.
SOURCE_CONFIDENCE = {"curated": 0.8, "pattern": 0.7, "cameo": 0.55, "cue": 0.6}

#: The word classes of the trigger rules, by kind; each kind's principle is in the table.
_VETOES = read_kinds("lexicons/en/trigger_vetoes.tsv")
#: Nouns whose curated row only holds in the plural ("talks", "charges").
PLURAL_ONLY = _VETOES["plural_only"]
#: Infinitives after which "decline" / "refuse" are not a political refusal.
NON_EVENT_COMPLEMENTS = _VETOES["non_event_complement"]
#: What a fired weapon is; "fire" without one (or "fire on") is a dismissal, not an attack.
FIRED = _VETOES["fired"]
#: Verbs of offering that, in the progressive, describe the provision named by their object.
PROVIDING = _VETOES["providing"]
#: Labour words that make a "strike" a protest.
LABOUR = _VETOES["labour"]
#: Words of a CAMEO pattern that cannot carry its meaning alone.
FUNCTION_WORDS = _VETOES["function_word"]
#: What a threatening warning is of.
THREATS = _VETOES["threat"]
#: Abstract objects that are no participant ("the need", "the importance").
ABSTRACT = _VETOES["abstract"]
#: What is said, decided or stood for: an attack on it is criticism.
VERBAL_TARGETS = _VETOES["verbal_target"]
_EVENT_WORDS = read_kinds("lexicons/en/event_words.tsv")
#: Disasters and accidents (`event_words.tsv`): no one's act, so no one's threat.
NON_AGENTS = _EVENT_WORDS["non_agent"]
#: Things made to harm (`event_words.tsv`).
WEAPON_WORDS = _EVENT_WORDS["weapon"]
#: Verbs of wanting: wanting another party to act is asking it to (REQUEST).
DESIRES = _EVENT_WORDS["desire"]
DESIRES_WOULD = _EVENT_WORDS["desire_would"]
#: Verbs of telling a party something: telling it that it must act asks it to (REQUEST).
TELLING = _EVENT_WORDS["telling"]
#: Auxiliaries and verbs of obligation ("must", "need to", "have to").
OBLIGATION = _EVENT_WORDS["obligation"]
#: Verbs of saying (what is said "in" a document is no act of that document's word).
SAYING = _EVENT_WORDS["speech"]
#: Verbs of a barrage: with no weapon, a figure of speech.
BARRAGE_VERBS = _VETOES["barrage_verb"]
#: Nouns of being held that, after "in", name a state, not an act ("in custody").
CONFINEMENT = _VETOES["confinement"]
#: Verbs done to people (freeing, putting to death) that, done to a thing, are another act.
PERSON_PATIENT_VERBS = _VETOES["person_patient_verb"]
#: Information, money and instruments: what is released, freed or executed when no one is.
THINGS_DONE = _VETOES["thing_done"]
#: Verbs of excluding a course of action: negated, they keep it possible (no event).
KEPT_OPEN = _VETOES["kept_open"]
#: Verbs of helping: "help (to) do" with nobody helped is no aid to a party.
FACILITATING = _VETOES["facilitating"]
#: What another party asks of someone: failing to answer one is non-compliance.
DEMANDS = _VETOES["demand"]
#: Verbs that say what someone thinks of something; with a verdict of disapproval, criticism.
JUDGING = _EVENT_WORDS["judging"]
#: Prepositions of setting ("a witness in the inquiry"): `setting` in `role_preps.tsv`.
SETTING_PREPS = read_kinds("lexicons/en/role_preps.tsv")["setting"]
#: Judging verbs whose object is whom they address ("told lawmakers that ..."), not the judged.
ADDRESSING = _EVENT_WORDS["addressing"]
#: Verdicts that condemn what they describe ("improper", "a sham").
DISAPPROVAL = _EVENT_WORDS["disapproval"]
#: Objects of "strike" that make it an idiom ("struck gold", "struck a balance").
STRUCK_THINGS = _VETOES["struck_thing"]
#: A score ("2-1", "3–0"): the result of a game.
SCORE = re.compile(r"\d{1,3}[-–]\d{1,3}")
#: Words of attack that English uses for violence and for criticism alike.
ATTACK_WORDS = _VETOES["attack_word"]
#: What a contest is for: a battle to win it is no combat.
CONTESTS = _VETOES["contest"]
#: Nouns of a power, a right or a way: their infinitive names what may be done, not what
#: was ("the authority to dissolve", "no other way to defend").
CAPACITIES = _VETOES["capacity"]
#: Objects of "with" / "to" that make a phrase of manner: "with regard to", "with respect to".
MANNER = _VETOES["manner"]
#: Participles that describe their noun's stance ("those opposed to reform").
STANCES = _VETOES["stance"]
#: Verbs whose object "threat" is a danger that exists, not a threat someone made.
RISK_VERBS = _VETOES["risk_verb"]
#: Verbs that, with a that-clause, admit a fact rather than yield or endorse.
ADMISSIONS = _VETOES["admission"]
#: Objects of "sign" that make it the signing of an agreement.
SIGNED = _VETOES["signed"]
#: Verbs of receiving guests: a meeting when a party or a meeting is received.
HOSTING = _VETOES["hosting"]
#: What a host receives when it hosts a meeting: meetings and the people who meet.
HOSTED = _VETOES["hosted"]


@dataclass
class Trigger:
    """One event word (or phrase) of a sentence.

    Attributes:
        token: the spaCy token heading the trigger.
        tokens: indices of every token of the phrase ("carry out", "air strike").
        type, mode: PLOVER type and mode (mode may be None).
        nominal: True for nouns ("evacuation"), False for verbs.
        source: curated | pattern | cameo | cue (drives the confidence).
        phrase: the lexicon phrase that matched.
    """

    token: Any
    tokens: set[int]
    type: str
    mode: str | None
    nominal: bool
    source: str
    phrase: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def confidence(self) -> float:
        return SOURCE_CONFIDENCE[self.source]


@dataclass
class Lexicon:
    """Phrases by their first word's lemma, for verbs and nouns; light words; CAMEO verbs."""

    verbs: dict[str, list[tuple[list[str], str | None, str | None]]]
    nouns: dict[str, list[tuple[list[str], str | None, str | None]]]
    adjectives: dict[str, tuple[str, str | None]]
    cameo: dict[str, Any]
    synsets: dict[str, frozenset[str]]
    cues: dict[str, str]


@load_once
def load_lexicon() -> Lexicon:
    """The trigger lexicons, read once per process.

    Returns:
        The curated rows by their head word (verbs, nouns, adjectives), the CAMEO verbs and
        synsets, and the speech cues with an event type (lemma -> PLOVER type).
    """
    verbs: dict[str, list[tuple[list[str], str | None, str | None]]] = {}
    nouns: dict[str, list[tuple[list[str], str | None, str | None]]] = {}
    adjectives: dict[str, tuple[str, str | None]] = {}
    for row in read_table("lexicons/en/triggers_curated.tsv"):
        words = row["phrase"].split()
        kind = None if row["type"] == "-" else row["type"]
        mode = None if row["mode"] == "-" else row["mode"]
        if row["part"] == "adj" and kind:
            adjectives[words[0]] = (kind, mode)
            continue
        table = verbs if row["part"] == "verb" else nouns
        table.setdefault(words[0] if row["part"] == "verb" else words[-1], []).append(
            (words, kind, mode)
        )
    for table in (verbs, nouns):
        for entries in table.values():
            entries.sort(key=lambda e: -len(e[0]))
    cameo = read_data("lexicons/en/triggers_cameo.json.gz")
    cues = {
        row["lemma"]: row["event"]
        for row in read_table(CUES_FILE)
        if row.get("event") not in (None, "", "-") and row.get("part") == "verb"
    }
    synsets = {name: frozenset(members) for name, members in cameo["synsets"].items()}
    return Lexicon(verbs, nouns, adjectives, cameo["verbs"], synsets, cues)
