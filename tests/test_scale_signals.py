"""`tacitus run` as an operator meets it: shards whose names used to meet, a driver killed
by SIGKILL (no Ray process may outlive it) and resumed, and Ctrl-C (exit 130, Ray shut down).
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("ray")

from tacitus.engines.ray import read_manifest, read_outputs  # noqa: E402

pytestmark = pytest.mark.ray

STORY = (
    "BEIRUT (AP) - Lebanese troops arrested {n} men on Sunday near the border with Syria, "
    "the army said, after a gunfight that wounded two soldiers."
)
PAGE = (
    "<html><head><title>Clashes near the border</title></head><body><article><h1>Clashes "
    "near the border</h1><p>{story}</p><p>Officials said the men were handed to "
    "prosecutors in the capital on Monday, and that an investigation had begun.</p>"
    "</article></body></html>"
)


def _jsonl(
    path: Path, ids: list[str], broken_after: int | None = None, paragraphs: int = 1
) -> None:
    lines = [
        json.dumps({"id": i, "text": "\n\n".join([STORY.format(n=k + 2)] * paragraphs)})
        for k, i in enumerate(ids)
    ]
    if broken_after is not None:
        lines.insert(broken_after, "{broken json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")


def _warc_gz(path: Path, n: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for k in range(n):
            body = PAGE.format(story=STORY.format(n=k + 5)).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
            )
            record = writer.create_warc_record(
                f"https://example.org/story/{k}",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio buffers the payload in a temporary file


PADDING = 14  # larger shards, analysed first: the run lasts long enough to be caught midway


def _colliding_corpus(root: Path) -> tuple[set[str], int, int]:
    """Shards whose output files used to be one, and larger padding shards: the caller ids,
    the number of items and the number of shards."""
    caller_ids: set[str] = set()
    layout = {
        "x/y.jsonl": ["xy-1", "xy-2"],
        "x__y.jsonl": ["x__y-1", "x__y-2"],
        "news.jsonl": ["news-1", "news-2"],
        "a/b/c.jsonl": ["abc-1", "abc-2"],
        "a__b__c.jsonl": ["a__b__c-1"],
        "more.jsonl": ["more-1", "more-2"],
    }
    for name, ids in layout.items():
        # a bad line between two good ones: one error record, the good items intact
        _jsonl(root / name, ids, broken_after=1 if name == "news.jsonl" else None)
        caller_ids |= set(ids)
    with gzip.open(root / "plain.jsonl.gz", "wt") as handle:
        handle.write(json.dumps({"id": "gz-1", "text": STORY.format(n=9)}) + "\n")
    caller_ids.add("gz-1")
    _warc_gz(root / "news.warc.gz", 2)
    for k in range(PADDING):
        ids = [f"pad{k}-{n}" for n in range(6)]
        _jsonl(root / "pad" / f"p{k:02d}.jsonl", ids)
        caller_ids |= set(ids)
    return caller_ids, len(caller_ids) + 1 + 2, len(layout) + 2 + PADDING


def _command(corpus: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "tacitus", "run", str(corpus), str(out), "--workers", "2"]


ENV = {**os.environ, "RAY_AUTH_MODE": "disabled"}


def _session(sid: int) -> list[str]:
    """Processes still in session `sid` (the driver's: Ray's processes are started in it)."""
    left = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rindex(")") + 2 :].split()
        if int(fields[3]) == sid:
            left.append(text[: text.rindex(")") + 1])
    return left


def _wait_gone(sid: int, seconds: float = 90) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def _start_and_wait(corpus: Path, out: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        _command(corpus, out),
        start_new_session=True,  # its own session: what is left of the run can be listed
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and not read_manifest(out):
        assert proc.poll() is None, proc.communicate()[1][-2000:]
        time.sleep(0.05)
    return proc


def _outputs(out: Path) -> list[dict]:
    return list(read_outputs(out))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes in /proc")
def test_sigkill_leaves_no_ray_process_and_resume_gives_each_item_once(tmp_path):
    caller_ids, items, n_shards = _colliding_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    proc = _start_and_wait(tmp_path / "corpus", out)
    finished_before = set(read_manifest(out))
    os.kill(proc.pid, signal.SIGKILL)  # the driver only, as `kill -9 PID` would
    proc.communicate()
    assert _wait_gone(proc.pid) == []  # no Ray process of the run outlives its driver
    assert 1 <= len(finished_before) < n_shards, "the run was not caught midway"

    resumed = subprocess.run(
        _command(tmp_path / "corpus", out), capture_output=True, text=True, env=ENV, timeout=900
    )
    assert resumed.returncode == int("news.jsonl" not in finished_before), resumed.stderr
    report = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert report["shards_skipped"] >= len(finished_before)
    assert report["shards_skipped"] + report["shards_done"] == n_shards

    records = _outputs(out)
    ids = [r["id"] for r in records]
    assert len(records) == items  # every input item exactly once
    assert sorted(i for i in ids if i in caller_ids) == sorted(caller_ids)
    assert sum("error" in r for r in records) == 1
    warc = [r for r in records if r["id"] not in caller_ids and "error" not in r]
    assert len(warc) == 2  # the two pages of news.warc.gz, next to news.jsonl
    assert len(set(p.name for p in out.iterdir())) == n_shards + 1  # the outputs and the manifest

    again = subprocess.run(
        _command(tmp_path / "corpus", out), capture_output=True, text=True, env=ENV, timeout=900
    )
    assert json.loads(again.stdout.strip().splitlines()[-1])["shards_skipped"] == n_shards
    assert len(_outputs(out)) == items


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes in /proc")
def test_ctrl_c_stops_the_run_reports_what_finished_and_ends_ray(tmp_path):
    corpus = tmp_path / "corpus"
    ids = []
    for k in range(12):
        ids += [f"s{k}-a", f"s{k}-b"]
        # articles long enough that the run is still going when the first shard is done,
        # even on a machine where the poll is slow
        _jsonl(corpus / f"s{k:02d}.jsonl", ids[-2:], paragraphs=40)
    out = tmp_path / "out"
    proc = _start_and_wait(corpus, out)
    # As a terminal does: to the driver's whole process group (Ray's processes are in it).
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-4000:]
    report = json.loads(stdout.strip().splitlines()[-1])
    assert report["interrupted"] is True
    finished = read_manifest(out)
    assert report["shards_done"] == len(finished) < 12  # the report counts what the manifest holds
    assert report["records"] == sum(e["records"] for e in finished.values())
    assert "interrupted: run again to finish the rest" in stderr
    assert _wait_gone(proc.pid) == []  # no Ray process of the run outlives it

    resumed = subprocess.run(
        _command(corpus, out), capture_output=True, text=True, env=ENV, timeout=900
    )
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    again = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert (again["shards_skipped"], again["shards_done"]) == (len(finished), 12 - len(finished))
    assert sorted(r["id"] for r in _outputs(out)) == sorted(ids)  # each item exactly once
