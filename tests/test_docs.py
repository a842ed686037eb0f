"""The documentation and the command line agree (like sqlite-utils' tests/test_docs.py).

Every command has `--help`; every `tacitus ...` line in a shell block of README.md and
docs/*.md names a command that exists, and its options parse (a usage synopsis such as
`tacitus events --db PATH [--type T]` has every option it shows); the README's Python block
runs. Documented commands are parsed, never run: serving (`serve`, `demo`), a Ray cluster
(`run --address`) and files that exist only on the reader's machine cannot run in a test.
The one that can, the quick start (`tacitus extract --example --summary`), runs (slow).
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tacitus.cli import main
from tacitus.cli.main import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SHELL_BLOCKS = {"", "sh", "bash", "shell", "console"}
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
ENV = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*$")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _all_commands() -> list[list[str]]:
    """Every command path (`["extract"]`, ...), sub-commands of sub-commands included."""
    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for name, child in _subcommands(parser).items():
            found.append([*path, name])
            walk(child, [*path, name])

    walk(build_parser(), [])
    return found


def documented_commands() -> list[tuple[str, str]]:
    """`(where, command line)` of every `tacitus ...` line in a shell block of the docs."""
    found = []
    for doc in DOCUMENTS:
        text = doc.read_text(encoding="utf-8")
        for block in FENCE.finditer(text):
            if block.group(1) not in SHELL_BLOCKS:
                continue
            start = text[: block.start(2)].count("\n") + 1
            lines = block.group(2).replace("\\\n", " ").splitlines()
            for number, line in enumerate(lines, start=start):
                for part in re.split(r"&&|\|\||;", line.split(" #")[0]):
                    words = part.split()
                    while words and ENV.match(words[0]):
                        words.pop(0)
                    if words and (words[0] == "tacitus" or words[0].endswith("/tacitus")):
                        found.append((f"{doc.name}:{number}", " ".join(words[1:])))
    return found


DOCUMENTED = documented_commands()


def test_the_docs_show_commands():
    assert len(DOCUMENTED) >= 10
    assert {line.split()[0] for _, line in DOCUMENTED} >= {"extract", "ingest", "events"}


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([*command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.strip() and "usage: tacitus" in out


def test_top_level_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for name in _subcommands(build_parser()):
        assert name in out


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "tacitus", "--help"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "extract" in done.stdout


@pytest.mark.parametrize(("where", "line"), DOCUMENTED, ids=[w for w, _ in DOCUMENTED])
def test_documented_command_exists_and_parses(where, line):
    words = shlex.split(line)
    parser = build_parser()
    commands = _subcommands(parser)
    assert words and words[0] in commands, f"{where}: no command `tacitus {words[:1]}`"
    if "[" in line or "..." in line:
        # A usage synopsis: every option it shows must be an option of the command.
        known = commands[words[0]]._option_string_actions
        shown = re.findall(r"(?<![\w-])(--?[a-zA-Z][\w-]*)", line)
        unknown = [option for option in shown if option not in known]
        assert not unknown, f"{where}: `tacitus {words[0]}` has no option {unknown}"
    else:
        parser.parse_args(words)  # exits (status 2) on an unknown command or option


@pytest.mark.slow
def test_quick_start_runs(capsys):
    assert main(["extract", "--example", "--summary", "-q"]) == 0
    assert "event:" in capsys.readouterr().out


def _python_blocks(doc: Path) -> list[str]:
    return [
        b.group(2)
        for b in FENCE.finditer(doc.read_text(encoding="utf-8"))
        if b.group(1) == "python"
    ]


@pytest.mark.slow
def test_readme_python_blocks_run():
    api, partial = _python_blocks(ROOT / "README.md")
    tiny = "KABUL (Reuters) - Police arrested two men in Kabul on Sunday, officials said."
    # The block's free names stand for the reader's own texts.
    names: dict[str, object] = {"texts": [tiny, tiny], "text": tiny}
    exec(compile(api, "README.md", "exec"), names)
    assert names["record"]["id"] == 1
    names = {}
    exec(compile(partial, "README.md", "exec"), names)
    article = names["article"]
    assert article.places and not article.actors and not article.events  # run up to places


def test_the_entry_point_is_the_public_main():
    import importlib
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    module, _, name = scripts["scripts"]["tacitus"].partition(":")
    assert (module, name) == ("tacitus.cli", "main")
    assert getattr(importlib.import_module(module), name) is main
