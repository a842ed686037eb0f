"""Ids (issue 14): an id the caller gives is kept as given, value and type; an id tacitus
makes from a path is unique in the run, and today's id wherever nothing collides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.cli.inputs import read_items
from tacitus.io.ingest import ReadStats, read_inputs
from tacitus.io.progress import RunSummary

STORY = (
    "BEIRUT (AP) - Lebanese troops arrested {n} men on Sunday near the border with Syria, "
    "the army said, after a gunfight that wounded two soldiers."
)


def _ids(names: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    monkeypatch.chdir(cwd)
    return [item.id for item in read_inputs(names)]


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    for folder in ("site/a", "site/b", "f1", "f2"):
        (tmp_path / folder).mkdir(parents=True)
    for n, path in enumerate(("site/a/index.txt", "site/b/index.txt", "f1/x.txt", "f2/x.txt")):
        (tmp_path / path).write_text(STORY.format(n=n))
    (tmp_path / "page.txt").write_text(STORY.format(n=9))
    return tmp_path


def test_without_a_collision_the_ids_are_todays(tree, monkeypatch):
    assert _ids(["page.txt"], tree, monkeypatch) == ["page"]
    assert _ids(["site"], tree, monkeypatch) == ["a/index", "b/index"]
    assert _ids(["f1", "page.txt"], tree, monkeypatch) == ["x", "page"]


def test_two_named_files_of_one_name_both_get_their_path(tree, monkeypatch):
    names = ["site/a/index.txt", "site/b/index.txt"]
    assert _ids(names, tree, monkeypatch) == names


def test_a_second_folder_holding_the_same_name_gets_its_path(tree, monkeypatch):
    assert _ids(["f1", "f2"], tree, monkeypatch) == ["x", "f2/x.txt"]


def test_same_stem_in_one_folder_and_the_same_path_twice(tree, monkeypatch):
    page = "<html><body><p>" + STORY.format(n=3) + "</p></body></html>"
    (tree / "f1" / "x.html").write_text(page)
    (tree / "f1" / "x.jsonl").write_text(json.dumps({"text": STORY.format(n=4)}) + "\n")
    # x.jsonl numbers its lines and leaves `x` free; x.txt finds `x` taken by x.html.
    assert _ids(["f1"], tree, monkeypatch) == ["x", "f1/x.jsonl:1", "f1/x.txt"]
    ids = _ids(["page.txt", "page.txt", "f1/x.jsonl", "f1/x.jsonl"], tree, monkeypatch)
    assert ids == ["page", "page.txt", "f1/x.jsonl:1", "f1/x.jsonl#2:1"]
    ids = _ids(["f1", "f1"], tree, monkeypatch)
    assert len(ids) == 6 and len(set(ids)) == 6


def test_a_folder_named_on_the_command_line_that_cannot_be_listed_is_named_as_given(
    tmp_path, monkeypatch
):
    import os

    (tmp_path / "locked").mkdir()
    real = os.scandir

    def refuse(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    monkeypatch.chdir(tmp_path)
    [item] = read_inputs(["locked"])
    assert item.kind == "unreadable_file" and item.id == "locked"


def test_caller_ids_are_kept_as_given_value_and_type(tmp_path):
    path = tmp_path / "ids.jsonl"
    rows = [{"id": 0}, {"id": "0"}, {"id": "page"}, {"id": "page"}, {"id": 7}]
    path.write_text("".join(json.dumps({**r, "text": STORY.format(n=1)}) + "\n" for r in rows))
    table = tmp_path / "t.csv"
    table.write_text(f'id,text\n0,"{STORY.format(n=2)}"\n007,"{STORY.format(n=3)}"\n')
    (tmp_path / "page.txt").write_text(STORY.format(n=4))
    names = [str(path), str(table), str(tmp_path / "page.txt")]
    stats = ReadStats()
    ids = [item.id for item in read_inputs(names, stats=stats)]
    # The made-up `page` is the text file's own: a caller's `page` does not move it.
    assert ids == [0, "0", "page", "page", 7, "0", "007", "page"]
    summary = RunSummary(made_ids=stats.made_ids)
    for item_id in ids:
        summary.observe_id(item_id)
    # Repeated by the caller: "0" (JSON Lines and CSV) and "page" (twice in JSON Lines).
    assert summary.repeated_ids == 2


def test_a_made_id_equal_to_one_caller_id_is_no_repeat():
    summary = RunSummary(made_ids={"page"})
    for item_id in ("page", "page", 3):
        summary.observe_id(item_id)
    assert summary.repeated_ids == 0
    summary.observe_id("page")
    assert summary.repeated_ids == 1


def test_ingest_reads_every_input_in_one_run(tree):
    stats = ReadStats()
    names = [str(tree / "f1"), str(tree / "f2")]
    assert [i.id for i in read_items(names, None, None, stats=stats)] == [
        "x",
        (tree / "f2" / "x.txt").as_posix(),
    ]


def test_extract_summary_does_not_call_made_ids_repeated(tree, monkeypatch, capsys):
    monkeypatch.chdir(tree)
    assert main(["extract", "site/a/index.txt", "site/b/index.txt", "f1", "f2"]) == 0
    captured = capsys.readouterr()
    ids = [json.loads(line)["id"] for line in captured.out.splitlines()]
    assert ids == ["site/a/index.txt", "site/b/index.txt", "x", "f2/x.txt"]
    assert "more than one item" not in captured.err
