"""The real `dbt build` of the committed seeds, and the mart facts the issue names.

One build per module into a temp DuckDB file (own target/log paths, so the project's target/ is untouched),
then plain SQL against the marts - through the duckdb Python API, and once through the duckdb CLI as an
analyst would.
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
