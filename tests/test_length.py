"""Lookups by position stay exact while no longer scanning every span (long articles)."""

from __future__ import annotations

import random

from tacitus.core.article import Article, SpanIndex
from tacitus.stages.actors import _outer


def _scan_overlapping(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    return [n for n, (s, e) in enumerate(spans) if s < end and start < e]


def test_span_index_finds_what_a_scan_finds_in_the_same_order():
    rng = random.Random(7)
    for _ in range(300):
        spans = []
        for _ in range(rng.randint(0, 12)):
            s = rng.randint(0, 60)
            spans.append((s, s + rng.randint(0, 15)))
        index = SpanIndex((s, e, n) for n, (s, e) in enumerate(spans))
        for _ in range(20):
            start = rng.randint(-5, 70)
            end = start + rng.randint(0, 20)
            found = [payload for _, _, _, payload in index.overlapping(start, end)]
            assert found == _scan_overlapping(spans, start, end)
            assert index.overlaps(start, end) == bool(found)


def test_span_index_grows_and_keeps_the_order_spans_were_added_in():
    index: SpanIndex[str] = SpanIndex()
    index.add(10, 20, "late-start first")
    index.add(0, 30, "wide")
    index.add(12, 14, "inner")
    assert [p for *_, p in index.overlapping(13, 14)] == ["late-start first", "wide", "inner"]
    assert not index.overlaps(30, 40)
    assert len(index) == 3


def _article_with_actors() -> Article:
    article = Article(id="a", text="x" * 200)
    article.actors = [
        {"id": "A1", "name": "Ann Lee", "mentions": [[0, 7], [50, 53]]},
        {"id": "A2", "name": "the army", "mentions": [[48, 60]]},
        {"id": "A3", "name": "Lee", "mentions": [[4, 7]]},
    ]
    article.places = [
        {"start": 100, "end": 106, "name": "Aleppo"},
        {"start": 90, "end": 120, "name": "northern Syria"},
    ]
    return article


def test_actor_at_prefers_the_longest_overlap_then_the_first_actor():
    article = _article_with_actors()
    assert article.actor_at(49, 58)["id"] == "A2"  # overlaps A2 by 9, A1 by 3
    assert article.actor_at(4, 7)["id"] == "A1"  # a tie of 3: the first actor
    assert article.actor_at(60, 70) is None
    assert article.actor_at(5, 5) is None  # an empty span overlaps nothing


def test_lookups_follow_a_replaced_annotation_list():
    article = _article_with_actors()
    assert article.place_at(101, 102)["name"] == "Aleppo"  # the first place in list order
    article.places = [{"start": 100, "end": 106, "name": "Halab"}]
    assert article.place_at(101, 102)["name"] == "Halab"
    article.actors = [{"id": "A9", "name": "police", "mentions": [[0, 6]]}]
    assert article.actor_at(0, 3)["id"] == "A9"


def test_actors_added_one_at_a_time_grow_the_lookups():
    article = _article_with_actors()
    assert article.actor_at(70, 75) is None  # the lookups are built before the actors grow
    assert article.actor("A4") is None
    words: list[int] = article.derived("count", article.actors, lambda a: [len(a)])
    police = {"id": "A4", "name": "police", "mentions": [[70, 76]]}
    article.add_actor(police)
    article.add_mentions(article.actors[1], [[150, 160]])
    assert article.actor_at(70, 75)["id"] == "A4"
    assert article.actor("A4") is police
    assert article.actor_at(151, 152)["id"] == "A2"
    assert article.actors[1]["mentions"] == [[48, 60], [150, 160]]
    # a structure that cannot grow is built anew from the grown list
    assert article.derived("count", article.actors, lambda a: [len(a)]) == [4]
    assert words == [3]
    rebuilt = Article(id="b", text=article.text, actors=list(article.actors))
    for start in range(0, 200, 3):  # no two mentions tie here: the same answers
        grown, fresh = article.actor_at(start, start + 4), rebuilt.actor_at(start, start + 4)
        assert (grown or {}).get("id") == (fresh or {}).get("id")


def test_a_lookup_that_missed_a_change_is_rebuilt_not_grown():
    article = _article_with_actors()
    assert article.actor_at(70, 75) is None
    article.actors.append({"id": "A5", "name": "rebels", "mentions": [[70, 76]]})  # unseen
    article.add_actor({"id": "A6", "name": "police", "mentions": [[90, 96]]})
    assert article.actor_at(70, 75)["id"] == "A5"
    assert article.actor_at(90, 95)["id"] == "A6"


def test_outer_mentions_drop_those_inside_another():
    mentions = [(10, 20), (12, 15), (10, 14), (30, 35), (30, 35 + 5), (0, 3)]
    assert _outer(mentions) == [(0, 3), (10, 20), (30, 40)]
