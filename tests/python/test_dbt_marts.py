"""The real `dbt build` of the committed seeds, and the mart facts the issue names.

One build per module into a temp DuckDB file (own target/log paths, so the project's target/ is untouched),
then plain SQL against the marts - through the duckdb Python API, and once through the duckdb CLI as an
analyst would. A second build reads the same ingest tables from Parquet (the --ingest-dir switch) and must give
the same marts row for row.
"""

from __future__ import annotations

import json
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
    # the gate's verdict, not a second copy of the range rule
    assert [r["plausibility"] for r in found] == ["implausible", "ok"]


def test_a_series_holds_one_quantity_and_has_one_latest_value(con):
    """A series is region x period x indicator x measure x variant x unit kind: within one, a single unit kind and
    variant and exactly one latest vintage; the corpus has indicator wordings reported in two unit kinds, which
    stay two series (so is_latest never picks a different quantity)."""
    bad = rows(con, """
        select series_id, count(distinct unit_key) as kinds, count(distinct coalesce(measure_variant, '')) as variants,
               count(*) filter (where is_latest) as latest
        from fct_indicator_values group by series_id
        having count(distinct unit_key) > 1 or count(distinct coalesce(measure_variant, '')) > 1
            or count(*) filter (where is_latest) <> 1
    """)
    assert bad == []
    split = rows(con, """
        select region_code, period_code, indicator_key, measure, count(distinct unit_key) as kinds
        from fct_indicator_values where is_latest and measure_variant is null
        group by all having count(distinct unit_key) > 1
    """)
    assert split, "the corpus no longer has an indicator reported in two unit kinds: the rule is untested here"


def test_gdp_growth_latest_is_never_a_nominal_or_multi_year_figure(con):
    """README's GDP-growth query (plain growth, latest vintage) never returns a 名义 or 两年平均 figure as the growth:
    each is a series of its own, so it cannot be the plain series' latest vintage either."""
    variants = rows(con, """
        select region_code, period_code, value, measure_variant from fct_indicator_values
        where indicator_code = 'GDP' and measure = 'growth' and measure_variant is not null
    """)
    assert {v["measure_variant"] for v in variants} >= {"nominal", "two_year_average"}
    readme = rows(con, """
        select region_code, period_code, value from fct_indicator_values
        where indicator_code = 'GDP' and measure = 'growth' and measure_variant is null and is_latest
    """)
    plain = {(r["region_code"], r["period_code"]): r["value"] for r in readme}
    for v in variants:
        assert plain.get((v["region_code"], v["period_code"])) != v["value"], v
    # and no benchmark compares a variant with the official (real) figure, or even shows it next to the variant
    assert rows(con, """
        select growth_benchmark_id from fct_growth_benchmark
        where measure_variant is not null
          and (official_gap_pp is not null or official_growth_pct is not null
               or agreement_status in ('agrees', 'disagrees'))
    """) == []
    # 如东's 两年平均 7.4 %: the official real 8.9 % of 南通 is named in the note, not attached
    rudong = rows(con, """
        select official_growth_pct, like_with_like_note from fct_growth_benchmark
        where region_name = '如东县' and measure_variant = 'two_year_average' and benchmark_name = '南通市'
          and indicator_code = 'GDP' and period_code = '2021FY'
    """)
    assert rudong and rudong[0]["official_growth_pct"] is None
    assert "two year average" in rudong[0]["like_with_like_note"]


def test_peer_sets_follow_the_scope_for_any_prefecture_and_province(con):
    """n_peers is the number of units of the claimant's tier inside the claim's scope, valid at the period end,
    other than the claimant, counted here straight from dim_region - for Nantong, Hengyang (衡南县's 七县(市):
    counties and county-level cities only), Jiangsu's and Inner Mongolia's cities alike."""
    claims = rows(con, """
        select c.claim_id, c.region_name, c.scope_name, c.scope_kind, c.scope_class, c.n_peers, p.period_end,
               me.region_tier, me.region_code
        from fct_ranking_claims c
        join dim_period p on p.period_code = c.period_code
        join dim_region me on me.region_code = c.region_code
         and coalesce(me.valid_from, date '0001-01-01') <= p.period_end
         and (me.valid_to is null or me.valid_to > p.period_end)
        where c.n_peers > 0
    """)
    assert {c["scope_kind"] for c in claims} == {"prefecture", "province"}
    assert {c["region_tier"] for c in claims} == {"county", "prefecture"}
    assert len({c["scope_name"] for c in claims}) >= 4, "peer sets exercised for too few scopes"
    for c in claims:
        counties_only = bool(c["scope_class"]) and "县" in c["scope_class"] and "区" not in c["scope_class"]
        expected = con.execute("""
            select count(distinct region_code) from dim_region r
            where coalesce(r.valid_from, date '0001-01-01') <= ? and (r.valid_to is null or r.valid_to > ?)
              and r.region_code <> ? and r.region_tier = ? and r.region_level <> 'functional_zone'
              and (case when ? = 'prefecture' then r.prefecture_code else r.province_code end)
                  = (select scope_code from fct_ranking_claims where claim_id = ?)
              and not (? and r.region_level = 'district')
        """, [c["period_end"], c["period_end"], c["region_code"], c["region_tier"], c["scope_kind"],
              c["claim_id"], counties_only]).fetchone()[0]
        assert c["n_peers"] == expected, c


def test_one_claim_per_claim_and_moves_are_never_positions(con):
    """南通's 工业投资 全省第四, stated in the headline, the 原标题 and the body of one page, is one claim with its
    three spans, checked against Jiangsu's twelve other cities; 前进4位 is never verified as a rank."""
    claim = rows(con, """
        select n_mentions, other_spans, n_peers, scope_name, rank from fct_ranking_claims
        where region_code = '320600' and period_code = '2020H1' and indicator like '工业投资%' and rank = 4
    """)
    assert len(claim) == 1 and claim[0]["n_mentions"] == 3 and len(json.loads(claim[0]["other_spans"])) == 2
    assert (claim[0]["n_peers"], claim[0]["scope_name"], claim[0]["rank"]) == (12, "江苏省", 4)
    moves = rows(con, "select verification_status, rank from fct_ranking_claims where claim_kind = 'rank_change'")
    assert moves and all(m["verification_status"] == "unverifiable" and m["rank"] is None for m in moves)


def test_unverifiable_claims_name_their_missing_peers(con):
    found = rows(con, """
        select verification_summary, missing_peers, n_peers, n_peers_reporting, n_peers_undecided
        from fct_ranking_claims
        where verification_status = 'unverifiable' and n_peers > 0 and claim_kind = 'position'
    """)
    assert found
    for c in found:
        missing = c["missing_peers"].split(", ") if c["missing_peers"] else []
        # every peer is reporting, missing, or too close to call (named apart)
        assert len(missing) == c["n_peers"] - c["n_peers_reporting"] - c["n_peers_undecided"]
        assert c["verification_summary"].startswith(f"unverifiable: {c['n_peers_reporting']} of {c['n_peers']} peers")
        assert all(name in c["verification_summary"] for name in missing)


def test_every_mart_column_is_documented(con):
    """_marts__models.yml is the contract with the app and analysts: every column of every mart is described."""
    import yaml

    models = yaml.safe_load((ROOT / "models" / "marts" / "_marts__models.yml").read_text(encoding="utf-8"))["models"]
    documented = {m["name"]: {c["name"] for c in m.get("columns", [])} for m in models}
    assert set(documented) == set(MARTS)
    for mart in MARTS:
        columns = {r[0] for r in con.execute(
            "select column_name from information_schema.columns where table_name = ?", [mart]).fetchall()}
        assert columns == documented[mart], (mart, columns ^ documented[mart])


# Each rule of tests/dbt/assert_marts_consistent.sql broken on a copy of the real build: the test's compiled SQL must
# name the rule. (A dbt singular test is not unit-testable in dbt itself; this holds it to failing.)
BREAKS = {
    "variant_next_to_official": (
        "update fct_growth_benchmark set official_growth_pct = 8.9 where measure_variant is not null",
        "nominal_vs_real"),
    "variant_agreement": (
        "update fct_growth_benchmark set agreement_status = 'agrees', official_gap_pp = 0"
        " where measure_variant is not null", "nominal_vs_real"),
    "target_met_by_another_variant": (
        "update fct_targets set measure_variant = 'nominal' where actual_fact_id is not null", "nominal_vs_real"),
    "two_latest_in_a_series": (
        "update fct_indicator_values set is_latest = true where not is_latest", "series_mixes_kinds"),
    "a_statement_twice": (
        "insert into fct_indicator_values select * replace (fact_id || '-copy' as fact_id)"
        " from fct_indicator_values where is_latest limit 1", "identical_rows_in_series"),
    "a_claim_twice": (
        "insert into fct_ranking_claims select * replace (claim_id || '-copy' as claim_id)"
        " from fct_ranking_claims limit 1", "duplicated_claim"),
    "confirmed_without_every_peer": (
        "update fct_ranking_claims set verification_status = 'confirmed'"
        " where claim_kind = 'position' and n_peers > n_peers_reporting", "ranking_status_evidence"),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_the_consistency_test_fails_on_broken_marts(built: Path, tmp_path: Path, name: str):
    import shutil

    sql = (built.parent / "target" / "compiled" / "warehouse" / "tests" / "dbt"
           / "assert_marts_consistent.sql").read_text(encoding="utf-8")
    copy = tmp_path / "warehouse.duckdb"  # the same catalog name the compiled SQL names
    shutil.copy(built, copy)
    con = duckdb.connect(str(copy))
    try:
        assert con.execute(sql).fetchall() == [], "the real build already fails the test"
        breaking, check = BREAKS[name]
        con.execute(breaking)
        failed = {r[0] for r in con.execute(sql).fetchall()}
    finally:
        con.close()
    assert check in failed, (name, failed)


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

