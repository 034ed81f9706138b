"""Extraction throughput on the seed report (reports/s, one core): `python benchmarks/extract_throughput.py`.

Reading/cleaning/identifying is done once outside the timed loop; the loop times `ingest.extract.extract` alone.
Target: >= 100 reports/s. `--profile` prints where the CPU time goes instead (cProfile on process time, so a busy
machine's waiting does not show up as cost).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.extract import extract  # noqa: E402
from ingest.model import Document  # noqa: E402
from ingest.pipeline import load_document  # noqa: E402

SEED = "000_4d642fd5ff5d4800.txt"


def main(argv: list[str]) -> int:
    shared = Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")
    path = shared / "corpus" / SEED
    if not path.exists():
        path = ROOT / "reports" / SEED
    doc = load_document(path)
    extract(doc)  # warm caches (dictionary, compiled patterns)
    if "--profile" in argv:
        return _profile(doc)
    n, facts = 0, 0
    start, cpu0 = time.perf_counter(), time.process_time()
    deadline = start + float(os.environ.get("BENCH_SECONDS", "3"))
    while time.perf_counter() < deadline:
        facts = len(extract(doc))
        n += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu0
    # CPU time is what one core spends; wall time also counts waiting for a busy machine's other processes.
    print(f"extract: {n / cpu:.1f} reports/s on one core (CPU time; {cpu / n * 1000:.2f} ms/report), "
          f"{n / wall:.1f} reports/s wall clock; {facts} facts, {len(doc.text)} chars")
    # A fixed pure-Python loop, so figures from a busy or slow machine can be compared with another.
    ref = time.process_time()
    sum(range(10**7))
    print(f"reference: sum(range(10**7)) took {time.process_time() - ref:.3f} s CPU on this machine")
    return 0


def _profile(doc: Document, runs: int = 50) -> int:
    import cProfile
    import pstats

    prof = cProfile.Profile(time.process_time)
    prof.enable()
    for _ in range(runs):
        extract(doc)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
