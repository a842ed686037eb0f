"""Scale out on Ray Data: the same pipeline over sharded corpora, resumable, exactly once.

`run_ray` analyses the items of `tacitus extract --engine ray` on a Ray cluster (or a local
Ray) and yields records in input order. `run_corpus` (`tacitus run CORPUS_DIR OUT_DIR`) maps
a pool of Ray actors over the paths of the shards (`.jsonl`, `.jsonl.gz`, `.warc`,
`.warc.gz`), one shard per call: an actor (which loads the model and knowledge bases once)
reads the shard, runs `Pipeline.analyse_batch`, as the local engine does, over it batch by
batch and returns the finished output file as bytes. Only paths go to the actors and one
file per shard comes back, so Ray's object store and scheduler stay out of the way of the
analysis. The driver writes each file atomically and records it in `OUT_DIR/_manifest.jsonl`
with checksums. Each shard has its own output file, named by its whole relative path
(escaped; see `output_name`), so no two shards can share one. A re-run skips finished
shards; a killed run loses at most the shards in flight and never duplicates one. Ctrl-C or
SIGTERM stops the run between shards and shuts Ray down: a signal that arrives while a
finished shard is being recorded (output file, manifest entry, report) waits until that is
done (`SignalsHeld`), so the report counts exactly the shards the manifest lists. A local
Ray's processes end with a driver killed by SIGKILL too (`watchdog`).

Output shards (Parquet, or JSON Lines with `--format jsonl`) hold one row per input item:
`id`, `shard`, `seq` (position in the shard), `error_kind` (null when analysed) and `record`
(the contract record as JSON). `tacitus ingest --from-parquet OUT_DIR` loads them.

The command line (`tacitus run`) is `tacitus.cli.run`; nothing here imports it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import resource
import time
from collections import defaultdict
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tacitus.core.article import Article, Failure
from tacitus.core.errors import UsageError
from tacitus.core.settings import Settings
from tacitus.engines.watchdog import SignalsHeld, keep_sigterm_handler, start_watchdog
from tacitus.io.progress import RunSummary, progress

if TYPE_CHECKING:
    from tacitus.pipeline import Pipeline

log = logging.getLogger(__name__)

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


def _load_pipeline(settings: Settings) -> Pipeline:
    """The actor's pipeline, with the model loaded now (when the actor starts), not on its
    first call."""
    from tacitus.pipeline import Pipeline

    return Pipeline(settings).load()


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Analyser:
    """A Ray actor of the `run_ray` pool: one model and knowledge base, many batches."""

    def __init__(self, settings: Settings) -> None:
        self.pipeline = _load_pipeline(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        items = [decode_item(str(p)) for p in batch["item"]]
        records = self.pipeline.analyse_batch(items)
        return {"record": [json.dumps(r, ensure_ascii=False) for r in records]}


class ShardAnalyser:
    """A Ray actor of the `run_corpus` pool: reads, analyses and encodes whole shards."""

    def __init__(self, settings: Settings, fmt: str) -> None:
        self.pipeline = _load_pipeline(settings)
        self.fmt = fmt

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, list[Any]] = defaultdict(list)
        for shard, path in zip(batch["shard"], batch["path"], strict=True):
            rows = _analyse_shard(str(shard), Path(str(path)), self.pipeline)
            out["shard"].append(str(shard))
            out["payload"].append(_encode_shard(rows, self.fmt))
            out["records"].append(len(rows))
            out["errors"].append(sum(1 for r in rows if r["error_kind"]))
            out["summary"].append(json.dumps(_shard_summary(rows), ensure_ascii=False))
            out["worker_rss_mb"].append(_rss_mb())
            out["worker_pid"].append(os.getpid())
        return dict(out)


def _shard_summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Error records by kind ([count, first message]) and the ids of one shard's rows."""
    kinds: dict[str, list[Any]] = {}
    for row in rows:
        if row["error_kind"]:
            message = json.loads(row["record"])["error"]["message"]
            kinds.setdefault(row["error_kind"], [0, message])[0] += 1
    return {"kinds": kinds, "ids": [row["id"] for row in rows]}


def _init_ray(address: str | None, workers: int) -> Any:
    try:
        import ray
    except ImportError as exc:
        raise UsageError("The Ray engine needs Ray: pip install 'tacitus[ray]'.") from exc
    if not ray.is_initialized():
        with keep_sigterm_handler():  # ray.init would make SIGTERM exit at once
            if address:
                ray.init(address=address, log_to_driver=False, include_dashboard=False)
            else:
                # One logical CPU per analyser: they read their own shards, nothing else
                # needs one.
                ray.init(
                    num_cpus=max(workers, 1),
                    log_to_driver=False,
                    include_dashboard=False,
                    configure_logging=False,
                )
                start_watchdog()
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    return ray


def _pool(settings: Settings, calls: int) -> Any:
    """The actor pool for `calls` calls (shards or batches), each taking the next call as
    soon as it is free."""
    import ray.data

    # Between two calls to an actor, Ray Data's scheduling step idles it about 0.1 s: when
    # there are many calls per actor, a second one waits in the actor's queue (with
    # shards of twenty articles the step cost 8 %). With few calls per actor, one at a time:
    # an actor that starts early would queue calls a later one could take, and at the end
    # one actor would work through its queue while the others idle (the default, four in
    # flight, left one of two actors idle on a small corpus). Ray Data restarts a failed
    # actor of the pool and retries its calls (its defaults), so a crashed worker costs
    # time, never output.
    in_flight = 2 if calls >= 4 * settings.workers else 1
    return ray.data.ActorPoolStrategy(
        size=settings.workers, max_tasks_in_flight_per_actor=in_flight
    )


# -- tacitus extract --engine ray -----------------------------------------------------------


def run_ray(
    items: Iterable[Article | Failure], settings: Settings, address: str | None = None
) -> Iterator[dict[str, Any]]:
    """Analyse items on Ray; yield records in input order (like `engine.run_local`)."""
    ray = _init_ray(address, settings.workers)
    rows = [{"item": encode_item(item)} for item in items]
    if not rows:
        return
    ray.data.DataContext.get_current().execution_options.preserve_order = True  # input order
    # One block per batch: the unit the actors take, and a batch's rows cross together.
    blocks = -(-len(rows) // settings.batch_size)
    dataset = ray.data.from_items(rows, override_num_blocks=blocks).map_batches(
        Analyser,
        fn_constructor_kwargs={"settings": settings},
        batch_size=settings.batch_size,
        batch_format="numpy",
        compute=_pool(settings, blocks),
        num_cpus=1,
    )
    for batch in dataset.iter_batches(batch_format="numpy", batch_size=None):
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
    interrupted: bool = False
    summary: RunSummary = field(default_factory=RunSummary)

    def to_dict(self) -> dict[str, Any]:
        """The report as printed by `tacitus run` (one JSON object)."""
        return {
            "interrupted": self.interrupted,
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


def _analyse_shard(shard: str, path: Path, pipeline: Pipeline) -> list[dict[str, Any]]:
    """Every item of one shard, analysed batch by batch, as output rows in shard order."""
    from tacitus.io.ingest import read_file

    items = iter(read_file(path))
    rows: list[dict[str, Any]] = []
    while batch := list(islice(items, pipeline.settings.batch_size)):
        for record in pipeline.analyse_batch(batch):
            rows.append(
                {
                    "id": record["id"],
                    "shard": shard,
                    "seq": len(rows),
                    "error_kind": record["error"]["kind"] if "error" in record else None,
                    "record": json.dumps(record, ensure_ascii=False),
                }
            )
    return rows


def output_name(shard: str, fmt: str) -> str:
    """The output file of a shard: unique per shard name and the same on every run.

    The shard's relative path is kept whole, suffixes included (`news.jsonl` and
    `news.warc.gz` differ), with `%` and the path separators percent-escaped, so that
    `x/y.jsonl` (`x%2Fy.jsonl`) and `x__y.jsonl` cannot meet; a name too long for the file
    system is cut and given a hash of the whole path.

    Args:
        shard: the shard's path relative to the corpus folder.
        fmt: `parquet` or `jsonl`.

    Returns:
        The file name inside the output folder.
    """
    escaped = shard.replace("%", "%25").replace("/", "%2F").replace(os.sep, "%2F")
    # Not hidden (temporary files start with a dot), not the manifest's `_`.
    if escaped.startswith("."):
        escaped = "%2E" + escaped[1:]
    elif escaped.startswith("_"):
        escaped = "%5F" + escaped[1:]
    if len(escaped.encode("utf-8")) > _NAME_BYTES:
        digest = hashlib.sha256(shard.encode("utf-8")).hexdigest()[:16]
        escaped = escaped.encode("utf-8")[: _NAME_BYTES - 40].decode("utf-8", "ignore")
        escaped += f"~{digest}"
    return f"{escaped}.{'parquet' if fmt == 'parquet' else 'jsonl'}"


# Room for the escaped shard name in one file name (255 bytes on common file systems), with
# the output suffix and the `.NAME.tmp` of an atomic write.
_NAME_BYTES = 200


def check_output_names(shards: list[str], fmt: str) -> dict[str, str]:
    """The output file of every shard, refusing a run in which two would share one.

    Args:
        shards: shard names (relative paths), each once.
        fmt: `parquet` or `jsonl`.

    Returns:
        Shard name -> output file name.

    Raises:
        UsageError: two shards map to one output file (only a cut name whose hashes meet
            could).
    """
    names: dict[str, str] = {}
    owners: dict[str, str] = {}
    for shard in shards:
        name = output_name(shard, fmt)
        if name in owners:
            raise UsageError(
                f"The shards {owners[name]!r} and {shard!r} would write the same output file "
                f"{name!r}; rename one of them."
            )
        owners[name] = shard
        names[shard] = name
    return names


COLUMNS = ("id", "shard", "seq", "error_kind", "record")


def _encode_shard(rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The output file of one shard, as bytes."""
    if fmt == "jsonl":
        return "".join(r["record"] + "\n" for r in rows).encode("utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            ("id", pa.string()),
            ("shard", pa.string()),
            ("seq", pa.int64()),
            ("error_kind", pa.string()),
            ("record", pa.string()),
        ]
    )
    table = pa.table({c: [r[c] for r in rows] for c in COLUMNS}, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue().to_pybytes())


def _write_shard(out_dir: Path, name: str, payload: bytes) -> Path:
    """Write one output file atomically (temporary file, fsync, rename)."""
    final = out_dir / name
    tmp = out_dir / f".{name}.tmp"
    with tmp.open("wb") as handle:
        handle.write(payload)
        handle.flush()
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
    report: RunReport | None = None,
    quiet: bool = True,
) -> RunReport:
    """Analyse every unfinished shard of `corpus` into `out_dir`; see the module docstring.

    Ctrl-C (or SIGTERM, which the command line turns into the same) stops the run between
    two finished shards: what finished is in the manifest and in `report`, and a local Ray
    this call started is shut down, its processes with it.

    Args:
        corpus: a folder of shards (or one shard).
        out_dir: where output shards and the manifest go (created).
        settings: model, workers (Ray actors), batch size.
        address: a Ray cluster to join; None starts a local Ray.
        fmt: `parquet` or `jsonl`.
        report: the report to fill in (so that a caller interrupted midway has it).
        quiet: no progress bar (there is none either when standard error is no terminal).

    Returns:
        What was done.
    """
    _prepare(corpus, out_dir, fmt)
    report = report if report is not None else RunReport()
    started = time.perf_counter()
    pending, outputs = _pending_shards(corpus, out_dir, fmt, report)
    if 0 < len(pending) < settings.workers:
        log.warning(
            "%d shards for %d workers: a shard is the unit of work, so some workers will "
            "idle; split the corpus into more shards than workers.",
            len(pending),
            settings.workers,
        )
    if not pending:
        report.seconds = time.perf_counter() - started
        return report
    import ray as ray_module

    own_ray = address is None and not ray_module.is_initialized()
    ray = _init_ray(address, settings.workers)
    signals, rows = SignalsHeld(), None
    try:
        signals.install()
        paths = {p["shard"]: Path(p["path"]) for p in pending}
        batches = _shard_dataset(ray, pending, settings, fmt).iter_batches(
            batch_format="numpy", batch_size=None
        )
        rows = _shards_of(batches)
        bar = progress(rows, quiet, total=len(pending), unit=" shards")
        for row in bar:
            shard = row["shard"]
            report.worker_rss_mb[row["worker_pid"]] = row["worker_rss_mb"]
            _finish(out_dir, outputs[shard], shard, paths[shard], row, report, signals)
    except KeyboardInterrupt:
        report.interrupted = True
        raise
    finally:
        signals.restore()
        report.seconds = time.perf_counter() - started
        if rows is not None:  # stops Ray Data's executor while Ray is up (after, it logs)
            rows.close()
        if own_ray and report.interrupted:
            # Ray's own processes (raylet, GCS, agents, workers) end with it.
            ray.shutdown()
    return report


def _prepare(corpus: Path, out_dir: Path, fmt: str) -> None:
    """Check a run's arguments and create its output folder (a `UsageError` when it cannot)."""
    if not corpus.exists():
        raise UsageError(f"No such corpus: {corpus}")
    if fmt not in ("parquet", "jsonl"):
        raise UsageError("--format must be parquet or jsonl.")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"Cannot create the output folder {out_dir}: {exc.strerror}.") from None


def _pending_shards(
    corpus: Path, out_dir: Path, fmt: str, report: RunReport
) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The shards still to analyse (`{"shard", "path"}`) and every shard's output file name.

    Shards the manifest records as finished, with unchanged input and output, go to
    `report.shards_skipped`.
    """
    manifest = read_manifest(out_dir)
    shards = {
        (str(p.relative_to(corpus)) if corpus.is_dir() else p.name): p for p in find_shards(corpus)
    }
    outputs = check_output_names(list(shards), fmt)
    pending = []
    for name, shard_path in shards.items():
        if _finished(manifest.get(name), shard_path, out_dir):
            report.shards_skipped.append(name)
        else:
            pending.append({"shard": name, "path": str(shard_path)})
    return pending, outputs


def _shard_dataset(ray: Any, pending: list[dict[str, str]], settings: Settings, fmt: str) -> Any:
    """The Ray dataset that maps the actor pool over the pending shards, one call each."""
    # Output files come back whole and carry their shard: any order will do, and the
    # busiest actor need not wait for the slowest.
    ray.data.DataContext.get_current().execution_options.preserve_order = False
    # One block and one call per shard: only its path goes to the actor. Largest shards
    # first, so that the last calls (and any queued) are short and no actor idles long
    # at the end.
    ordered = sorted(pending, key=lambda p: -Path(p["path"]).stat().st_size)
    return ray.data.from_items(ordered, override_num_blocks=len(ordered)).map_batches(
        ShardAnalyser,
        fn_constructor_kwargs={"settings": settings, "fmt": fmt},
        batch_size=1,
        batch_format="numpy",
        compute=_pool(settings, len(ordered)),
        num_cpus=1,
    )


def _shards_of(batches: Iterable[dict[str, Any]]) -> Generator[dict[str, Any], None, None]:
    """One dict per finished shard, from the numpy batches of the actor pool; closing it
    closes Ray Data's iterator, which stops its executor."""
    iterator = iter(batches)
    try:
        for batch in iterator:
            for n in range(len(batch["shard"])):
                yield {
                    "shard": str(batch["shard"][n]),
                    "payload": bytes(batch["payload"][n]),
                    "records": int(batch["records"][n]),
                    "errors": int(batch["errors"][n]),
                    "summary": json.loads(str(batch["summary"][n])),
                    "worker_pid": int(batch["worker_pid"][n]),
                    "worker_rss_mb": float(batch["worker_rss_mb"][n]),
                }
    finally:
        getattr(iterator, "close", lambda: None)()


def _finish(
    out_dir: Path,
    output_file: str,
    shard: str,
    path: Path,
    row: dict[str, Any],
    report: RunReport,
    signals: SignalsHeld,
) -> None:
    """Write a finished shard's output, then record it in the manifest (in that order, so a
    crash between the two redoes the shard and never counts it twice) and in the report;
    Ctrl-C or SIGTERM waits until all three are done."""
    payload = row["payload"]
    entry = {
        "shard": shard,
        "sha256": file_sha256(path),
        "output": output_file,
        "output_sha256": hashlib.sha256(payload).hexdigest(),
        "records": row["records"],
        "errors": row["errors"],
    }
    with signals:
        _write_shard(out_dir, output_file, payload)
        _append_manifest(out_dir, entry)
        _count(report, shard, row)


def _count(report: RunReport, shard: str, row: dict[str, Any]) -> None:
    """A finished shard in the report."""
    report.shards_done.append(shard)
    report.records += row["records"]
    report.errors += row["errors"]
    for kind, (count, message) in row["summary"]["kinds"].items():
        report.summary.add_error(kind, message, count)
    for item_id in row["summary"]["ids"]:
        report.summary.observe_id(item_id)


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
