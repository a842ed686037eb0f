"""Check that a change of layout changed no output: extract every gold file, then compare.

    python scripts/compare_outputs.py save BEFORE_DIR     # on the old code
    python scripts/compare_outputs.py save AFTER_DIR      # on the new code
    python scripts/compare_outputs.py diff BEFORE_DIR AFTER_DIR

`save` runs `tacitus extract` (this interpreter's tacitus) on every `*.jsonl` of
`../shared/gold/` (or `--gold DIR`) and on the shipped example, one output file each.
`diff` compares the records line by line and prints, per file, how many records differ and
the first differing keys; it exits 1 when any record differs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _inputs(gold: Path) -> list[Path]:
    example = ROOT / "src" / "tacitus" / "examples" / "tripoli.jsonl"
    return [*sorted(gold.glob("*.jsonl")), example]


def save(out_dir: Path, gold: Path, workers: int) -> None:
    """Extract every gold file and the example into `out_dir`, one `.jsonl` each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in _inputs(gold):
        target = out_dir / path.name
        command = [sys.executable, "-m", "tacitus", "extract", str(path), "-q", "-o", str(target)]
        if workers > 1:
            command += ["--workers", str(workers)]
        code = subprocess.call(command)
        print(f"{path.name}: exit {code}", flush=True)


def _first_difference(a: object, b: object, where: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                return _first_difference(a.get(key), b.get(key), f"{where}.{key}")
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{i}]")
    return f"{where or '.'}: {json.dumps(a)[:120]} != {json.dumps(b)[:120]}"


def diff(before: Path, after: Path) -> int:
    """Print the differences between two `save` folders; 1 when any record differs."""
    changed = 0
    for old in sorted(before.glob("*.jsonl")):
        new = after / old.name
        if not new.exists():
            print(f"{old.name}: missing in {after}")
            changed += 1
            continue
        a = old.read_text("utf-8").splitlines()
        b = new.read_text("utf-8").splitlines()
        bad = [i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y]
        if len(a) != len(b):
            print(f"{old.name}: {len(a)} records before, {len(b)} after")
            changed += 1
        print(f"{old.name}: {len(a)} records, {len(bad)} differ")
        for i in bad[:3]:
            print("   ", _first_difference(json.loads(a[i]), json.loads(b[i])))
        changed += len(bad)
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_save = sub.add_parser("save", help="extract every gold file into a folder")
    p_save.add_argument("out_dir", type=Path)
    p_save.add_argument("--gold", type=Path, default=ROOT.parent / "shared" / "gold")
    p_save.add_argument("--workers", type=int, default=1)
    p_diff = sub.add_parser("diff", help="compare two folders made by save")
    p_diff.add_argument("before", type=Path)
    p_diff.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.out_dir, args.gold, args.workers)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
