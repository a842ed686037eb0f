"""The watchdog of a local Ray: its processes end with the driver that started them.

A local Ray's GCS, raylet and monitors are the driver's children and die with it
(PR_SET_PDEATHSIG), its workers with the raylet; but the raylet's dashboard and runtime-env
agents outlived a driver killed by SIGKILL by minutes (measured with Ray 2.60). The watchdog,
a process the driver starts, notes every second which processes descend from the driver
and, once the driver is gone however it ended, ends those that are left. It does not kill a
process group: the driver's group may hold the user's own processes (`tacitus run | tee`).
Linux only (it reads /proc); elsewhere nothing is started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

_SECONDS = 1.0


def start_watchdog() -> None:
    """Start the watchdog of this process's local Ray (call right after `ray.init`)."""
    if not Path("/proc/self/stat").exists():
        return
    code = f"from tacitus.engines.watchdog import watch_driver; watch_driver({os.getpid()})"
    subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C at the terminal is for the driver, not for it
    )


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time) of a process from /proc, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()  # the name may hold spaces and ')'
    return int(fields[1]), int(fields[19])


def _descendants(root: int) -> dict[int, int]:
    """Every process below `root`: pid -> start time (to tell a reused pid apart)."""
    children: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat is not None:
                children[stat[0]].append((int(entry.name), stat[1]))
    found: dict[int, int] = {}
    stack = [root]
    while stack:
        for pid, started in children.get(stack.pop(), []):
            if pid not in found:
                found[pid] = started
                stack.append(pid)
    return found


def watch_driver(driver: int) -> None:
    """The watchdog's loop: end the driver's leftover processes once the driver is gone.

    Args:
        driver: the pid of the `tacitus run` (or `extract --engine ray`) process.
    """
    me = os.getpid()
    seen: dict[int, int] = {}
    while os.getppid() == driver:
        seen.update({p: t for p, t in _descendants(driver).items() if p != me})
        time.sleep(_SECONDS)
    for sig in (signal.SIGTERM, signal.SIGKILL):
        alive = [p for p, t in seen.items() if (_proc_stat(p) or (0, -1))[1] == t]
        for pid in alive:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        if alive and sig == signal.SIGTERM:
            time.sleep(2)
