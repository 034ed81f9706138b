"""identify for any unit of China: openings written for units drawn from the region dictionary itself (seeded
samples, not hand-picked), shared names decided by the place named beside them, historical and renamed units at
their dates, autonomous prefectures and banners, ambiguity said with its candidates; and the period rules."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date
from functools import cache
from pathlib import Path

import pytest

from ingest.identify import candidates, find_doc_type, find_period, find_published, reading_text
from ingest.locate import Located, locate
from ingest.regions import Region, gazetteer

SEED = 20260101
DAYS = [date(y, 12, 31) for y in range(1995, 2026)]


def _self_word(r: Region) -> str:
    """How a unit's own report speaks of it: 全县, 全市, 全区, 全州, 全旗, 全盟, 全地区, 全省."""
    if r.level == "province":
        return "区" if r.name.endswith("自治区") else r.name[-1]
    for suffix in ("地区", "州", "盟", "旗"):
        if r.name.endswith(suffix):
            return suffix
    return r.name[-1]


def _communique(r: Region, day: date, name: str | None = None) -> tuple[str, str]:
    w, y = _self_word(r), day.year
    title = f"{name or r.name}{y}年国民经济和社会发展统计公报"
    body = (f"{title}\n{y}年,全{w}上下坚持稳中求进工作总基调,全{w}经济运行稳中向好。\n一、综合\n"
            f"初步核算,全{w}实现地区生产总值128.6亿元,按可比价格计算,比上年增长5.1%。")
    return title, body


@cache
def _live(day: date) -> tuple[Region, ...]:
    return tuple(r for r in gazetteer().live(day) if r.level != "functional_zone")


@cache
def _names(day: date) -> dict[str, set[str]]:
    """name (full or short) -> codes of the units in force carrying it."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in _live(day):
        out[r.name].add(r.code)
        if r.short_name:
            out[r.short_name].add(r.code)
            if r.name.endswith(("自治州", "自治县")):
                out[r.short_name + r.name[-1]].add(r.code)  # 东乡县 for 东乡族自治县
    return out


def _sample(n: int, keep, salt: str) -> list[tuple[Region, date]]:  # type: ignore[no-untyped-def]
    rng = random.Random(f"{SEED}:{salt}")
    out: list[tuple[Region, date]] = []
    while len(out) < n:
        day = rng.choice(DAYS)
        r = rng.choice(_live(day))
        if keep(r, day):
            out.append((r, day))
    return out


def _ids(cases: list[tuple[Region, date]]) -> list[str]:
    return [f"{r.name}{r.code}@{d.year}" for r, d in cases]


def _unique(r: Region, day: date) -> bool:
    """A name only this unit carries, and not a bare generic name (城区) or a one-character base (礼县)."""
    return _names(day)[r.name] == {r.code} and bool(r.short_name)


UNIQUE = _sample(60, _unique, "unique")


@pytest.mark.parametrize(("region", "day"), UNIQUE, ids=_ids(UNIQUE))
def test_a_communique_names_its_unit(region: Region, day: date) -> None:
    title, body = _communique(region, day)
    found = locate(title, body, day)
    assert (found.status, found.region) == ("identified", region)


def _shared(r: Region, day: date) -> bool:
    parent = gazetteer().parent(r, day)
    return (len(_names(day)[r.name]) > 1 and parent is not None and parent.level != "province"
            and len(_names(day)[parent.name]) == 1 and bool(r.short_name))


SHARED = _sample(30, _shared, "shared")


@pytest.mark.parametrize(("region", "day"), SHARED, ids=_ids(SHARED))
def test_a_shared_name_is_decided_by_its_city_named_beside_it(region: Region, day: date) -> None:
    parent = gazetteer().parent(region, day)
    assert parent is not None
    # the city right before the name ("南通市通州区"), or in the text around it ("在南通市委的领导下")
    title, body = _communique(region, day, name=f"{parent.name}{region.name}")
    assert locate(title, body, day).region == region
    title, body = _communique(region, day)
    body += f"\n在{parent.name}委、{parent.name}人民政府的坚强领导下,全{_self_word(region)}上下团结奋进。"
    assert locate(title, body, day).region == region


@pytest.mark.parametrize(("region", "day"), SHARED[:10], ids=_ids(SHARED[:10]))
def test_a_shared_name_with_nothing_around_it_is_ambiguous_with_every_candidate(region: Region, day: date) -> None:
    title, body = _communique(region, day)
    found = locate(title, body, day)
    sharing = {r.code for r in _live(day) if r.name == region.name}
    assert found.region is None and found.status == "ambiguous"
    assert {c.code for c in found.candidates} == sharing
    for line, unit in zip(candidates(found, day), found.candidates, strict=True):
        parent = gazetteer().parent(unit, day)
        assert line == f"{unit.name} {unit.code} {parent.name}"  # type: ignore[union-attr]


def test_tongzhou_of_beijing_and_of_nantong() -> None:
    day = date(2022, 12, 31)
    title = "通州区2022年国民经济和社会发展统计公报"
    found = locate(title, title + "\n2022年,全区上下稳中求进。", day)
    assert found.status == "ambiguous"
    assert candidates(found, day) == ("通州区 110112 北京市", "通州区 320612 南通市")
    assert locate(title, title + "\n全区上下认真落实江苏省委部署。", day).region.code == "320612"  # type: ignore
    assert locate(title, title + "\n全区上下认真落实北京市委部署。", day).region.code == "110112"  # type: ignore
    # a file name or URL decides what the text leaves open, never against it
    hinted = locate(title, title + "\n2022年,全区上下稳中求进。", day, hints=("www.nantong.gov.cn/tongzhou",))
    assert hinted.status == "ambiguous"  # 'tongzhou' fits both; 'nantong' is not a candidate
    assert locate(title, title, day, hints=("http://bjtzh.gov.cn", "tongzhou_beijing")).status == "ambiguous"
    text_wins = locate(title, title + "\n全区上下认真落实北京市委部署。", day, hints=("nantong_tongzhou",))
    assert text_wins.region.code == "110112"  # type: ignore[union-attr]


def _retired(r: Region, day: date) -> bool:
    """A unit that ended later, whose name no unit in force at its end carries, with one successor then."""
    if r.valid_to is None or r.valid_to.year > 2024 or r.level == "province" or not r.successor_codes:
        return False
    after = date(r.valid_to.year, 12, 31)
    return (_names(day)[r.name] == {r.code} and r.name not in _names(after)
            and len(gazetteer().successors_at(r, after)) == 1 and bool(r.short_name))


RETIRED = _sample(30, _retired, "retired")


@pytest.mark.parametrize(("region", "day"), RETIRED, ids=_ids(RETIRED))
def test_a_unit_that_later_ended_is_itself_at_its_date_and_its_successor_after(region: Region, day: date) -> None:
    title, body = _communique(region, day)
    assert locate(title, body, day).region == region
    after = date(region.valid_to.year, 12, 31)  # type: ignore[union-attr]
    (successor,) = gazetteer().successors_at(region, after)
    title, body = _communique(region, after)  # a report still written with the old name
    found = locate(title, body, after)
    assert found.region is not None and found.region.code == successor.code


@pytest.mark.parametrize(("text", "when", "code"), [
    ("海安县2016年政府工作报告", date(2016, 12, 31), "320621"),
    ("海安县2019年国民经济和社会发展统计公报", date(2019, 12, 31), "320685"),  # upgraded to 海安市 in 2018
    ("长乐市2015年国民经济和社会发展统计公报", date(2015, 12, 31), "350182"),
    ("长乐区2022年国民经济和社会发展统计公报", date(2022, 12, 31), "350112"),  # 长乐市 became 福州市长乐区
    ("2020年九江市濂溪区国民经济和社会发展统计公报", date(2020, 12, 31), "360402"),  # 庐山区 renamed, same code
    ("2023年吐鲁番市高昌区国民经济和社会发展统计公报", date(2023, 12, 31), "650402"),  # 吐鲁番市 is the city now
])
def test_renamed_and_upgraded_units(text: str, when: date, code: str) -> None:
    found = locate(text, text, when)
    assert found.region is not None and found.region.code == code


def _autonomous(r: Region, day: date) -> bool:
    return (r.name.endswith(("自治州", "旗")) and bool(r.short_name) and _names(day)[r.short_name] == {r.code}
            and _names(day)[r.name] == {r.code})


AUTONOMOUS = _sample(24, _autonomous, "autonomous")


@pytest.mark.parametrize(("region", "day"), AUTONOMOUS, ids=_ids(AUTONOMOUS))
def test_autonomous_prefectures_and_banners_by_their_everyday_names(region: Region, day: date) -> None:
    # 大理州 for 大理白族自治州, a banner by its name; the report speaks as 全州 / 全旗
    colloquial = region.short_name + "州" if region.name.endswith("自治州") else region.name
    title, body = _communique(region, day, name=colloquial)
    assert locate(title, body, day).region == region


def test_a_report_naming_no_unit_is_unknown() -> None:
    text = "上半年全县经济稳中向好,战略性新兴产业增长12%,指明了前进方向,描绘了宏伟蓝图。"
    assert locate("", text, date(2025, 6, 30)) == Located(None, "unknown")


def test_a_literary_name_does_not_outweigh_the_unit_that_speaks() -> None:
    text = ("政府工作报告\n——2025年1月12日在安庆市第十八届人民代表大会第四次会议上\n各位代表:\n"
            "现在,我代表市人民政府,向大会报告工作。总书记亲临安庆桐城考察,让530万宜城儿女倍感振奋。")
    found = locate("政府工作报告", text, date(2024, 12, 31))
    assert found.region is not None and found.region.name == "安庆市"


def test_the_leaf_of_a_chain_and_the_unit_not_its_city() -> None:
    day = date(2022, 12, 31)
    text = "2022年宜昌市宜都市人民政府国民经济和社会发展统计公报\n2022年,宜都坚持稳中求进,全市经济运行稳中向好。"
    assert locate(text.split("\n")[0], text, day).region.name == "宜都市"  # type: ignore[union-attr]
    text = ("(湖南省)浏阳市人民政府工作报告\n在省委、省政府、长沙市委、市政府和浏阳市委的坚强领导下,"
            "全市上下团结奋进。")
    assert locate(text.split("\n")[0], text, day).region.name == "浏阳市"  # type: ignore[union-attr]


def test_a_province_article_listing_its_cities_is_the_provinces() -> None:
    text = ("2022年上半年江苏13市GDP:苏州领先南京\n江苏省上半年实现地区生产总值56909亿元。苏州、南京、无锡、南通、"
            "常州、徐州分列前六位,扬州、泰州、盐城紧随其后。")
    assert locate(text.split("\n")[0], text, date(2022, 6, 30)).region.name == "江苏省"  # type: ignore


def test_in_an_autonomous_region_a_city_speaking_of_the_region_is_still_the_city() -> None:
    text = ("各位代表:\n现在,我代表市人民政府向大会报告工作。\n一、2024年工作回顾\n全市经济蓄力突破,"
            "认真贯彻落实中央、自治区决策部署,地区生产总值增速居全区第一,赤峰国际陆港开通。赤峰至莫斯科班列开行。")
    assert locate("", text, date(2024, 12, 31)).region.name == "赤峰市"  # type: ignore[union-attr]


# ---------------------------------------------------------------- period


@pytest.mark.parametrize(("title", "head", "kind", "period"), [
    # a site or publication date is not the period
    ("2022年长乐区国民经济和社会发展统计公报", "来源:长乐区统计局 2023-07-26 10:48", "stats_communique", "2022FY"),
    ("兴宁市统计局关于2022年国民经济和社会发展统计的公报", "2022-07-12 00:00", "stats_communique", "2022FY"),
    ("", "闻喜县统计局\n2023年4月11日\n2022年,面对复杂的国际环境,全县上下稳中求进。", "stats_communique", "2022FY"),
    # forum markup, a year index, a year in Chinese numerals
    ("", "[b]20[/b][b]2[/b][b]2[/b][b]年[/b][b]闻喜县[/b][b]国民经济和社会发展统计公报[/b]", "stats_communique",
     "2022FY"),
    ("", "统计公报年度索引: 2024 2023 2022 2021\n辽宁省2022年国民经济和社会发展统计公报", "stats_communique", "2022FY"),
    ("子洲县二〇二三年国民经济和社会发展统计公报", "", "stats_communique", "2023FY"),
    # an annual communiqué's quarters are not its period
    ("和田地区2021年国民经济和社会发展统计公报", "一季度增长8%,上半年增长7.5%,前三季度增长7%。", "stats_communique",
     "2021FY"),
    # a work report reviews the year before its delivery, the same year when delivered from October on
    ("政府工作报告", "——2024年1月18日在牟定县第十八届人民代表大会第三次会议上\n各位代表:", "gov_work_report",
     "2023FY"),
    ("", "2022年12月16日在中卫市第五届人民代表大会第二次会议上\n各位代表:\n今年是极不平凡的一年。",
     "gov_work_report", "2022FY"),
    ("2022年政府工作报告", "——2022年4月26日在新华区第十一届人民代表大会第一次会议上\n一、过去五年工作回顾",
     "gov_work_report", "2021FY"),
    ("政府工作报告", "一、过去五年发展成就和2021年上半年工作回顾", "gov_work_report", "2021H1"),
    ("13.57万亿!全国首个", "●2023年广东地区生产总值达到13.57万亿元、增长4.8%", "gov_work_report", "2023FY"),
    # the review year only implied: the past year, then the coming one named
    ("", "州长向大会作政府工作报告。报告指出,过去一年是本届政府的开局之年。\n报告提出,2023年是全面贯彻落实党的"
         "二十大精神的开局之年。", "news", "2022FY"),
    # a page on the targets alone
    ("", "12月26日,笔者从竹山县第十九届人民代表大会第三次会议获悉,该县明确2024年经济社会发展主要预期目标。",
     "gov_work_report", "2024FY"),
    # parts of a year
    ("2023年前三季度南江县经济形势新闻发布稿", "", "news", "2023M1-9"),
    ("", "秀山网讯 县人大常委会召开2020年1-6月国民经济和社会发展计划执行情况调研座谈会。", "news", "2020H1"),
    ("关于南通市2022年国民经济和社会发展计划上半年执行情况的报告", "", "plan_execution", "2022H1"),
    ("", "今年一季度,雄安新区投资同比增长12.8%。", "news", None),  # no year stated, none invented
    # a founding year is history
    ("全国县域经济基本竞争力百强县名单公布", "中郡研究所始建于1998年,是全国县域经济研究智库。", "news", None),
])
def test_period_is_what_the_report_covers(title: str, head: str, kind: str, period: str | None) -> None:
    assert find_period(title, head, kind) == period


@pytest.mark.parametrize(("title", "head", "kind"), [
    ("", "秀山网讯 为分析总结全县上半年国民经济和社会发展计划执行情况,县人大常委会召开座谈会。", "news"),
    ("", "紫荆杂志(记者肖扬)云南报道:大理州州长代表州人民政府向大会作政府工作报告。", "news"),
    ("13.57万亿!全国首个", "广东省十四届人大二次会议开幕。省长向大会作政府工作报告。\n报告指出:", "gov_work_report"),
    ("", "湖北日报客户端讯 笔者从竹山县第十九届人民代表大会第三次会议获悉,该县明确2024年主要预期目标。",
     "gov_work_report"),
    ("", "2024年是关键之年。\n一、综 合\n根据地区生产总值统一核算初步结果,全县地区生产总值201.20亿元。",
     "stats_communique"),
])
def test_doc_type_of_pages_without_a_telling_title(title: str, head: str, kind: str) -> None:
    assert find_doc_type(title, head) == kind


def test_reading_text_closes_up_letter_spacing_and_drops_markup() -> None:
    assert reading_text("宜 城 市 统 计 局") == "宜城市统计局"
    assert reading_text("[b]20[/b][b]22[/b][b]年[/b]") == "2022年"
    assert reading_text("二〇二三年") == "2023年"


@pytest.mark.parametrize(("word", "code"), [("市", "410500"), ("县", "410522")])
def test_a_city_and_its_county_of_one_short_name_are_told_apart_by_how_they_speak(word: str, code: str) -> None:
    text = (f"2019年前三季度安阳经济运行稳中向好\n今年以来,全{word}上下稳中求进,全{word}经济运行稳中向好。"
            "河南省统计局发布。")
    found = locate(text.split("\n")[0], text, date(2019, 9, 30))
    assert found.region is not None and found.region.code == code


# ---------------------------------------------------------------- the page's own date and a story's year


@pytest.mark.parametrize(("text", "title", "published"), [
    # an e-paper's (or a list's) metadata line: a date printed with the page's own title
    ("第A02版:南通新闻\n全国百强县名单公布\n晚报讯 16日,中郡研究所发布报告。\n"
     "2022-12-19 全国百强县名单公布 2 2 江海晚报 content_120257.html 1 3", "全国百强县名单公布", "2022-12-19"),
    ("2023年1月5日 星期四 第A03版\n县域经济再上台阶\n本报讯 全县上下…", "县域经济再上台阶", "2023-01-05"),
    # a dateline's day dated in full elsewhere in the page
    ("新华社南京7月22日电 上半年,江苏经济回升。\n……\n(编辑:张三) 2022年7月22日 18:01", "", "2022-07-22"),
    ("南京7月22日电 上半年,江苏经济回升。\n2022-07-22 18:01", "", "2022-07-22"),
    # the same day in two years, or the dateline's day nowhere in full: no date
    ("南京7月22日电 上半年,江苏经济回升。\n2021年7月22日相比,2022年7月22日", "", None),
    ("南京7月22日电 上半年,江苏经济回升。\n2022年7月25日 来自手机", "", None),
    # a date standing alone atop the page (a site's date bar) or a date inside the title's own words: not the page's
    ("今天是2024年5月3日 星期五\n上半年经济运行稳中向好\n上半年,全县…", "上半年经济运行稳中向好", None),
    ("标题\n2020年1-6月全市经济运行情况", "2020年1-6月全市经济运行情况", None),
])
def test_the_pages_own_date_from_its_text(text: str, title: str, published: str | None) -> None:
    assert find_published(text, {}, None, title) == published


@pytest.mark.parametrize(("title", "head", "published", "period"), [
    # a year in the name of what the story reports, when the story dates it to a day or the page's date confirms it
    ("", "上半年,全省工业稳步回升。6月23日,2022新一代信息技术融合应用创新云峰会开启。", None, "2022H1"),
    ("全国百强县名单公布", "16日,中郡研究所发布《2022县域经济与县域发展监测评价报告》。", "2022-12-19", "2022FY"),
    # unconfirmed, a year in a name says nothing; a count or a plan's horizon is no year of the story
    ("", "上半年,全省工业稳步回升。2022新一代信息技术融合应用创新云峰会开启。", None, None),
    ("全国百强县名单公布", "16日,中郡研究所发布《2022县域经济与县域发展监测评价报告》。", "2025-12-19", None),
    ("", "上半年,新增市场主体2022家。", "2022-07-20", "2022H1"),  # the byline's year, not the count
    ("", "锚定2035远景目标,上半年经济稳中向好。", None, None),
    ("", "今年一季度,雄安新区投资同比增长12.8%。", None, None),  # nothing: nothing invented
])
def test_a_storys_year_from_the_page_itself(title: str, head: str, published: str | None, period: str | None) -> None:
    assert find_period(title, head, "news", published) == period


@pytest.mark.parametrize(("title", "head", "tail", "kind"), [
    # a newspaper's story quoting the statistics bureau is news
    ("2023年河南省经济运行情况", "根据地区生产总值统一核算结果,2023年全省地区生产总值59132.39亿元,按不变价格计算,"
     "比上年增长4.1%。省统计局新闻发言人介绍。", "来源:河南日报", "news"),
    ("全省经济稳中向好", "根据地区生产总值统一核算结果,全省地区生产总值按可比价格计算增长4.1%。省统计局介绍。",
     "(来源:大河报)", "news"),
    # a communiqué is one by its title, or by its structure, wherever it was reprinted
    ("2023年某某县国民经济和社会发展统计公报", "初步核算,全县地区生产总值128.6亿元。", "来源:某某日报",
     "stats_communique"),
    ("", "2024年是关键之年。\n一、综 合\n根据地区生产总值统一核算初步结果,全县地区生产总值201.20亿元,按可比价格"
         "计算,增长5.1%。", "来源:某某日报", "stats_communique"),
    # a bureau's own source line is no newspaper
    ("", "2022年,全县上下…\n一、综合\n初步核算,全县实现地区生产总值…按可比价格计算", "来源:长乐区统计局",
     "stats_communique"),
])
def test_a_news_story_quoting_the_bureau_is_news(title: str, head: str, tail: str, kind: str) -> None:
    assert find_doc_type(title, head, tail) == kind


def test_an_undecided_shared_name_is_told_without_a_code_and_the_file_is_not_filed(tmp_path: Path) -> None:
    """The report is about a 通州区; which one the text leaves open. Its header and facts say 通州区 with no code
    (a reader learns the name), and intake still refuses to file it under either unit."""
    from ingest.extract import extract
    from ingest.intake import REGION_UNDECIDED
    from ingest.pipeline import load_document

    path = tmp_path / "report.txt"
    path.write_text("通州区2022年国民经济和社会发展统计公报\n2022年,全区实现地区生产总值812.3亿元,增长3.4%。\n",
                    encoding="utf-8")
    doc = load_document(path)
    assert (doc.region, doc.region_code, doc.region_status) == ("通州区", None, "ambiguous")
    assert doc.header()["region_candidates"] == ["通州区 110112 北京市", "通州区 320612 南通市"]
    facts = [f for f in extract(doc) if f.type == "level"]
    assert facts and {(f.region, f.region_code) for f in facts} == {("通州区", None)}
    assert REGION_UNDECIDED[doc.region_status][0] == "ambiguous_region"
