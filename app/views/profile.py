"""Region profile, the landing view (海安市 first): its latest report's key indicators with the gap to its
prefecture and province (cited and official), their lines over time, its ranking claims with coverage, its
targets with attainment, and the report's own scorecard."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import benchmarking, charts, claims, data, names, state, ui
from app.i18n import english, t, term
from app.ui import Col, Span

DEFAULT_REGION = "320685"  # 海安市: the project's first region


def pick_region() -> str | None:
    regions = data.profile_regions()
    codes = [c for c in regions["region_code"] if names.region(c) is not None] or list(regions["region_code"])
    if not codes:
        return None

    def label(code: str) -> str:
        r = names.region(code)
        return f"{names.region_label(code)} · {term(r.level)}" if r and r.level else names.region_label(code)

    return state.select(st, t("pick_region"), codes, param="region", key="pf_region", default=DEFAULT_REGION,
                        format_func=label)


def heading(code: str) -> None:
    r = names.region(code)
    st.header(names.region_label(code) if english() else (r.name if r else code), anchor=False)
    if r is None:
        return
    par = [p for p in (r.prefecture_code, r.province_code) if p and p != code]
    if par:
        ui.html_line(Span(t("region_of", level=term(r.level), parents=" · ".join(names.region_label(p)
                                                                               for p in dict.fromkeys(par))),
                          "muted"), Span(f"  GB/T 2260: {code}", "muted"))


def latest(code: str) -> dict[str, object] | None:
    """The region's latest official report (or another of its reports, picked)."""
    st.subheader(t("latest_report"), anchor=False)
    reports = data.region_reports(code)
    if reports.empty:
        st.info(t("no_report"))
        return None
    labels = {r.doc_id: " · ".join(x for x in (str(r.period or ""), term(r.doc_type),
                                               r.title if isinstance(r.title, str) and r.title else t("untitled"))
                                   if x) for r in reports.itertuples()}
    doc_id = state.select(st, t("pick_report"), list(labels), param="report", key=f"pf_report_{code}",
                          format_func=labels.__getitem__)
    report = reports.set_index("doc_id").loc[doc_id].to_dict() | {"doc_id": doc_id}
    title = report["title"] if isinstance(report["title"], str) and report["title"] else t("untitled")
    ui.html_line(Span(title, "b"))
    ui.html_line(Span(" · ".join(x for x in (str(report["period"] or ""), term(report["doc_type"]),
                                             ui.blank(report["published"])) if x), "muted"))
    ui.page_link(ui.DOCUMENT_PAGE, t("open_doc"), ui.link_params(str(report["doc_id"])), icon=":material/description:")
    scorecard(str(report["doc_id"]))
    return report


def scorecard(doc_id: str) -> None:
    for card in data.report_scorecards(doc_id).itertuples():
        share = f"{ui.fmt_number(card.met_share_pct)}%" if pd.notna(card.met_share_pct) else "—"
        met = card.indicators_met if pd.notna(card.indicators_met) else "—"
        with st.container(border=True):
            ui.html_line(Span(t("report_scorecard"), "b"))
            ui.html_line(t("scorecard_line", total=ui.fmt_number(card.indicators_total), met=ui.fmt_number(met),
                           missed=ui.fmt_number(card.indicators_missed), share=share))
            ui.html_line(Span(card.sentence or "", "quote"))
            if pd.notna(card.targets_tracked) and card.targets_tracked:
                ui.html_line(t("tracked_line", tracked=int(card.targets_tracked), met=int(card.targets_met),
                               missed=int(card.targets_missed), pending=int(card.targets_pending)))


def relation_text(relation: object, gap: object) -> str:
    if not isinstance(relation, str) or not relation:
        return ""
    words = term(relation)
    return f"{words} ({ui.fmt_pp(gap)})" if ui.fmt_pp(gap) else words


def key_indicators(code: str, report: dict[str, object]) -> None:
    st.subheader(t("key_indicators"), anchor=False)
    st.caption(t("key_caption"))
    gaps = benchmarking.key_gaps(code, str(report["period"]) if report.get("period") else None)
    if gaps.empty:
        st.info(t("no_growth"))
        return
    gaps = ui.drop_flagged(ui.add_flags(gaps))
    par = benchmarking.parents(code)
    pref = names.region_label(par.prefecture) if par.prefecture else ""
    prov = names.region_label(par.province) if par.province else ""
    gaps = ui.indicator_names(gaps)
    gaps["growth_text"] = [f"{ui.fmt_number(g)}%" if ui.fmt_number(g) else "" for g in gaps["growth"]]
    for lvl in ("pref", "prov"):
        gaps[f"{lvl}_cited_text"] = [relation_text(r, g) for r, g in
                                     zip(gaps[f"{lvl}_relation"], gaps[f"{lvl}_cited_gap"], strict=True)]
        gaps[f"{lvl}_official_text"] = [
            f"{ui.fmt_number(o)}% ({ui.fmt_pp(g)})" if ui.fmt_number(o) else ""
            for o, g in zip(gaps[f"{lvl}_official"], gaps[f"{lvl}_official_gap"], strict=True)]
    gaps = ui.with_doc_links(gaps)
    cols = [Col("flag", "flag"), Col("indicator_label", "indicator"), Col("growth_text", "growth")]
    for lvl, who in (("pref", pref), ("prov", prov)):
        if who:
            cols += [Col(f"{lvl}_cited_text", f"{who} · {t('cited')}"),
                     Col(f"{lvl}_official_text", f"{who} · {t('official')}")]
    cols.append(Col("link", "link", "link"))
    ui.table(gaps, "profile_gaps", cols)
    lines = []
    for r in gaps.head(12).itertuples():
        parts: list[Span | str] = []
        if r.flag:
            parts.append(Span(r.flag + " ", "flag"))
        parts += [Span(r.indicator_label, "b"), f" {r.growth_text}"]
        for lvl, who in (("pref", pref), ("prov", prov)):
            if not who:
                continue
            cited, official = getattr(r, f"{lvl}_cited_text"), getattr(r, f"{lvl}_official_text")
            if cited or official:
                bits = [f"{t('cited')} {cited}" if cited else "", f"{t('official')} {official}" if official else ""]
                parts.append(f" · {who}: " + ", ".join(b for b in bits if b))
        lines.append(parts)
    ui.html_lines(lines)


def lines_over_time(code: str) -> None:
    st.subheader(t("lines_over_time"), anchor=False)
    inds = data.growth_benchmarks(code)
    inds = inds[inds["benchmark_code"].isin(benchmarking.parents(code).codes())]
    own = data.series_indicators()
    keys = list(dict.fromkeys(k for k in inds.sort_values("indicator_key", key=lambda s: s != "GDP")["indicator_key"]
                              if isinstance(k, str)))
    if not keys:
        st.info(t("no_benchmark_data"))
        return
    labels = {r.indicator_key: names.indicator_label(r.indicator, r.indicator_en) for r in own.itertuples()}
    labels.update({r.indicator_key: names.indicator_label(r.indicator, r.indicator_en) for r in inds.itertuples()})
    key = state.select(st, t("indicator"), keys, param="indicator", key="pf_indicator", default="GDP",
                       format_func=lambda k: labels.get(k, k))
    rows = benchmarking.line_rows(code, str(key))
    rows = ui.drop_flagged(rows) if len(rows) else rows
    if rows.empty:
        st.info(t("no_benchmark_data"))
        return
    charts.draw(charts.growth_lines(rows))


MAX_CLAIMS = 200


def ranking_claims(code: str, report: dict[str, object] | None) -> None:
    """The claims of the report shown (else the region's latest ones): a profile, not the whole claim register."""
    st.subheader(t("claims_of_region"), anchor=False)
    rows = data.rank_claims(code)
    mine = rows[rows["doc_id"] == report["doc_id"]] if report is not None else rows.iloc[0:0]
    rows = mine if len(mine) else rows.sort_values("period_sort", ascending=False, na_position="last").head(MAX_CLAIMS)
    rows = ui.drop_flagged(ui.add_flags(claims.prepare(rows)))
    if rows.empty:
        st.caption(t("no_rows"))
        return
    rows = ui.with_doc_links(rows)
    ui.table(rows, "profile_claims", [
        Col("flag", "flag"), Col("claim_words", "claim"), Col("period", "period"), Col("indicator_label", "indicator"),
        Col("status", "verification", "code"), Col("coverage", "coverage_col"), Col("link", "link", "link")])
    ui.html_lines([[Span(r.claim_words, "b"), f" · {r.period or ''} · {r.indicator_label} · ",
                    Span(term(r.status), "b"), f" — {r.coverage}"] for r in rows.head(20).itertuples()])


def targets(code: str, report: dict[str, object] | None) -> None:
    st.subheader(t("targets_of_region"), anchor=False)
    rows = data.targets(code)
    if report is not None and (rows["doc_id"] == report["doc_id"]).any():
        rows = rows[rows["doc_id"] == report["doc_id"]]
    if rows.empty:
        st.caption(t("no_rows"))
        return
    counts = rows["outcome"].value_counts()
    cols = st.columns(3)
    for col, outcome in zip(cols, ("met", "missed", "pending"), strict=True):
        col.metric(term(outcome), int(counts.get(outcome, 0)))
    rows = rows.assign(_o=rows["outcome"].map({"missed": 0, "met": 1, "pending": 2})).sort_values(["_o", "fact_id"])
    rows = ui.drop_flagged(ui.add_flags(ui.with_doc_links(ui.indicator_names(rows))))
    rows["target_text"] = [ui.fmt_value(v, u) for v, u in zip(rows["target_value"], rows["unit"], strict=True)]
    rows["actual_text"] = [ui.fmt_value(v, u) for v, u in zip(rows["actual_value"], rows["actual_unit"], strict=True)]
    ui.table(rows, "profile_targets", [
        Col("flag", "flag"), Col("indicator_label", "indicator"), Col("target_period", "target_period"),
        Col("target_text", "target"),
        Col("actual_text", "actual"), Col("attainment_pct", "attainment", "number"), Col("outcome", "outcome", "code"),
        Col("text", "text"), Col("link", "link", "link")])
    decided = rows[rows["outcome"] != "pending"]
    ui.html_lines([[Span(r.indicator_label, "b"), f" {r.target_text} → {t('actual')} {r.actual_text} · "
                    f"{t('attainment')} {ui.fmt_number(r.attainment_pct)} · ", Span(term(r.outcome), "b"),
                    " ", Span(r.text or "", "quote")] for r in decided.itertuples()])


st.title(t("page_profile"))
st.caption(t("profile_caption"))
region_code = pick_region()
if region_code is None:
    st.info(t("no_rows"))
    st.stop()
heading(region_code)
report = latest(region_code)
if report is not None:
    key_indicators(region_code, report)
lines_over_time(region_code)
ranking_claims(region_code, report)
targets(region_code, report)
