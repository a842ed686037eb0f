"""`tacitus serve` takes its store where the store commands do, and the shell completes `tacitus`.

Completion runs the installed `tacitus` script as the shell would (argcomplete's protocol:
`_ARGCOMPLETE`, `COMP_LINE`, `COMP_POINT`), reading its answer from the file it writes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tacitus.cli.main import main
from web_fixtures import build_store

SCRIPT = Path(sys.executable).parent / "tacitus"


def test_serve_opens_the_default_store_of_the_store_commands(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TACITUS_TOKEN", raising=False)
    monkeypatch.delenv("TACITUS_DB", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["serve"]) == 2  # no --db: tacitus.duckdb here, which does not exist yet
    assert "No store at tacitus.duckdb" in capsys.readouterr().err
    monkeypatch.setenv("TACITUS_DB", str(tmp_path / "elsewhere.duckdb"))
    assert main(["serve"]) == 2
    assert "elsewhere.duckdb" in capsys.readouterr().err
    # An existing default store is found: off loopback it is the token, not the store, that
    # is missing (the check after the store's).
    build_store(tmp_path / "elsewhere.duckdb")
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--token" in capsys.readouterr().err


def complete(line: str, tmp_path: Path) -> list[str]:
    """What `tacitus` offers for the command line `line` with the cursor at its end."""
    answer = tmp_path / "completion.txt"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
    }
    subprocess.run([str(SCRIPT)], env=env, check=True, timeout=120, stdin=subprocess.DEVNULL)
    return [word.strip() for word in answer.read_text().split("\v")]


@pytest.mark.skipif(not SCRIPT.exists(), reason="the tacitus script is not installed")
def test_the_shell_completes_commands_and_options(tmp_path: Path) -> None:
    assert complete("tacitus ser", tmp_path) == ["serve"]
    assert {"--db", "--host", "--port", "--token"} <= set(complete("tacitus serve --", tmp_path))
    assert complete("tacitus events --ty", tmp_path) == ["--type"]
