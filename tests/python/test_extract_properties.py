"""Property tests: the extractor never crashes, offsets are exact, dates never become facts."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.dictionary import code_for, load
from ingest.extract import extract
from ingest.model import Document

# Text drawn from the genre's alphabet so the grammar is actually exercised, plus arbitrary unicode.
GENRE = list("全市实现地区生产总值增长下降增幅同比亿万元美元吨标箱家个项人%,。;、:“”()——\n 第一二三五十南通全省省"
             "高于低于持平分别和占比率达确保力争以上以内余近约年月日0123456789.-[]")
SNIPPETS = ["地区生产总值", "增长", "亿元", "%", "南通第一", "分别为", "、", ",", "。", "\n", "同比下降", "个百分点",
            "高于全省", "确保", "力争", "以上", "2022年7月28日", "第五", "万标箱", "“苏政40条”", "(预计,下同)"]
genre_text = st.lists(st.one_of(st.sampled_from(GENRE), st.sampled_from(SNIPPETS)), max_size=80).map("".join)
LEVELS = st.sampled_from([None, "province", "prefecture_city", "county_level_city", "county", "district", "weird"])
REGIONS = st.sampled_from([None, "海安市", "南通市", "江苏省", "通州区", "如东县", "某某镇"])


def _doc(text: str, region: str | None, level: str | None) -> Document:
    return Document(doc_id="h", text=text, region=region, region_level=level, period="2022H1")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), genre_text), REGIONS, LEVELS)
def test_never_crashes_and_offsets_are_exact(text: str, region: str | None, level: str | None) -> None:
    facts = extract(_doc(text, region, level))
    for f in facts:
        assert 0 <= f.start <= f.end <= len(text)
        assert f.text == text[f.start : f.end]
        assert f.type in ("level", "growth", "share", "pp_change", "comparison", "ranking", "target", "summary")
    keys = [(f.start, f.end, f.type) for f in facts]
    assert keys == sorted(keys)


@settings(max_examples=200, deadline=None)
@given(st.integers(1990, 2035), st.integers(1, 12), st.integers(1, 31), st.sampled_from(["", "在", "于", "截至", "——"]),
       st.sampled_from(["", "召开", "发布", "在市人大常委会上", "。"]))
def test_dates_are_never_facts(year: int, month: int, day: int, before: str, after: str) -> None:
    text = f"{before}{year}年{month}月{day}日{after}"
    assert extract(_doc(text, "海安市", "county_level_city")) == []


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=99999, places=2, allow_nan=False, allow_infinity=False))
def test_a_plain_level_is_read_back_exactly(value: object) -> None:
    text = f"实现地区生产总值{value}亿元。"
    (f,) = extract(_doc(text, "海安市", "county_level_city"))
    assert f.type == "level" and f.unit == "亿元" and abs(f.value - float(str(value))) < 1e-9


def test_extraction_is_deterministic() -> None:
    text = "实现地区生产总值684.66亿元,增长1.6%,增速与省和南通市持平;规模工业增加值增长3.6%,南通第三。"
    a = [f.record() for f in extract(_doc(text, "海安市", "county_level_city"))]
    b = [f.record() for f in extract(_doc(text, "海安市", "county_level_city"))]
    assert a == b and len(a) == 6


def test_dictionary_codes_are_unique_and_required_codes_present() -> None:
    codes = list(load())
    assert len(codes) == len(set(codes)) >= 60
    for code in ("GDP", "per_capita_disposable_income", "general_public_budget_revenue", "imports_exports",
                 "retail_sales_consumer_goods", "fixed_asset_investment", "industrial_value_added_above_scale",
                 "industrial_investment"):
        assert code in codes
    assert code_for("规上工业增加值") == "industrial_value_added_above_scale"
    assert code_for("规模工业增加值增速") == "industrial_value_added_above_scale"


def _county_range(code: str) -> tuple[float, float]:
    """The county band of an indicator's plausible range, as the gate reads it from the dictionary."""
    import csv

    from ingest.dictionary import PATH

    with open(PATH, encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if r["code"] == code)
    return float(row["plausible_min_county"]), float(row["plausible_max_county"])


def test_county_ranges_admit_the_largest_and_the_smallest_real_counties() -> None:
    """A range catches a unit slip (万元 read as 亿元), an order of magnitude off; a true figure of a very large or a
    very small county must pass: county-level GDP past 5000亿元 exists, and so do counties whose secondary or
    tertiary industry adds 40亿元 a year, or whose 规上工业 produces 40亿元 in a half year."""
    for code, figure in (("GDP", 5.5e11), ("GDP", 3e9), ("secondary_industry_value_added", 4e9),
                         ("tertiary_industry_value_added", 4e9), ("industrial_output_above_scale", 2 * 4e9),
                         ("industrial_value_added_above_scale", 2 * 1e9)):
        lo, hi = _county_range(code)
        assert lo <= figure <= hi, (code, figure)
    lo, hi = _county_range("GDP")
    assert not lo <= 5.5e13 <= hi  # 万亿 read for 亿: still caught


# --- hostile text: work stays linear in the length of the text ----------------------------------------------------
# Each maker returns about n characters. A quadratic step (a regex that backtracks over a digit run, a look-back over
# the whole sentence for each value) shows as a 16x longer text taking about 256x the time; linear work takes about
# 16x. The bound below (64x) is loose enough for a busy machine, tight enough to catch quadratic work.
HOSTILE = {
    "digits": lambda n: "1" * n,
    "growth": lambda n: "增长1%" * (n // 4),
    "thousands": lambda n: "1" + ",000" * (n // 4),
    "no_punctuation": lambda n: ("规上工业增加值增长5.2%全省第一实现地区生产总值684.66亿元" * n)[:n],
    "one_long_sentence": lambda n: ("实现地区生产总值684.66亿元,增长1.6%,增速与省和南通市持平," * n)[:n],
    "quotes_and_values": lambda n: "“甲”,增长5%," * (n // 9),
    "rank_claims": lambda n: "全省第一," * (n // 5),
    "list_of_values": lambda n: "5、" * (n // 2) + "7%",
    "targets": lambda n: "目标是增长1%确保增长1%," * (n // 12),
    "estimates": lambda n: "增长1%预计" * (n // 6),
}


def _cpu_seconds(text: str, repeat: int) -> float:
    import time

    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        extract(_doc(text, "海安市", "county_level_city"))
        best = min(best, time.process_time() - t)
    return best


def test_hostile_text_costs_linear_time() -> None:
    small, factor = 4_000, 16
    for name, make in HOSTILE.items():
        base = max(_cpu_seconds(make(small), 3), 0.002)  # (a floor: the smallest timings are mostly noise)
        big = _cpu_seconds(make(small * factor), 1)
        if big > 4 * factor * base:  # once more before failing: another process may have taken the core
            big = _cpu_seconds(make(small * factor), 1)
        assert big <= 4 * factor * base, f"{name}: {big:.3f}s for {factor}x the text, {base:.4f}s for the small one"


def test_a_long_run_without_full_stops_is_read_in_bounded_pieces() -> None:
    from ingest.extract.grammar import MAX_SENTENCE

    text = "规上工业增加值增长5.2%," * 2_000
    facts = extract(_doc(text, "海安市", "county_level_city"))
    assert len(facts) == 2_000
    assert max(len(f.sentence) for f in facts) <= MAX_SENTENCE


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["增长1%", ",", "。", ";", "亿元", "第一", "“甲”", "1" * 700, "x" * 300]), max_size=40))
def test_sentence_pieces_cover_the_block_in_order(parts: list[str]) -> None:
    import re

    from ingest.extract.grammar import MAX_SENTENCE, sentence_spans

    block = "".join(parts)
    spans = sentence_spans(block)
    whole = [m.span() for m in re.finditer(r"[^。;!?]+[。;!?]?", block)]
    assert all(0 < b - a <= MAX_SENTENCE for a, b in spans)
    assert all(spans[k][1] <= spans[k + 1][0] for k in range(len(spans) - 1))
    # the pieces are the sentences, each cut into consecutive pieces
    assert sum(b - a for a, b in spans) == sum(b - a for a, b in whole)
    if all(b - a <= MAX_SENTENCE for a, b in whole):
        assert spans == whole
