"""Benchmarks: a region's growth against Nantong and Jiangsu per indicator and period, cited vs official."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import data, ui
from app.i18n import pick, t

COLUMNS = {
    "region": "region", "period": "period", "indicator_label": "indicator", "growth": "growth",
    "benchmark": "benchmark", "benchmark_growth": "benchmark_growth", "gap_pp": "gap_pp", "basis_label": "basis",
    "sentence": "sentence", "link": "link",
}


def filters(bench: pd.DataFrame) -> pd.DataFrame:
    c1, c2, c3, c4 = st.columns(4)
    regions = ui.options(bench["region"])
    busiest = bench["region"].value_counts().index[0]  # open on the region with the most comparisons
    region = c1.selectbox(t("region"), regions, index=regions.index(busiest), key="bm_region")
    mine = bench[bench["region"] == region]
    periods = ui.multiselect(c2, t("period"), mine["period"], "bm_period")
    indicators = ui.multiselect(c3, t("indicator"), mine["indicator_label"], "bm_indicator")
    bases = ui.multiselect(c4, t("basis"), mine["basis"], "bm_basis", coded=True)
    return ui.keep(mine, period=periods, indicator_label=indicators, basis=bases)


def chart(rows: pd.DataFrame) -> None:
    # Dots on one axis per indicator: the region and each benchmark, so the gap reads as a distance in pp.
    own = rows[["indicator_label", "period", "region", "growth"]].drop_duplicates()
    own = own.rename(columns={"region": "who"})
    bench = rows[["indicator_label", "period", "benchmark", "benchmark_growth", "basis"]].rename(
        columns={"benchmark": "who", "benchmark_growth": "growth"})
    bench["who"] = bench["who"] + " (" + bench["basis"].map(t) + ")"
    long = pd.concat([own, bench[["indicator_label", "period", "who", "growth"]]], ignore_index=True).dropna()
    long["row"] = long["indicator_label"] + " · " + long["period"]
    dots = alt.Chart(long).mark_circle(size=140).encode(
        x=alt.X("growth:Q", title=t("growth")),
        y=alt.Y("row:N", title=None, axis=alt.Axis(labelLimit=320)),
        color=alt.Color("who:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=["row", "who", alt.Tooltip("growth:Q", format=".2f")],
    )
    st.altair_chart(dots, width="stretch")


def as_text(rows: pd.DataFrame) -> None:
    lines = [
        f"- {r.region} · {r.indicator_label} · {r.period}: {ui.fmt_number(r.growth, '%')} vs {r.benchmark} "
        f"{ui.fmt_number(r.benchmark_growth, '%')} ({r.gap_pp:+.1f} pp, {t(r.basis)})"
        for r in rows.itertuples() if pd.notna(r.gap_pp)
    ]
    if lines:
        st.markdown("\n".join(lines[:40]))


st.title(t("page_benchmarks"))
st.caption(t("benchmarks_caption"))
all_rows = data.growth_benchmarks()
all_rows["indicator_label"] = [pick(z, e) for z, e in zip(all_rows["indicator"], all_rows["indicator_en"], strict=True)]
if all_rows.empty:
    st.info(t("no_rows"))
    st.stop()
all_rows["basis_label"] = all_rows["basis"].map(t)
shown = ui.with_doc_links(filters(all_rows))
if not shown.empty:
    chart(shown)
ui.table(shown, "growth_benchmarks", COLUMNS, units={"growth": "%.1f%%", "benchmark_growth": "%.1f%%",
                                                       "gap_pp": "%+.1f pp"})
as_text(shown)
