"""The command line: one module per command group; imported by nobody.

`main` (cli/main.py) is the `tacitus` entry point; `extract`, `evaluate`, `store`, `web` and
`run` each register their commands on its parser; `options` holds the options they share.
"""

from tacitus.cli.main import main

__all__ = ["main"]
