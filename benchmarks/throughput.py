"""Throughput of the tacitus pipeline against its floor, bare spaCy, on the same texts.

    python benchmarks/throughput.py [GOLD.jsonl ...] [--limit N] [--repeat R] [--startup N]

Both runs use the same model, batch size and texts (the cleaned texts, so that the floor
parses exactly what the pipeline parses), in one process, one after the other, warm. Prints
articles/s and tokens/s of each, the ratio pipeline/floor (1.0 = no overhead), and each
stage's share of the pipeline's time (the pipeline's own per-stage `timings`).

Start-up is measured apart, in fresh interpreters (best of N): the time from starting Python
to the first record of a short article through `tacitus.extract` (model, gazetteer and actor
knowledge base loaded), beside the floor's time to import spaCy, load the same model and
parse the same article.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from tacitus.core.settings import Settings
from tacitus.io.ingest import from_dict
from tacitus.pipeline import Pipeline

DEFAULT = [Path(__file__).resolve().parents[2] / "shared" / "gold" / "quotes-polnear-dev.jsonl"]


def load(paths: list[Path], limit: int) -> list[dict]:
    items = []
    for path in paths:
        for line in path.read_text("utf-8").splitlines():
            obj = json.loads(line)
            items.append({k: obj.get(k) for k in ("id", "text", "published")})
    return items[:limit]


def bench(items: list[dict], settings: Settings, repeat: int) -> dict:
    stage_time: dict[str, float] = {}
    pipeline = Pipeline(settings, timings=stage_time).load()
    model = pipeline.ctx.nlp

    def articles() -> list:
        return [from_dict(item, f"item:{n}") for n, item in enumerate(items)]

    def pipeline_once() -> None:
        # Every stage over the batch, as the runners run them (without the records).
        pipeline.analyse_all(articles())

    pipeline_once()  # warm: models, gazetteer, knowledge base
    texts = [a.text for a in pipeline.analyse_all(articles(), until="language")]
    stage_time.clear()

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


_SHORT = (
    "ANKARA, May 4 (Staff) - Turkish Foreign Minister Ali Demir said on Tuesday that talks "
    'with Greece would resume in Athens next week. "We want calm," he told reporters.'
)
_FLOOR_START = "import spacy, sys; m = spacy.load(sys.argv[1]); m(sys.argv[2])"
_TACITUS_START = "import sys, tacitus; tacitus.extract(sys.argv[2], published='2021-05-04')"


def _seconds(code: str, model: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, model, _SHORT], check=True)
    return time.perf_counter() - started


def startup(settings: Settings, runs: int) -> dict:
    """Seconds from a fresh interpreter to the first analysed article, best of `runs`."""
    floor = min(_seconds(_FLOOR_START, settings.model) for _ in range(runs))
    full = min(_seconds(_TACITUS_START, settings.model) for _ in range(runs))
    return {"floor_startup_s": floor, "startup_s": full, "startup_over_floor_s": full - floor}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=84)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--startup", type=int, default=3, metavar="N", help="start-up runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    settings = Settings.from_env()
    result = bench(load(args.gold, args.limit), settings, args.repeat)
    if args.startup:
        result.update(startup(settings, args.startup))
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
    if "startup_s" in result:
        print(
            f"start-up to the first record: {result['startup_s']:.2f} s "
            f"(bare spaCy: {result['floor_startup_s']:.2f} s, "
            f"+{result['startup_over_floor_s']:.2f} s)"
        )


if __name__ == "__main__":
    main()
