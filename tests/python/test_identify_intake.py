"""ingest.identify: region/code/level, period, type, date and title of real reports, checked against the corpus
index and the gold "doc" lines; and the general rules on made-up openings."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from ingest.clean import clean
from ingest.identify import (
    document_id,
    find_doc_type,
    find_period,
    find_published,
    find_title,
    load_regions,
    opening,
    period_bounds,
    reading_text,
)
from ingest.locate import locate
from ingest.model import Source
from ingest.pipeline import load_document
from ingest.regions import Region


def find_region(title: str, text: str, when: date | None, hints: tuple[str, ...] = ()) -> Region | None:
    """The unit identify would file a report under, from a title and an opening (as identify reads them)."""
    return locate(reading_text(title), reading_text(opening(text)), when, hints).region


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "intake"
INDEX = {r["id"]: r for r in csv.DictReader((FIXTURES / "index.csv").open(encoding="utf-8"))}
GOLD = {d["doc"]: d for d in map(json.loads, (FIXTURES / "gold_docs.jsonl").read_text("utf-8").splitlines())}
SEED_ID = "haian_2022h1_plan_seed"
FILES = {SEED_ID: FIXTURES / "000_4d642fd5ff5d4800.txt"} | {k: FIXTURES / f"{k}.txt" for k in INDEX}
# The corpus names levels coarsely; ref_regions.csv (what identify reports) tells a county-level city apart.
COARSE = {"county_level_city": "county", "county": "county", "district": "district", "prefecture_city": "city",
          "province": "province"}
# Not in the saved text: the news page's date is only in its URL (…/2023/0113/…).
NOT_IN_TEXT = {("haian_2022fy_news", "published")}


@pytest.fixture(scope="module")
def docs() -> dict[str, object]:
    return {k: load_document(p, f"reports/{p.name}") for k, p in FILES.items()}


@pytest.mark.parametrize("key", sorted(FILES))
def test_matches_gold_doc_line(docs: dict[str, object], key: str) -> None:
    doc = docs[key].header()  # type: ignore[attr-defined]
    gold = GOLD[key]
    for field in ("region", "period", "doc_type", "published", "script"):
        if (key, field) not in NOT_IN_TEXT:
            assert doc[field] == gold[field], field
    assert COARSE[doc["region_level"]] == gold["region_level"]
    assert doc["tampered"] == (gold["spam"] == "yes")


@pytest.mark.parametrize("key", sorted(INDEX))
def test_matches_corpus_index(docs: dict[str, object], key: str) -> None:
    doc = docs[key]
    row = INDEX[key]
    assert (doc.region, doc.period, doc.doc_type, doc.script) == (  # type: ignore[attr-defined]
        row["region"], row["period"], row["doc_type"], row["script"])


@pytest.mark.parametrize("key", sorted(FILES))
def test_region_code_is_valid_at_the_report_date(docs: dict[str, object], key: str) -> None:
    doc = docs[key]
    rows = [r for r in load_regions() if r.code == doc.region_code and r.name == doc.region]  # type: ignore[attr-defined]
    assert len(rows) == 1
    when = date.fromisoformat(doc.published) if doc.published else period_bounds(doc.period)[1]  # type: ignore
    assert rows[0].valid_at(when)


def test_titles_are_real_titles(docs: dict[str, object]) -> None:
    titles = {k: d.title for k, d in docs.items()}  # type: ignore[attr-defined]
    assert titles[SEED_ID] == "海安市2022年上半年国民经济和社会发展计划执行情况的报告"
    assert titles["nantong_2020h1_news"] == "上半年南通工业投资同比增长4.1% 位居全省第四"
    assert titles["jiangsu_2022h1_news"].startswith("2022年上半年江苏13市GDP")
    assert titles["haian_2020_gwr"] == "2021年海安市政府工作报告"
    for title in titles.values():
        assert "皇冠" not in title and title != "图片" and "资料图" not in title


def test_mirror_html_is_identified_like_the_seed() -> None:
    doc = load_document(FIXTURES / "haian_2022h1_plan_mirror_trad.html", "reports/mirror.html")
    assert (doc.region, doc.region_code, doc.period, doc.doc_type, doc.published, doc.script) == (
        "海安市", "320685", "2022H1", "plan_execution", "2022-08-03", "traditional")
    assert doc.title == "海安市2022年上半年国民经济和社会发展计划执行情况的报告"


# ---------------------------------------------------------------- general rules


@pytest.mark.parametrize(("text", "when", "expected"), [
    ("海门市2019年国民经济和社会发展计划执行情况", date(2019, 12, 31), ("海门市", "320684")),
    ("海门区2022年国民经济和社会发展计划执行情况", date(2022, 12, 31), ("海门区", "320614")),
    ("海门2021年上半年经济运行情况", date(2021, 6, 30), ("海门区", "320614")),  # the unit in force then
    ("崇川区2019年计划执行情况", date(2019, 12, 31), ("崇川区", "320602")),
    ("崇川区2021年计划执行情况", date(2021, 12, 31), ("崇川区", "320613")),
    ("海安县2016年政府工作报告", date(2016, 12, 31), ("海安县", "320621")),
    ("江苏省海安市2022年经济运行", date(2022, 12, 31), ("海安市", "320685")),
])
def test_region_code_follows_the_date(text: str, when: date, expected: tuple[str, str]) -> None:
    region = find_region(text, text, when)
    assert region is not None and (region.name, region.code) == expected


def test_a_county_report_naming_its_city_is_about_the_county() -> None:
    text = "2020年,全市上下认真贯彻落实中央、省和南通市的决策部署,在南通市委的领导下,赋予启东新定位。"
    region = find_region("", text, date(2020, 12, 31))
    assert region is not None and region.name == "启东市"


def test_several_counties_at_one_level_mean_their_city() -> None:
    text = "全市经济运行稳中向好。海安、如皋、如东、启东四地增速超过6%。"
    region = find_region("", text, date(2022, 12, 31))
    assert region is not None and region.name == "南通市"


def test_a_report_naming_no_unit_is_unknown_not_a_default() -> None:
    text = "上半年全省规模以上工业增加值增长3.2%,全省固定资产投资增长5%。"
    found = locate("", text, date(2022, 6, 30))
    assert (found.region, found.status, found.candidates) == (None, "unknown", ())


def test_unnamed_district_report_takes_the_file_name_hint() -> None:
    text = "一、2022年计划执行情况\n全区上下坚持稳中求进,地区生产总值增速高于南通平均水平。"
    # it speaks as a district and names only its city: the city is not what it is about
    assert find_region("", text, date(2022, 12, 31)) is None
    hinted = find_region("", text, date(2022, 12, 31), hints=("haimen_2022_plan",))
    assert hinted is not None and hinted.name == "海门区"


@pytest.mark.parametrize(("title", "head", "kind", "period"), [
    ("海安市2022年上半年国民经济和社会发展计划执行情况的报告", "", "plan_execution", "2022H1"),
    ("关于2022年国民经济和社会发展计划执行情况与2023年计划草案的报告", "", "plan_execution", "2022FY"),
    ("2021年海安市政府工作报告", "各位代表:现在,我代表市人民政府向大会报告工作", "gov_work_report", "2020FY"),
    ("2023年政府工作报告", "2022年工作回顾", "gov_work_report", "2022FY"),
    ("如东县2021年国民经济和社会发展统计公报", "", "stats_communique", "2021FY"),
    ("", "2021年,全县上下…\n一、综合\n初步核算,全县实现地区生产总值…按可比价格计算", "stats_communique", "2021FY"),
    ("2023年一季度南通经济运行情况", "", "news", "2023Q1"),
    ("2023年1-5月全市工业经济运行简况", "", "news", "2023M1-5"),
    ("2023年前三季度全省经济", "", "news", "2023M1-9"),
    ("2022年1-6月南通规上工业增加值增长", "", "news", "2022H1"),
])
def test_type_and_period(title: str, head: str, kind: str, period: str) -> None:
    assert find_doc_type(title, head) == kind
    assert find_period(title, head, kind) == period


def test_period_year_from_the_publishing_date() -> None:
    assert find_period("上半年南通工业投资同比增长", "", "news", "2020-08-13") == "2020H1"


def test_published_prefers_page_metadata_and_skips_implausible_header_dates() -> None:
    assert find_published("x", {"published": "2022-08-03"}, "2022H1") == "2022-08-03"
    assert find_published("标题\n2020-08-13 16:43 来源:南通网\n正文", {}, "2020H1") == "2020-08-13"
    # a document-sharing site's upload date, years after the period: not the publishing date
    assert find_published("标题\n上传日期:2024-01-13\n正文", {}, "2020FY") is None
    assert find_published("标题\n2024-01-13\n正文", {}, None) is None  # no label: a number, not a date line


def test_title_skips_captions_breadcrumbs_and_site_names() -> None:
    text = "聚热点 juredian\n\n图片\n当前位置: 主页 > 焦点 >\n2022年上半年江苏13市GDP:苏州领先\n正文很长的一段。" * 1
    assert find_title(text) == "2022年上半年江苏13市GDP:苏州领先"
    assert find_title("(资料图)\n\n2022年,江苏省海安市紧紧围绕发展目标,深入推进发展战略,坚持稳字当头。") == ""


def test_document_id_ignores_whitespace_and_width() -> None:
    assert document_id("增长 1.6%\n") == document_id("增长１.６％")
    assert document_id("增长1.6%") != document_id("增长1.7%")


def test_spam_title_never_becomes_the_title() -> None:
    title = "海安市2022年上半年国民经济和社会发展计划执行情况的报告"
    c = clean(f"澳门皇冠_皇冠足球比分-官网\n\n图片\n澳门皇冠:{title}\n正文。")
    src = Source("x.txt", "0" * 64, "txt", "utf-8", "", 0, meta={"title": "澳门皇冠_皇冠足球比分-官网"})
    assert find_title(c.text, src.meta.get("title")) == title


@pytest.mark.parametrize(("url", "expected"), [
    ("http://m.djxww.com/xmt/2023/0113/113986.html", "2023-01-13"),
    ("http://www.example.gov.cn/art/t20230113_4512.html", "2023-01-13"),
    ("https://www.example.gov.cn/content/b0815899-8c28-4857-8de8-29ac604c7ce0.html", None),
])
def test_published_from_the_page_url(url: str, expected: str | None) -> None:
    assert find_published("正文", {"url": url}, "2022FY") == expected
    assert find_published(f"正文\n本文链接: {url}", {}, "2022FY") == expected


def test_saved_page_with_its_url_gets_the_date(tmp_path: Path) -> None:
    page = (FIXTURES / "haian_2022fy_news.txt").read_text("utf-8")
    html = "<!-- saved from url=(0044)http://m.djxww.com/xmt/2023/0113/113986.html -->\n<html><body>"
    html += "".join(f"<p>{line}</p>" for line in page.split("\n")) + "</body></html>"
    path = tmp_path / "news.html"
    path.write_text(html, encoding="utf-8")
    doc = load_document(path)
    assert (doc.region, doc.period, doc.doc_type, doc.published) == ("海安市", "2022FY", "news", "2023-01-13")


def test_an_e_papers_story_takes_its_year_from_the_papers_date_line(tmp_path: Path) -> None:
    # what a saved e-paper page looks like: edition, headline, a byline with the day only, the paper's metadata line
    page = ("第A02版:南通新闻\n\n全国县域经济基本竞争力百强县名单公布\n\n南通4县市全部上榜\n\n"
            "晚报讯 16日,中郡研究所发布《2022县域经济与县域发展监测评价报告》。启东、如皋、海安、如东分列第16、21、28、"
            "31位。\n\n中郡研究所始建于1998年。\n\n2022-12-19 全国县域经济基本竞争力百强县名单公布 2 2 江海晚报 "
            "content_120257.html 1 3 南通4县市全部上榜 /enpproperty-->\n")
    path = tmp_path / "paper.txt"
    path.write_text(page, encoding="utf-8")
    doc = load_document(path)
    assert (doc.region, doc.period, doc.doc_type, doc.published) == ("南通市", "2022FY", "news", "2022-12-19")
    # the same story without the paper's date line: the year is nowhere, so no period
    path.write_text(page.split("\n\n2022-12-19")[0], encoding="utf-8")
    assert load_document(path).period is None
