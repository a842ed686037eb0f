"""Scale figures of the Ray engine against the local engine, in one run on this machine.

    python benchmarks/scale.py [--articles N] [--shard-size K] [--rounds R] [--json]

Builds a corpus of N articles (the dev gold texts of ../shared/gold, repeated if needed,
each copy with its own id) in shards of K, and a corpus of one article per worker, which
stands for an engine's start-up (run in batches of one, so that every local worker, like
every Ray actor, starts and loads its model). Then, R rounds, each of which runs, for 1
and 2 workers, the local engine and the Ray engine on both corpora, every run in a fresh
Python process so that each engine pays its own start-up (no model cached by an earlier
run):
- local: `engine.run_local` over `ingest.read_inputs`, records written as JSON Lines, as
  `tacitus extract CORPUS -o OUT --workers W` does; timed from the call (worker processes
  start and load the model) to the last record written;
- Ray: `scale.run_corpus` into a fresh output folder, as `tacitus run CORPUS OUT --workers
  W` does; timed from the call (actors start and load the model) to the last shard written
  and recorded; Ray's own start-up (`ray.init`, once per session; joining a running cluster
  costs less) is timed apart, and the `with_init` figures count it in.
Both engines run with one BLAS/OpenMP thread per process (Ray's default for its workers).
The order of the engines alternates from round to round. Steady-state rates leave the
start-up out: (N - tiny articles) / (seconds - tiny seconds), as a long run pays it once.
Ratios (speed-ups, overheads) are taken within a round, whose runs are minutes apart at
most, and the median over rounds is reported beside the range, so that other load on the
machine moves both sides of a ratio alike. Also prints bare spaCy (`nlp.pipe`, one
process) on the same texts, the floor of every rate, peak resident memory per Ray worker,
and a projection for 10 million articles on a 64-core cluster with its assumptions.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: Ray gives its workers one BLAS/OpenMP thread each; the local engine's processes get the
#: same, so that both run the same pipeline the same way (with its default thread pool, a
#: local process spent about 8 % more CPU per article here).
ONE_THREAD = {
    **os.environ,
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
}

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


# -- one measured run (in its own process) --------------------------------------------------


def measure_local(corpus: Path, workers: int, batch_size: int) -> dict[str, Any]:
    from tacitus.core.settings import Settings
    from tacitus.engines.local import run_local
    from tacitus.io.ingest import read_inputs

    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        count = 0
        with (Path(out) / "out.jsonl").open("w", encoding="utf-8") as handle:
            settings = Settings(workers=workers, batch_size=batch_size)
            for record in run_local(read_inputs([str(corpus)]), settings):
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "records": count}


def measure_ray(corpus: Path, workers: int, batch_size: int) -> dict[str, Any]:
    import ray

    from tacitus.core.settings import Settings
    from tacitus.engines.ray import _init_ray, run_corpus

    started = time.perf_counter()
    _init_ray(None, workers)
    init_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as out:
        report = run_corpus(corpus, Path(out), Settings(workers=workers, batch_size=batch_size))
    ray.shutdown()
    return {
        "seconds": report.seconds,
        "records": report.records,
        "init_s": init_s,
        "peak_rss_mb": max(report.worker_rss_mb.values(), default=0.0),
    }


def run_measure(engine: str, corpus: Path, workers: int, batch_size: int = 32) -> dict[str, Any]:
    """One run in a fresh Python process; its result."""
    command = [sys.executable, __file__, "--measure", engine, str(corpus), str(workers)]
    command.append(str(batch_size))
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=ONE_THREAD)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# -- the benchmark --------------------------------------------------------------------------


def time_floor(texts: list[str]) -> float:
    from tacitus.core.settings import Settings
    from tacitus.core.stage import load_model

    nlp = load_model(Settings().model)
    list(nlp.pipe(texts[:8]))
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return len(texts) / (time.perf_counter() - started)


def one_round(corpus: Path, tiny: dict[int, Path], flip: bool) -> dict[str, Any]:
    """Every engine and worker count on the corpus and on the start-up corpus."""
    runs: dict[str, Any] = {}
    for workers in (1, 2):
        engines = ("ray", "local") if flip else ("local", "ray")
        for engine in engines:
            full = run_measure(engine, corpus, workers)
            # batches of one: every local worker starts on an article, as every actor does
            start = run_measure(engine, tiny[workers], workers, batch_size=1)
            runs[f"{engine}_{workers}"] = {
                "rate": full["records"] / full["seconds"],
                "rate_with_init": full["records"] / (full["seconds"] + full.get("init_s", 0.0)),
                "steady": (full["records"] - start["records"])
                / max(full["seconds"] - start["seconds"], 1e-9),
                "start_s": start["seconds"],
                "init_s": full.get("init_s", 0.0),
                "peak_rss_mb": max(full.get("peak_rss_mb", 0.0), start.get("peak_rss_mb", 0.0)),
            }
    return runs


def summarise(rounds: list[dict[str, Any]], floor: float, args: Any) -> dict[str, Any]:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    def figure(fn: Any) -> tuple[float, float, float]:
        values = [fn(r) for r in rounds]
        return median(values), min(values), max(values)

    result: dict[str, Any] = {
        "articles": args.articles,
        "shard_size": args.shard_size,
        "rounds": len(rounds),
        "bare_spacy_articles_per_s": round(floor, 2),
    }
    figures = {}
    for kind, key in (("", "rate"), ("steady_", "steady")):
        for engine in ("local", "ray"):
            for w in (1, 2):
                figures[f"{kind}{engine}_{w}_articles_per_s"] = figure(
                    lambda r, e=engine, w=w, k=key: r[f"{e}_{w}"][k]
                )
            figures[f"{kind}{engine}_speedup_1_to_2"] = figure(
                lambda r, e=engine, k=key: r[f"{e}_2"][k] / r[f"{e}_1"][k]
            )
        for w in (1, 2):
            figures[f"{kind}ray_overhead_vs_local_{w}"] = figure(
                lambda r, w=w, k=key: 1 - r[f"ray_{w}"][k] / r[f"local_{w}"][k]
            )
    for w in (1, 2):
        figures[f"ray_{w}_with_init_articles_per_s"] = figure(
            lambda r, w=w: r[f"ray_{w}"]["rate_with_init"]
        )
        figures[f"ray_overhead_with_init_vs_local_{w}"] = figure(
            lambda r, w=w: 1 - r[f"ray_{w}"]["rate_with_init"] / r[f"local_{w}"]["rate"]
        )
    for engine in ("local", "ray"):
        for w in (1, 2):
            figures[f"{engine}_{w}_start_s"] = figure(
                lambda r, e=engine, w=w: r[f"{e}_{w}"]["start_s"]
            )
    figures["ray_init_s"] = figure(lambda r: median([r[f"ray_{w}"]["init_s"] for w in (1, 2)]))
    for name, (mid, low, high) in figures.items():
        result[name] = round(mid, 3)
        if len(rounds) > 1:
            result[f"{name}_range"] = [round(low, 3), round(high, 3)]
    peak = max(r[f"ray_{w}"]["peak_rss_mb"] for r in rounds for w in (1, 2))
    result["peak_worker_rss_mb"] = round(peak, 1)
    steady1 = figures["steady_ray_1_articles_per_s"][0]
    efficiency = figures["steady_ray_speedup_1_to_2"][0] / 2
    cluster_rate = 64 * steady1 * efficiency
    result["projection_10M_on_64_cores_hours"] = round(10_000_000 / cluster_rate / 3600, 1)
    result["projection_assumptions"] = (
        "64 Ray actors, one per core, each as fast as one actor here in the steady state; "
        "parallel efficiency as measured from 1 to 2 actors here (steady state, median); "
        "articles as long as this corpus's; shards of >= 1,000 articles (a shard is the unit "
        "of work), many more shards than actors, read from shared storage without becoming "
        f"the bottleneck; {round(peak * 64 / 1024, 1)} GiB of memory for the actors."
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--articles", type=int, default=240)
    parser.add_argument("--shard-size", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--measure", nargs=4, metavar=("ENGINE", "CORPUS", "WORKERS", "BATCH"))
    args = parser.parse_args()
    if args.measure:
        engine, corpus, workers, batch_size = args.measure
        measure = measure_ray if engine == "ray" else measure_local
        print(json.dumps(measure(Path(corpus), int(workers), int(batch_size))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        texts = make_corpus(corpus, args.articles, args.shard_size)
        tiny = {n: Path(tmp) / f"tiny{n}" for n in (1, 2)}
        for n, folder in tiny.items():
            make_corpus(folder, n, 1)
        floor = time_floor(texts)
        rounds = []
        for k in range(args.rounds):
            rounds.append(one_round(corpus, tiny, flip=bool(k % 2)))
            print(f"round {k + 1}: {json.dumps(rounds[-1])}", file=sys.stderr)
    result = summarise(rounds, floor, args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for key, value in result.items():
        print(f"{key:40s} {value}")


if __name__ == "__main__":
    main()
