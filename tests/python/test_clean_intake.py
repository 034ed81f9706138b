"""ingest.clean / ingest.spam: spam out, pinyin glosses out, simplified script, and an offset map that holds."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.clean import clean, detect_script, t2s
from ingest.read import read_source

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
SEED = FIXTURES / "000_4d642fd5ff5d4800.txt"
DEV = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("000_"))
SPAM = "澳门皇冠_皇冠足球比分-官网"


def gold_texts(stem: str) -> list[str]:
    """The gold fact quotes of the shared corpus (exact substrings of the saved page), copied into the fixtures."""
    gold = FIXTURES.parent / "gold" / f"{stem}.jsonl"
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["text"] for r in rows if r.get("type") not in ("doc", "anomaly") and r.get("text")]


def assert_offsets_hold(source: str, cleaned: str, offsets: tuple[int, ...], simplified: bool) -> None:
    assert len(offsets) == len(cleaned) + 1 and offsets[-1] == len(source)
    assert all(a < b for a, b in pairwise(offsets))
    agree = sum(ch == (source[offsets[i]] if simplified else t2s(source[offsets[i]])) for i, ch in enumerate(cleaned))
    # character-wise t2s may differ from OpenCC's phrase-wise choice now and then; simplified text maps exactly
    assert agree == len(cleaned) if simplified else agree >= 0.99 * len(cleaned)


# ---------------------------------------------------------------- the seed: spam


def test_seed_spam_removed_and_recorded() -> None:
    text = SEED.read_text(encoding="utf-8")
    c = clean(text)
    assert c.tampered and c.script == "simplified"
    assert "皇冠" not in c.text and "官网" not in c.text
    spam = [s for s in c.removed if s.reason.startswith("spam")]
    assert [s.text for s in spam] == [SPAM, "澳门皇冠:", "澳门皇冠:", SPAM, SPAM, SPAM]
    for s in spam:
        assert text[s.start : s.end] == s.text
    # where the spam stood in place of "我市", the sentence closes up and the number stays apart from it
    assert "向市人大常委会报告2022年上半年国民经济" in c.text
    assert "力争80周岁以上老年人" in c.text
    assert "\n海安市2022年上半年国民经济和社会发展计划执行情况的报告\n" in c.text
    assert len(c.text) == len(text) - sum(len(s.text) for s in spam)


def test_seed_gold_quotes_survive_cleaning() -> None:
    c = clean(SEED.read_text(encoding="utf-8"))
    missing = [t for t in gold_texts("seed") if t not in c.text]
    assert not missing


@pytest.mark.parametrize("path", DEV, ids=lambda p: p.stem)
def test_dev_gold_quotes_survive_cleaning(path: Path) -> None:
    """Simplified pages keep every gold quote verbatim; a traditional page's quote cleans to a substring."""
    source = read_source(path).text
    c = clean(source)
    missing = [t for t in gold_texts(path.stem) if t not in source or _as_cleaned(t, c.script) not in c.text]
    assert not missing


def _as_cleaned(quote: str, script: str) -> str:
    """A quote as its page's cleaning turns it: glosses out, converted when the page is traditional."""
    plain = re.sub(r"[(?][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)", "", quote)  # whole or mangled ('?qiáng)')
    return t2s(plain) if script == "traditional" else plain


@pytest.mark.parametrize("path", [SEED, *DEV], ids=lambda p: p.stem)
def test_offset_map_points_back_to_the_source(path: Path) -> None:
    source = read_source(path).text
    c = clean(source)
    assert_offsets_hold(source, c.text, c.offsets, c.script == "simplified")
    for s in c.removed:
        assert source[s.start : s.end] == s.text


def test_source_span_of_a_traditional_quote() -> None:
    """A fact found in the cleaned text points at the original traditional words, glosses included."""
    source = (FIXTURES / "qidong_2020fy_plan_trad.txt").read_text(encoding="utf-8")
    c = clean(source)
    start = c.text.index("实现地区生产总值1230亿元")
    s, e = c.source_span(start, start + len("实现地区生产总值1230亿元"))
    assert source[s:e] == "實現(xiàn)地區(qū)生產總值1230億元"


# ---------------------------------------------------------------- script and glosses


def test_traditional_pages_become_simplified() -> None:
    c = clean((FIXTURES / "rudong_2021_stats_trad.txt").read_text(encoding="utf-8"))
    assert c.script == "traditional" and not c.tampered
    assert "全县实现地区生产总值1272.24亿元,按可比价格计算,比上年增长8.9%" in c.text
    glosses = [s for s in c.removed if s.reason == "pinyin_gloss"]
    assert len(glosses) > 50 and all(s.text.startswith("(") for s in glosses)
    mangled = [s.text for s in c.removed if s.reason == "pinyin_gloss:mangled"]
    assert mangled and all(s[0] in "?？(（" and s[-1] in ")）" for s in mangled)


def test_glosses_need_pinyin_after_a_character() -> None:
    assert clean("實現(xiàn)增長(zhǎng)").text == "实现增长"
    kept = "第一产业(a)增长,按(GDP)计算,单位(万元),方案(一)"
    assert clean(kept).text == kept
    # a toneless gloss counts only where tone-marked ones show this is a glossed mirror
    assert clean("實現(xiàn)增長(zhǎng)發(fā)展的(de)").text == "实现增长发展的"
    assert clean("报告(de)").text == "报告(de)"


def test_mangled_glosses_go_and_real_text_stays() -> None:
    # the opening paren turned into '?' (after a character or after another gloss), or the page cut off mid-gloss
    c = clean("躋身全國(guó)百?gòu)?qiáng)縣(市)行列,實現(xiàn)增長(zhǎng")
    assert "?" not in c.text and "ò" not in c.text and "(市)" in c.text and c.text.endswith("增长")
    assert [s.text for s in c.removed if s.reason == "pinyin_gloss:mangled"] == ["?gòu)", "?qiáng)", "(zhǎng"]
    for kept in ("为什么?(a)", "增长?yes)", "单位?(万元)", "报告?"):
        assert clean(kept).text == kept
    # every kept character still maps to its source position
    src = "百?gòu)?qiáng)縣增長(zhǎng)5%"
    c = clean(src)
    assert all(src[c.offsets[i]] in (ch, "縣", "長") for i, ch in enumerate(c.text))


def test_script_detection_is_stable_on_simplified_text() -> None:
    assert detect_script(SEED.read_text(encoding="utf-8")) == "simplified"
    assert detect_script("後來著名的乾隆") in ("simplified", "traditional")  # short: no crash, no claim
    assert detect_script("國民經濟和社會發展計劃執行情況") == "traditional"


# ---------------------------------------------------------------- what is not spam


@pytest.mark.parametrize("text", [
    "福利彩票销售额增长5%。",
    "全年销售体育彩票、福利彩票12亿元,体育彩票投注站新增30个。",
    "严厉打击跨境赌博和电信网络诈骗。",
    "皇冠假日酒店开业,新增就业岗位300个。",
    "澳门、香港来访客商增长10%。",
    "官网发布了全年数据。",
])
def test_real_text_that_mentions_lotteries_is_kept(text: str) -> None:
    c = clean(text)
    assert c.text == text and not c.tampered


def test_unknown_brand_spam_title_is_learned_and_removed_from_the_body() -> None:
    body = "海安市经济运行稳中向好。" * 8
    text = f"某某娱乐_某某体育-官网\n\n{body}\n某某娱乐_某某体育-官网全面落实各项政策措施。"
    c = clean(text)
    assert c.tampered
    assert [s.reason for s in c.removed] == ["spam:title", "spam:repeat"]
    assert "某某" not in c.text and "全面落实各项政策措施" in c.text


def test_a_real_headline_is_not_a_spam_title() -> None:
    text = "皇冠假日酒店项目竣工\n\n" + "皇冠假日酒店项目总投资12亿元,建筑面积8万平方米,年内竣工投运。" * 3
    assert not clean(text).tampered


def test_traditional_spam_is_found_after_conversion() -> None:
    c = clean("澳門皇冠_皇冠足球比分-官網\n\n國民經濟和社會發展計劃執行情況的報告")
    assert c.tampered and c.text.strip() == "国民经济和社会发展计划执行情况的报告"


# ---------------------------------------------------------------- conservative cleaning


def test_spaces_and_line_breaks_inside_text_are_kept() -> None:
    text = "社会消费品零\n售总额 346 亿元,增长\n7%  。"
    assert clean(text).text == text


def test_zero_width_characters_are_removed_and_recorded() -> None:
    c = clean("地区生产总值\u200b684.66亿元")
    assert c.text == "地区生产总值684.66亿元" and [s.reason for s in c.removed] == ["invisible"]


_PIECES = st.sampled_from(["我市", "实现", "實現(xiàn)", "增长1.6%", "\n", "  ", SPAM, "澳门皇冠:", "福利彩票", "。",
                           "(a)", "國民經濟", "684.66亿元", "\u200b", "皇冠假日"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=40))
def test_clean_invariants(pieces: list[str]) -> None:
    """Whatever the mix: the map has one entry per character plus the end, increases, and every removed span is
    the source text it names."""
    source = "".join(pieces)
    c = clean(source)
    assert len(c.offsets) == len(c.text) + 1 and c.offsets[-1] == len(source)
    assert all(a < b for a, b in pairwise(c.offsets))
    for s in c.removed:
        assert source[s.start : s.end] == s.text
    assert clean(c.text).text == c.text or c.script == "traditional"


def test_spam_does_not_hide_a_short_traditional_text() -> None:
    """Found by hypothesis: simplified spam diluted 4 traditional characters below the script threshold, so the
    first clean kept 實現 and cleaning its own output changed it to 实现."""
    c = clean("我市" * 23 + "實現(xiàn)" * 2 + SPAM * 7)
    assert c.script == "traditional" and c.text.endswith("实现实现")
    assert clean(c.text).text == c.text


def test_spam_glued_to_a_word_takes_only_the_spam() -> None:
    c = clean(f"培育优质体育{SPAM}文化企业,发展足球{SPAM}运动。")
    assert c.text == "培育优质体育文化企业,发展足球运动。"
    assert [s.text for s in c.removed] == [SPAM, SPAM]
