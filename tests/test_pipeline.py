"""Tests of the pipeline: the declared stages, their order check, running part of the list,
one article's failure kept to its record, and every runner giving the same records."""

from __future__ import annotations

import json
from typing import Any

import pytest

import tacitus
from tacitus.core.article import Article
from tacitus.core.errors import ArticleError
from tacitus.core.settings import Settings
from tacitus.core.stage import Context, Stage, StageOrderError, check_stages, unmet_requirements
from tacitus.engines.local import run_local
from tacitus.io.ingest import from_dict
from tacitus.pipeline import Pipeline, analyse_batch, run
from tacitus.stages import default_stages, nlp
from tacitus.store.write import Analyser, IngestStats, Known

TEXTS = [
    "MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov met Turkish officials in "
    'Ankara on Friday. "We agreed to keep talking," Lavrov told reporters.',
    "Police arrested 12 protesters in Nairobi on Tuesday after clashes near parliament, "
    "a spokesman said.",
    "Floods cut off three villages in northern Kenya\n\nGARISSA, Kenya (AP) - Heavy rain on "
    "Tuesday cut the only road to three villages, a county official said.",
]


def _items(ids: tuple[str, ...] = ("a", "b", "c")) -> list[Any]:
    return [
        from_dict({"id": i, "text": t, "published": "2024-04-05"}, i)
        for i, t in zip(ids, TEXTS, strict=True)
    ]


def _json(records: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in records]


# --------------------------------------------------------------------------- the stage list


def test_the_stages_are_declared_once_in_order() -> None:
    stages = default_stages()
    assert [s.name for s in stages] == [
        "clean",
        "language",
        "parse",
        "entities",
        "places",
        "actors",
        "times",
        "quotes",
        "events",
        "confidence",
    ]
    assert [s.name for s in stages if s.per_batch] == ["parse"]
    assert unmet_requirements(stages) == []
    check_stages(stages)


def test_a_stage_whose_requirement_is_not_met_is_refused(settings: Settings) -> None:
    stages = default_stages()
    without_parse = [s for s in stages if s.name != "parse"]
    assert ("entities", "doc") in unmet_requirements(without_parse)
    with pytest.raises(StageOrderError, match="entities requires 'doc'"):
        Pipeline(settings, stages=without_parse)
    swapped = [stages[0], stages[1], stages[2], stages[4], stages[3]]  # places before entities
    assert unmet_requirements(swapped) == [("places", "entities")]
    with pytest.raises(StageOrderError, match="given twice: clean"):
        check_stages([stages[0], stages[0]])


def test_stage_names_are_checked(ctx: Context) -> None:
    pipeline = Pipeline(context=ctx)
    assert [s.name for s in pipeline.stages_between("parse", "places")] == [
        "parse",
        "entities",
        "places",
    ]
    with pytest.raises(ValueError, match="No stage 'place'"):
        pipeline.analyse(Article(id="t", text="x"), until="place")
    with pytest.raises(ValueError, match="runs before"):
        pipeline.stages_between("places", "parse")


# --------------------------------------------------------------------------- part of it


@pytest.mark.parametrize("until", ["clean", "parse", "places", "actors"])
def test_running_up_to_a_stage_assigns_exactly_what_its_stages_assign(
    ctx: Context, until: str
) -> None:
    pipeline = Pipeline(context=ctx)
    ran = pipeline.stages_between(until=until)
    assigned = {name for stage in ran for name in stage.assigns}
    later = {name for stage in pipeline.stages for name in stage.assigns} - assigned
    fresh = _items()[0]
    article = pipeline.analyse(_items()[0], until=until)
    for name in sorted(later):
        assert getattr(article, name) == getattr(fresh, name), name
    assert article.dateline is not None and article.raw is not None
    if "doc" in assigned:
        assert article.doc is not None and article.doc.text == article.text
    for name in {"entities", "places", "actors"} & assigned:
        assert getattr(article, name), name


# --------------------------------------------------------------------------- failures


def _explode(article: Article, ctx: Context) -> Article:
    if article.id == "b":
        raise RuntimeError("boom")
    if article.id == "c":
        raise ArticleError("too_large", "too long")
    return article


def _explode_batch(articles: list[Article], ctx: Context) -> list[Article]:
    if any(a.id == "b" for a in articles):
        raise RuntimeError("batch boom")
    return articles


def test_an_exception_in_a_stage_is_that_article_s_error_record(ctx: Context) -> None:
    expected = Pipeline(context=ctx).analyse_batch(_items())
    stages = default_stages()
    stages.insert(5, Stage("explode", _explode, requires=("places",)))
    records = Pipeline(context=ctx, stages=stages).analyse_batch(_items())
    assert records[0] == expected[0]
    assert records[1] == {
        "id": "b",
        "error": {"kind": "internal", "message": "RuntimeError: boom"},
    }
    assert records[2] == {"id": "c", "error": {"kind": "too_large", "message": "too long"}}


def test_a_batch_stage_that_fails_is_run_article_by_article(ctx: Context) -> None:
    expected = Pipeline(context=ctx).analyse_batch(_items())
    stages = default_stages()
    stages.insert(3, Stage("explode", _explode_batch, requires=("doc",), per_batch=True))
    records = Pipeline(context=ctx, stages=stages).analyse_batch(_items())
    assert records[1]["error"] == {"kind": "internal", "message": "RuntimeError: batch boom"}
    assert [records[0], records[2]] == [expected[0], expected[2]]


# --------------------------------------------------------------------------- runners


def test_every_runner_gives_the_same_records(ctx: Context) -> None:
    settings = ctx.settings
    pipeline = Pipeline(context=ctx)
    expected = _json(pipeline.analyse_batch(_items()))
    assert _json(list(pipeline.run(_items()))) == expected
    assert _json(list(run(_items(), settings))) == expected
    assert _json(analyse_batch(_items(), ctx)) == expected
    assert _json(list(run_local(_items(), settings))) == expected
    stored = Analyser(settings).analyse(_items(), Known(), IngestStats())
    assert _json([record for record, _ in stored]) == expected
    given = [
        {"id": i, "text": t, "published": "2024-04-05"} for i, t in zip("abc", TEXTS, strict=True)
    ]
    assert _json(list(tacitus.extract_many(given, settings))) == expected


def test_timings_name_every_stage(ctx: Context) -> None:
    timings: dict[str, float] = {}
    Pipeline(context=ctx, timings=timings).analyse_batch(_items())
    assert list(timings) == [s.name for s in default_stages()]
    assert all(seconds >= 0 for seconds in timings.values())


def test_the_parse_stage_sets_docs_as_the_nlp_module_does(ctx: Context) -> None:
    articles = [Article(id=i, text=t) for i, t in zip("abc", TEXTS, strict=True)]
    by_hand = [Article(id=i, text=t) for i, t in zip("abc", TEXTS, strict=True)]
    nlp.parse(by_hand, ctx.nlp)
    parsed = Pipeline(context=ctx).analyse_all(articles, start="parse", until="parse")
    assert [d.doc.to_json() for d in parsed] == [d.doc.to_json() for d in by_hand]
