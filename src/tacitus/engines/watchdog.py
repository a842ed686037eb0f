"""How a Ray driver ends: its local Ray's processes with it, and signals between shards.

A local Ray's GCS, raylet and monitors are the driver's children and die with it
(PR_SET_PDEATHSIG), its workers with the raylet; but the raylet's dashboard and runtime-env
agents outlived a driver killed by SIGKILL by minutes (measured with Ray 2.60). The watchdog,
a process the driver starts, notes every second which processes descend from the driver
and, once the driver is gone however it ended, ends those that are left. It does not kill a
process group: the driver's group may hold the user's own processes (`tacitus run | tee`).
Linux only (it reads /proc); elsewhere nothing is started.

Ctrl-C and SIGTERM stop a run between shards: `SignalsHeld` holds them back while the
driver records a finished shard, and `keep_sigterm_handler` keeps `ray.init` from making
SIGTERM exit the driver at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType, TracebackType
from typing import Any

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


# -- signals --------------------------------------------------------------------------------


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextmanager
def keep_sigterm_handler() -> Iterator[None]:
    """Keep the caller's Python handler of SIGTERM across the block (`ray.init` replaces it
    with one that exits: the command line's turns SIGTERM into an interrupt, as Ctrl-C, so
    that the run reports what finished, shuts Ray down and exits 143). A default or ignored
    SIGTERM is left to Ray."""
    handler = signal.getsignal(signal.SIGTERM) if _main_thread() else None
    try:
        yield
    finally:
        if callable(handler):
            signal.signal(signal.SIGTERM, handler)


class SignalsHeld:
    """Ctrl-C and SIGTERM held back inside a `with` block (a finished shard being recorded).

    `install` puts a handler in front of each Python handler of SIGINT and SIGTERM (those
    that raise `KeyboardInterrupt`, or the command line's `Interrupted`). Outside a block it
    passes a signal straight on; inside one it notes it, and the end of the block passes the
    first one noted on. So an interrupt never falls between a shard's output file, its
    manifest entry and its count in the report. A default or ignored disposition is left
    alone (no exception to put off), and so is every thread but the main one, where Python
    runs no signal handler.
    """

    SIGNALS = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.previous: dict[int, Callable[[int, FrameType | None], Any]] = {}
        self.holding = False
        self.held: list[int] = []

    def install(self) -> None:
        """Hold the signals back inside `with` blocks from now on (main thread only)."""
        if not _main_thread():
            return
        for signum in self.SIGNALS:
            handler = signal.getsignal(signum)
            if callable(handler):
                self.previous[signum] = handler
                signal.signal(signum, self._handle)

    def restore(self) -> None:
        """Put the handlers `install` found back."""
        for signum, handler in self.previous.items():
            if signal.getsignal(signum) == self._handle:
                signal.signal(signum, handler)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.holding:
            self.held.append(signum)
        else:
            self.previous[signum](signum, frame)

    def __enter__(self) -> None:
        self.holding = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.holding = False
        held, self.held = self.held, []
        if held:
            self.previous[held[0]](held[0], None)
