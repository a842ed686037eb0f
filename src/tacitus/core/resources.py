"""Loading knowledge files: once per process, without the garbage collector running over them,
and through one reader.

Every table the analysis reads (the English word tables under `tacitus/lexicons/en/`, the
knowledge bases under `tacitus/data/`) is read here, by its path inside the package:
- `.tsv`: a tab-separated table with a header row; lines starting with `#` are comments (the
  header comment says what the table is and what each column means). `read_table` gives its
  rows as dicts; `read_kinds` reads a two-column `kind<TAB>space-separated words` table.
- `.txt`: one entry a line, `#` lines comments (`read_words`).
- `.json`, `.yaml`, and either gzipped (`.json.gz`): `read_data`.

The gazetteer's arrays (`gazetteer.npz`) are mapped by `tacitus.kb.gazetteer` itself.

The gazetteer, the actor knowledge base and the lexicons are read into some hundreds of
thousands of Python objects that live as long as the process. Collecting garbage while they
are being made only walks them, and everything already loaded (the spaCy model), again and
again: in a process that holds the model, that is most of their load time.
"""

from __future__ import annotations

import csv
import functools
import gc
import gzip
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, ParamSpec, TypeVar

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


def package_file(name: str) -> Traversable:
    """A file inside the installed package, by its path from `tacitus/`
    ("lexicons/en/cues.tsv", "data/demonyms.tsv")."""
    return resources.files("tacitus").joinpath(*name.split("/"))


def _lines(name: str) -> list[str]:
    """The lines of a text table that are neither blank nor `#` comments."""
    text = package_file(name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def read_table(name: str) -> list[dict[str, str]]:
    """The rows of a commented, tab-separated table with a header row.

    Args:
        name: the table's path from `tacitus/` ("lexicons/en/event_status.tsv").

    Returns:
        One dict a row, keyed by the header's column names; missing trailing cells are "".
    """
    reader = csv.DictReader(_lines(name), delimiter="\t", quoting=csv.QUOTE_NONE, restval="")
    return list(reader)


def read_words(name: str) -> frozenset[str]:
    """A word list: one entry a line (stripped), `#` lines comments.

    Args:
        name: the list's path from `tacitus/` ("lexicons/en/english_suffixes.txt").

    Returns:
        The entries.
    """
    return frozenset(line.strip() for line in _lines(name))


def read_kinds(name: str) -> dict[str, frozenset[str]]:
    """A table of word lists by kind: rows `kind<TAB>space-separated words`, no header.

    Args:
        name: the table's path from `tacitus/`.

    Returns:
        kind -> its words; a kind given on two rows gets the words of both.
    """
    table: dict[str, frozenset[str]] = {}
    for line in _lines(name):
        kind, _, words = line.partition("\t")
        table[kind] = table.get(kind, frozenset()) | frozenset(words.split())
    return table


def read_data(name: str) -> Any:
    """A JSON or YAML document (either may be gzipped: `.json.gz`).

    Args:
        name: the file's path from `tacitus/`.

    Returns:
        The parsed document.
    """
    raw = package_file(name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
        name = name[: -len(".gz")]
    if name.endswith((".yaml", ".yml")):
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it
        return yaml.load(raw.decode("utf-8"), Loader=loader)  # noqa: S506 (a safe loader)
    return json.loads(raw.decode("utf-8"))
