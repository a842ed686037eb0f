"""Build src/tacitus/data/plover_scores.tsv from the PLOVER manual (LaTeX source).

Reads the "PLOVER conflict--cooperation scores" table (type, type: mode -> score) and each
category's "Quad category" subsection; writes `type, mode, quad_code, score` per line (mode
empty for the category's own score). Quad codes: 1 verbal cooperation, 2 material cooperation,
3 verbal conflict, 4 material conflict. The manual is CC BY-SA 4.0 (Open Event Data Alliance).

    python scripts/build_plover_scores.py ../shared/data/plover/PLOVER_MANUAL.tex
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

QUADS = {
    "VERBAL COOPERATION": 1,
    "MATERIAL COOPERATION": 2,
    "VERBAL CONFLICT": 3,
    "MATERIAL CONFLICT": 4,
}
OUT = Path(__file__).resolve().parents[1] / "src" / "tacitus" / "data" / "plover_scores.tsv"


def read_quads(tex: str) -> dict[str, int]:
    """Category -> quad code, from `\\section{TYPE}` ... `\\subsection{Quad category: ...}`."""
    quads: dict[str, int] = {}
    for section in re.split(r"\\section\{", tex)[1:]:
        name = section.split("}", 1)[0].strip()
        found = re.search(r"\\subsection\{Quad category:\s*([A-Z ]+)\}", section)
        if name.isupper() and found:
            quads[name] = QUADS[found.group(1).strip()]
    return quads


def read_scores(tex: str) -> list[tuple[str, str, float]]:
    """(type, mode, score) cells of the live scores table (commented lines skipped)."""
    live = tex.index("\\hspace*{-1.2cm}")  # the commented-out older table has no \hspace
    table = tex[live : tex.index(r"\end{tabular}", live)]
    cells: list[tuple[str, str, float]] = []
    for line in table.splitlines():
        if line.lstrip().startswith("%") or "&" not in line:
            continue
        parts = [re.sub(r"\\cellcolor\{[^}]*\}", "", p).strip(" \\\t") for p in line.split("&")]
        for label, score in zip(parts[0::2], parts[1::2], strict=False):
            if not label or not re.fullmatch(r"-?[0-9.]+", score):
                continue
            kind, _, mode = label.partition(":")
            cells.append((kind.strip(), mode.strip().lower(), float(score)))
    return cells


def main(argv: list[str]) -> int:
    tex = Path(argv[1]).read_text(encoding="utf-8")
    quads = read_quads(tex)
    header = [
        "# PLOVER scores and quad codes, from the PLOVER manual (CC BY-SA 4.0, OEDA).",
        "# Built by scripts/build_plover_scores.py. Columns: type (PLOVER), mode (empty: the",
        "# type's own score), quad_code (1 verbal cooperation, 2 material cooperation, 3 verbal",
        "# conflict, 4 material conflict), score (the manual's conflict-cooperation score).",
        "type\tmode\tquad_code\tscore",
    ]
    rows = [f"{kind}\t{mode}\t{quads[kind]}\t{score:g}" for kind, mode, score in read_scores(tex)]
    OUT.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} scores to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
