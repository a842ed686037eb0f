"""Throughput of the tacitus pipeline against its floor, bare spaCy, on the same texts.

    python benchmarks/throughput.py [GOLD.jsonl ...] [--limit N] [--repeat R]

Both runs use the same model, batch size and texts (the cleaned texts, so that the floor
parses exactly what the pipeline parses), in one process, one after the other, warm. Prints
articles/s and tokens/s of each, the ratio pipeline/floor (1.0 = no overhead), and each
stage's share of the pipeline's time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from tacitus import nlp
from tacitus.ingest import from_dict
from tacitus.pipeline import BEFORE_NLP, Context, _after_nlp
from tacitus.settings import Settings

DEFAULT = [Path(__file__).resolve().parents[2] / "shared" / "gold" / "quotes-polnear-dev.jsonl"]


def load(paths: list[Path], limit: int) -> list[dict]:
    items = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            obj = json.loads(line)
            items.append({k: obj.get(k) for k in ("id", "text", "published")})
    return items[:limit]


def bench(items: list[dict], settings: Settings, repeat: int) -> dict:
    ctx = Context(settings)
    model = ctx.nlp
    stage_time: dict[str, float] = defaultdict(float)
    after = _after_nlp()

    def pipeline_once() -> int:
        articles = []
        for n, item in enumerate(items):
            article = from_dict(item, f"item:{n}")
            for stage in BEFORE_NLP:
                t = time.perf_counter()
                article = stage(article, ctx)
                stage_time[stage.__module__ + "." + stage.__name__] += time.perf_counter() - t
            articles.append(article)
        t = time.perf_counter()
        nlp.parse(articles, model, batch_size=settings.batch_size)
        stage_time["nlp.parse"] += time.perf_counter() - t
        for article in articles:
            for stage in after:
                t = time.perf_counter()
                article = stage(article, ctx)
                stage_time[stage.__module__ + "." + stage.__name__] += time.perf_counter() - t
        return sum(len(a.doc) for a in articles)

    pipeline_once()  # warm: models, gazetteer, knowledge base
    stage_time.clear()
    texts = []
    for n, item in enumerate(items):
        article = from_dict(item, f"item:{n}")
        for stage in BEFORE_NLP:
            article = stage(article, ctx)
        texts.append(article.text)

    floor_s, pipe_s, tokens = [], [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        tokens = sum(len(d) for d in model.pipe(texts, batch_size=settings.batch_size))
        floor_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        pipeline_once()
        pipe_s.append(time.perf_counter() - t)
    floor, pipe = min(floor_s), min(pipe_s)
    total = sum(stage_time.values()) / repeat
    return {
        "articles": len(texts),
        "tokens": tokens,
        "floor_articles_per_s": len(texts) / floor,
        "floor_tokens_per_s": tokens / floor,
        "pipeline_articles_per_s": len(texts) / pipe,
        "pipeline_tokens_per_s": tokens / pipe,
        "ratio": floor / pipe,
        "stage_share": {k: v / repeat / total for k, v in sorted(stage_time.items())},
        "stage_over_floor": {k: v / repeat / floor for k, v in sorted(stage_time.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=84)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = bench(load(args.gold, args.limit), Settings.from_env(), args.repeat)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"{result['articles']} articles, {result['tokens']} tokens")
    print(
        f"bare spaCy: {result['floor_articles_per_s']:.1f} articles/s, "
        f"{result['floor_tokens_per_s']:.0f} tokens/s"
    )
    print(
        f"tacitus:    {result['pipeline_articles_per_s']:.1f} articles/s, "
        f"{result['pipeline_tokens_per_s']:.0f} tokens/s"
    )
    print(f"ratio tacitus/bare spaCy: {result['ratio']:.3f}")
    for stage, share in result["stage_over_floor"].items():
        print(f"  {stage:40s} {share * 100:6.1f} % of bare spaCy's time")


if __name__ == "__main__":
    main()
