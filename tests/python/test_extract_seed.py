"""Hand-checked golden facts for the seed report (海安市 2022年上半年计划执行情况).

Each expectation was read off the report text by hand; the test builds the Document itself so it checks the
extractor alone (read/clean/identify are tested elsewhere).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract
from ingest.model import Document, Fact

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "seed_haian_2022h1.txt"


@pytest.fixture(scope="module")
def doc() -> Document:
    return Document(doc_id="seed", text=SEED.read_text(encoding="utf-8"), region="海安市", region_code="320685",
                    region_level="county_level_city", period="2022H1", doc_type="plan_execution")


@pytest.fixture(scope="module")
def facts(doc: Document) -> list[Fact]:
    return extract(doc)


def find(facts: list[Fact], type_: str, indicator: str | None = None, value: float | None = None) -> list[Fact]:
    out = [f for f in facts if f.type == type_]
    if indicator is not None:
        out = [f for f in out if f.indicator and indicator in f.indicator]
    if value is not None:
        out = [f for f in out if f.value is not None and abs(f.value - value) < 1e-9]
    return out


def test_offsets_are_exact_and_sorted(doc: Document, facts: list[Fact]) -> None:
    assert facts
    for f in facts:
        assert f.text == doc.text[f.start : f.end]
        assert f.doc == "seed"
    keys = [(f.start, f.end, f.type) for f in facts]
    assert keys == sorted(keys)


def test_gdp_level_and_growth(facts: list[Fact]) -> None:
    (level,) = find(facts, "level", "地区生产总值", 684.66)
    assert level.unit == "亿元" and level.indicator_code == "GDP"
    assert level.value_base == pytest.approx(684.66e8) and level.unit_base == "元"
    (growth,) = find(facts, "growth", "地区生产总值", 1.6)
    assert growth.unit == "%"


def test_growth_equal_to_province_and_prefecture_is_two_comparisons(facts: list[Fact]) -> None:
    comps = find(facts, "comparison", "地区生产总值")
    assert sorted((c.benchmark, c.relation) for c in comps) == [("南通市", "equal"), ("江苏省", "equal")]


def test_budget_revenue_keeps_its_basis(facts: list[Fact]) -> None:
    (f,) = find(facts, "level", "一般公共预算收入", 36.07)
    assert f.basis and "还原留抵退税" in f.basis


def test_unemployment_rate_is_a_capped_share(facts: list[Fact]) -> None:
    (f,) = find(facts, "share", "城镇登记失业率", 3)
    assert f.bound == "max" and f.unit == "%"


def test_summary_of_missed_indicators(facts: list[Fact]) -> None:
    (s,) = find(facts, "summary")
    assert (s.indicators_total, s.indicators_missed) == (27, 8)


def test_nantong_rank_claims_after_a_comma(facts: list[Fact]) -> None:
    ranks = {(f.indicator, f.rank) for f in find(facts, "ranking") if f.scope == "南通市" and f.rank}
    assert ("规模工业总产值增速", 1) in ranks
    assert ("规模工业增加值增速", 3) in ranks
    assert any(name.startswith("对外直接投资") and rank == 1 for name, rank in ranks)


def test_shared_claim_gives_one_ranking_per_subject(facts: list[Fact]) -> None:
    shared = [f for f in find(facts, "ranking") if "均继续保持南通第一" in f.text]
    assert sorted(f.indicator for f in shared) == ["制造业贷款余额", "制造业贷款余额占比"]
    assert all(f.rank == 1 and f.scope == "南通市" for f in shared)


def test_provincial_claims_without_rank(facts: list[Fact]) -> None:
    claims = {f.claim for f in find(facts, "ranking") if f.scope == "江苏省"}
    assert {"仅2家", "第一方阵", "唯一"} <= claims


def test_implicit_subject_for_growth(facts: list[Fact]) -> None:
    assert find(facts, "growth", "建筑业施工产值", 10.1)
    (inv,) = find(facts, "growth", "工业投资", 2.8)
    assert inv.indicator == "工业投资"
    assert find(facts, "growth", "固定资产投资", 3.2)


def test_negative_growth(facts: list[Fact]) -> None:
    assert find(facts, "growth", "立刑事案件数", -9.57)
    assert find(facts, "growth", "电信网络诈骗案件", -22)


def test_targets_in_the_plan_part(facts: list[Fact]) -> None:
    (sales,) = find(facts, "target", "工业应税销售", 2380)
    assert sales.qualifier == "确保" and sales.unit == "亿元" and sales.period == "2022FY"
    aims = {f.value: f.qualifier for f in find(facts, "target", "新增规上工业企业")}
    assert aims == {150: "目标", 180: "力争"}
    (trade,) = find(facts, "target", "进出口总额", 221)
    assert trade.unit == "亿" and trade.qualifier == "确保"
    assert not [f for f in facts if f.type in ("level", "growth", "share") and f.start > sales.start]


def test_approximate_and_minimum_values(facts: list[Fact]) -> None:
    (inv,) = find(facts, "level", "总投资", 100)
    assert inv.approx is True
    (people,) = find(facts, "level", "困难群众", 2)
    assert people.unit == "万人" and people.bound == "min"


def test_as_of_date_on_balances(facts: list[Fact]) -> None:
    (loans,) = find(facts, "level", "各项贷款余额", 1821.57)
    assert loans.as_of == "6月末" and loans.indicator_code == "loan_balance"


@pytest.mark.parametrize("label", ["十七届", "苏政40条", "苏政办22条", "5123", "1+3+1", "68条", "33项", "7月28日"])
def test_labels_and_dates_are_not_facts(facts: list[Fact], label: str) -> None:
    assert not [f for f in facts if label in f.text and f.type != "ranking"]


def test_spam_token_before_a_number_is_not_glued(facts: list[Fact]) -> None:
    assert not [f for f in facts if "周岁" in f.text]


def test_implausible_container_figure_is_kept_as_written(facts: list[Fact]) -> None:
    (box,) = find(facts, "level", "集装箱吞吐量", 9072)
    assert box.unit == "万标箱" and box.indicator_code == "container_throughput"
    assert box.value_base == pytest.approx(9072e4) and box.unit_base == "标箱"
