"""INGEST_PROFILE=1: one stderr line per phase of a run — seconds since the last line, resident and peak memory.

For finding where the seconds and bytes of a large run go (benchmarks/scale.py measures the whole from outside)."""

from __future__ import annotations

import os
import resource
import sys
import time

ENABLED = bool(os.environ.get("INGEST_PROFILE"))
_last = [time.perf_counter()]


def mark(phase: str) -> None:
    if not ENABLED:
        return
    now = time.perf_counter()
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            rss = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        rss = 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(f"[profile] {phase:<28} {now - _last[0]:7.2f} s  rss {rss / 1e6:7.0f} MB  peak {peak / 1e6:7.0f} MB",
          file=sys.stderr, flush=True)
    _last[0] = now
