"""Document -> facts (the JSON-Lines contract of `python -m ingest extract`).

Pipeline inside: compact view (text.py: line wraps, spaces, footnotes, glosses dropped, offsets kept) -> blocks and
sentences -> pieces (mentions.py: quantities, rank claims, comparisons, summaries) -> sentence grammar (grammar.py,
with names.py for indicator names, subjects.py for carry-over and pairs, claims.py for rankings/comparisons,
targets.py for plan sections and qualifiers) -> `Fact`s with offsets in `doc.text` and indicator codes from the
dictionary, sorted by (start, end, type). Word lists live in lexicon.py, units in units.py, places in regions.py (from
the regions file, as they stood on the report's date).
"""

from __future__ import annotations

from ingest.extract.native import use_native

use_native(__path__)  # compiled modules, when a build of exactly these sources is there (else plain Python)

from ingest.extract.facts import extract  # noqa: E402

__all__ = ["extract"]
