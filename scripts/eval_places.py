"""Score the places stage alone on gold files: accuracy@161km, GeoNames id accuracy, detection.

Runs only the stages places needs (clean, spaCy parse, entities, places) and scores with
`tacitus.evaluation.evaluate.score_file`, so a change to the resolver can be measured in seconds.
`--cache DIR` keeps the parsed documents (spaCy DocBin) between runs.

Usage: python scripts/eval_places.py ../shared/gold/geo-lgl.jsonl [--limit N] [--cache DIR]
       [--errors N] [--time]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

from tacitus.core.settings import Settings
from tacitus.core.stage import Context
from tacitus.evaluation.evaluate import read_gold, score_file
from tacitus.io.ingest import from_dict
from tacitus.io.record import to_record
from tacitus.pipeline import Pipeline
from tacitus.stages import nlp, places


def _articles(docs: list[dict[str, Any]], pipeline: Pipeline) -> list[Any]:
    """The gold documents as articles through the stages before the parse."""
    items = [
        from_dict({k: doc[k] for k in ("id", "text", "published") if k in doc}, f"g:{number}")
        for number, doc in enumerate(docs, 1)
    ]
    return pipeline.analyse_all(items, until="language")


def _parse(articles: list[Any], ctx: Context, cache: Path | None, name: str) -> float:
    from spacy.tokens import DocBin

    started = time.perf_counter()
    key = hashlib.sha1("".join(a.text for a in articles).encode()).hexdigest()[:12]
    path = cache / f"{name}-{key}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(ctx.nlp.vocab))
        for article, doc in zip(articles, docs, strict=True):
            article.doc = doc
        return 0.0
    nlp.parse(articles, ctx.nlp, batch_size=ctx.settings.batch_size)
    seconds = time.perf_counter() - started
    if path is not None:
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=[a.doc for a in articles]).to_disk(path)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path, nargs="+")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--errors", type=int, default=0, help="print this many far misses")
    args = parser.parse_args()
    pipeline = Pipeline(Settings())
    ctx = pipeline.ctx
    started = time.perf_counter()
    places.gazetteer()
    print(f"gazetteer loaded in {time.perf_counter() - started:.2f} s")
    for path in args.gold:
        docs = read_gold(path, args.limit)
        articles = _articles(docs, pipeline)
        parse_seconds = _parse(articles, ctx, args.cache, path.stem)
        started = time.perf_counter()
        for article in articles:
            nlp.add_entities(article, ctx)
        entity_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for article in articles:
            places.resolve_places(article, ctx)
        place_seconds = time.perf_counter() - started
        records = [to_record(a) for a in articles]
        result = score_file(records, docs, details=bool(args.errors))
        scores = result["scores"]["places"]
        print(path.name, json.dumps(scores))
        print(
            f"  parse {parse_seconds:.1f} s (0 = cached), entities {entity_seconds:.2f} s, "
            f"places {place_seconds:.2f} s for {len(docs)} documents"
        )
        if args.errors:
            far = [f for d in result["details"] for f in d["places"]["far"]]
            missed = [f for d in result["details"] for f in d["places"]["missed"]]
            for item in far[: args.errors]:
                print("  far", item)
            for item in missed[: args.errors]:
                print("  missed", item)
    return 0


if __name__ == "__main__":
    sys.exit(main())
