"""The real `dbt build` of the committed seeds, and the mart facts the issue names.

One build per module into a temp DuckDB file (own target/log paths, so the project's target/ is untouched),
then plain SQL against the marts - through the duckdb Python API, and once through the duckdb CLI as an
analyst would. A second build reads the same ingest tables from Parquet (the --ingest-dir switch) and must give
the same marts row for row.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.slow


MARTS = ("dim_region", "dim_indicator", "dim_period", "dim_document", "dim_document_text", "fct_indicator_values",
         "fct_growth_benchmark", "fct_ranking_claims", "fct_ranking_evidence", "fct_targets",
         "fct_report_scorecards", "fct_data_quality", "fct_facts", "fct_removed_spans", "fct_ingest_events")
# staging views the app read before the marts that replace them existed (the app is moving to marts only)
APP_VIEWS = ("stg_facts", "stg_document_texts", "stg_removed_spans", "stg_ingest_events")
MART_FOR_VIEW = {"stg_facts": "fct_facts", "stg_document_texts": "dim_document_text",
                 "stg_removed_spans": "fct_removed_spans", "stg_ingest_events": "fct_ingest_events"}
INGEST_TABLES = ("documents", "document_sources", "document_texts", "removed_spans", "facts", "ingest_events",
                 "data_quality")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("dbt")
    db = work / "warehouse.duckdb"
    env = {**os.environ, "WAREHOUSE_PATH": str(db), "DBT_PROFILES_DIR": str(ROOT)}
    proc = subprocess.run(
        [str(BIN / "dbt"), "build", "--project-dir", str(ROOT), "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]
    return db


@pytest.fixture(scope="module")
def built_from_parquet(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same corpus through the Parquet switch: the seed build's ingest tables copied to DIR/<table>.parquet,
    then `scripts/build_warehouse.py --ingest-dir DIR`."""
    work = tmp_path_factory.mktemp("dbt_parquet")
    ingest = work / "ingest"
    ingest.mkdir()
    con = duckdb.connect(str(built), read_only=True)
    try:
        for table in INGEST_TABLES:
            con.execute(f"copy {table} to '{ingest / table}.parquet' (format parquet)")
    finally:
        con.close()
    db = work / "warehouse.duckdb"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(db), "--ingest-dir",
         str(ingest), "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    return db


@pytest.fixture(scope="module")
def con(built: Path):
    c = duckdb.connect(str(built), read_only=True)
    yield c
    c.close()


def rows(con, sql: str, *params) -> list[dict]:
    cur = con.execute(sql, list(params))
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_h1_target_of_2380_is_missed_by_the_full_year_2250(con):
    found = rows(con, """
        select horizon_period_code, target_value, actual_value, status
        from fct_targets
        where region_code = '320685' and target_value = 2380 and target_unit = '亿元'
    """)
    assert found, "the seed's 确保工业应税销售达2380亿元 is not in fct_targets"
    assert found[0] == {"horizon_period_code": "2022FY", "target_value": 2380.0, "actual_value": 2250.0,
                        "status": "missed"}


def test_nantong_first_claims_are_present_with_a_status(con):
    claims = rows(con, """
        select indicator, verification_status, n_peers
        from fct_ranking_claims
        where region_code = '320685' and period_code = '2022H1' and scope_kind = 'prefecture' and rank = 1
    """)
    assert len(claims) >= 3
    assert all(c["verification_status"] in {"confirmed", "contradicted", "unverifiable"} for c in claims)
    # 海安's peers in 2022: the six other county-level units of 南通 (海门区, not the abolished 海门市)
    assert {c["n_peers"] for c in claims} == {6}


def test_haian_h1_gdp_growth_equals_jiangsu_official(con):
    found = rows(con, """
        select region_growth_pct, cited_relation, official_growth_pct, official_gap_pp, agreement_status
        from fct_growth_benchmark
        where region_code = '320685' and period_code = '2022H1' and indicator_code = 'GDP'
          and benchmark_name = '江苏省'
    """)
    assert found == [{"region_growth_pct": 1.6, "cited_relation": "equal", "official_growth_pct": 1.6,
                      "official_gap_pp": 0.0, "agreement_status": "agrees"}]


def test_container_throughput_vintages_keep_the_implausible_h1_figure_flagged(con):
    found = rows(con, """
        select period_code, value, unit, plausibility from fct_indicator_values
        where region_code = '320685' and indicator like '%凤山港%' order by period_end
    """)
    assert [(r["period_code"], r["value"], r["unit"]) for r in found] == [
        ("2022H1", 9072.0, "万标箱"), ("2022FY", 2.1, "万标箱")]


def test_duckdb_cli_counts_indicator_values(built: Path):
    out = subprocess.run(
        [str(BIN / "duckdb"), "-readonly", str(built), "-csv", "-noheader", "-c",
         "select count(*) from fct_indicator_values"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert int(out) > 0


def test_parquet_switch_gives_the_same_marts_and_app_views(built: Path, built_from_parquet: Path):
    seed_con = duckdb.connect(str(built), read_only=True)
    pq_con = duckdb.connect(str(built_from_parquet), read_only=True)
    try:
        for rel in (*MARTS, *APP_VIEWS):
            seed_rows = seed_con.execute(f"select * from {rel} order by all").fetchall()
            pq_rows = pq_con.execute(f"select * from {rel} order by all").fetchall()
            assert seed_rows, f"{rel} is empty in the seed build"
            assert pq_rows == seed_rows, f"{rel} differs between the seed and the Parquet build"
        # the ingest seeds were not loaded, and nothing in the warehouse still points at the Parquet folder
        tables = {r[0] for r in pq_con.execute("select table_name from duckdb_tables()").fetchall()}
        assert not tables & set(INGEST_TABLES)
        assert {"ref_regions", "ref_benchmarks", "ref_indicators"} <= tables
        views = pq_con.execute("select view_name from duckdb_views() where sql ilike '%parquet%'").fetchall()
        assert views == []
    finally:
        seed_con.close()
        pq_con.close()


def test_ingest_dir_missing_a_table_is_refused_naming_it(tmp_path: Path):
    (tmp_path / "facts.parquet").write_bytes(b"")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_warehouse.py"), "--target", str(tmp_path / "w.duckdb"),
         "--ingest-dir", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode != 0
    assert "missing documents.parquet" in proc.stderr and "facts.parquet," not in proc.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_exposure_lists_what_the_app_reads(built: Path):
    """models/_exposures.yml names exactly the marts app/ reads; a staging view the app still reads must have its
    mart listed instead (the app reads marts only once it has moved)."""
    import re

    import yaml

    exposure = yaml.safe_load((ROOT / "models" / "_exposures.yml").read_text(encoding="utf-8"))["exposures"][0]
    listed = {re.fullmatch(r"ref\('(\w+)'\)", d)[1] for d in exposure["depends_on"]}
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "app").rglob("*.py"))
    read = set(re.findall(r"\b(?:from|join)\s+((?:dim|fct|stg|int)_\w+)", code))
    assert read, "no relation found in app/: the pattern no longer matches how the app queries"
    assert {r for r in read if not r.startswith("stg_")} <= listed, "the app reads marts the exposure omits"
    assert {r for r in read if r.startswith("int_")} == set()
    expected = {r for r in read if not r.startswith("stg_")} | {MART_FOR_VIEW[r] for r in read if r.startswith("stg_")}
    assert listed == expected, f"exposure lists {sorted(listed - expected)} that the app never reads"
    con = duckdb.connect(str(built), read_only=True)
    try:
        relations = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    finally:
        con.close()
    assert listed <= relations

