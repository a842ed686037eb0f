"""Stage `confidence`: the probability that each coded event is right.

Most of any news stream is not politics: sport, entertainment, technology. A coder that
reads verbs ("beat", "battle", "launch", "strike") codes events there that no political
coder would. This stage reads how much the whole article reads like political or conflict
news and turns that into a calibrated probability per event, so that a threshold can hide
what is probably not an event while the record stays complete.

Two fitted logistic models, shipped as numbers in `data/confidence.json` and refitted with
`python scripts/fit_confidence.py` (which documents the data, the split and the figures):

1. **domain**: a logistic regression over the article's token vectors (spaCy's
   `doc.tensor`, already computed by the parse: no extra model, no vocabulary) pooled three
   ways (the mean over all tokens, the mean over content words, the maximum), ten shares
   computed from the article's own annotations (how many of its actors the knowledge base
   knows, how many hold a state or armed sector, how many are persons; the mix of its
   entity types; how many of its events have a state or armed actor, or are material
   conflict; how many of its places are countries) and three shares of its content words:
   those in the vocabulary of sport, of entertainment and of technology news
   (`lexicons/en/topics.tsv`, written by hand; the weights are fitted, no word vetoes an
   event). Its output is a log-odds that the article is political or conflict news rather
   than sport, entertainment or technology.
2. **calibration**: a logistic over that probability (past "clearly political", a higher
   score says nothing more about one event) and five features of the event itself
   (`event_features`: a state or armed participant, so that an arrest by police in a
   sports story keeps more of its weight; an actor; a coded actor; a noun event; the
   status), fitted on events found by evidence (or not) in political articles
   and on events of the negative stream set, so that `confidence` is the measured share of
   events at that value that are right.

Reads `doc` (its tensor), `actors`, `entities`, `places` and `events`; sets each event's
`confidence` (0..1, three decimals). The record keeps every event; `Settings.min_confidence`
(default: the fitted threshold) is what `evaluate`, `tacitus events`, `export` and the
explorer hide below.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tacitus.core.article import Article
from tacitus.core.resources import load_once, read_data, read_kinds
from tacitus.core.stage import Context
from tacitus.syntax.speakers import SPEAKER_SOURCE

if TYPE_CHECKING:
    from spacy.tokens import Doc

MODEL_PATH = "data/confidence.json"

#: PLOVER sectors of the state and of organised armed or political groups: the actors a
#: political coder codes (civilians and others count as recipients, not as evidence of a
#: political article).
STATE_AND_ARMED = frozenset(
    {"GOV", "LEG", "JUD", "MIL", "COP", "SPY", "PTY", "OPP", "REB", "UAF", "IGO", "NGO"}
)
#: PLOVER's material conflict types.
MATERIAL_CONFLICT = frozenset({"ASSAULT", "COERCE", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION"})

#: The names of the shares `article_shares` computes, in order (the model's columns after
#: the token vector).
SHARES = (
    "actors_known",
    "actors_state_or_armed",
    "actors_with_country",
    "actors_persons",
    "entities_norp",
    "entities_place",
    "entities_person",
    "events_state_or_armed_actor",
    "events_material_conflict",
    "places_countries",
    "words_sport",
    "words_entertainment",
    "words_technology",
)
#: The beats of `lexicons/en/topics.tsv`, in the order of their shares in `SHARES`.
TOPICS = ("sport", "entertainment", "technology")


@dataclass(frozen=True)
class ConfidenceModel:
    """The fitted numbers of `data/confidence.json`."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    calibration: np.ndarray
    offset: float
    threshold: float
    width: int

    def domain_logit(self, features: np.ndarray) -> float:
        """The article's log-odds of being political or conflict news."""
        z = (features - self.mean) / self.scale
        return float(z @ self.coef + self.intercept)

    def probability(self, domain_logit: float, event: list[float]) -> float:
        """The calibrated probability that an event is right.

        Args:
            domain_logit: its article's log-odds of being political or conflict news.
            event: the event's own features (`event_features`).

        Returns:
            A probability.
        """
        domain = 1.0 / (1.0 + math.exp(-domain_logit))
        z = float(self.calibration @ np.asarray([domain, *event])) + self.offset
        return 1.0 / (1.0 + math.exp(-z))


@load_once
def load_model() -> ConfidenceModel:
    """The fitted model, read once per process.

    Returns:
        The model's numbers.
    """
    data = read_data(MODEL_PATH)
    domain, calibration = data["domain"], data["calibration"]
    return ConfidenceModel(
        mean=np.asarray(domain["mean"], dtype=np.float64),
        scale=np.asarray(domain["scale"], dtype=np.float64),
        coef=np.asarray(domain["coef"], dtype=np.float64),
        intercept=float(domain["intercept"]),
        calibration=np.asarray(calibration["coef"], dtype=np.float64),
        offset=float(calibration["offset"]),
        threshold=float(data["threshold"]),
        width=int(domain["tensor_width"]),
    )


def default_threshold() -> float:
    """The fitted default threshold: events below it are hidden by default.

    Returns:
        A probability (see `docs/confidence.md` for how it was chosen).
    """
    return load_model().threshold


def _share(count: int, total: int) -> float:
    return count / total if total else 0.0


def _content_word(token: Any) -> bool:
    """A word that says what a text is about: alphabetic, not a stop word."""
    return bool(token.is_alpha and not token.is_stop)


@load_once
def topic_words() -> dict[str, frozenset[str]]:
    """The vocabulary of each beat that is not politics (`lexicons/en/topics.tsv`).

    Returns:
        beat -> its lower-case lemmas.
    """
    return read_kinds("lexicons/en/topics.tsv")


def topic_shares(doc: Doc | None) -> list[float]:
    """The share of the text's content words (alphabetic, not stop words) in the vocabulary
    of each beat of `TOPICS`: sport, entertainment and technology news speak of matches,
    films and software, and a clause there reuses the verbs of conflict.

    Args:
        doc: the text's parse (`None` for an unparsed text).

    Returns:
        One share per beat, in the order of `TOPICS`.
    """
    tokens = list(doc or ())
    lemmas = [t.lemma_.lower() for t in tokens if _content_word(t)]
    # a hyphenated compound is one word ("half-time"): spaCy splits it in three tokens
    lemmas += [
        f"{a.lower_}-{c.lower_}"
        for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)
        if b.text == "-" and not a.whitespace_ and not b.whitespace_ and a.is_alpha and c.is_alpha
    ]
    words = topic_words()
    return [_share(sum(w in words[beat] for w in lemmas), len(lemmas)) for beat in TOPICS]


def article_shares(article: Article) -> list[float]:
    """The shares of `SHARES`, from the article's annotations and its words.

    Args:
        article: an article through the events stage.

    Returns:
        The shares, in the order of `SHARES`.
    """
    # the actors the actors stage found: not the speakers the quotes stage made of sources
    actors = [a for a in article.actors or [] if a.get("source") != SPEAKER_SOURCE]
    entities: Sequence[Mapping[str, Any]] = article.entities or []
    events: Sequence[Mapping[str, Any]] = article.events or []
    places: Sequence[Mapping[str, Any]] = article.places or []
    kinds = [e.get("type") for e in entities]
    return [
        _share(sum(bool(a.get("kb_id")) for a in actors), len(actors)),
        _share(sum(a.get("sector") in STATE_AND_ARMED for a in actors), len(actors)),
        _share(sum(bool(a.get("country")) for a in actors), len(actors)),
        _share(sum(bool(a.get("person")) for a in actors), len(actors)),
        _share(kinds.count("NORP"), len(kinds)),
        _share(kinds.count("PLACE"), len(kinds)),
        _share(kinds.count("PERSON"), len(kinds)),
        _share(
            sum((e.get("actor") or {}).get("sector") in STATE_AND_ARMED for e in events),
            len(events),
        ),
        _share(sum(e.get("type") in MATERIAL_CONFLICT for e in events), len(events)),
        _share(sum(p.get("feature") == "country" for p in places), len(places)),
        *topic_shares(article.doc),
    ]


#: The event's own features, in the calibration's order after the domain probability.
EVENT_FEATURES = ("state_or_armed", "has_actor", "actor_coded", "nominal", "occurred")


def event_features(event: Mapping[str, Any]) -> list[float]:
    """The event's own evidence, each 1.0 or 0.0 (names in `EVENT_FEATURES`):

    - a participant (actor or recipient) is a state organ or an organised group (a sector
      of `STATE_AND_ARMED`): the participants a political coder codes;
    - the event has an actor the text names: who did it is in the text;
    - the actor has a country or a sector: it is a participant a coder can code;
    - the event is named by a noun ("the attack") rather than told by a clause with its
      participants;
    - its status is `occurred` (what happened, not what is planned, demanded or denied).

    Args:
        event: an event record.

    Returns:
        The five features.
    """
    actor = event.get("actor") or {}
    if not (actor.get("name") or actor.get("actor")):
        actor = {}  # the unnamed participant of a local event (`stages.events.unnamed`)
    recipient = event.get("recipient") or {}
    sectors = {actor.get("sector"), recipient.get("sector")}
    return [
        float(bool(sectors & STATE_AND_ARMED)),
        float(bool(actor)),
        float(bool(actor.get("country") or actor.get("sector"))),
        float(bool(event.get("nominal"))),
        float(event.get("status") == "occurred"),
    ]


def pooled_vectors(doc: Doc, width: int) -> np.ndarray:
    """The parse's token vectors pooled three ways: the mean over all tokens, the mean over
    content words (alphabetic, not stop words: what the text is about), and the maximum of
    each dimension (a salient word anywhere).

    Args:
        doc: the article's parse.
        width: the model's vector width (96 for the small English pipeline).

    Returns:
        `3 * width` numbers (zeros for an empty text).

    Raises:
        ValueError: the parse's vectors have another width (another spaCy pipeline):
            refit the model for it with `scripts/fit_confidence.py`.
    """
    tensor = np.asarray(doc.tensor, dtype=np.float64)
    if tensor.size == 0:
        return np.zeros(3 * width)
    if tensor.ndim != 2 or tensor.shape[1] != width:
        raise ValueError(
            f"the confidence model was fitted on token vectors of width {width}, this "
            f"pipeline gives {tensor.shape[-1]}: refit it with scripts/fit_confidence.py"
        )
    # positions in `doc`, which may be a Span of a longer parse (its tensor rows are its own)
    content = [k for k, t in enumerate(doc) if _content_word(t)]
    content_mean = tensor[content].mean(axis=0) if content else np.zeros(width)
    return np.concatenate([tensor.mean(axis=0), content_mean, tensor.max(axis=0)])


def article_features(article: Article, width: int) -> np.ndarray:
    """The domain model's input: the pooled token vectors, then the shares.

    Args:
        article: an article through the events stage (with its `doc`).
        width: the token vector width of the model.

    Returns:
        `3 * width + len(SHARES)` numbers.
    """
    return np.concatenate([pooled_vectors(article.doc, width), article_shares(article)])


def score_events(article: Article, ctx: Context) -> Article:
    """Stage: set each event's `confidence`, the calibrated probability that it is right.

    Args:
        article: an article through the events stage.
        ctx: the pipeline context (unused: the model is the package's).

    Returns:
        The same article, its events' `confidence` set.
    """
    if not article.events:
        return article
    model = load_model()
    logit = model.domain_logit(article_features(article, model.width))
    for event in article.events:
        event["confidence"] = round(model.probability(logit, event_features(event)), 3)
    return article
