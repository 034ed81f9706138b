"""Benchmarks: a region's growth per period against its prefecture and province, as lines (own reports, the
report's citation, the official figure as separate series) and as a table of gaps."""

from __future__ import annotations

import streamlit as st

from app import benchmarking, charts, data, names, state, ui
from app.i18n import t, term
from app.ui import Col

DEFAULT_REGION = "320685"


def pick_region() -> str | None:
    rows = data.growth_benchmarks()
    codes = list(dict.fromkeys(c for c in rows["region_code"] if isinstance(c, str)))
    codes.sort(key=lambda c: (c != DEFAULT_REGION, -int((rows["region_code"] == c).sum()), c))
    return state.select(st, t("region"), codes, param="region", key="bm_region", default=DEFAULT_REGION,
                        format_func=names.region_label)


def pick_indicator(code: str) -> str | None:
    rows = data.growth_benchmarks(code)
    rows = ui.indicator_names(rows)
    keys = list(dict.fromkeys(k for k in rows.sort_values("indicator_key", key=lambda s: s != "GDP")["indicator_key"]
                              if isinstance(k, str)))
    labels = dict(zip(rows["indicator_key"], rows["indicator_label"], strict=True))
    return state.select(st, t("indicator"), keys, param="indicator", key="bm_indicator", default="GDP",
                        format_func=lambda k: labels.get(k, k))


def gaps_table(code: str, key: str) -> None:
    rows = data.growth_benchmarks(code)
    rows = rows[rows["indicator_key"] == key]
    rows = ui.drop_flagged(ui.add_flags(rows))
    rows = ui.indicator_names(ui.region_names(rows, "benchmark_code", "benchmark", "benchmark_label"))
    rows["growth_text"] = [f"{ui.fmt_number(g)}%" if ui.fmt_number(g) else "" for g in rows["growth"]]
    rows["cited_text"] = [term(r) for r in rows["cited_relation"]]
    rows["official_text"] = [f"{ui.fmt_number(g)}%" if ui.fmt_number(g) else "" for g in rows["official_growth_pct"]]
    rows = rows.rename(columns={"region_growth_fact_id": "fact_id"})
    rows = ui.with_doc_links(rows, doc_col="growth_doc_id")
    rows = rows.assign(doc_id=rows["growth_doc_id"])
    ui.table(rows, "growth_benchmarks", [
        Col("flag", "flag"), Col("period", "period"), Col("indicator_label", "indicator"),
        Col("growth_text", "growth"), Col("benchmark_label", "benchmark"), Col("cited_text", "cited_relation"),
        Col("cited_gap_pp", "cited_gap", "pp"), Col("official_text", "official_growth"),
        Col("official_gap_pp", "official_gap", "pp"), Col("agreement_status", "agreement", "code"),
        Col("growth_sentence", "sentence"), Col("link", "link", "link")])
    lines = []
    for r in rows.itertuples():
        parts: list[ui.Span | str] = []
        if r.flag:
            parts.append(ui.Span(r.flag + " ", "flag"))
        parts += [ui.Span(f"{r.period} · {r.indicator_label}", "b"), f": {r.growth_text} · {r.benchmark_label}"]
        if r.cited_text:
            parts.append(f" · {t('cited')}: {r.cited_text}")
        if r.official_text:
            parts.append(f" · {t('official')}: {r.official_text} ({ui.fmt_pp(r.official_gap_pp)})")
        parts.append(f" · {term(r.agreement_status)}")
        lines.append(parts)
    ui.html_lines(lines[:40])


st.title(t("page_benchmarks"))
st.caption(t("benchmarks_caption"))
region_code = pick_region()
if region_code is None:
    st.info(t("no_rows"))
    st.stop()
indicator_key = pick_indicator(region_code)
if indicator_key is None:
    st.info(t("no_benchmark_data"))
    st.stop()
lines = benchmarking.line_rows(region_code, indicator_key)
lines = ui.drop_flagged(lines) if len(lines) else lines
if lines.empty:
    st.info(t("no_benchmark_data"))
else:
    charts.draw(charts.growth_lines(lines))
    lines["who_basis"] = [f"{w} · {term(b)}" for w, b in zip(lines["who"], lines["basis"], strict=True)]
    lines["estimate_text"] = [term("estimate") if e else "" for e in lines["is_estimate"]]
    ui.table(lines, "benchmark_lines", [
        Col("flag", "flag"), Col("period", "period"), Col("who_basis", "series"), Col("value", "growth", "number"),
        Col("variant", "variant", "code"), Col("estimate_text", "estimate_col"), Col("sentence", "sentence")])
gaps_table(region_code, indicator_key)
