"""The Ray engine: same records as the local engine, resumable runs, exactly once per item."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("ray")

from tacitus.core.settings import Settings  # noqa: E402
from tacitus.engines.local import run_local  # noqa: E402
from tacitus.engines.ray import MANIFEST, read_manifest, read_outputs, run_corpus, run_ray  # noqa: E402
from tacitus.io.ingest import read_inputs  # noqa: E402

pytestmark = pytest.mark.ray


def _canonical(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def _corpus(gold_dir: Path, folder: Path, shards: int, per_shard: int) -> list[str]:
    """Shards of dev gold articles (read at test time, never copied into the project)."""
    folder.mkdir(parents=True, exist_ok=True)
    docs = []
    for name in ("seed.jsonl", "quotes-polnear-dev.jsonl", "events-wikievents-dev.jsonl"):
        docs += [json.loads(line) for line in (gold_dir / name).read_text().splitlines()]
    ids = []
    for k in range(shards):
        lines = []
        for doc in docs[k * per_shard : (k + 1) * per_shard]:
            lines.append(json.dumps({key: doc.get(key) for key in ("id", "text", "published")}))
            ids.append(doc["id"])
        if k == 1:
            lines.append("{broken json")  # a failing item becomes its error record
            ids.append(f"{folder / f'shard{k}.jsonl'}:{len(lines)}")
        (folder / f"shard{k}.jsonl").write_text("\n".join(lines) + "\n")
    return ids


@pytest.fixture(scope="module")
def ray_local():
    import ray

    ray.init(num_cpus=3, log_to_driver=False, include_dashboard=False, configure_logging=False)
    yield ray
    ray.shutdown()


def test_ray_records_equal_local_records(gold_dir, tmp_path, ray_local):
    _corpus(gold_dir, tmp_path / "corpus", shards=3, per_shard=3)
    (tmp_path / "corpus" / "empty.jsonl").write_text("")  # finished with an empty output
    settings = Settings(workers=2, batch_size=2)
    local = [_canonical(r) for r in run_local(read_inputs([str(tmp_path / "corpus")]), settings)]
    remote = [_canonical(r) for r in run_ray(read_inputs([str(tmp_path / "corpus")]), settings)]
    assert remote == local

    report = run_corpus(tmp_path / "corpus", tmp_path / "out", settings)
    assert report.records == len(local) and report.errors == 1
    assert sorted(_canonical(r) for r in read_outputs(tmp_path / "out")) == sorted(local)
    again = run_corpus(tmp_path / "corpus", tmp_path / "out", settings)
    assert again.shards_done == [] and len(again.shards_skipped) == 4

    as_jsonl = run_corpus(tmp_path / "corpus", tmp_path / "out-jsonl", settings, fmt="jsonl")
    assert len(as_jsonl.shards_done) == 4
    assert sorted(_canonical(r) for r in read_outputs(tmp_path / "out-jsonl")) == sorted(local)


def test_killed_run_resumes_without_duplicates_or_losses(gold_dir, tmp_path):
    ids = _corpus(gold_dir, tmp_path / "corpus", shards=8, per_shard=2)
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "tacitus",
        "run",
        str(tmp_path / "corpus"),
        str(out),
        "--workers",
        "2",
        "--batch-size",
        "1",
    ]
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    proc = subprocess.Popen(
        command,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.time() + 600
        while time.time() < deadline and len(read_manifest(out)) < 2:
            assert proc.poll() is None, "the run ended before it could be killed"
            time.sleep(0.2)
        assert 2 <= len(read_manifest(out)) < 8, "the run was not caught midway"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver, and the local Ray it started
        proc.wait()
        subprocess.run(["pkill", "-KILL", "-s", str(proc.pid)], check=False)
    finished_before = set(read_manifest(out))

    resumed = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    # shard1 has a broken line: exit status 1 when this run wrote its error record
    broken_redone = "shard1.jsonl" not in finished_before
    assert resumed.returncode == int(broken_redone), resumed.stderr[-2000:]
    report = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert report["shards_skipped"] == len(finished_before)
    assert report["shards_done"] == 8 - len(finished_before)

    records = list(read_outputs(out))
    assert sorted(r["id"] for r in records) == sorted(ids)  # no duplicates, no losses
    assert len(read_manifest(out)) == 8
    assert not list(out.glob(".*.tmp"))
    assert (out / MANIFEST).exists()
