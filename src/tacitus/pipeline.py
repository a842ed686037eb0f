"""The pipeline: the declared stages run in order over batches, one record per item.

`Pipeline(settings)` holds the stage list (`tacitus.stages.default_stages`, checked so that
every stage's requirements are met by the input or an earlier stage) and the context (the
settings and the lazily loaded spaCy model). Every runner calls it the same way: the command
line and `tacitus.extract` through `run`, the process pool, the Ray actors and the store
through `analyse_batch`. Tests and tools run part of it with `analyse(article, until=...)`.

`run` and `analyse_batch` take items from `ingest` (articles or failures) and give one output
record per item, in input order; an exception inside a stage becomes that article's error
record, never a crash of the batch. Per-article stages run article by article; a batch stage
(the parse) runs once over the batch's surviving articles.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tacitus.core.article import Article, Failure
from tacitus.core.errors import ArticleError, TacitusError
from tacitus.core.settings import Settings
from tacitus.core.stage import Context, Stage, check_stages
from tacitus.io.record import to_record
from tacitus.stages import default_stages

__all__ = ["Context", "Pipeline", "Stage", "analyse_batch", "run"]

Item = Article | Failure


def _fail(article: Article, exc: BaseException) -> Failure:
    if isinstance(exc, ArticleError):
        return Failure(article.id, exc.kind, exc.message, article.meta)
    return Failure(article.id, "internal", f"{type(exc).__name__}: {exc}", article.meta)


def _groups(stages: Sequence[Stage]) -> list[list[Stage]]:
    """The stages cut into runs: consecutive per-article stages together, a batch stage alone."""
    groups: list[list[Stage]] = []
    for stage in stages:
        if stage.per_batch or not groups or groups[-1][0].per_batch:
            groups.append([stage])
        else:
            groups[-1].append(stage)
    return groups


class Pipeline:
    """The ordered, checked list of stages and the context they run with.

    Attributes:
        ctx: the context (settings and spaCy model) every stage gets.
        settings: `ctx.settings`.
        stages: the stages, in order.
        timings: when a dict, seconds spent in each stage are added to it by stage name (for
            benchmarks); None (the default) measures nothing.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        stages: Sequence[Stage] | None = None,
        context: Context | None = None,
        timings: dict[str, float] | None = None,
    ) -> None:
        """Build a pipeline.

        Args:
            settings: run settings; defaults and environment when None (and no `context`).
            stages: the stages to run; `tacitus.stages.default_stages()` when None.
            context: a context to share (its settings win over `settings`).
            timings: a dict to add each stage's seconds to, by stage name.

        Raises:
            StageOrderError: a stage requires what no earlier stage assigns.
        """
        self.ctx = context if context is not None else Context(settings or Settings.from_env())
        self.settings = self.ctx.settings
        self.stages = list(default_stages() if stages is None else stages)
        check_stages(self.stages)
        self.timings = timings
        self._groups = _groups(self.stages)

    def load(self) -> Pipeline:
        """Load the spaCy model now rather than on the first batch (a Ray actor starting).

        Returns:
            The pipeline itself.
        """
        self.ctx.nlp  # noqa: B018 - the property loads it
        return self

    def run(self, items: Iterable[Item]) -> Iterator[dict[str, Any]]:
        """Analyse items in this process, in batches of `settings.batch_size`.

        Args:
            items: ingested articles and failures.

        Returns:
            One record per item, in input order (a generator).
        """
        batch: list[Item] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self.analyse_batch(batch)
                batch = []
        if batch:
            yield from self.analyse_batch(batch)

    def analyse_batch(self, items: list[Item]) -> list[dict[str, Any]]:
        """Run every stage over a batch and return one record per item, in order.

        A failure stays a failure; an exception in an article's stage makes that article an
        error record (`ArticleError` with its own kind, anything else `internal`) and the
        other articles go on.

        Args:
            items: ingested articles and failures.

        Returns:
            Contract records (or error records), one per item.
        """
        done: list[Item] = list(items)
        last = len(self._groups) - 1
        records: list[dict[str, Any]] | None = None
        for number, group in enumerate(self._groups):
            if group[0].per_batch:
                done = self._batch_stage(group[0], done)
            elif number == last:
                # The last stages: each article becomes its record, and drops its parse, as
                # soon as it is through.
                records = [self._finish(item, group) for item in done]
            else:
                done = [self._through(item, group) for item in done]
        if records is None:
            records = [self._finish(item, []) for item in done]
        return records

    def analyse(
        self, article: Article, until: str | None = None, start: str | None = None
    ) -> Article:
        """Run the stages from `start` up to and including `until` over one article.

        For tests and tools: an exception propagates, and the article keeps its `doc`.

        Args:
            article: an article (as ingest makes it, or already through the stages before
                `start`).
            until: the last stage to run; the last of all when None.
            start: the first stage to run; the first of all when None.

        Returns:
            The article with those stages' attributes assigned.
        """
        return self.analyse_all([article], until=until, start=start)[0]

    def analyse_all(
        self, articles: list[Article], until: str | None = None, start: str | None = None
    ) -> list[Article]:
        """`analyse` over several articles, with one parse for all of them.

        Args:
            articles: the articles.
            until: the last stage to run; the last of all when None.
            start: the first stage to run; the first of all when None.

        Returns:
            The articles, in order.
        """
        for stage in self.stages_between(start, until):
            began = time.perf_counter()
            articles = stage.apply(articles, self.ctx)
            self._count(stage, began)
        return articles

    def stages_between(self, start: str | None = None, until: str | None = None) -> list[Stage]:
        """The stages from `start` to `until`, both included (all of them by default).

        Args:
            start: the first stage's name, or None for the first.
            until: the last stage's name, or None for the last.

        Returns:
            The stages, in order.

        Raises:
            ValueError: a name that is no stage of this pipeline, or `until` before `start`.
        """
        names = [stage.name for stage in self.stages]
        for name in (start, until):
            if name is not None and name not in names:
                raise ValueError(f"No stage {name!r}; the stages are: {', '.join(names)}.")
        first = names.index(start) if start is not None else 0
        end = names.index(until) + 1 if until is not None else len(names)
        if end <= first:
            raise ValueError(f"The stage {until!r} runs before {start!r}.")
        return self.stages[first:end]

    # -- inside a batch -------------------------------------------------------------------

    def _count(self, stage: Stage, began: float) -> None:
        if self.timings is not None:
            seconds = time.perf_counter() - began
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + seconds

    def _run_stages(self, article: Article, stages: list[Stage]) -> Article:
        for stage in stages:
            began = time.perf_counter()
            article = stage.apply_one(article, self.ctx)
            self._count(stage, began)
        return article

    def _through(self, item: Item, stages: list[Stage]) -> Item:
        """One item through per-article stages; a failure passes, an exception becomes one."""
        if isinstance(item, Failure):
            return item
        try:
            return self._run_stages(item, stages)
        except ArticleError as exc:
            return _fail(item, exc)
        except TacitusError:  # the run itself is wrong (no model, bad settings): stop it
            raise
        except Exception as exc:  # noqa: BLE001 - one article's failure must not stop the batch
            return _fail(item, exc)

    def _finish(self, item: Item, stages: list[Stage]) -> dict[str, Any]:
        """One item through the last per-article stages and into its record."""
        if isinstance(item, Article):
            try:
                item = self._run_stages(item, stages)
                record = to_record(item)
                item.doc = None
                return record
            except ArticleError as exc:
                return _fail(item, exc).to_record()
            except TacitusError:  # the run itself is wrong: stop it
                raise
            except Exception as exc:  # noqa: BLE001
                return _fail(item, exc).to_record()
        return item.to_record()

    def _batch_stage(self, stage: Stage, items: list[Item]) -> list[Item]:
        """A batch stage over the batch's articles; if it fails on the batch, it is run over
        each article alone, so that only the article that breaks it becomes an error."""
        ready = [item for item in items if isinstance(item, Article)]
        if not ready:
            return items
        began = time.perf_counter()
        try:
            done: Iterator[Item] = iter(stage.apply(ready, self.ctx))
            self._count(stage, began)
        except ArticleError:
            done = iter([self._through(article, [stage]) for article in ready])
        except TacitusError:  # the run itself is wrong (the model is missing): stop it
            raise
        except Exception:  # noqa: BLE001 - find the article that breaks the batch
            done = iter([self._through(article, [stage]) for article in ready])
        return [next(done) if isinstance(item, Article) else item for item in items]


def analyse_batch(items: list[Item], ctx: Context) -> list[dict[str, Any]]:
    """Run every stage over a batch with the context `ctx`; see `Pipeline.analyse_batch`.

    Args:
        items: ingested articles and failures.
        ctx: the context to run with.

    Returns:
        One record per item, in order.
    """
    return Pipeline(context=ctx).analyse_batch(items)


def run(items: Iterable[Item], settings: Settings | None = None) -> Iterator[dict[str, Any]]:
    """Analyse items from `ingest` in this process, in batches; yield records in order.

    Args:
        items: ingested articles and failures.
        settings: run settings; defaults and environment when None.

    Returns:
        One record per item, in input order (a generator).
    """
    return Pipeline(settings).run(items)
