"""Loading knowledge files: once per process, without the garbage collector running over them.

The gazetteer, the actor knowledge base and the lexicons are read into some hundreds of
thousands of Python objects that live as long as the process. Collecting garbage while they
are being made only walks them, and everything already loaded (the spaCy model), again and
again: in a process that holds the model, that is most of their load time.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def no_collection() -> Iterator[None]:
    """Pause the garbage collector for a block that only builds long-lived objects."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def load_once(loader: Callable[P, R]) -> Callable[P, R]:
    """Cache a loader's result per arguments (`functools.lru_cache`) and build it with the
    garbage collector paused; `cache_clear` is kept for tests."""

    @functools.lru_cache(maxsize=8)
    def cached(*args: P.args, **kwargs: P.kwargs) -> R:
        with no_collection():
            return loader(*args, **kwargs)

    functools.update_wrapper(cached, loader)
    return cached  # type: ignore[return-value]
