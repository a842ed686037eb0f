"""Event triggers: which words of a parsed sentence name a political event, typed to PLOVER.

Reads, through `tacitus.core.resources`, the trigger lexicons in `tacitus/lexicons/en/`:
`triggers_curated.tsv` (hand-made rows that win), `triggers_cameo.json.gz` (the CAMEO 2.0
verb patterns of PETRARCH2 mapped to PLOVER, built by `scripts/build_triggers.py`) and, for
speech verbs missing from both, the cue lexicon of the quotes stage (`cues.tsv`, its `event`
column); and `trigger_vetoes.tsv`, the word classes that tell a trigger word from the same
word in a sense that reports no event. `find_triggers` returns one `Trigger` per event word
of a spaCy sentence; the events stage gives them roles and status.
"""

from __future__ import annotations

from typing import Any

from tacitus.lexicons.requests import told_of, told_to_do, wanted_of_another
from tacitus.lexicons.senses import (
    after_in,
    appeal,
    defied,
    done_to_a_thing,
    helped_to_do,
    interlocutor,
    kept_open,
    label_of_the_told,
    nothing_hosted,
    nothing_seized,
    said_in,
    then_as,
)
from tacitus.lexicons.trigger_words import (  # noqa: F401 - the names triggers gave before
    ABSTRACT,
    ADMISSIONS,
    ATTACK_WORDS,
    BARRAGE_VERBS,
    CAPACITIES,
    CONFINEMENT,
    CONTESTS,
    DEMANDS,
    FACILITATING,
    FIRED,
    FUNCTION_WORDS,
    LABOUR,
    MANNER,
    NOMINAL,
    NON_AGENTS,
    NON_EVENT_COMPLEMENTS,
    PERSON_PATIENT_VERBS,
    PLURAL_ONLY,
    PROVIDING,
    RISK_VERBS,
    SCORE,
    SETTING_PREPS,
    SIGNED,
    SOURCE_CONFIDENCE,
    STANCES,
    STRUCK_THINGS,
    THINGS_DONE,
    THREATS,
    VERBAL,
    VERBAL_TARGETS,
    WEAPON_WORDS,
    WHEN,
    Lexicon,
    Trigger,
    load_lexicon,
)
from tacitus.lexicons.verdicts import judged_wrong
from tacitus.syntax.phrases import infinitive_doers


def _near_lemmas(token: Any) -> set[str]:
    """Lemmas of the token's children and grandchildren (particles, objects, pobj)."""
    near = set()
    for child in token.children:
        near.add(child.lemma_.lower())
        near.add(child.text.lower())
        for grandchild in child.children:
            near.add(grandchild.lemma_.lower())
            near.add(grandchild.text.lower())
            near.update(_named_by_of(grandchild))
    return near


def _named_by_of(token: Any) -> set[str]:
    """The lemma of the noun an "of" names ("the state of emergency": "emergency"), so that a
    phrase row matches an object that is a noun of a noun."""
    if token.dep_ != "prep" or token.lower_ != "of":
        return set()
    return {o.lemma_.lower() for o in token.children if o.dep_ == "pobj"}


def _phrase_tokens(token: Any, words: list[str]) -> set[int]:
    wanted = set(words)
    found = {token.i}
    for child in token.children:
        if child.lemma_.lower() in wanted or child.text.lower() in wanted:
            found.add(child.i)
        for grandchild in child.children:
            if grandchild.lemma_.lower() in wanted:
                found.update({child.i, grandchild.i})
            for named in (o for o in grandchild.children if _named_by_of(grandchild)):
                if named.dep_ == "pobj" and named.lemma_.lower() in wanted:
                    found.update({child.i, grandchild.i, named.i})
    return found


def _match_curated(
    token: Any, entries: list[tuple[list[str], str | None, str | None]], head_index: int
) -> tuple[list[str], str | None, str | None] | None:
    near = _near_lemmas(token)
    for words, kind, mode in entries:
        others = words[:head_index] + words[head_index + 1 :] if head_index >= 0 else words[1:]
        if all(w in near for w in others):
            return words, kind, mode
    return None


def _pattern_words_present(pattern: list[str], words: list[str], synsets: dict) -> bool:
    """Every pattern word (or a member of its &SYNSET) occurs in `words`, in order."""
    position = 0
    for item in pattern:
        if item.startswith("&"):
            options = synsets.get(item, frozenset())
            while position < len(words) and words[position] not in options:
                position += 1
        else:
            while position < len(words) and words[position] != item:
                position += 1
        if position == len(words):
            return False
        position += 1
    return True


def _match_cameo(
    token: Any, entry: dict[str, Any], synsets: dict
) -> tuple[str | None, str | None, str, str | None]:
    """The longest CAMEO pattern of this verb that the sentence satisfies, else the default:
    (type, mode, source, CAMEO code)."""
    near = [g for c in token.children for g in (c, *c.children) if g.ent_type_ not in WHEN]
    after_words = [t.lemma_.lower() for t in sorted(near, key=lambda t: t.i) if t.i > token.i]
    before = [t.lemma_.lower() for t in token.lefts if t.ent_type_ not in WHEN]
    best: tuple[int, str | None, str | None, str | None] = (-1, None, None, None)
    for pre, post, kind, mode, code in entry["patterns"]:
        size = len(pre) + len(post)
        if size <= best[0] or not kind or not set(post) - FUNCTION_WORDS:
            continue  # "* (TO)": a preposition alone says too little
        if _pattern_words_present(post, after_words, synsets) and _pattern_words_present(
            pre, before, synsets
        ):
            best = (size, kind, mode, code)
    if best[1]:
        return best[1], best[2], "pattern", best[3]
    if entry.get("own"):  # a synonym's block code is too loose to code on its own
        return entry.get("type"), entry.get("mode"), "cameo", entry.get("code")
    return None, None, "cameo", None


def _verb_trigger(token: Any, lexicon: Lexicon) -> Trigger | None:
    lemma = token.lemma_.lower()
    curated = _match_curated(token, lexicon.verbs.get(lemma, []), -1)
    if curated is not None:
        words, kind, mode = curated
        if kind is None:
            return None
        return Trigger(
            token,
            _phrase_tokens(token, words),
            kind,
            mode,
            False,
            "curated",
            " ".join(words),
            _cameo_code(token, lexicon, kind),
        )
    entry = lexicon.cameo.get(lemma)
    if entry is not None:
        kind, mode, source, code = _match_cameo(token, entry, lexicon.synsets)
        if kind:
            extra = {"cameo": code} if code and code.strip("-") else {}
            return Trigger(token, {token.i}, kind, mode, False, source, lemma, extra)
    if lemma in lexicon.cues:
        return Trigger(token, {token.i}, lexicon.cues[lemma], None, False, "cue", lemma)
    return None


def _cameo_code(token: Any, lexicon: Lexicon, kind: str) -> dict[str, Any]:
    """The CAMEO code of a verb coded by a curated row, when CAMEO's own reading of the
    verb in this sentence has the same PLOVER type (for continuity with GDELT and ICEWS)."""
    entry = lexicon.cameo.get(token.lemma_.lower())
    if entry is None:
        return {}
    cameo_kind, _, _, code = _match_cameo(token, entry, lexicon.synsets)
    if cameo_kind != kind or not code or not code.strip("-"):
        return {}
    return {"cameo": code}


def _noun_trigger(token: Any, lexicon: Lexicon) -> Trigger | None:
    lemma = token.lemma_.lower()
    entries = lexicon.nouns.get(lemma, [])
    for words, kind, mode in entries:
        near = _near_lemmas(token)
        if not all(w in near for w in words[:-1]):
            continue
        if kind is None:
            return None
        if lemma in PLURAL_ONLY and len(words) == 1 and token.tag_ not in ("NNS", "NNPS"):
            return None
        return Trigger(
            token, _phrase_tokens(token, words), kind, mode, True, "curated", " ".join(words)
        )
    return None


def event_type(token: Any) -> str | None:
    """The PLOVER type of a noun the lexicon types as an event ("talks", "attack"), or None."""
    if token.pos_ not in NOMINAL:
        return None
    trigger = _noun_trigger(token, load_lexicon())
    return trigger.type if trigger is not None else None


def _acceptable(trigger: Trigger) -> Trigger | None:
    """Drop readings that the lexicon cannot tell apart from non-events, fix a few modes.

    The checks are tests without side effects, so their order does not matter; a strike of
    labour words is retyped once none of them has dropped it.
    """
    near = _near_lemmas(trigger.token)
    if (
        _a_description(trigger)
        or _another_verb_sense(trigger, near)
        or _another_noun_sense(trigger, near)
        or done_to_a_thing(trigger)
        or helped_to_do(trigger)
        or _helped_by_no_one(trigger)
        or nothing_seized(trigger)
        or nothing_hosted(trigger)
        or kept_open(trigger)
    ):
        return None
    if trigger.type == "ASSAULT" and (_contest(trigger.token) or _figurative_barrage(trigger)):
        return None
    if trigger.token.lemma_.lower() == "strike" and trigger.nominal and near & LABOUR:
        trigger.type, trigger.mode = "PROTEST", "strike"
    elif trigger.type == "ASSAULT" and _verbal_target(trigger.token):
        trigger.type, trigger.mode = "ACCUSE", "disapprove"
    return trigger


def _targets(token: Any) -> list[Any]:
    """What an act is done to: the object of a verb, the "on" / "against" object of either."""
    found = [c for c in token.children if c.dep_ == "dobj"]
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "against"):
            found.extend(o for o in prep.children if o.dep_ == "pobj")
    return found


def _verbal_target(token: Any) -> bool:
    """ "attacked each other's policies", "attacks on his loyalty": an attack on what someone
    says, decides or stands for is criticism, not violence. An attack noun's target may hang
    on a word of its own phrase ("attacks, including from the White House, on his loyalty")."""
    if token.lemma_.lower() not in ATTACK_WORDS:
        return False
    heads = [token]
    if token.pos_ in NOMINAL:
        heads += [t for t in token.subtree if t.i > token.i]
    return any(t.lemma_.lower() in VERBAL_TARGETS for head in heads for t in _targets(head))


def _figurative_barrage(trigger: Trigger) -> bool:
    """ "websites were bombarded with requests", "showered with questions": a barrage of
    something that is no weapon is a figure of speech; "bombarded with rockets" is not."""
    token = trigger.token
    if trigger.nominal or token.lemma_.lower() not in BARRAGE_VERBS:
        return False
    things = [
        o
        for p in token.children
        if p.dep_ == "prep" and p.lower_ == "with"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    return bool(things) and not any(is_weapon(t.lemma_) for t in things)


def _helped_by_no_one(trigger: Trigger) -> bool:
    """ "That would help X", "the deal would help farmers": helping by a situation or a
    happening says what benefits whom; AID is help a party gives ("Japan helped Tonga")."""
    token = trigger.token
    if trigger.nominal or token.lemma_.lower() not in FACILITATING:
        return False
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in ("that", "this")
    return subject.pos_ == "NOUN" and (
        event_type(subject) is not None or is_action_word(subject.lemma_)
    )


def is_action_word(lemma: str) -> bool:
    """Whether a word is one the trigger lexicons know as a verb of an event ("launch",
    "yield", "demand"): used as a noun, it names that action, not someone who acts.

    Args:
        lemma: a lemma.

    Returns:
        True when a curated verb row or a CAMEO verb has this lemma.
    """
    lexicon = load_lexicon()
    lemma = lemma.lower()
    return any(stem in lexicon.verbs or stem in lexicon.cameo for stem in _verb_stems(lemma))


def _verb_stems(word: str) -> list[str]:
    """The word, and the verbs an English gerund may be of ("stabbing": stab, "seizing":
    seize, "shooting": shoot): a gerund used as a noun names the verb's action."""
    stems = [word]
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        stems += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            stems.append(stem[:-1])  # "stabbing"
    return stems


def is_weapon(word: str) -> bool:
    """Whether a word (a lemma, or a plural) names a weapon ("bomb", "rockets").

    Args:
        word: a word as written or its lemma.

    Returns:
        True for the weapons of `event_words.tsv`.
    """
    word = word.lower()
    return word in WEAPON_WORDS or word.rstrip("s") in WEAPON_WORDS


def _score_at(number: Any) -> bool:
    """Whether a number starts a score: "2-1", "3 - 0", "2–1"."""
    doc = number.doc
    if number.i + 2 >= len(doc):
        return bool(SCORE.fullmatch(number.text))
    joined = "".join(t.text for t in doc[number.i : number.i + 3])
    return bool(SCORE.fullmatch(number.text) or SCORE.fullmatch(joined))


def _contest(token: Any) -> bool:
    """ "battle to win the election", "the fight for the title": a fight whose purpose is to
    win a contest, or that is for a prize, is a competition; so is one given with its score
    ("were beaten 2-1", "won 3-0")."""
    for child in token.children:
        if child.like_num and _score_at(child):
            return True
        if child.dep_ in ("xcomp", "advcl", "acl") and child.lemma_.lower() in CONTESTS:
            return True  # "to win"
        if child.dep_ == "prep" and child.lower_ == "for":
            if any(o.lemma_.lower() in CONTESTS for o in child.children if o.dep_ == "pobj"):
                return True
    return False


def _modifier(token: Any) -> bool:
    """A noun that modifies another (or is coordinated with one that does)."""
    return token.dep_ == "compound" or token.dep_ in ("nmod", "conj") and token.head.pos_ == "NOUN"


def _a_description(trigger: Trigger) -> bool:
    """The trigger word describes a thing or a power by its syntax; it reports no event."""
    token = trigger.token
    if not trigger.nominal and token.dep_ == "amod":
        return True  # "militant-held", "war-torn": a description, not an event
    if (
        not trigger.nominal
        and token.dep_ in ("acl", "relcl")
        and token.head.lemma_.lower() in CAPACITIES
    ):
        return True  # "the authority to change the constitution": a power, not an act
    if trigger.nominal and any(c.dep_ == "det" and c.lower_ == "any" for c in token.children):
        return True  # "ruled out any deal", "condemned any attack": no particular event
    if (
        not trigger.nominal
        and token.dep_ == "relcl"
        and token.tag_ in ("VBP", "VBZ")
        and not any(c.dep_ in ("aux", "auxpass", "neg") for c in token.children)
    ):
        return True  # "businesses that allow extremist posts": a habit describing its noun
    if token.dep_ == "acl" and token.tag_ == "VBN" and token.lemma_.lower() in STANCES:
        return True  # "those opposed to reform", "groups committed to violence": a stance
    first = token.head if token.dep_ == "conj" else token  # "processing and detention"
    if trigger.nominal and _modifier(token) and _modifier(first) and len(trigger.tokens) == 1:
        return True  # "torture centres", "a processing and detention facility": a kind
    if label_of_the_told(trigger):
        return True  # "that was a bruising battle": a name for something already told
    if (
        trigger.nominal
        and token.dep_ == "pobj"
        and token.head.lower_ == "on"
        and [c.lower_ for c in token.children] == ["the"]
    ):
        return True  # "went on the attack", "finished the game on the offensive": a stance
    if token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ == "I":
        return True  # "C-Murder", "the National Strike Committee": a word inside a name
    if (
        not trigger.nominal
        and token.tag_ == "VBN"
        and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        and any(c.dep_ == "det" for c in token.children)
    ):
        return True  # "the accused", "the detained": the people it was done to, not the act
    if not trigger.nominal and token.tag_ == "VBG" and token.dep_ in ("csubj", "csubjpass"):
        return True  # "Seeking asylum is legal", "attacking civilians is a crime": in general
    if trigger.nominal and _describes_a_name(token):
        return True  # "Sondland, the most anticipated witness in the inquiry": who he is
    return False


def _describes_a_name(token: Any) -> bool:
    """Whether an event noun is the setting of a description set beside a name ("Gordon
    Sondland, the most anticipated witness in the impeachment inquiry,"): it tells who
    someone is, not news of the event ("the perpetrator of the bombing" names the act)."""
    if token.dep_ != "pobj" or token.head.lower_ not in SETTING_PREPS:
        return False
    described = token.head.head
    return described.dep_ == "appos" and described.head.pos_ == "PROPN"


def _another_verb_sense(trigger: Trigger, near: set[str]) -> bool:
    """A trigger verb in a sense that is no political event ("prices declined")."""
    token = trigger.token
    lemma = token.lemma_.lower()
    xcomp = any(c.dep_ == "xcomp" for c in token.children)
    if (
        lemma in PROVIDING
        and progressive(token)
        and any(c.dep_ == "dobj" and c.pos_ == "NOUN" for c in token.children)
    ):
        return True  # "has been offering help": the help (AID) is the event
    objects = {c.lemma_.lower() for c in token.children if c.dep_ == "dobj"}
    if lemma in ("recognize", "recognise", "acknowledge") and objects & ABSTRACT:
        return True  # "recognized the need to ..."
    if lemma in ("talk", "speak") and not trigger.nominal and not interlocutor(trigger):
        return True  # "talk about warfare with regard to drones": no one talked to
    if lemma in ADMISSIONS and any(c.dep_ == "ccomp" for c in token.children):
        return True  # "conceded that supplies are short": an admission, not a concession
    if lemma == "warn" and not trigger.nominal and not _threatening(token):
        return True  # "warned the police of their fears": a caution, not a threat
    preps = {c.lower_ for c in token.children if c.dep_ == "prep"}
    if lemma == "strike" and (then_as(token) or objects & STRUCK_THINGS):
        return True  # "that struck me as unusual", "struck gold": an impression, an idiom
    if lemma == "meet" and "with" in preps and any(c.dep_ == "auxpass" for c in token.children):
        return True  # "was met with jeers": how something was received, not a meeting
    if lemma == "fail" and not trigger.nominal and not defied(token):
        return True  # "failed to deliver on his vow": something not done, not a refusal
    if lemma == "commit" and not ("to" in preps or xcomp):
        return True  # "committed the attack", "commit fraud": not a commitment
    if lemma in ("sign", "ratify") and not trigger.nominal and not near & SIGNED:
        return True  # "sign up", "sign the papers"
    if lemma == "ask" and not (near & {"for"} or xcomp):
        return True  # "asked the agent whether ...": a question, not a request
    if trigger.type in ("SUPPORT", "AID") and any(
        c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in token.children
    ):
        return True  # "support himself"
    if lemma == "get" and not infinitive_doers(token):
        return True  # "get the money", "got the job": getting, not pressing anybody
    if lemma == "seek" and xcomp:
        return True  # "sought to ease tensions": an aim, not a request
    if lemma == "demonstrate" and any(c.dep_ in ("ccomp", "dobj") for c in token.children):
        return True  # "this case demonstrates that ...", "demonstrated its strength": shown
    complements = {c.lemma_.lower() for c in token.children if c.dep_ == "xcomp"}
    if lemma in ("decline", "refuse") and complements & NON_EVENT_COMPLEMENTS:
        return True  # "declined to comment": a source's silence, not a refusal
    if lemma == "decline" and not xcomp:
        return True  # "prices declined"
    return (
        lemma == "fire"
        and not trigger.nominal
        and not (near & FIRED or "on" in near or "at" in near)
    )  # "fired the minister": a dismissal, not an attack


def _another_noun_sense(trigger: Trigger, near: set[str]) -> bool:
    """A trigger noun in a sense that is no political event ("in order to", "a press release")."""
    token = trigger.token
    lemma = token.lemma_.lower()
    if (
        trigger.nominal
        and trigger.type == "THREATEN"
        and token.dep_ in ("dobj", "attr")
        and token.head.lemma_.lower() in RISK_VERBS
    ):
        return True  # "charges that carry the threat of execution": a risk, not a threat
    if lemma == "warning" and trigger.nominal and _warned_of(token) and not _threatening(token):
        return True  # "warnings about the flood": an alert, not a threat
    if lemma == "order" and trigger.nominal and token.i > 0 and token.nbor(-1).lower_ == "in":
        return True  # "in order to"
    if lemma == "call" and trigger.nominal and trigger.type != "CONSULT":
        return not appeal(token)  # "the call on July 25": a call for nothing, on no one
    if lemma in CONFINEMENT and trigger.nominal and after_in(token):
        return True  # "died in custody": being held, not the act of holding someone
    if lemma == "release" and trigger.nominal and (near & {"press", "news"} or said_in(token)):
        return True  # "a press release", "said in the release": a statement, not a freeing
    if lemma == "appeal" and trigger.nominal and token.dep_ == "dobj":
        if token.head.lemma_.lower() in ("have", "hold"):
            return True  # "a stance that holds appeal to voters": attraction, no request
    return lemma == "hunger" and trigger.nominal  # "a hunger strike" is the strike's event


def _warned_of(token: Any) -> bool:
    """The warning says what it is about ("warnings of floods", "about the virus")."""
    return any(c.dep_ == "prep" and c.lower_ in ("of", "about") for c in token.children)


def _threatening(token: Any) -> bool:
    """ "warned it would retaliate", "warned of reprisals": a warning that is a threat."""
    for child in token.children:
        if child.dep_ == "xcomp":
            return True
        if child.dep_ in ("ccomp", "acl") and any(
            a.dep_ == "aux" and a.lower_ in ("will", "would", "'ll") for a in child.children
        ):
            # "warned that more storms would hit": a forecast of a danger nobody makes
            return not any(
                s.dep_ == "nsubj" and s.lemma_.lower() in NON_AGENTS for s in child.children
            )
        if child.dep_ == "prep" and child.lower_ == "of":
            if any(p.lemma_.lower() in THREATS for p in child.children):
                return True
    return False


def progressive(token: Any) -> bool:
    """Whether a verb is in the progressive ("has been offering", "are fighting").

    Args:
        token: a spaCy token.

    Returns:
        True for a present participle with a form of "be" as its auxiliary.
    """
    return token.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in token.children)


def _adjective_trigger(token: Any, lexicon: Lexicon) -> Trigger | None:
    """ "willing / ready / prepared to <verb>": an intention to act (PLOVER AGREE)."""
    entry = lexicon.adjectives.get(token.lemma_.lower())
    if entry is None or not any(c.dep_ == "xcomp" for c in token.children):
        return None
    return Trigger(token, {token.i}, entry[0], entry[1], False, "curated", token.lemma_.lower())


def find_triggers(sent: Any) -> list[Trigger]:
    """Every trigger of a spaCy sentence span, in text order, phrases not double-counted."""
    lexicon = load_lexicon()
    found: list[Trigger] = []
    taken: set[int] = set()
    for token in sent:
        if token.i in taken:
            continue
        trigger = None
        if told_of(token):
            continue  # "told visiting officials": an adjective, no visit told
        if token.pos_ in VERBAL:
            trigger = (
                _verb_trigger(token, lexicon)
                or wanted_of_another(token)
                or told_to_do(token)
                or judged_wrong(token)
            )
        elif token.pos_ in NOMINAL:
            trigger = _noun_trigger(token, lexicon)
        elif token.pos_ == "ADJ":
            trigger = _adjective_trigger(token, lexicon)
        if trigger is not None:
            trigger = _acceptable(trigger)
        if trigger is None:
            continue
        found.append(trigger)
        taken.update(trigger.tokens)
    found = [t for t in found if not (t.nominal and t.token.i in _verb_phrase_tokens(found))]
    return found


def _verb_phrase_tokens(triggers: list[Trigger]) -> set[int]:
    return {i for t in triggers if not t.nominal for i in t.tokens if i != t.token.i}
