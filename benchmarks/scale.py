"""Scale figures of the Ray engine against the local engine, in one run on this machine.

    python benchmarks/scale.py [--articles N] [--shard-size K] [--json]

Builds a corpus of N articles (the dev gold texts of ../shared/gold, repeated if needed,
each copy with its own id) in shards of K, then measures, one after the other:
- the local engine (`engine.run_local`) with 1 and 2 worker processes;
- the Ray engine (`scale.run_corpus`, local Ray) with 1 and 2 actors, from a fresh output
  folder each time, counting from the start of the run (actors load their model) to the
  last shard written; Ray's own start-up (`ray.init`) is reported apart;
- bare spaCy (`nlp.pipe`, one process) on the same texts, the floor of every ratio.
Each engine also runs a corpus of one article per worker, which stands for its start-up
(processes or actors loading the model); the steady-state rates leave it out, as a long run
pays it once. Prints articles/s (end to end and steady), the speed-up from 1 to 2 workers,
the Ray overhead against the local engine at the same worker count, peak resident memory
per Ray worker, and a projection for 10 million articles on a 64-core cluster with its
assumptions.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from tacitus.engine import run_local
from tacitus.ingest import read_inputs
from tacitus.nlp import load_model
from tacitus.settings import Settings

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
SOURCES = ("quotes-polnear-dev.jsonl", "events-wikievents-dev.jsonl", "geo-geovirus.jsonl")


def make_corpus(folder: Path, articles: int, shard_size: int) -> list[str]:
    docs = []
    for name in SOURCES:
        docs += [json.loads(line) for line in (GOLD / name).read_text("utf-8").splitlines()]
    texts = []
    for n in range(articles):
        doc = docs[n % len(docs)]
        texts.append(
            {"id": f"{doc['id']}#{n}", "text": doc["text"], "published": doc.get("published")}
        )
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(0, articles, shard_size):
        shard = folder / f"shard{k // shard_size:05d}.jsonl"
        shard.write_text("".join(json.dumps(t) + "\n" for t in texts[k : k + shard_size]))
    return [t["text"] for t in texts]


def time_local(corpus: Path, workers: int) -> tuple[float, float]:
    """Seconds for the corpus, and the records, with the local engine."""
    settings = Settings(workers=workers)
    started = time.perf_counter()
    count = sum(1 for _ in run_local(read_inputs([str(corpus)]), settings))
    return time.perf_counter() - started, count


def time_ray(corpus: Path, workers: int) -> tuple[float, int, float, float]:
    """Seconds for the corpus (from the run's start: actors load their model), the
    records, Ray's own start-up (`ray.init`, apart) and the peak RSS of a worker."""
    import ray

    from tacitus.scale import _init_ray, run_corpus

    started = time.perf_counter()
    _init_ray(None, workers)
    init_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as out:
        report = run_corpus(corpus, Path(out), Settings(workers=workers))
    ray.shutdown()
    peak = max(report.worker_rss_mb.values(), default=0.0)
    return report.seconds, report.records, init_s, peak


def rates(full: tuple[float, int], tiny: tuple[float, int]) -> tuple[float, float]:
    """Articles/s end to end, and in the steady state: the run on a corpus of one article
    per worker stands for the start-up (processes or actors loading the model), which a
    long run pays once."""
    (seconds, count), (tiny_seconds, tiny_count) = full, tiny
    return count / seconds, (count - tiny_count) / max(seconds - tiny_seconds, 1e-9)


def time_floor(texts: list[str]) -> float:
    nlp = load_model(Settings().model)
    list(nlp.pipe(texts[:8]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return len(texts) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--shard-size", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        texts = make_corpus(corpus, args.articles, args.shard_size)
        tiny = {n: Path(tmp) / f"tiny{n}" for n in (1, 2)}
        for n, folder in tiny.items():
            make_corpus(folder, n, 1)
        floor = time_floor(texts)
        local1, steady_local1 = rates(time_local(corpus, 1), time_local(tiny[1], 1))
        local2, steady_local2 = rates(time_local(corpus, 2), time_local(tiny[2], 2))
        *run1, init1, peak1 = time_ray(corpus, 1)
        ray1, steady_ray1 = rates((run1[0], run1[1]), time_ray(tiny[1], 1)[:2])
        *run2, init2, peak2 = time_ray(corpus, 2)
        ray2, steady_ray2 = rates((run2[0], run2[1]), time_ray(tiny[2], 2)[:2])
    efficiency = steady_ray2 / (2 * steady_ray1)
    cluster_rate = 64 * steady_ray1 * efficiency
    result = {
        "articles": args.articles,
        "shard_size": args.shard_size,
        "bare_spacy_articles_per_s": round(floor, 2),
        "local_1_articles_per_s": round(local1, 2),
        "local_2_articles_per_s": round(local2, 2),
        "ray_1_articles_per_s": round(ray1, 2),
        "ray_2_articles_per_s": round(ray2, 2),
        "ray_speedup_1_to_2": round(ray2 / ray1, 3),
        "local_speedup_1_to_2": round(local2 / local1, 3),
        "ray_overhead_vs_local_1": round(1 - ray1 / local1, 3),
        "ray_overhead_vs_local_2": round(1 - ray2 / local2, 3),
        "steady_local_1_articles_per_s": round(steady_local1, 2),
        "steady_local_2_articles_per_s": round(steady_local2, 2),
        "steady_ray_1_articles_per_s": round(steady_ray1, 2),
        "steady_ray_2_articles_per_s": round(steady_ray2, 2),
        "steady_ray_speedup_1_to_2": round(steady_ray2 / steady_ray1, 3),
        "steady_ray_overhead_vs_local_1": round(1 - steady_ray1 / steady_local1, 3),
        "steady_ray_overhead_vs_local_2": round(1 - steady_ray2 / steady_local2, 3),
        "ray_init_s": round((init1 + init2) / 2, 1),
        "peak_worker_rss_mb": round(max(peak1, peak2), 1),
        "projection_10M_on_64_cores_hours": round(10_000_000 / cluster_rate / 3600, 1),
        "projection_assumptions": (
            "64 Ray actors, one per core, each as fast as one actor here in the steady state; "
            "parallel efficiency as measured from 1 to 2 actors here (steady state); articles "
            "as long as this corpus's; shards of >= 1,000 articles read from shared storage "
            "without becoming the bottleneck; "
            f"{round(max(peak1, peak2) * 64 / 1024, 1)} GiB of memory for the actors."
        ),
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:36s} {value}")


if __name__ == "__main__":
    main()
