"""An optional compiled build of the extractor's hot modules (mypyc): the same code and the same facts, less CPU.

The grammar is a few thousand small steps per report in Python bytecode; mypyc compiles the typed modules to C
(`MODULES`), which takes about a third off the instructions extraction runs. It is optional and never stale:

    .venv/bin/python -m ingest.extract.build_native          # build into build/native/extract/ (about a minute)
    .venv/bin/python -m ingest.extract.build_native --check  # say whether the build is used, and why not

The build (ingest/extract/build_native.py) runs mypy/mypyc from its own virtualenv, so the project's pinned
environment is untouched, and needs a C compiler and Python's headers. It writes the
extension modules and, last, a stamp holding the digest of the sources they were built from and this Python.
On import, `ingest.extract` puts the folder in front of its own only when that stamp matches the sources as they
are now: an edited module, a failed or missing build, another Python, or INGEST_PURE_PYTHON=1 all mean plain
Python. Nothing else changes: the compiled modules are the .py files here, checked by mypy first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ingest.digest import code_digest

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parents[1]
OUT = ROOT / "build" / "native" / "extract"
STAMP = "SOURCES"
# The modules a report's extraction spends its time in, and the word lists they read (firstchars reads the regex
# parser's internals, regions the regions file: both stay Python).
MODULES = ("facts", "grammar", "mentions", "names", "targets", "subjects", "claims", "state", "text", "units",
           "numbers", "lexicon")
# The compiled modules share one library, found through the package's path like the modules themselves.
GROUP = "ingest.extract.compiled"


def digest(root: Path | None = None) -> str:
    """Of this Python and the compiled modules' sources with everything they import (ingest/digest.py): what a
    build is valid for."""
    return code_digest([f"ingest.extract.{m}" for m in MODULES], root=root or ROOT,
                       prefix=f"{sys.implementation.cache_tag} {sys.version}")


def status() -> str | None:
    """None when the compiled build can be used, else why not."""
    if os.environ.get("INGEST_PURE_PYTHON"):
        return "INGEST_PURE_PYTHON is set"
    try:
        stamp = (OUT / STAMP).read_text(encoding="utf-8").strip()
    except OSError:
        return f"no build in {OUT} (python -m ingest.extract.build_native builds one)"
    if stamp != digest():
        return "the build is of other sources or another Python (rebuild: python -m ingest.extract.build_native)"
    return None


def use_native(package_path: list[str]) -> bool:
    """Put the compiled modules in front of the sources when they were built from exactly these sources."""
    if status() is not None:
        return False
    package_path.insert(0, str(OUT))
    return True
