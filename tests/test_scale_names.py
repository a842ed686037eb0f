"""Output files of `tacitus run`: one per shard, unique and the same on every run."""

from __future__ import annotations

import pytest

from tacitus.core.errors import UsageError
from tacitus.engines.ray import check_output_names, output_name


@pytest.mark.parametrize(
    "a, b",
    [
        ("x/y.jsonl", "x__y.jsonl"),
        ("news.jsonl", "news.warc.gz"),
        ("news.jsonl", "news.jsonl.gz"),
        ("a%2Fb.jsonl", "a/b.jsonl"),
        ("_manifest.jsonl", "%5Fmanifest.jsonl"),
    ],
)
def test_shards_that_used_to_meet_get_their_own_output(a, b):
    for fmt in ("parquet", "jsonl"):
        assert output_name(a, fmt) != output_name(b, fmt)
        assert output_name(a, fmt) == output_name(a, fmt)  # stable: a re-run finds it
    assert check_output_names([a, b], "parquet") == {
        a: output_name(a, "parquet"),
        b: output_name(b, "parquet"),
    }


def test_output_names_are_plain_files_of_the_output_folder():
    for shard in ("deep/er/x.warc.gz", ".hidden.jsonl", "_manifest.jsonl", "y" * 400 + ".jsonl"):
        name = output_name(shard, "jsonl")
        assert "/" not in name and not name.startswith((".", "_"))
        assert len(name.encode()) <= 240 and name.endswith(".jsonl")
    long_a, long_b = "y" * 400 + "a.jsonl", "y" * 400 + "b.jsonl"
    assert output_name(long_a, "jsonl") != output_name(long_b, "jsonl")


def test_a_collision_is_refused_before_any_work():
    with pytest.raises(UsageError, match="same output file"):
        check_output_names(["x.jsonl", "x.jsonl"], "parquet")
