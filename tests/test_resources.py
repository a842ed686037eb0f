"""The one reader of tables (`tacitus.core.resources`), on tables written here."""

from __future__ import annotations

import gzip
import json

import pytest

from tacitus.core import resources


@pytest.fixture
def tables(monkeypatch, tmp_path):
    """A fake package root holding the files a test writes."""
    monkeypatch.setattr(resources, "package_file", lambda name: tmp_path.joinpath(*name.split("/")))
    return tmp_path


def test_tsv_rows_skip_comments_and_blank_lines_and_keep_quotes(tables):
    (tables / "t.tsv").write_text(
        "# a table\n# columns: word, role\nword\trole\n\nwill\taux\n# a comment inside\n"
        '"quoted\tmark\nlone\n'
    )
    assert resources.read_table("t.tsv") == [
        {"word": "will", "role": "aux"},
        {"word": '"quoted', "role": "mark"},  # a quote mark is a character, not quoting
        {"word": "lone", "role": ""},  # a missing trailing cell is empty
    ]


def test_word_list_and_kinds(tables):
    (tables / "w.txt").write_text("# words\n said \nsays\n\n# more\nsaid\n")
    assert resources.read_words("w.txt") == {"said", "says"}
    (tables / "k.tsv").write_text("# kinds\nlocative\tin at\ntitle\tMr Mrs\nlocative\tnear\n")
    assert resources.read_kinds("k.tsv") == {
        "locative": {"in", "at", "near"},
        "title": {"Mr", "Mrs"},
    }


def test_json_gzipped_json_and_yaml(tables):
    (tables / "a.json").write_text(json.dumps({"a": [1, 2]}))
    (tables / "b.json.gz").write_bytes(gzip.compress(json.dumps({"b": "é"}).encode()))
    (tables / "c.yaml").write_text("- name: x\n  country: FRA\n")
    assert resources.read_data("a.json") == {"a": [1, 2]}
    assert resources.read_data("b.json.gz") == {"b": "é"}
    assert resources.read_data("c.yaml") == [{"name": "x", "country": "FRA"}]


def test_a_missing_table_is_an_error_not_an_empty_list(tables):
    with pytest.raises(FileNotFoundError):
        resources.read_table("absent.tsv")
