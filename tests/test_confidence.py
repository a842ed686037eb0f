"""The confidence stage (`tacitus.stages.confidence`): its features on articles built here,
the shipped model, and texts of the ordinary news stream written for these tests — sport,
entertainment, a product launch, an accident, a disaster — against their political twins."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from tacitus import extract
from tacitus.core.article import Article
from tacitus.stages import confidence


def _event(kind: str, actor_sector: str | None = None, recipient_sector: str | None = None):
    return {
        "type": kind,
        "actor": {"name": "a", "country": None, "sector": actor_sector},
        "recipient": {"name": "r", "country": None, "sector": recipient_sector}
        if recipient_sector
        else None,
    }


def test_the_events_own_features() -> None:
    names = confidence.EVENT_FEATURES

    def features(event: dict) -> dict[str, float]:
        return dict(zip(names, confidence.event_features(event), strict=True))

    police = features(_event("COERCE", "COP") | {"status": "occurred"})
    assert police == {
        "state_or_armed": 1.0,
        "has_actor": 1.0,
        "actor_coded": 1.0,
        "nominal": 0.0,
        "occurred": 1.0,
    }
    assert features(_event("ASSAULT", None, "REB"))["state_or_armed"] == 1.0
    fans = features(_event("ASSAULT", "CVL"))  # civilians act, but are no state or group
    assert (fans["state_or_armed"], fans["actor_coded"]) == (0.0, 1.0)
    nobody = features({"type": "ASSAULT", "actor": None, "nominal": True, "status": "future"})
    assert nobody == dict.fromkeys(names, 0.0) | {"nominal": 1.0}


def test_article_shares_are_shares_of_its_annotations() -> None:
    article = Article(id="a", text="x")
    article.actors = [
        {"kb_id": "K1", "sector": "GOV", "country": "FRA", "person": True},
        {"kb_id": None, "sector": None, "country": None, "person": True},
    ]
    article.entities = [{"type": "PERSON"}, {"type": "PERSON"}, {"type": "NORP"}, {"type": "PLACE"}]
    article.events = [_event("ASSAULT", "MIL"), _event("AGREE")]
    article.places = [{"feature": "country"}, {"feature": "city"}, {"feature": "city"}]
    shares = dict(zip(confidence.SHARES, confidence.article_shares(article), strict=True))
    assert shares == {
        "actors_known": 0.5,
        "actors_state_or_armed": 0.5,
        "actors_with_country": 0.5,
        "actors_persons": 1.0,
        "entities_norp": 0.25,
        "entities_place": 0.25,
        "entities_person": 0.5,
        "events_state_or_armed_actor": 0.5,
        "events_material_conflict": 0.5,
        "places_countries": pytest.approx(1 / 3),
        # no parse, no words: the beats' shares are read from the text's tokens
        "words_sport": 0.0,
        "words_entertainment": 0.0,
        "words_technology": 0.0,
    }
    assert confidence.article_shares(Article(id="b", text="")) == [0.0] * len(confidence.SHARES)


def test_topic_shares_are_shares_of_content_words_in_each_beat(ctx) -> None:
    # content words: coach, praised, team, half, time, half-time (a compound is one word too)
    sport = confidence.topic_shares(ctx.nlp("The coach praised his team at half-time."))
    assert sport == [pytest.approx(3 / 6), 0.0, 0.0]
    film = confidence.topic_shares(ctx.nlp("The actress won praise for her new film."))
    assert film[0] == film[2] == 0.0 and film[1] > 0
    # the verbs of conflict and the words politics shares with sport are in no beat
    war = confidence.topic_shares(
        ctx.nlp("Rebels attacked the captain's convoy and won a victory.")
    )
    assert war == [0.0, 0.0, 0.0]
    assert confidence.topic_shares(None) == [0.0, 0.0, 0.0]


def test_vectors_of_another_pipeline_ask_for_a_refit() -> None:
    doc = SimpleNamespace(tensor=np.zeros((3, 64)))
    with pytest.raises(ValueError, match="refit"):
        confidence.pooled_vectors(doc, 96)
    empty = SimpleNamespace(tensor=np.zeros((0, 96)))
    assert confidence.pooled_vectors(empty, 96).shape == (3 * 96,)


def test_vectors_are_pooled_over_all_tokens_content_words_and_the_maximum() -> None:
    tokens = [
        SimpleNamespace(i=0, is_alpha=True, is_stop=True),  # "the"
        SimpleNamespace(i=1, is_alpha=True, is_stop=False),  # "troops"
        SimpleNamespace(i=2, is_alpha=False, is_stop=False),  # "."
    ]

    class Doc(list):
        tensor = np.array([[0.0, 3.0], [2.0, -1.0], [4.0, 1.0]])

    pooled = confidence.pooled_vectors(Doc(tokens), 2)
    assert pooled.tolist() == [2.0, 1.0, 2.0, -1.0, 4.0, 3.0]


def test_the_shipped_model_is_numbers_and_more_political_means_more_confident() -> None:
    model = confidence.load_model()
    width = 3 * model.width + len(confidence.SHARES)
    assert len(model.mean) == len(model.scale) == len(model.coef) == width
    assert 0 < model.threshold < 1
    none = [0.0] * len(confidence.EVENT_FEATURES)
    assert model.probability(3.0, none) > model.probability(-3.0, none)


# Written for these tests: one paragraph of each kind of ordinary news, and a political twin
# that shares its verbs (beat/attack, battle/offensive, launch/target, kill, strike).
STREAM = {
    "sport": (
        "Croatia were beaten 2-1 by Russia in Moscow on Monday night, a result that leaves "
        "their hopes of reaching the finals hanging by a thread. The visitors attacked from "
        "the first whistle but the home side struck twice before half-time. The Croatian "
        "captain said his team had fought hard and would bounce back against Wales on "
        "Saturday. The coach admitted his defence had been punished for two mistakes."
    ),
    "entertainment": (
        "The musical triumphed in the battle for best new show at Sunday's awards ceremony "
        "in London, beating three rivals. Its star, who kicked over a stool during a rousing "
        "finale, thanked the cast and crew. The producers said the show would tour Europe "
        "next year, and the director has agreed to make a film version with a studio."
    ),
    "product": (
        "The carmaker unveiled its new electric SUV on Tuesday, which will be able to travel "
        "300 miles on a single charge. The company said the launch would target rivals in "
        "the fast-growing market, and analysts expect the model to attack the lead held by "
        "its competitors. Websites were bombarded with requests as orders opened."
    ),
    "accident": (
        "Twelve workers were killed and 30 injured when a boiler exploded at a chemical "
        "factory on the outskirts of the city on Wednesday. Firefighters battled the blaze "
        "for six hours. The company said it was cooperating with inspectors, and relatives "
        "gathered outside the plant waiting for news."
    ),
    "disaster": (
        "Floods have killed at least 40 people and forced thousands from their homes after "
        "days of torrential rain across the north of the country. Rescue teams used boats to "
        "reach villages cut off by the water, and the weather service warned that more "
        "storms would hit the region this week."
    ),
}
TWINS = {
    "sport": (
        "Russian troops attacked Croatian positions near the border on Monday, killing two "
        "soldiers, the Croatian defence ministry said. The Croatian government accused Moscow "
        "of violating the ceasefire agreed last month and recalled its ambassador."
    ),
    "entertainment": (
        "Rebels launched an offensive against government forces in the north on Sunday, the "
        "army said. The president condemned the attack and ordered troops to retake the town."
    ),
    "product": (
        "The government unveiled new sanctions on Tuesday against the regime, freezing the "
        "assets of ten officials. The foreign minister said the measures would target those "
        "responsible for the crackdown on protesters."
    ),
    "accident": (
        "Police arrested twelve protesters outside the parliament on Wednesday after clashes "
        "with security forces. The interior minister said the demonstrators had attacked "
        "officers with stones."
    ),
    "disaster": (
        "Dock workers went on strike across the country on Monday to demand higher wages, "
        "halting exports. The labour minister urged the union to return to talks with the "
        "government."
    ),
}


def _shown(text: str) -> list[tuple[str, float]]:
    """The events at or above the default threshold: what a user sees by default."""
    threshold = confidence.default_threshold()
    record = extract(text, published="2024-05-06")
    return [(e["type"], e["confidence"]) for e in record["events"] if e["confidence"] >= threshold]


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(STREAM))
def test_ordinary_news_shows_no_event(kind: str) -> None:
    assert _shown(STREAM[kind]) == []


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(TWINS))
def test_its_political_twin_shows_its_events(kind: str) -> None:
    assert _shown(TWINS[kind]) != []


@pytest.mark.slow
def test_the_same_verbs_are_less_confident_in_entertainment_news_than_in_a_war() -> None:
    show = extract(STREAM["entertainment"], published="2024-05-06")["events"]
    war = extract(TWINS["entertainment"], published="2024-05-06")["events"]
    assert show and war  # both are coded; their confidence tells them apart
    assert max(e["confidence"] for e in show) < min(e["confidence"] for e in war)


@pytest.mark.slow
def test_the_record_keeps_every_event_with_its_confidence() -> None:
    record = extract(STREAM["sport"], published="2024-05-06")
    assert record["events"]  # hidden by default, never dropped from the record
    assert all(0.0 <= e["confidence"] <= 1.0 for e in record["events"])
