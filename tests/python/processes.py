"""The processes a test started, read from /proc (Linux): its descendants, and which of them still live after a kill.
Shared by the fault tests and benchmarks/faults.py."""

from __future__ import annotations

import time
from pathlib import Path

Proc = tuple[int, int, str]  # pid, start time (clock ticks since boot: tells a reused pid apart), command line


def _stat(pid: int) -> tuple[int, int, str] | None:
    """(parent pid, start time, state) of a live process, None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    rest = raw[raw.rindex(")") + 2 :].split()  # the command name in parentheses may hold spaces
    return int(rest[1]), int(rest[19]), rest[0]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return ""


def descendants(root: int) -> list[Proc]:
    """Every live process below `root` (children, their children, …)."""
    parent_of: dict[int, int] = {}
    started: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st is not None and st[2] != "Z":
                parent_of[int(entry.name)], started[int(entry.name)] = st[0], st[1]
    found: list[Proc] = []
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parent_of.items():
            if parent == pid:
                found.append((child, started[child], _cmdline(child)))
                frontier.append(child)
    return found


def alive(procs: list[Proc]) -> list[Proc]:
    """Those of `procs` still running (the same process: same pid and start time; zombies count as gone)."""
    out = []
    for pid, start, cmd in procs:
        st = _stat(pid)
        if st is not None and st[1] == start and st[2] != "Z":
            out.append((pid, start, cmd))
    return out


def survivors(procs: list[Proc], grace: float = 10.0) -> list[Proc]:
    """Those of `procs` still running after `grace` seconds (a killed parent's children get a moment to die)."""
    deadline = time.monotonic() + grace
    while (left := alive(procs)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left
