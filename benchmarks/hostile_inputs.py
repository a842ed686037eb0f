"""Peak memory of `tacitus extract` on hostile inputs: a gzip bomb and 100,000-deep JSON.

Builds, in a temporary folder: a `.warc.gz` whose one HTML response inflates to about 1 GB,
a `.txt.gz` and a `.jsonl.gz` that inflate to about 1 GB, and a JSON Lines file with a line
nested 100,000 deep between two good lines. Runs `tacitus extract` on each in a child
process and reports the child's peak resident memory (`resource.getrusage`), its exit status
and the error kinds it wrote. The bar (issue 14): under 500 MB for the whole process.

    .venv/bin/python benchmarks/hostile_inputs.py
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOOD = json.dumps({"text": "Police arrested two men in Valmora on Thursday, a spokesman said."})
INFLATED = 1 << 30  # 1 GiB
CHUNK = b" " * (1 << 20)


def _gzip_of_spaces(head: bytes, size: int, tail: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as handle:
        handle.write(head)
        for _ in range(size // len(CHUNK)):
            handle.write(CHUNK)
        handle.write(tail)
    return out.getvalue()


def _warc_bomb(path: Path) -> None:
    """One gzip member (a WARC record) whose HTML body inflates to INFLATED bytes."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
    body_len = len(http) + INFLATED
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:bomb>\r\n"
        b"WARC-Target-URI: https://bomb.example/\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        b"Content-Type: application/http; msgtype=response\r\n"
        + f"Content-Length: {body_len}\r\n\r\n".encode()
        + http
    )
    path.write_bytes(_gzip_of_spaces(head, INFLATED, b"\r\n\r\n"))


def _run(*inputs: Path) -> dict[str, object]:
    tacitus = Path(sys.executable).with_name("tacitus")
    code = (
        "import resource, subprocess, sys, json\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "kinds = [json.loads(l).get('error', {}).get('kind', 'record') "
        "for l in p.stdout.splitlines()]\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'rc': p.returncode, 'kinds': kinds, 'peak_mb': round(peak / 1024)}))\n"
    )
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, str(tacitus), "extract", "-q", *map(str, inputs)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result


def main() -> None:
    """Build the hostile inputs, run `tacitus extract` on each, print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        good = root / "good.txt"
        good.write_text(json.loads(GOOD)["text"])
        warc = root / "bomb.warc.gz"
        _warc_bomb(warc)
        text = root / "bomb.txt.gz"
        text.write_bytes(_gzip_of_spaces(b"Words ", INFLATED, b""))
        lines = root / "bomb.jsonl.gz"
        lines.write_bytes(
            gzip.compress((GOOD + "\n").encode())
            + _gzip_of_spaces(b'{"text": "', INFLATED, b'"}\n')
            + gzip.compress((GOOD + "\n").encode())
        )
        deep = root / "deep.jsonl"
        deep.write_text(GOOD + "\n" + "[" * 100_000 + "]" * 100_000 + "\n" + GOOD + "\n")
        print("baseline (one good text):", _run(good))
        for path in (warc, text, lines, deep):
            size = path.stat().st_size
            print(f"{path.name} ({size / 1e6:.1f} MB on disk):", _run(good, path, good))


if __name__ == "__main__":
    main()
