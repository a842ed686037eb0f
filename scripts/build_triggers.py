"""Build the event-trigger lexicon `src/tacitus/lexicons/en/triggers_cameo.json.gz`.

Reads the PETRARCH2 CAMEO 2.0 verb-pattern dictionary (verbs grouped in blocks with a CAMEO
code, and object / preposition patterns that refine the code) and the CAMEO-to-PLOVER table,
and writes, for every verb lemma, its PLOVER type and mode and its patterns already mapped
to PLOVER. The hand-curated overrides and nominal triggers live in
`src/tacitus/lexicons/en/triggers_curated.tsv` and are read by `tacitus.lexicons.triggers` at
run time.

Usage:
    python scripts/build_triggers.py [--phoenix DIR] [--plover DIR] [-o OUT]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

MIT_NOTICE = (
    "Derived from the CAMEO 2.0 verb dictionary of PETRARCH2 (Open Event Data Alliance), "
    "MIT License, Copyright (c) 2015 Open Event Data Alliance: Permission is hereby granted, "
    "free of charge, to any person obtaining a copy of this software and associated "
    "documentation files, to deal in the Software without restriction. THE SOFTWARE IS "
    "PROVIDED AS IS, WITHOUT WARRANTY OF ANY KIND. CAMEO-to-PLOVER table: PLOVER project, "
    "CC BY-SA 4.0."
)

#: PLOVER 2.0 modes per type (FORMAT.md); other modes of the 2021 table become null.
PLOVER_MODES = {
    "AGREE": set(),
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "SUPPORT": set(),
    "CONCEDE": set(),
    "COOPERATE": set(),
    "AID": set(),
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {
        "seize",
        "restrict",
        "censor",
        "curfew",
        "martial-law",
        "arrest",
        "deport",
        "withhold",
        "misinformation",
        "cyber",
    },
    "ASSAULT": {
        "abduct",
        "beat",
        "torture",
        "sexual",
        "targeted",
        "destroy",
        "primitive",
        "firearms",
        "explosives",
        "suicide-attack",
        "aerial",
        "drone",
        "heavy-weapons",
        "crowd-control",
        "unconventional",
    },
}

#: Table modes renamed to their PLOVER 2.0 equivalent.
MODE_RENAMES = {"assassinate": "targeted", "ban": "restrict"}

#: Codes whose table entry PLOVER 2.0 reads differently (CAMEO 195: aerial weapons).
CODE_OVERRIDES = {"195": ("ASSAULT", "aerial"), "1712": ("ASSAULT", "destroy")}


def read_plover_table(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code -> (PLOVER type, PLOVER 2.0 mode or None)."""
    table: dict[str, tuple[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^(\d+):\s*([A-Z]+)\s*(?:,\s*([^,#]*))?", line)
        if not match:
            continue
        code, ptype, mode = match.group(1), match.group(2), (match.group(3) or "").strip()
        mode = MODE_RENAMES.get(mode, mode)
        table[code] = (ptype, mode if mode in PLOVER_MODES.get(ptype, set()) else None)
    table.update(CODE_OVERRIDES)
    return table


def to_plover(code: str, table: dict[str, tuple[str, str | None]]) -> tuple[str, str | None] | None:
    """PLOVER (type, mode) of a CAMEO code; None for statements (01) and uncoded patterns.

    CAMEO 02 (appeal) parallels 10 (demand): both are PLOVER REQUEST with the same modes.
    """
    code = code.strip()
    if not code or "-" in code or code.startswith("01") or code.startswith("00"):
        return None
    if code.startswith("02"):
        code = "10" + code[2:]
    for length in range(len(code), 1, -1):
        if code[:length] in table:
            return table[code[:length]]
    return None


def _code_of(text: str) -> str | None:
    match = re.search(r"\[([^\]]*)\]", text)
    if not match:
        return None
    parts = [p for p in match.group(1).split(":") if p.strip()]
    return parts[0].strip() if parts else "---"


def _words(pattern: str) -> list[str]:
    """Lower-case words of one side of a pattern, markers and brackets dropped."""
    cleaned = re.sub(r"[{}()]", " ", pattern)
    words = []
    for word in cleaned.split():
        if word in {"$", "+", "^", "%", "*"} or word.startswith("#"):
            continue
        words.append(word.strip("_").replace("_", " ").lower())
    return [w for w in words if w]


def read_synsets(lines: list[str]) -> dict[str, list[str]]:
    """&NAME -> its member words (lower case)."""
    synsets: dict[str, list[str]] = {}
    current = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("&"):
            current = line.lower()
            synsets[current] = []
        elif line.startswith("+") and current:
            synsets[current].append(line[1:].strip("_").replace("_", " ").lower())
        elif not line:
            current = None
    return synsets


def read_verbs(lines: list[str], table: dict[str, tuple[str, str | None]]) -> dict[str, dict]:
    """lemma -> {"type", "mode", "code", "patterns": [[pre, post, type, mode, code], ...]}."""
    verbs: dict[str, dict] = {}
    block_code: str | None = None
    block_name = ""
    block_verbs: list[str] = []
    block_patterns: list[list] = []

    def flush() -> None:
        for lemma in block_verbs:
            entry = verbs.setdefault(lemma, {"patterns": []})
            entry["patterns"].extend(block_patterns)

    for raw in lines:
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("---"):
            flush()
            block_code = _code_of(line)
            block_name = line.strip("- ").split("[")[0].strip().replace("_", " ").lower()
            block_verbs, block_patterns = [], []
        elif line.startswith("-"):
            body = line[1:]
            code = _code_of(body) or block_code or "---"
            body = re.sub(r"\[[^\]]*\]", "", body)
            pre, _, post = body.partition("*")
            plover = to_plover(code, table)
            block_patterns.append([_words(pre), _words(post), *(plover or (None, None)), code])
        elif block_code is not None:
            match = re.match(r"^\+?([A-Z][A-Z_'\-]*)", line.strip())
            if not match:
                continue
            lemma = match.group(1).strip("_").replace("_", " ").lower()
            own = _code_of(line)
            code = own or block_code
            plover = to_plover(code, table) if code else None
            entry = verbs.setdefault(lemma, {"patterns": []})
            if plover and "type" not in entry:
                # own: the code is the verb's, not its synonym block's (WordNet synonyms
                # such as ISSUE under a cooperation block are much noisier)
                entry.update(
                    type=plover[0], mode=plover[1], code=code, own=bool(own) or lemma == block_name
                )
            block_verbs.append(lemma)
    flush()
    for entry in verbs.values():
        entry["patterns"] = [p for p in entry["patterns"] if p[1] or p[0]]
    return verbs


def build(phoenix: Path, plover: Path) -> dict:
    table = read_plover_table(plover / "CAMEO2PLOVER-2021.txt")
    lines = (phoenix / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    end = next(i for i, line in enumerate(lines) if "TRANSFORMATIONS" in line)
    return {
        "licence": MIT_NOTICE,
        "synsets": read_synsets(lines[:start]),
        "verbs": read_verbs(lines[start + 1 : end], table),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phoenix", type=Path, default=SHARED / "phoenix")
    parser.add_argument("--plover", type=Path, default=SHARED / "plover")
    parser.add_argument(
        "-o", "--out", type=Path, default=ROOT / "src/tacitus/lexicons/en/triggers_cameo.json.gz"
    )
    args = parser.parse_args()
    lexicon = build(args.phoenix, args.plover)
    with gzip.open(args.out, "wt", encoding="utf-8") as handle:
        json.dump(lexicon, handle, separators=(",", ":"), sort_keys=True)
    coded = sum(1 for v in lexicon["verbs"].values() if v.get("type"))
    print(f"{len(lexicon['verbs'])} verbs ({coded} with a default type) -> {args.out}")


if __name__ == "__main__":
    main()
