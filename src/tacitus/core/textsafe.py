"""Article strings made safe for the programs they reach: spreadsheets and terminals.

Every string that comes from an article is untrusted. A CSV cell that begins with `=`, `+`,
`-`, `@` (or a tab or carriage return) runs as a formula when a spreadsheet opens the file
(OWASP "CSV injection"); control characters and escape sequences written to a terminal can
move the cursor, rewrite the screen or set the window title. Nothing here reads or adds to
an `Article`.
"""

from __future__ import annotations

import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def spreadsheet_safe(value: Any) -> Any:
    """`value` for a CSV or TSV cell: a string that a spreadsheet would run gets a `'` first.

    Numbers stay numbers (a negative number is not a formula); other values are returned as
    they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def terminal_safe(text: str) -> str:
    """`text` with control characters, escape sequences and bidi overrides replaced by `?`.

    Newlines and tabs are kept; everything else below U+0020, DEL, the C1 controls (ESC and
    CSI among them) and the bidirectional overrides is replaced.
    """
    return _CONTROL.sub("?", text)
