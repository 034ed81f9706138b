"""benchmarks/synth.py: the synthetic corpus is deterministic, its reports are distinct documents, and the real ingest
loads them with their planted region and period and recovers most planted facts.

Measured (seed 0, 20 reports, 2026-11-28): 20/20 documents, 20/20 with the planted region and period, 1,292 of
1,350 planted facts recovered (95.7 %; same type, value and unit, or rank / benchmark and relation; 95.5 % over
1,000 reports). The floor below leaves room for extractor changes without letting a broken generator pass.
The worst shingle overlap between two of 2,000 reports was 0.54 (the ingest merges at 0.8).
"""

from __future__ import annotations

import itertools
import re
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import ingest.gate  # noqa: E402
from benchmarks import synth  # noqa: E402
from ingest.batch import run  # noqa: E402
from ingest.copies import NEAR_DUPLICATE, SHINGLE  # noqa: E402
from ingest.identify import normalized  # noqa: E402
from ingest.pipeline import load_document  # noqa: E402

N = 20
RECALL_FLOOR = 0.85


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth") / "reports"
    synth.generate(N, folder, seed=0)
    return folder


def test_same_seed_same_bytes_other_seed_other_reports(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "reports"
    synth.generate(N, again, seed=0)
    files = sorted(p.name for p in corpus.iterdir())
    assert files == sorted(p.name for p in again.iterdir())
    assert all((corpus / f).read_bytes() == (again / f).read_bytes() for f in files)
    assert synth.gold_path(corpus).read_bytes() == synth.gold_path(again).read_bytes()
    other = synth.generate(3, tmp_path / "other", seed=1)
    assert {r.name for r in other}.isdisjoint(files)


def test_report_i_does_not_depend_on_n(corpus: Path, tmp_path: Path) -> None:
    """Adding a report to a corpus is generating one more index: the first N are unchanged."""
    more = synth.generate(1, tmp_path / "one", seed=0, start=N - 1)
    assert (corpus / more[0].name).read_bytes() == more[0].data


def test_gold_sits_outside_the_report_folder_and_quotes_the_text(corpus: Path) -> None:
    gold = synth.gold_path(corpus)
    assert gold.parent == corpus.parent and gold.exists()
    reports = synth.generate(2, corpus.parent / "again", seed=0)
    for rep in reports:
        head, *facts = rep.gold
        assert head["type"] == "doc" and facts
        text = load_document(corpus / rep.name, rep.name).text if head["script"] == "simplified" and \
            head["format"] == "txt" and head["spam"] == "no" else None
        for fact in facts:
            assert fact["text"] and int(fact["end"]) - int(fact["start"]) == len(str(fact["text"]))
            if text is not None:  # a plain UTF-8/GB18030 page: the offsets are the ingest's own
                assert text[int(fact["start"]):int(fact["end"])] == fact["text"]


def _grams(text: str) -> set[str]:
    """The ingest's near-duplicate shingles: SHINGLE-character runs of the text without punctuation or spaces."""
    plain = re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", normalized(text)))
    return {plain[i:i + SHINGLE] for i in range(len(plain) - SHINGLE + 1)}


def test_reports_are_not_near_duplicates_of_each_other(corpus: Path) -> None:
    """Far below the ingest's merge threshold, so a scale run measures N documents, not a few merged ones."""
    grams = [_grams(load_document(p, p.name).text) for p in sorted(corpus.iterdir())]
    assert all(len(g) > 200 for g in grams)
    worst = max(len(a & b) / min(len(a), len(b)) for a, b in itertools.combinations(grams, 2))
    assert worst < NEAR_DUPLICATE - 0.2, worst


def test_real_ingest_loads_every_report_and_recovers_planted_facts(corpus: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest.gate, "DOCS", None)  # no Data Docs into the repo's build/
    result = run(corpus, tmp_path / "seeds", workers=1, cache_dir=None, show_progress=False)
    assert result.gate.passed
    assert [e.status for e in result.events].count("loaded") == N
    score = synth.score(synth.gold_path(corpus), tmp_path / "seeds")
    assert (score.files, score.documents, score.identified) == (N, N, N)
    assert score.recall >= RECALL_FLOOR, score.by_type
