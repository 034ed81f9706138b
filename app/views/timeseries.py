"""Time series: one indicator across periods and vintages for one or more regions, with units and flags."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import charts, data, names, state, ui
from app.benchmarking import variant_of
from app.i18n import t, term, unit
from app.ui import Col


def pick_indicator() -> str | None:
    inds = data.series_indicators()
    if inds.empty:
        return None
    labels = {r.indicator_key: names.indicator_label(r.indicator, r.indicator_en) for r in inds.itertuples()}
    counts = dict(zip(inds["indicator_key"], inds["n_values"], strict=True))
    return state.select(st, t("indicator"), list(labels), param="indicator", key="ts_indicator", default="GDP",
                        format_func=lambda k: f"{labels[k]} ({counts[k]})")


def comparable(rows: pd.DataFrame) -> pd.DataFrame:
    """Values on one axis per measure, variant and base unit: 11380亿 and 1400亿元 are both 亿元 (base 元), so they
    share the axis in the unit most of them are printed in; a value without a base unit keeps its own axis."""
    rows = rows.copy()
    rows["axis_unit"] = rows["unit"]
    rows["axis_value"] = rows["value"]
    based = rows["unit_base"].notna() & rows["value_base"].notna() & rows["value"].fillna(0).ne(0)
    for _, grp in rows[based].groupby(["measure", "variant", "unit_base"], dropna=False):
        main = grp["unit"].value_counts().index[0]
        ref = grp[grp["unit"] == main]
        scale = float((ref["value_base"] / ref["value"]).median())
        if scale:
            rows.loc[grp.index, "axis_unit"] = main
            rows.loc[grp.index, "axis_value"] = grp["value_base"] / scale
    return rows


st.title(t("page_timeseries"))
st.caption(t("timeseries_caption"))
indicator_key = pick_indicator()
if indicator_key is None:
    st.info(t("no_rows"))
    st.stop()
values = data.series(indicator_key)
values = values.assign(region_code=values["region_code"].fillna(""))
codes = list(values["region_code"].value_counts().index)
c1, c2 = st.columns([3, 1])
# The widget's key carries the indicator: another indicator gets its own region chips, never the last one's.
regions = state.multiselect(c1, t("regions"), codes, param="regions", key=f"ts_regions_{indicator_key}",
                            default=codes[:3], format_func=lambda c: names.region_label(c) or "?",
                            placeholder=t("all"))
latest = state.toggle(c2, t("latest_vintage_only"), param="latest", key="ts_latest")
shown = values[values["region_code"].isin(regions)] if regions else values
if latest:
    shown = shown[shown["is_latest"]]
shown = ui.drop_flagged(ui.add_flags(shown))
shown["who"] = names.region_labels(shown["region_code"], shown["region"])
shown = ui.with_doc_links(shown)
shown["variant"] = [variant_of(v) for v in shown["measure_variant"]]
# Different measures, variants and units (a level in 亿元, its growth in %, a two-year average) never share an axis.
inds = data.series_indicators().set_index("indicator_key")
label = names.indicator_label(inds.loc[indicator_key, "indicator"], inds.loc[indicator_key, "indicator_en"])
for (measure, variant, axis_unit), rows in comparable(shown).groupby(["measure", "variant", "axis_unit"],
                                                                     dropna=False, sort=True):
    u = axis_unit if isinstance(axis_unit, str) else ""
    heading = " · ".join(x for x in (label, term(measure), term(variant) if variant != "real" else "", unit(u)) if x)
    ui.html_line(ui.Span(heading, "b"))  # the indicator name is report text: never Markdown
    charts.draw(charts.vintage_lines(rows.assign(value=rows["axis_value"]),
                                     y_title=f"{t('value')} ({unit(u)})" if u else t("value")))
shown["value_text"] = [ui.fmt_value(v, u) for v, u in zip(shown["value"], shown["unit"], strict=True)]
ui.table(shown, "timeseries", [
    Col("flag", "flag"), Col("who", "region"), Col("period", "period"), Col("value", "value", "number"),
    Col("unit", "unit", "unit"), Col("measure", "measure", "code"), Col("variant", "variant", "code"),
    Col("vintage", "vintage"), Col("doc_type", "doc_type", "code"), Col("text", "text"), Col("link", "link", "link")])
ui.html_lines([
    [ui.Span(r.flag + " ", "flag") if r.flag else "", ui.Span(r.who or "?", "b"),
     f" · {r.period} · {r.value_text} · {term(r.measure)} · {t('vintage')} {r.vintage}"
     + ("" if not isinstance(r.is_latest, bool) or r.is_latest else f" ({t('earlier_vintage')})")]
    for r in shown.head(40).itertuples()
] if len(shown) else [])
