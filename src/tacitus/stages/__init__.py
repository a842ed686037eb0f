"""The pipeline's stages, declared once, in the order they run.

`default_stages()` is the list every runner uses (`tacitus.pipeline.Pipeline`): each `Stage`
names its function and the `Article` attributes it requires and assigns. The stage modules
are imported when the list is built, not when this package is, so that a process that never
analyses (the driver of a process pool or of Ray, the web app) loads none of them.

    clean     text                          -> text, raw, title, title_span, dateline
    language  text                          -> language
    parse     text, title_span              -> doc            (one spaCy pass per batch)
    entities  doc, dateline                 -> entities
    places    doc, entities, dateline       -> places, entities
    actors    doc, entities, places         -> actors, entities
    times     doc, published                -> times, errors
    quotes    doc, entities, actors, times  -> quotes, actors (speakers)
    events    doc, entities, places, actors, times, quotes -> events, incidents
    confidence doc, entities, places, actors, events -> events (confidence)
"""

from __future__ import annotations

from tacitus.core.article import Article
from tacitus.core.stage import Context, Stage


def parse_batch(articles: list[Article], ctx: Context) -> list[Article]:
    """Stage: set `doc` on every article with one spaCy `nlp.pipe` pass over the batch.

    Args:
        articles: cleaned articles.
        ctx: the context (its model and `settings.batch_size`).

    Returns:
        The same articles, each with its `doc`.
    """
    from tacitus.stages import nlp

    nlp.parse(articles, ctx.nlp, batch_size=ctx.settings.batch_size)
    return articles


def default_stages() -> list[Stage]:
    """The stages of a full analysis, in order (see the table in the module docstring).

    Returns:
        A new list of the declared stages.
    """
    # Imported here so that a module's data is loaded only by processes that run it.
    from tacitus.stages import actors, clean, confidence, events, nlp, places, quotes, times

    return [
        Stage(
            "clean",
            clean.clean_article,
            requires=("text",),
            assigns=("text", "raw", "title", "title_span", "dateline"),
        ),
        Stage("language", clean.check_language, requires=("text",), assigns=("language",)),
        Stage(
            "parse",
            parse_batch,
            requires=("text", "title_span"),
            assigns=("doc",),
            per_batch=True,
        ),
        Stage(
            "entities",
            nlp.add_entities,
            requires=("doc", "dateline"),
            assigns=("entities",),
        ),
        Stage(
            "places",
            places.resolve_places,
            requires=("doc", "entities", "dateline"),
            assigns=("places", "entities"),
        ),
        Stage(
            "actors",
            actors.resolve_actors,
            requires=("doc", "entities", "places", "published"),
            assigns=("actors", "entities"),
        ),
        Stage(
            "times",
            times.normalise_times,
            requires=("doc", "published"),
            assigns=("times", "errors"),
        ),
        Stage(
            "quotes",
            quotes.attribute_quotes,
            requires=("doc", "entities", "actors", "times", "dateline"),
            assigns=("quotes", "actors"),
        ),
        Stage(
            "events",
            events.code_events,
            requires=("doc", "entities", "places", "actors", "times", "quotes", "published"),
            assigns=("events", "incidents"),
        ),
        Stage(
            "confidence",
            confidence.score_events,
            requires=("doc", "entities", "places", "actors", "events"),
            assigns=("events",),
        ),
    ]
