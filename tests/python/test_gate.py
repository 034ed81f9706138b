"""The quality gate end to end: GX suites decide; critical refuses the batch (seeds byte-identical), warnings load
it and land in data_quality. Every test works on temporary copies, never on the repo's seeds/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from rich.console import Console
from test_gate_support import batch, doc, fact

import ingest.batch
import ingest.gate
from ingest.checks import REF_TABLES
from ingest.gate import GX_TYPE, load_suites, validate
from ingest.tables import SCHEMAS
from ingest.write import write_seeds

ROOT = Path(__file__).resolve().parents[2]
SEED_REPORT = ROOT / "reports" / "000_4d642fd5ff5d4800.txt"
HAIAN_FY = ROOT / "reports" / "haian_2022fy_news.txt"
FIXTURES = ROOT / "tests" / "fixtures" / "gate"


@pytest.fixture(autouse=True)
def _no_repo_data_docs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Data Docs of in-process runs go to the test's own folder, not build/data_docs/."""
    monkeypatch.setattr(ingest.gate, "DOCS", tmp_path / "data_docs")


def _seed_copy(tmp_path: Path) -> Path:
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds, ignore=shutil.ignore_patterns(".*"))  # a build may hold the lock
    return seeds


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _reports(tmp_path: Path, *files: Path) -> Path:
    reports = tmp_path / "reports"
    reports.mkdir()
    for f in files:
        shutil.copy(f, reports / f.name)
    return reports


def _run(reports: Path, seeds: Path) -> ingest.batch.RunResult:
    return ingest.batch.run(reports, seeds, workers=1, cache_dir=None, show_progress=False)


def _failed(result: ingest.gate.GateResult, severity: str) -> set[str]:
    return {f"{f.suite}.{f.check}" for f in result.failures if f.severity == severity}


# ------------------------------------------------------------------------------------------------- the suites


def test_one_suite_per_seed_table_and_every_expectation_explains_itself() -> None:
    suites = load_suites()
    assert {s["table"] for s in suites.values()} == set(SCHEMAS) | set(REF_TABLES)
    for name, spec in suites.items():
        assert spec["description"], name
        for e in spec["expectations"]:
            meta = e["meta"]
            assert meta["severity"] in ("critical", "warning") and len(meta["description"]) > 10, meta
            assert "id" not in e, "suites are plain JSON without random ids"
            if meta.get("explain"):
                assert meta["explain"] == "why_" + e["kwargs"]["column"].removeprefix("ok_") or \
                    e["kwargs"]["column"] == "tampered"


def test_suites_declare_the_seed_contract_columns_and_types() -> None:
    suites = load_suites()
    for table, schema in SCHEMAS.items():
        exps = suites[table]["expectations"]
        columns = next(e["kwargs"]["column_set"] for e in exps if e["meta"]["check"] == "columns_present")
        assert columns == list(schema), f"{table}.json columns differ from tables.SCHEMAS"
        types = {e["kwargs"]["column"]: e["kwargs"]["type_"] for e in exps
                 if e["type"] == "expect_column_values_to_be_of_type"}
        assert types == {c: GX_TYPE[t()] for c, t in schema.items()}, f"{table}.json types differ"


def test_units_come_from_the_extractors_unit_table() -> None:
    from ingest.extract.units import resolve

    facts = load_suites()["facts"]["expectations"]
    units = next(e["kwargs"]["value_set"] for e in facts if e["meta"]["check"] == "unit_known")
    assert {"亿元", "万标箱", "标箱", "%", "个百分点", "亿", "家"} <= set(units)
    assert all(resolve(u) is not None or u in {"pp", "月"} or resolve("万" + u) for u in units)
    assert "斤斤" not in units


# ------------------------------------------------------------------------------------------------ critical

_Corrupt = Callable[[dict[str, pl.DataFrame]], None]


def _set(table: str, column: str, value: object, row: int = 0, dtype: pl.DataType | None = None) -> _Corrupt:
    def corrupt(tables: dict[str, pl.DataFrame]) -> None:
        df = tables[table]
        col = df[column].to_list()
        col[row] = value
        tables[table] = df.with_columns(pl.Series(column, col, dtype=dtype or df.schema[column]))
    return corrupt


def _growth(value: float, kind: str = "growth") -> _Corrupt:
    def corrupt(tables: dict[str, pl.DataFrame]) -> None:
        tables["facts"] = tables["facts"].with_columns(
            fact_type=pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(kind)).otherwise("fact_type"),
            value=pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(value)).otherwise("value"),
            unit=pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("%")).otherwise("unit"),
            value_base=pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise("value_base"),
            unit_base=pl.when(pl.int_range(pl.len()) == 0).then(None).otherwise("unit_base"),
        )
    return corrupt


def _drop(table: str, column: str) -> _Corrupt:
    def corrupt(tables: dict[str, pl.DataFrame]) -> None:
        tables[table] = tables[table].drop(column)
    return corrupt


def _retype(table: str, column: str) -> _Corrupt:
    def corrupt(tables: dict[str, pl.DataFrame]) -> None:
        tables[table] = tables[table].with_columns(pl.col(column).cast(pl.String))
    return corrupt


def _duplicate_fact_id(tables: dict[str, pl.DataFrame]) -> None:
    ids = tables["facts"]["fact_id"].to_list()
    ids[1] = ids[0]
    tables["facts"] = tables["facts"].with_columns(fact_id=pl.Series(ids))


CRITICAL: dict[str, tuple[_Corrupt, str]] = {
    "missing column": (_drop("facts", "sentence"), "facts.columns_present"),
    "wrong type": (_retype("facts", "value"), "facts.type_value"),
    "null key": (_set("facts", "fact_id", None), "facts.fact_id_not_null"),
    "duplicate fact key": (_duplicate_fact_id, "facts.fact_id_unique"),
    "unknown unit": (_set("facts", "unit", "斤斤"), "facts.unit_known"),
    "invalid period code": (_set("documents", "period", "2022上半年"), "documents.period_valid"),
    "region code not yet in force": (_set("documents", "region_code", "320684"), "documents.region_valid"),
    "fact's region code no longer in force": (_set("facts", "region_code", "320684"), "facts.region_valid"),
    "region code the reference does not know": (_set("facts", "region_code", "329999"), "facts.region_known"),
    "growth above 1000%": (_growth(2000.0), "facts.growth_in_range"),
    "growth below -100%": (_growth(-150.0), "facts.growth_in_range"),
    "share above 100%": (_growth(120.0, "share"), "facts.share_in_range"),
    "text not in its document": (_set("facts", "text", "凭空捏造的数字12345亿元"), "facts.text_in_document"),
    "orphan fact": (_set("facts", "doc_id", "ffffffffffffffff"), "facts.doc_known"),
}


@pytest.mark.parametrize("kind", list(CRITICAL))
def test_a_batch_with_a_critical_error_is_refused_and_seeds_stay_byte_identical(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corrupt, check = CRITICAL[kind]
    build = ingest.batch.build

    def corrupted_build(*args: object, **kwargs: object) -> dict[str, pl.DataFrame]:
        tables = build(*args, **kwargs)  # type: ignore[arg-type]
        corrupt(tables)
        return tables

    monkeypatch.setattr(ingest.batch, "build", corrupted_build)
    monkeypatch.setattr(ingest.gate, "DOCS", None)  # HTML is tested once below; skip it here for speed
    seeds = _seed_copy(tmp_path)
    before = _snapshot(seeds)
    result = _run(_reports(tmp_path, HAIAN_FY), seeds)
    assert not result.gate.passed
    assert check in _failed(result.gate, "critical")
    assert result.changed == []
    assert _snapshot(seeds) == before


def test_a_report_stating_an_impossible_growth_rate_is_refused_from_its_text(tmp_path: Path) -> None:
    """No monkeypatching: the crafted report goes through read, clean, identify, extract and the gate."""
    seeds = _seed_copy(tmp_path)
    before = _snapshot(seeds)
    result = _run(_reports(tmp_path, FIXTURES / "haian_2022h1_growth_2000.txt"), seeds)
    assert not result.gate.passed
    failure = next(f for f in result.gate.failures if f.check == "growth_in_range")
    assert failure.examples[0]["sentence"] and "2000%" in failure.examples[0]["sentence"]
    assert failure.examples[0]["source_path"].endswith("haian_2022h1_growth_2000.txt")
    assert _snapshot(seeds) == before


def test_refusal_on_the_command_line_exits_non_zero_and_shows_rows_sentences_and_data_docs(tmp_path: Path) -> None:
    seeds = _seed_copy(tmp_path)
    before = _snapshot(seeds)
    reports = _reports(tmp_path, FIXTURES / "haian_2022h1_growth_2000.txt")
    proc = subprocess.run([sys.executable, "-m", "ingest", "run", str(reports), "--seeds", str(seeds)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "batch refused" in out and "facts.growth_in_range" in out
    assert "同比增长2000%" in out and "haian_2022h1_growth_2000.txt" in out
    assert "Data Docs:" in out and "Calculating Metrics" not in out
    docs = Path(out.split("Data Docs:")[1].split()[0])
    assert docs.exists() and docs.parent == tmp_path / "seeds_data_docs"  # beside --seeds, not the repo's build/
    assert _snapshot(seeds) == before


# ------------------------------------------------------------------------------------------------- warnings


def test_the_seed_report_loads_with_the_9072_wan_teu_row_flagged(tmp_path: Path) -> None:
    seeds = _seed_copy(tmp_path)
    result = _run(_reports(tmp_path, SEED_REPORT, HAIAN_FY), seeds)
    assert result.gate.passed, [f for f in result.gate.failures if f.severity == "critical"]
    dq = pl.read_csv(seeds / "data_quality.csv", infer_schema=False)
    facts = pl.read_csv(seeds / "facts.csv", infer_schema=False)
    teu = facts.filter(pl.col("text").str.contains("9072万标箱"))["fact_id"].to_list()
    assert len(teu) == 1
    flagged = dq.filter(pl.col("fact_id") == teu[0])
    assert flagged.height >= 1 and set(flagged["severity"]) == {"warning"}
    assert set(flagged["check_name"]) & {"facts.plausible_range", "facts.within_longer_period"}
    assert any("2.1万标箱" in m or "plausible" in m for m in flagged["message"])
    # the tampered seed page is recorded too, by document
    assert "documents.not_tampered" in set(dq["check_name"])


def _all_warnings_batch() -> dict[str, pl.DataFrame]:
    h1 = doc("h1", "海安市2022年上半年报告。凤山港集装箱吞吐量9072万标箱，固定资产投资300亿元，其中工业投资400亿元，"
                   "地区生产总值增长6.0%。", tampered=True)
    fy = doc("fy", "海安市2022年报告。凤山港集装箱吞吐量2.1万标箱。", period="2022FY", published="2023-01-13")
    early = doc("e0", "海安市2022年上半年快报。地区生产总值增长5.2%。", published="2022-07-20")
    return batch([h1, fy, early], [
        fact(h1, "level", "凤山港集装箱吞吐量9072万标箱", 9072, "万标箱", code="port_container_teu",
             value_base=9072e4, unit_base="标箱"),
        fact(h1, "level", "固定资产投资300亿元", 300, "亿元", code="fixed_asset_investment", value_base=3e10,
             unit_base="元"),
        fact(h1, "level", "工业投资400亿元", 400, "亿元", code="industrial_investment", value_base=4e10,
             unit_base="元"),
        fact(h1, "growth", "增长6.0%", 6.0, "%", code="GDP"),
        fact(fy, "level", "凤山港集装箱吞吐量2.1万标箱", 2.1, "万标箱", code="port_container_teu", value_base=21000,
             unit_base="标箱"),
        fact(early, "growth", "增长5.2%", 5.2, "%", code="GDP"),
    ])


def test_every_kind_of_warning_is_recorded_and_none_blocks(tmp_path: Path) -> None:
    tables = _all_warnings_batch()
    # a shifted span: the text is in the document, but not where the span says
    tables["facts"] = tables["facts"].with_columns(
        span_start=pl.when(pl.col("fact_id") == "fy-0001").then(pl.col("span_start") + 1).otherwise("span_start"))
    result = validate(tables, docs=None)
    assert result.passed, [(f.check, f.detail) for f in result.critical]
    assert _failed(result, "warning") == {
        "documents.not_tampered", "facts.plausible_range", "facts.part_within_whole", "facts.within_longer_period",
        "facts.growth_consistent", "facts.text_at_span",
    }
    dq = result.data_quality
    assert dq is not None and dq.columns == list(SCHEMAS["data_quality"])
    assert dq.height == 6  # one row per offending row and rule
    assert dq["fact_id"].to_list().count("h1-0001") == 2  # the 9072 row breaks two rules
    assert set(dq["severity"]) == {"warning"}
    assert dq.equals(dq.sort(["check_name", "doc_id", "fact_id", "source_path", "message"], nulls_last=True))
    by_check = dict(zip(dq["check_name"], dq["fact_id"], strict=False))
    assert by_check["facts.part_within_whole"] == "h1-0003"
    assert by_check["facts.growth_consistent"] == "h1-0004"
    # deterministic: a second run gives the same rows, byte for byte
    again = validate(tables, docs=None).data_quality
    assert again is not None and again.write_csv() == dq.write_csv()


def test_a_warning_never_blocks_the_batch_on_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same warnings through batch.run: the seeds are written, data_quality included."""
    monkeypatch.setattr(ingest.gate, "DOCS", None)
    tables = _all_warnings_batch()
    monkeypatch.setattr(ingest.batch, "build", lambda *a, **k: {t: df for t, df in tables.items()})
    seeds = _seed_copy(tmp_path)
    result = _run(_reports(tmp_path, HAIAN_FY), seeds)
    assert result.gate.passed and "data_quality" in result.changed
    dq = pl.read_csv(seeds / "data_quality.csv", infer_schema=False)
    assert "facts.plausible_range" in set(dq["check_name"])
    assert (seeds / "facts.csv").read_text(encoding="utf-8").count("\n") == 7  # header + 6 facts


def test_a_share_of_a_plan_done_may_pass_100_percent() -> None:
    """完成年度预算的103.2% is a share of a plan done (measure completion): above 100 % is an over-fulfilled plan, not
    an impossible share, and must not refuse the batch; a plain share above 100 % still does (CRITICAL above)."""
    d = doc("d1", "海安市2022年报告。一般公共预算收入完成年度预算的103.2%。")
    done = fact(d, "share", "完成年度预算的103.2%", 103.2, "%", indicator="一般公共预算收入完成年度预算")
    result = validate(batch([d], [{**done, "measure": "completion"}]), docs=None)
    assert result.failures == []
    plain = validate(batch([d], [done]), docs=None)
    assert any("share_in_range" in f.check for f in plain.failures)


def test_a_clean_batch_passes_without_failures() -> None:
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684.66亿元，同比增长5.2%。")
    tables = batch([d], [
        fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元", code="GDP", value_base=6.8466e10, unit_base="元"),
        fact(d, "growth", "增长5.2%", 5.2, "%", code="GDP"),
    ])
    result = validate(tables, docs=None)
    assert result.failures == []
    assert result.data_quality is not None and result.data_quality.is_empty()


def test_data_docs_are_written_and_the_console_names_them(tmp_path: Path) -> None:
    tables = _all_warnings_batch()
    docs = tmp_path / "docs"
    result = validate(tables, docs=docs)
    assert (docs / "index.html").exists()
    assert list((docs / "validations").rglob("*.html"))
    console = Console(record=True, width=200)
    result.print(console)
    text = console.export_text()
    assert str(docs / "index.html") in text and "gate passed" in text
    assert "凤山港集装箱吞吐量9072万标箱" in text  # the source sentence of an example row


# ------------------------------------------------------------------------------------------- python -m ingest gate


def test_gate_command_revalidates_the_seeds_on_disk(tmp_path: Path) -> None:
    seeds = _seed_copy(tmp_path)
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684.66亿元，同比增长5.2%。")
    tables = batch([d], [
        fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元", code="GDP", value_base=6.8466e10, unit_base="元"),
        fact(d, "growth", "增长5.2%", 5.2, "%", code="GDP"),
    ])
    write_seeds({t: df for t, df in tables.items() if t in SCHEMAS}, seeds)
    cmd = [sys.executable, "-m", "ingest", "gate", "--seeds", str(seeds)]
    ok = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "gate passed" in ok.stderr + ok.stdout
    # a hand edit that breaks a critical rule: a growth rate of 2000 %
    facts = pl.read_csv(seeds / "facts.csv", infer_schema=False)
    growth = facts.filter(pl.col("fact_type") == "growth")["fact_id"][0]
    facts = facts.with_columns(value=pl.when(pl.col("fact_id") == growth).then(pl.lit("2000.0")).otherwise("value"))
    facts.write_csv(seeds / "facts.csv")
    bad = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "facts.growth_in_range" in bad.stderr + bad.stdout


def test_validation_leaves_the_suite_files_untouched() -> None:
    """Suites are read, never rewritten by GX (no ids or timestamps added)."""
    before = _snapshot(ROOT / "expectations")
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684.66亿元。")
    validate(batch([d], [fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元")]), docs=None)
    assert _snapshot(ROOT / "expectations") == before
    assert not any('"id"' in text.decode() for text in before.values())


def test_unwritable_data_docs_do_not_change_the_verdict(tmp_path: Path) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the docs folder should be", encoding="utf-8")
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684.66亿元。")
    result = validate(batch([d], [fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元")]), docs=blocker / "docs")
    assert result.passed and result.docs_path is None and result.docs_error
    console = Console(record=True, width=200)
    result.print(console)
    assert "Data Docs not written" in console.export_text()


def _clean_batch() -> dict[str, pl.DataFrame]:
    d = doc("d1", "海安市2022年上半年报告。地区生产总值684.66亿元。")
    return batch([d], [fact(d, "level", "地区生产总值684.66亿元", 684.66, "亿元", code="GDP", value_base=6.8466e10,
                            unit_base="元")])


def test_hand_edits_of_the_reference_seeds_are_checked_too() -> None:
    """`python -m ingest gate` after editing ref_regions / ref_indicators by hand: broken references refuse."""
    tables = _clean_batch()
    tables["ref_regions"] = tables["ref_regions"].with_columns(
        code=pl.when(pl.col("name") == "如东县").then(pl.lit("32062")).otherwise("code"),
        valid_to=pl.when(pl.col("name") == "海门市").then(pl.lit("2020/06/05")).otherwise("valid_to"),
    )
    tables["ref_indicators"] = tables["ref_indicators"].with_columns(
        parent_code=pl.when(pl.col("code") == "industrial_investment").then(pl.lit("fixed_investment"))
        .otherwise("parent_code"),
        plausible_min_city=pl.when(pl.col("code") == "GDP").then(pl.lit("9e12")).otherwise("plausible_min_city"),
        plausible_max_county=pl.when(pl.col("code") == "population").then(pl.lit("三百万"))
        .otherwise("plausible_max_county"),
    )
    result = validate(tables, docs=None)
    assert not result.passed
    assert {"ref_regions.code_six_digits", "ref_regions.valid_to_is_date", "ref_indicators.parent_known",
            "ref_indicators.range_ordered", "ref_indicators.plausible_max_county_is_number",
            } <= _failed(result, "critical")


def test_a_missing_reference_table_refuses(tmp_path: Path) -> None:
    tables = _clean_batch()
    del tables["ref_regions"]
    empty = tmp_path / "seeds"
    empty.mkdir()
    result = validate(tables, seeds=empty, docs=None)
    assert "ref_regions.table_present" in _failed(result, "critical")


def test_importing_the_gate_does_not_import_great_expectations() -> None:
    """GX takes seconds to import: only running the gate may pay for it."""
    code = "import sys, ingest.gate, ingest.checks, ingest.batch; sys.exit('great_expectations' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
