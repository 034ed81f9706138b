"""Labels in Chinese (the default: the reports and their readers are Chinese) and English.

Indicator names come from the warehouse's indicator dictionary (dim_indicator), not from here; this file holds only
the app's own words. `t(key)` falls back to the key itself so a missing label shows up rather than crashing a page.
"""

from __future__ import annotations

import streamlit as st

LANGS = {"zh": "中文", "en": "English"}

LABELS: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("南通地方经济报告仓库", "Nantong local economic reports"),
    "language": ("语言 / Language", "语言 / Language"),
    "missing_title": ("还没有数据仓库", "No warehouse yet"),
    "missing_body": (
        "找不到数据仓库文件 `{path}`。请在项目根目录运行 `make pipeline`（读取 reports/ → 种子表 → dbt build），"
        "然后刷新本页。",
        "The warehouse file `{path}` does not exist. Run `make pipeline` in the project root (reports/ → seeds → "
        "dbt build), then reload this page.",
    ),
    "broken_body": (
        "数据仓库 `{path}` 缺少表 {tables}，可能是旧版本。请运行 `make pipeline` 重新构建。",
        "The warehouse `{path}` lacks {tables}; it may be from an older build. Run `make pipeline` to rebuild it.",
    ),
    "built_at": ("数据仓库：`{path}`，构建于 {when}", "Warehouse `{path}`, built {when}"),
    "download_csv": ("下载 CSV", "Download CSV"),
    "no_rows": ("没有符合条件的记录。", "No rows match."),
    "open_doc": ("原文", "Source"),
    "all": ("全部", "All"),
    # pages
    "page_overview": ("概览", "Overview"),
    "page_rankings": ("排名声明", "Rankings"),
    "page_benchmarks": ("增速对标", "Benchmarks"),
    "page_timeseries": ("时间序列", "Time series"),
    "page_targets": ("目标与完成", "Targets"),
    "page_quality": ("数据质量", "Data quality"),
    "page_document": ("文档", "Document"),
    # common columns
    "region": ("地区", "Region"),
    "period": ("期间", "Period"),
    "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"),
    "unit": ("单位", "Unit"),
    "document": ("文档", "Document"),
    "doc_type": ("文档类型", "Document type"),
    "published": ("发布日期", "Published"),
    "sentence": ("原句", "Sentence"),
    "text": ("原文片段", "Quoted text"),
    "fact_type": ("事实类型", "Fact type"),
    "level": ("总量", "level"),
    "growth_measure": ("增速", "growth"),
    "share": ("占比", "share"),
    "pp_change": ("百分点变化", "pp change"),
    "vintage": ("版本（发布）", "Vintage (published)"),
    "link": ("链接", "Link"),
    "title": ("标题", "Title"),
    "status": ("状态", "Status"),
    "reason": ("原因", "Reason"),
    "message": ("说明", "Message"),
    "severity": ("级别", "Severity"),
    "check": ("检查项", "Check"),
    "count": ("数量", "Count"),
    "source": ("来源", "Source"),
    # overview
    "overview_caption": (
        "数据来自 reports/ 中的报告，经 ingest 抽取、校验后由 dbt 构建；每个数字都可追溯到原文句子。",
        "Figures come from the reports in reports/, extracted and gated by ingest, built by dbt; every number "
        "traces back to its sentence.",
    ),
    "n_documents": ("文档", "Documents"),
    "n_regions": ("地区", "Regions"),
    "n_periods": ("期间", "Periods"),
    "n_facts": ("抽取事实", "Facts"),
    "n_tampered": ("被篡改文档", "Tampered documents"),
    "n_warnings": ("质量警告", "Quality warnings"),
    "coverage": ("覆盖：地区 × 期间（文档数）", "Coverage: regions × periods (documents)"),
    "scorecard": ("最新报告的主要指标", "Latest report's scorecard"),
    "scorecard_caption": (
        "{title}（{region}，{period}，发布于 {published}）", "{title} ({region}, {period}, published {published})",
    ),
    "documents": ("文档列表", "Documents"),
    "report_tally": (
        "报告自评：{total} 项主要指标，达成 {met} 项，未达成 {missed} 项 —— 「{sentence}」",
        "The report's own tally: {total} main indicators, {met} met, {missed} missed — 「{sentence}」",
    ),
    # rankings
    "rankings_caption": (
        "报告中的排名说法（如“南通第一”“全省唯一”）。核验状态比较同级地区的官方或报告数字。",
        "Rank claims made in the reports (\"南通第一\", \"全省唯一\" …). Verification compares peers' official or "
        "reported figures.",
    ),
    "scope": ("范围", "Scope"),
    "rank": ("名次", "Rank"),
    "claim": ("说法", "Claim"),
    "verification": ("核验状态", "Verification"),
    "first_by_period": ("各期间“第一”说法数量", "First-place claims by period"),
    "claim_detail": ("声明详情", "Claim detail"),
    "pick_claim": ("选择一条声明（或点击表格中的行）", "Pick a claim (or click a row in the table)"),
    "peers_evidence": ("同级地区证据", "Peers' evidence"),
    "no_peers": ("没有找到同级地区的可比数字。", "No comparable peer figures found."),
    "confirmed": ("已证实", "confirmed"),
    "contradicted": ("被反驳", "contradicted"),
    "unverifiable": ("无法核验", "unverifiable"),
    "peer_better": ("同级更优", "peer better"),
    "peer_not_better": ("同级不及", "peer not better"),
    "peer_same_claim": ("同级同样声称", "peer claims the same"),
    "peer_missing": ("同级无数据", "peer has no figure"),
    "claims_text": ("声明列表（文本）", "Claims as text"),
    # benchmarks
    "benchmarks_caption": (
        "地区增速与南通、江苏对比；差距以百分点（pp）计。“引用”为报告中的数字，“官方”为 ref_benchmarks 中的官方数字。",
        "A region's growth against Nantong and Jiangsu; gaps in percentage points (pp). \"Cited\" is the report's "
        "figure, \"official\" the published one from ref_benchmarks.",
    ),
    "growth": ("增速（%）", "Growth (%)"),
    "benchmark": ("对标", "Benchmark"),
    "benchmark_growth": ("对标增速（%）", "Benchmark growth (%)"),
    "gap_pp": ("差距（pp）", "Gap (pp)"),
    "cited": ("引用", "Cited"),
    "official": ("官方", "Official"),
    "reported": ("对标地区自报", "benchmark's own report"),
    "basis": ("口径", "Basis"),
    # time series
    "timeseries_caption": (
        "同一指标在各期间、各版本（不同发布日期的报告）中的数值。单位统一为基础单位时另注明。",
        "One indicator across periods and vintages (reports published at different dates), with units.",
    ),
    "regions": ("地区（可多选）", "Regions (one or more)"),
    "latest_vintage_only": ("只看最新版本", "Latest vintage only"),
    # targets
    "targets_caption": (
        "报告提出的目标及其后续实际值：达成、未达成或待定（尚无后续数据）。",
        "Targets set in the reports with their later actuals: met, missed, or pending (no later figure yet).",
    ),
    "target": ("目标", "Target"),
    "actual": ("实际", "Actual"),
    "outcome": ("结果", "Outcome"),
    "actual_source": ("实际值原文", "Actual's source"),
    "target_period": ("目标期间", "Target period"),
    "met": ("达成", "met"),
    "missed": ("未达成", "missed"),
    "pending": ("待定", "pending"),
    # quality
    "quality_caption": (
        "入库前的校验警告、被拒绝的文件及原因、被篡改（含垃圾/劫持文本）的文档及删除的片段。",
        "Gate warnings before loading, rejected files with reasons, and tampered documents with the spans removed.",
    ),
    "gate_warnings": ("校验警告", "Gate warnings"),
    "rejected_files": ("被拒绝的文件", "Rejected files"),
    "tampered_docs": ("被篡改的文档与删除片段", "Tampered documents and removed spans"),
    "span_start": ("起", "Start"),
    "span_end": ("止", "End"),
    "removed_text": ("删除的文本", "Removed text"),
    "ingest_events": ("入库记录", "Ingest events"),
    # document
    "document_caption": (
        "清洗后的报告全文，高亮标出每个抽取出的事实；下方列出全部事实。",
        "The cleaned report text with every extracted fact highlighted, and the facts listed below.",
    ),
    "pick_document": ("选择文档", "Pick a document"),
    "facts": ("抽取的事实", "Extracted facts"),
    "fact": ("事实", "Fact"),
    "selected_fact": ("当前事实", "Selected fact"),
    "removed_spans": ("清洗时删除的片段", "Spans removed while cleaning"),
}


def lang() -> str:
    value = st.session_state.get("lang", "zh")
    return value if value in LANGS else "zh"


def t(key: str, **fmt: object) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang() == "en" else pair[0]
    return text.format(**fmt) if fmt else text


def pick(zh: object, en: object) -> object:
    """The English name when the switch is on and the dictionary has one; the Chinese otherwise."""
    if lang() == "en" and isinstance(en, str) and en.strip():
        return en
    return zh
