"""Scale out on Ray Data: the same pipeline over sharded corpora, resumable, exactly once.

`run_ray` analyses the items of `tacitus extract --engine ray` on a Ray cluster (or a local
Ray) and yields records in input order. `run_corpus` (`tacitus run CORPUS_DIR OUT_DIR`)
reads shards (`.jsonl`, `.jsonl.gz`, `.warc`, `.warc.gz`) in Ray tasks, analyses them with a
pool of Ray actors (each loads the model and knowledge bases once and runs
`pipeline.analyse_batch`, the local engine's code), and writes one output file per shard,
atomically, recording it in `OUT_DIR/_manifest.jsonl` with checksums. A re-run skips
finished shards; a killed run loses at most the shards in flight and never duplicates one.

Output shards (Parquet, or JSON Lines with `--format jsonl`) hold one row per input item:
`id`, `shard`, `seq` (position in the shard), `error_kind` (null when analysed) and `record`
(the contract record as JSON). `tacitus ingest --from-parquet OUT_DIR` loads them.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import Article, Failure
from .errors import UsageError
from .settings import Settings

SHARD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz", ".warc", ".warc.gz")
MANIFEST = "_manifest.jsonl"


# -- items on the wire ----------------------------------------------------------------------


def encode_item(item: Article | Failure) -> str:
    """An ingested item as JSON, for Ray's object store (no spaCy objects cross it)."""
    if isinstance(item, Failure):
        return json.dumps({"failure": item.to_record()})
    fields = ("id", "text", "raw", "published", "source", "url", "title", "errors", "meta")
    return json.dumps({"article": {name: getattr(item, name) for name in fields}})


def decode_item(payload: str) -> Article | Failure:
    """The inverse of `encode_item`."""
    obj = json.loads(payload)
    if "failure" in obj:
        record = obj["failure"]
        return Failure(record["id"], record["error"]["kind"], record["error"]["message"])
    return Article(**obj["article"])


class Analyser:
    """A Ray actor of the pool: one model and knowledge base, many batches."""

    def __init__(self, settings: Settings) -> None:
        from .pipeline import Context, _after_nlp

        self.ctx = Context(settings)
        self.ctx.nlp  # noqa: B018 - load the model when the actor starts, not on a batch
        _after_nlp()

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        from .pipeline import analyse_batch

        items = [decode_item(str(p)) for p in batch["item"]]
        records = analyse_batch(items, self.ctx)
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "shard": list(batch["shard"]),
            "seq": list(batch["seq"]),
            "total": list(batch["total"]),
            "id": [r["id"] for r in records],
            # "" rather than None: Ray's numpy batches do not keep None in a column of strings.
            "error_kind": [r["error"]["kind"] if "error" in r else "" for r in records],
            "record": [json.dumps(r, ensure_ascii=False) for r in records],
            "worker_rss_mb": [rss_mb] * len(records),
            "worker_pid": [os.getpid()] * len(records),
        }


def _init_ray(address: str | None, workers: int) -> Any:
    try:
        import ray
    except ImportError as exc:
        raise UsageError("The Ray engine needs Ray: pip install 'tacitus[ray]'.") from exc
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False, include_dashboard=False)
        else:
            # One logical CPU per analyser, plus one for the light shard readers.
            ray.init(
                num_cpus=max(workers, 1) + 1,
                log_to_driver=False,
                include_dashboard=False,
                configure_logging=False,
            )
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return ray


def _analyse(dataset: Any, settings: Settings) -> Any:
    import ray.data

    # Ray Data restarts a failed actor of the pool and retries its batch (the defaults of
    # its actor pools), so a crashed worker costs time, never output.
    return dataset.map_batches(
        Analyser,
        fn_constructor_kwargs={"settings": settings},
        batch_size=settings.batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=settings.workers),
        num_cpus=1,
    )


# -- tacitus extract --engine ray -----------------------------------------------------------


def run_ray(
    items: Iterable[Article | Failure], settings: Settings, address: str | None = None
) -> Iterator[dict[str, Any]]:
    """Analyse items on Ray; yield records in input order (like `engine.run_local`)."""
    ray = _init_ray(address, settings.workers)
    rows = [
        {"shard": "-", "seq": n, "total": 0, "item": encode_item(item)}
        for n, item in enumerate(items)
    ]
    if not rows:
        return
    ray.data.DataContext.get_current().execution_options.preserve_order = True  # input order
    dataset = _analyse(ray.data.from_items(rows), settings)
    for batch in dataset.iter_batches(batch_format="numpy", batch_size=settings.batch_size):
        for record in batch["record"]:
            yield json.loads(str(record))


# -- tacitus run CORPUS_DIR OUT_DIR ---------------------------------------------------------


@dataclass
class RunReport:
    """What a corpus run did."""

    shards_done: list[str] = field(default_factory=list)
    shards_skipped: list[str] = field(default_factory=list)
    records: int = 0
    errors: int = 0
    seconds: float = 0.0
    worker_rss_mb: dict[int, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "shards_done": len(self.shards_done),
            "shards_skipped": len(self.shards_skipped),
            "records": self.records,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "articles_per_s": round(self.records / self.seconds, 2) if self.seconds else None,
            "peak_worker_rss_mb": round(max(self.worker_rss_mb.values(), default=0), 1),
        }


def find_shards(corpus: Path) -> list[Path]:
    """Shard files under `corpus`, recursively, in name order."""
    if corpus.is_file():
        return [corpus]
    return sorted(
        p
        for p in corpus.rglob("*")
        if p.is_file()
        and p.name.endswith(SHARD_SUFFIXES)
        and not any(part.startswith(".") for part in p.relative_to(corpus).parts)
    )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Finished shards by name; a torn last line (a crash while appending) is ignored."""
    path = out_dir / MANIFEST
    done: dict[str, dict[str, Any]] = {}
    if path.exists():
        for line in path.read_text("utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            done[entry["shard"]] = entry
    return done


def _finished(entry: dict[str, Any] | None, shard: Path, out_dir: Path) -> bool:
    if entry is None:
        return False
    output = out_dir / entry["output"]
    return (
        output.exists()
        and entry["sha256"] == file_sha256(shard)
        and entry["output_sha256"] == file_sha256(output)
    )


def _read_shard(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Ray task: every item of one shard, as rows for the analysers."""
    from .ingest import read_file

    items = list(read_file(Path(row["path"])))
    return [
        {"shard": row["shard"], "seq": n, "total": len(items), "item": encode_item(item)}
        for n, item in enumerate(items)
    ]


def _output_name(shard: str, fmt: str) -> str:
    stem = shard.replace(os.sep, "__")
    for suffix in sorted(SHARD_SUFFIXES, key=len, reverse=True):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return f"{stem}.{'parquet' if fmt == 'parquet' else 'jsonl'}"


def _write_shard(out_dir: Path, name: str, rows: list[dict[str, Any]], fmt: str) -> Path:
    """Write one shard's rows atomically (temporary file, fsync, rename)."""
    final = out_dir / name
    tmp = out_dir / f".{name}.tmp"
    rows.sort(key=lambda r: r["seq"])
    columns = ("id", "shard", "seq", "error_kind", "record")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.table({c: [r[c] for r in rows] for c in columns})
        pq.write_table(table, tmp)
    else:
        with tmp.open("w", encoding="utf-8") as handle:
            for r in rows:
                handle.write(r["record"] + "\n")
    with tmp.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    return final


def _append_manifest(out_dir: Path, entry: dict[str, Any]) -> None:
    with (out_dir / MANIFEST).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def run_corpus(
    corpus: Path,
    out_dir: Path,
    settings: Settings,
    address: str | None = None,
    fmt: str = "parquet",
) -> RunReport:
    """Analyse every unfinished shard of `corpus` into `out_dir`; see the module docstring.

    Args:
        corpus: a folder of shards (or one shard).
        out_dir: where output shards and the manifest go (created).
        settings: model, workers (Ray actors), batch size.
        address: a Ray cluster to join; None starts a local Ray.
        fmt: `parquet` or `jsonl`.
    """
    if not corpus.exists():
        raise UsageError(f"No such corpus: {corpus}")
    if fmt not in ("parquet", "jsonl"):
        raise UsageError("--format must be parquet or jsonl.")
    out_dir.mkdir(parents=True, exist_ok=True)
    report = RunReport()
    started = time.perf_counter()
    manifest = read_manifest(out_dir)
    pending = []
    for shard_path in find_shards(corpus):
        name = str(shard_path.relative_to(corpus)) if corpus.is_dir() else shard_path.name
        if _finished(manifest.get(name), shard_path, out_dir):
            report.shards_skipped.append(name)
        else:
            pending.append({"shard": name, "path": str(shard_path)})
    if pending:
        ray = _init_ray(address, settings.workers)
        # Output rows carry their shard and position: any order will do, and the busiest
        # actor need not wait for the slowest.
        ray.data.DataContext.get_current().execution_options.preserve_order = False
        # Reading is light next to parsing: it must not wait for a CPU the analysers hold.
        dataset = ray.data.from_items(pending, override_num_blocks=len(pending)).flat_map(
            _read_shard, num_cpus=0.25
        )
        paths = {p["shard"]: Path(p["path"]) for p in pending}
        buffers: dict[str, list[dict[str, Any]]] = defaultdict(list)
        batches = _analyse(dataset, settings).iter_batches(
            batch_format="numpy", batch_size=settings.batch_size
        )
        for batch in batches:
            for n in range(len(batch["record"])):
                row = {key: batch[key][n] for key in batch}
                shard = str(row["shard"])
                report.worker_rss_mb[int(row["worker_pid"])] = float(row["worker_rss_mb"])
                buffers[shard].append(
                    {
                        "id": str(row["id"]),
                        "shard": shard,
                        "seq": int(row["seq"]),
                        "record": str(row["record"]),
                        "error_kind": str(row["error_kind"]) or None,
                    }
                )
                if len(buffers[shard]) == int(row["total"]):
                    _finish(out_dir, shard, paths[shard], buffers.pop(shard), fmt, report)
        for shard in [
            p["shard"]
            for p in pending
            if p["shard"] in buffers or p["shard"] not in report.shards_done
        ]:
            # shards without items (empty files) are finished with an empty output
            _finish(out_dir, shard, paths[shard], buffers.pop(shard, []), fmt, report)
    report.seconds = time.perf_counter() - started
    return report


def _finish(
    out_dir: Path, shard: str, path: Path, rows: list[dict[str, Any]], fmt: str, report: RunReport
) -> None:
    output = _write_shard(out_dir, _output_name(shard, fmt), rows, fmt)
    _append_manifest(
        out_dir,
        {
            "shard": shard,
            "sha256": file_sha256(path),
            "output": output.name,
            "output_sha256": file_sha256(output),
            "records": len(rows),
            "errors": sum(1 for r in rows if r["error_kind"]),
        },
    )
    report.shards_done.append(shard)
    report.records += len(rows)
    report.errors += sum(1 for r in rows if r["error_kind"])


def read_outputs(out_dir: Path) -> Iterator[dict[str, Any]]:
    """Every record of a finished run, shard by shard in manifest order."""
    for entry in read_manifest(out_dir).values():
        path = out_dir / entry["output"]
        if path.suffix == ".parquet":
            import pyarrow.parquet as pq

            for value in pq.read_table(path, columns=["record"]).column("record").to_pylist():
                yield json.loads(value)
        else:
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    yield json.loads(line)


# -- command line ---------------------------------------------------------------------------


def add_scale_commands(sub: Any) -> None:
    """Register `tacitus run`."""
    run = sub.add_parser(
        "run",
        help="analyse a sharded corpus on Ray into output shards",
        description="Analyse every shard of CORPUS_DIR into OUT_DIR "
        "(resumable: finished shards are skipped).",
    )
    run.add_argument("corpus", metavar="CORPUS_DIR", type=Path)
    run.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    run.add_argument("--engine", choices=["ray"], default="ray")
    run.add_argument("--address", help="Ray cluster address (default: start a local Ray)")
    run.add_argument("--workers", type=int, default=None, help="Ray actors (default 2)")
    run.add_argument("--batch-size", type=int, help="articles per batch")
    run.add_argument("--model", help="spaCy pipeline to load")
    run.add_argument("--format", choices=["parquet", "jsonl"], default="parquet")
    run.add_argument("-q", "--quiet", action="store_true")
    run.set_defaults(func=cmd_run)


def cmd_run(args: Any) -> int:
    """`tacitus run`: print a JSON report of what was done."""
    settings = Settings.from_env(
        model=args.model, batch_size=args.batch_size, workers=args.workers or 2
    )
    report = run_corpus(args.corpus, args.out_dir, settings, address=args.address, fmt=args.format)
    print(json.dumps(report.to_dict()))
    return 1 if report.errors else 0
