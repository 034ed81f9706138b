"""ingest/incremental.py: a run after a successful one rebuilds and gates only what changed, and writes exactly the
files a full run from scratch writes (seeds, data-quality warnings, ingest events); whatever it cannot vouch for
goes to the full gate."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import ingest.incremental as incremental  # noqa: E402
from benchmarks import synth  # noqa: E402
from ingest import batch  # noqa: E402

N = 24
BAD = ("2022年上半年海安市国民经济运行情况\n发布日期：2022-08-03\n"
       "上半年，全市实现地区生产总值684.66亿元，同比增长1500%。规模工业总产值增长16.5%。\n")


def run(reports: Path, seeds: Path, cache: Path, fmt: str = "parquet", **kw: object) -> batch.RunResult:
    return batch.run(reports, seeds, workers=1, show_progress=False, fmt=fmt, cache_dir=cache, **kw)  # type: ignore


def files(seeds: Path, fmt: str = "parquet") -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(seeds.glob(f"*.{fmt}"))}


def synth_docs(seeds: Path) -> list[str]:
    return pl.read_parquet(seeds / "documents.parquet")["doc_id"].to_list()


def assert_as_cold(reports: Path, seeds: Path, cache: Path, tmp: Path) -> batch.RunResult:
    """Run incrementally into `seeds`, then from scratch into a new folder: the same files."""
    result = run(reports, seeds, cache)
    assert result.gate.note in (incremental.NOTE, incremental.UP_TO_DATE), "expected an incremental run"
    cold_dir = tmp / f"cold{len(list(tmp.glob('cold*')))}"
    cold = run(reports, cold_dir, tmp / "cold_cache", incremental=False)
    assert cold.gate.note is None and cold.gate.passed
    inc, ref = files(seeds), files(cold_dir)
    assert inc.keys() == ref.keys()
    for name in ref:
        if inc[name] != ref[name]:  # say which rows differ
            a, b = pl.read_parquet(seeds / name), pl.read_parquet(cold_dir / name)
            pytest.fail(f"{name}: incremental {a.height} rows vs cold {b.height}\n"
                        f"only incremental: {a.join(b, on=a.columns, how='anti', nulls_equal=True)}\n"
                        f"only cold: {b.join(a, on=a.columns, how='anti', nulls_equal=True)}")
    assert (result.documents, result.facts) == (cold.documents, cold.facts)
    assert [e.__dict__ for e in result.events] == [e.__dict__ for e in cold.events]
    return result


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path, Path]:
    reports, seeds, cache = tmp_path / "reports", tmp_path / "seeds", tmp_path / "cache"
    synth.generate(N, reports, seed=0)
    (tmp_path / "reports.gold.jsonl").unlink(missing_ok=True)
    first = run(reports, seeds, cache)
    assert first.gate.passed and first.gate.note is None  # no record yet: the full gate
    return reports, seeds, cache


def test_added_changed_removed_and_copied_files_match_a_cold_run(corpus: tuple[Path, Path, Path],
                                                                  tmp_path: Path) -> None:
    reports, seeds, cache = corpus
    dq = pl.read_parquet(seeds / "data_quality.parquet")
    # cross-row warnings are in play: removing the earlier report of a growth contradiction changes an unchanged
    # document's warning
    contradicted = dq.filter(pl.col("check_name") == "facts.growth_consistent")
    assert contradicted.height, "the corpus should hold a growth contradiction to exercise the cross-row scope"

    # nothing changed: nothing written, and said so
    unchanged = assert_as_cold(reports, seeds, cache, tmp_path)
    assert unchanged.changed == [] and unchanged.gate.note == incremental.UP_TO_DATE

    # one report added
    synth.generate(1, reports, seed=0, start=N, gold=tmp_path / "added.gold.jsonl")
    result = assert_as_cold(reports, seeds, cache, tmp_path)
    assert "facts" in result.changed and result.cached == N

    # the earlier report of a contradiction removed
    earlier = contradicted["message"][0].split("earlier report ")[1].split(",")[0]
    source = pl.read_parquet(seeds / "document_sources.parquet").filter(pl.col("doc_id") == earlier)["source_path"][0]
    (tmp_path / source).unlink()
    assert assert_as_cold(reports, seeds, cache, tmp_path).changed

    # a report edited in place (another document id), and one saved again under another name (a second source)
    victim, twin = sorted(reports.glob("*.txt"))[:2]
    victim.write_text(victim.read_text(encoding="utf-8").replace("增长", "增长1", 1), encoding="utf-8")
    shutil.copy(twin, reports / "zz_saved_again.txt")
    result = assert_as_cold(reports, seeds, cache, tmp_path)
    assert any(e.status == "duplicate" and e.source_path.endswith("zz_saved_again.txt") for e in result.events)

    # a near-identical mirror (its own chrome) of a report, then the first copy removed: the mirror is the document
    mirror = sorted(reports.glob("*.txt"))[3]
    (reports / "mirror_copy.txt").write_text(mirror.read_text(encoding="utf-8") + "\n返回首页 打印本页 关闭窗口\n",
                                             encoding="utf-8")
    result = assert_as_cold(reports, seeds, cache, tmp_path)
    # both say the same: the copy without the mirror's chrome is the document's text, the mirror its duplicate
    assert {e.source_path.rsplit("/", 1)[1] for e in result.events if e.status == "duplicate"} == {
        "zz_saved_again.txt", "mirror_copy.txt"}
    mirror.unlink()
    twin.unlink()
    assert assert_as_cold(reports, seeds, cache, tmp_path).changed


def test_a_failing_new_report_is_refused_by_the_full_gate_and_leaves_the_seeds(corpus: tuple[Path, Path, Path],
                                                                               tmp_path: Path) -> None:
    reports, seeds, cache = corpus
    before = files(seeds)
    (reports / "bad.txt").write_text(BAD, encoding="utf-8")
    result = run(reports, seeds, cache)
    assert not result.gate.passed and result.gate.note is None  # GX named the rows
    failed = {f"{f.suite}.{f.check}": f for f in result.gate.critical}
    assert "facts.growth_in_range" in failed
    assert failed["facts.growth_in_range"].examples[0]["sentence"].endswith("同比增长1500%。")
    assert result.changed == [] and files(seeds) == before
    # the record of the last good run still holds: without the bad file, the next run is incremental again
    (reports / "bad.txt").unlink()
    synth.generate(1, reports, seed=0, start=N, gold=tmp_path / "added.gold.jsonl")
    assert_as_cold(reports, seeds, cache, tmp_path)


def test_code_suite_or_seed_changes_force_a_full_run(corpus: tuple[Path, Path, Path], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    reports, seeds, cache = corpus
    synth.generate(1, reports, seed=0, start=N, gold=tmp_path / "added.gold.jsonl")
    # another suite (or gate code): the key of the record differs
    suites = tmp_path / "expectations"
    shutil.copytree(incremental.SUITES, suites)
    spec = suites / "facts.json"
    spec.write_text(spec.read_text(encoding="utf-8").replace("One row per statistic", "One row per figure"),
                    encoding="utf-8")
    monkeypatch.setattr(incremental, "SUITES", suites)
    assert run(reports, seeds, cache).gate.note is None
    monkeypatch.undo()
    # other per-file code (the extractor, the reference seeds): the record lived in the old code's cache
    monkeypatch.setattr(incremental, "code_version", lambda: "0123456789abcdef")
    synth.generate(1, reports, seed=0, start=N + 4, gold=tmp_path / "added.gold.jsonl")
    assert run(reports, seeds, cache).gate.note is None
    monkeypatch.undo()
    assert run(reports, seeds, cache).gate.note is None  # and back: that cache was dropped as stale
    # a seed file edited since the run that wrote it
    (seeds / "facts.parquet").write_bytes((seeds / "facts.parquet").read_bytes())
    synth.generate(1, reports, seed=0, start=N + 1, gold=tmp_path / "added.gold.jsonl")
    assert run(reports, seeds, cache).gate.note is None
    # back in step: incremental
    synth.generate(1, reports, seed=0, start=N + 2, gold=tmp_path / "added.gold.jsonl")
    assert run(reports, seeds, cache).gate.note == incremental.NOTE
    # --full never takes the incremental path; a run with nothing to do rewrites nothing and says so
    synth.generate(1, reports, seed=0, start=N + 3, gold=tmp_path / "added.gold.jsonl")
    assert run(reports, seeds, cache, incremental=False).gate.note is None
    before = files(seeds)
    again = run(reports, seeds, cache)
    assert again.gate.note == incremental.UP_TO_DATE and again.changed == [] and files(seeds) == before
    assert again.gate.passed and again.documents == len(synth_docs(seeds))


def test_many_changed_files_take_the_full_run(corpus: tuple[Path, Path, Path], tmp_path: Path) -> None:
    reports, seeds, cache = corpus
    synth.generate(N // 2, reports, seed=0, start=N, gold=tmp_path / "added.gold.jsonl")
    assert run(reports, seeds, cache).gate.note is None


def test_evaluator_matches_the_suites_rule_types() -> None:
    """The polars evaluator knows every expectation type the ingest tables' suites use (else every incremental run
    would fall back to the full gate)."""
    frames = {t: pl.DataFrame(schema=s) for t, s in incremental.SCHEMAS.items()}
    from ingest.checks import derive
    from ingest.gate import load_suites, with_reference

    derived = derive(with_reference(frames, incremental.SEEDS))
    suites = {n: s for n, s in load_suites().items() if s["table"] in incremental.SCHEMAS}
    assert incremental.evaluate(suites, derived) == []
    bad = derived["facts"].clear(1).with_columns(fact_type=pl.lit("growth"), value=pl.lit(1500.0))
    growth = next(e for e in suites["facts"]["expectations"] if e["meta"]["check"] == "growth_in_range")
    assert incremental.failing_rows(growth, bad) == [0]


def test_csv_seeds_are_brought_up_to_date_incrementally_with_a_cold_runs_bytes(tmp_path: Path) -> None:
    """What `make pipeline` writes (CSV seeds) takes the incremental path too: after adding one report and editing
    another, the CSV files are byte for byte those of a cold run."""
    reports, seeds, cache = tmp_path / "reports", tmp_path / "seeds", tmp_path / "cache"
    synth.generate(N, reports, seed=0)
    (tmp_path / "reports.gold.jsonl").unlink(missing_ok=True)
    assert run(reports, seeds, cache, fmt="csv").gate.note is None
    synth.generate(1, reports, seed=0, start=N, gold=tmp_path / "added.gold.jsonl")
    victim = sorted(reports.glob("*.txt"))[0]
    victim.write_text(victim.read_text(encoding="utf-8").replace("增长", "增长1", 1), encoding="utf-8")
    result = run(reports, seeds, cache, fmt="csv")
    assert result.gate.note == incremental.NOTE
    cold = run(reports, tmp_path / "cold", tmp_path / "cold_cache", fmt="csv", incremental=False)
    assert cold.gate.note is None and files(seeds, "csv") == files(tmp_path / "cold", "csv")
    assert [e.__dict__ for e in result.events] == [e.__dict__ for e in cold.events]
