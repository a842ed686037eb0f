"""What the gazetteer costs each process in memory, shared (mapped from the cache folder)
or not (read into the process), with N processes holding it at once.

    python benchmarks/gazetteer_memory.py [--processes 4]

Each process loads the gazetteer, resolves a few names (so the pages it reads are touched),
then reports its proportional set size (PSS: shared pages divided among the processes that
map them) and its private memory, both over a bare interpreter that imported numpy.
Linux only (/proc/self/smaps_rollup).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

_CHILD = r"""
import json, sys, time
import numpy

def memory():
    found = {}
    for line in open("/proc/self/smaps_rollup"):
        parts = line.split()
        if parts[0] in ("Pss:", "Private_Clean:", "Private_Dirty:"):
            found[parts[0]] = int(parts[1]) / 1024
    return found["Pss:"], found["Private_Clean:"] + found["Private_Dirty:"]

from tacitus.kb import gazetteer as gz
before = memory()
started = time.perf_counter()
g = gz.gazetteer()
seconds = time.perf_counter() - started
for name in ("Aleppo", "Paris", "Springfield", "Georgia", "Tripoli", "Ill.", "Main"):
    [g.describe(e) for e in g.lookup(name)]
for i in range(0, len(g.keys), 997):  # touch the index throughout
    g.keys[i]
sys.stdout.write("ready\n")
sys.stdout.flush()
sys.stdin.readline()  # wait until every process holds the gazetteer
after = memory()
print(json.dumps({"pss_mb": after[0] - before[0], "private_mb": after[1] - before[1],
                  "load_s": seconds}))
"""


def _measure(processes: int, env: dict[str, str]) -> dict[str, float]:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(processes)
    ]
    for child in children:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    time.sleep(0.2)
    rows = [json.loads(child.communicate()[0]) for child in children]
    return {key: round(sum(r[key] for r in rows) / len(rows), 3) for key in rows[0]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        shared_env = dict(os.environ, TACITUS_CACHE=os.path.join(folder, "cache"))
        _measure(1, shared_env)  # unpack once, as the first process of a machine does
        shared = _measure(args.processes, shared_env)
        blocker = os.path.join(folder, "a-file")
        with open(blocker, "w") as handle:
            handle.write("no cache folder can be made under a file")
        private_env = dict(os.environ, TACITUS_CACHE=os.path.join(blocker, "cache"))
        private = _measure(args.processes, private_env)
    print(json.dumps({"processes": args.processes, "shared": shared, "private": private}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
