"""The local engine: the pipeline in this process or in a pool of worker processes.

Each worker process builds one `Pipeline`, loads the spaCy model and the knowledge bases
once (on its first batch) and analyses whole batches with `Pipeline.analyse_batch`; results
come back in input order with a bounded number of batches in flight, so memory stays flat on
long inputs. The parent process imports no stage.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from tacitus.core.article import Article, Failure
from tacitus.core.settings import Settings
from tacitus.pipeline import Pipeline

_worker_pipeline: Pipeline | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(settings)


def _work(batch: list[Article | Failure]) -> list[dict[str, Any]]:
    assert _worker_pipeline is not None
    return _worker_pipeline.analyse_batch(batch)


def run_local(items: Iterable[Article | Failure], settings: Settings) -> Iterator[dict[str, Any]]:
    """Analyse items with `settings.workers` processes; yield records in input order.

    Args:
        items: ingested articles and failures.
        settings: workers, batch size, model.

    Returns:
        One record per item, in input order.
    """
    if settings.workers <= 1:
        yield from Pipeline(settings).run(items)
        return
    iterator = iter(items)
    pending: deque[Future[list[dict[str, Any]]]] = deque()
    with ProcessPoolExecutor(
        max_workers=settings.workers, initializer=_init_worker, initargs=(settings,)
    ) as pool:
        try:
            while True:
                while len(pending) < 2 * settings.workers:
                    batch = list(islice(iterator, settings.batch_size))
                    if not batch:
                        break
                    pending.append(pool.submit(_work, batch))
                if not pending:
                    return
                yield from pending.popleft().result()
        except BaseException:
            # Ctrl-C, SIGTERM or a closed output: do not analyse the batches queued.
            pool.shutdown(wait=True, cancel_futures=True)
            raise
