"""`tacitus run` end to end: shard names that would meet if escaped naively, a line nested
too deep to read, and an interrupt while a finished shard is being recorded."""

from __future__ import annotations

import json
import signal
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("ray")

from tacitus.engines import ray as engine  # noqa: E402
from tacitus.engines.watchdog import SignalsHeld, keep_sigterm_handler  # noqa: E402
from test_scale_signals import ENV, _command, _jsonl, _warc_gz  # noqa: E402


def _run(corpus: Path, out: Path) -> tuple[subprocess.CompletedProcess[str], dict]:
    done = subprocess.run(
        _command(corpus, out), capture_output=True, text=True, env=ENV, timeout=900
    )
    return done, json.loads(done.stdout.strip().splitlines()[-1])


def _rows(out: Path, shard: str) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(out / engine.output_name(shard, "parquet")).to_pylist()


@pytest.mark.ray
def test_shards_whose_names_meet_when_escaped_naively_give_each_item_once(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    layout = {"x/y.jsonl": ["xy-1", "xy-2"], "x__y.jsonl": ["x__y-1"], "news.jsonl": ["news-1"]}
    for name, ids in layout.items():
        _jsonl(corpus / name, ids)
    _warc_gz(corpus / "news.warc.gz", 2)

    done, report = _run(corpus, out)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (report["shards_done"], report["records"], report["errors"]) == (4, 6, 0)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [engine.MANIFEST] + [engine.output_name(s, "parquet") for s in [*layout, "news.warc.gz"]]
    )
    for name, ids in layout.items():  # each shard's items, in its own file, once
        assert [(r["shard"], r["id"]) for r in _rows(out, name)] == [(name, i) for i in ids]
    warc = _rows(out, "news.warc.gz")
    assert len({r["id"] for r in warc}) == 2 and {r["error_kind"] for r in warc} == {None}
    ids = [r["id"] for r in engine.read_outputs(out)]
    assert len(ids) == len(set(ids)) == 6


@pytest.mark.ray
def test_a_line_nested_too_deep_is_one_error_record_and_the_rest_is_finished(tmp_path):
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    _jsonl(corpus / "deep.jsonl", ["good-1", "good-2"])
    lines = (corpus / "deep.jsonl").read_text().splitlines()
    deep = "[" * 100_000 + "]" * 100_000
    (corpus / "deep.jsonl").write_text("\n".join([lines[0], deep, lines[1]]) + "\n")
    _jsonl(corpus / "other.jsonl", ["other-1", "other-2"])
    _jsonl(corpus / "third.jsonl", ["third-1"])

    done, report = _run(corpus, out)
    assert done.returncode == 1, done.stderr[-2000:]
    assert (report["shards_done"], report["records"], report["errors"]) == (3, 6, 1)
    rows = _rows(out, "deep.jsonl")
    assert [r["error_kind"] for r in rows] == [None, "bad_json", None]
    assert [rows[0]["id"], rows[2]["id"]] == ["good-1", "good-2"]
    error = json.loads(rows[1]["record"])["error"]
    assert rows[1]["id"].endswith("deep.jsonl:2") and "nested too deep" in error["message"]
    assert "bad_json" in done.stderr  # the summary names the error
    good = [r["id"] for r in engine.read_outputs(out) if "error" not in r]
    assert sorted(good) == ["good-1", "good-2", "other-1", "other-2", "third-1"]

    manifest = (out / engine.MANIFEST).read_bytes()
    stamps = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    again, report = _run(corpus, out)
    assert again.returncode == 0, again.stderr[-2000:]
    assert (report["shards_done"], report["shards_skipped"]) == (0, 3)
    assert (out / engine.MANIFEST).read_bytes() == manifest
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == stamps


# -- an interrupt while a finished shard is recorded (no Ray: the driver's side alone) -----


class Stop(KeyboardInterrupt):
    """What the command line's SIGTERM handler raises (`cli.main.Interrupted`), in short."""


def _raise_stop(signum, frame):
    raise Stop(signum)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_while_a_shard_is_recorded_waits_until_it_is_counted(
    tmp_path, monkeypatch, signum
):
    """The signal lands in the manifest's fsync (where Ctrl-C used to leave the manifest
    one shard ahead of the report); it is raised once the report counts the shard."""
    shard = tmp_path / "s.jsonl"
    _jsonl(shard, ["s-1"])
    out = tmp_path / "out"
    out.mkdir()
    row = {"payload": b"{}\n", "records": 1, "errors": 0, "summary": {"kinds": {}, "ids": ["s-1"]}}
    fsync = engine.os.fsync
    calls = []

    def fsync_then_signal(fd: int) -> None:
        fsync(fd)
        calls.append(fd)
        if len(calls) == 2:  # the manifest's, after the output file's
            signal.raise_signal(signum)

    monkeypatch.setattr(engine.os, "fsync", fsync_then_signal)
    previous = {n: signal.getsignal(n) for n in SignalsHeld.SIGNALS}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _raise_stop)
    held, report = SignalsHeld(), engine.RunReport()
    try:
        held.install()
        with pytest.raises(KeyboardInterrupt) as raised:
            engine._finish(out, "s.jsonl.jsonl", "s.jsonl", shard, row, report, held)
            pytest.fail("the signal was lost")
    finally:
        held.restore()
        for n, handler in previous.items():
            signal.signal(n, handler)
    assert type(raised.value) is (Stop if signum == signal.SIGTERM else KeyboardInterrupt)
    assert len(calls) == 2 and report.shards_done == list(engine.read_manifest(out)) == ["s.jsonl"]
    assert report.records == 1
    assert (out / "s.jsonl.jsonl").read_bytes() == b"{}\n"


def test_ray_init_keeps_the_command_lines_sigterm_handler():
    previous = signal.signal(signal.SIGTERM, _raise_stop)
    try:
        with keep_sigterm_handler():
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as ray.init does (with sys.exit)
        assert signal.getsignal(signal.SIGTERM) is _raise_stop
    finally:
        signal.signal(signal.SIGTERM, previous)
