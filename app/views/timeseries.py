"""Time series: one indicator across periods and vintages for one or more regions, with units."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import data, ui
from app.i18n import pick, t

COLUMNS = {
    "region": "region", "period": "period", "value": "value", "unit": "unit", "fact_type": "fact_type",
    "vintage": "vintage", "text": "text", "link": "link",
}


def pick_indicator() -> tuple[str, str] | None:
    inds = data.series_indicators()
    if inds.empty:
        return None
    names = {r.indicator_key: str(pick(r.indicator, r.indicator_en)) for r in inds.itertuples()}
    counts = dict(zip(inds["indicator_key"], inds["n_values"], strict=True))
    key = st.selectbox(t("indicator"), list(names), format_func=lambda k: f"{names[k]} ({counts[k]})",
                       key="ts_indicator")
    return key, names[key]


def chart(rows: pd.DataFrame, unit: str) -> None:
    order = list(rows.sort_values("period_sort")["period"].unique())
    base = alt.Chart(rows).encode(
        x=alt.X("period:O", sort=order, title=t("period")),
        y=alt.Y("value:Q", title=f"{t('value')} ({unit})"),
        color=alt.Color("region:N", title=t("region")),
        tooltip=["region", "period", "vintage", alt.Tooltip("value:Q", format=",.2f"), "unit", "text"],
    )
    # One line per region and vintage: a later report restating a period shows as its own line, not a silent edit.
    lines = base.mark_line(point=True).encode(strokeDash=alt.StrokeDash("vintage:N", title=t("vintage")))
    st.altair_chart(lines, width="stretch")


st.title(t("page_timeseries"))
st.caption(t("timeseries_caption"))
chosen = pick_indicator()
if chosen is None:
    st.info(t("no_rows"))
    st.stop()
indicator_key, indicator_label = chosen
values = data.series(indicator_key)
c1, c2 = st.columns([3, 1])
if st.session_state.get("ts_regions_for") != indicator_key:  # another indicator: its own regions, its own default
    st.session_state.pop("ts_regions", None)
    st.session_state["ts_regions_for"] = indicator_key
busiest = list(values["region"].value_counts().index[:3])  # open on the regions that report it most
regions = c1.multiselect(t("regions"), ui.options(values["region"]), default=sorted(busiest), key="ts_regions",
                         placeholder=t("all"))
latest = c2.toggle(t("latest_vintage_only"), key="ts_latest")
shown = values[values["region"].isin(regions)] if regions else values
if latest:
    shown = shown[shown["is_latest"]]
shown = ui.with_doc_links(shown)
# Different measures and units (a level in 亿元, its growth in %, a share in %) never share an axis.
for (measure, unit), rows in shown.groupby(["fact_type", "unit"], dropna=False, sort=True):
    st.markdown(f"**{indicator_label}** · {measure} · {unit}")
    chart(rows, str(unit))
ui.table(shown, "timeseries", COLUMNS)
st.markdown("\n".join(
    f"- {r.region} · {r.period} · {ui.fmt_number(r.value, r.unit)} · {t('vintage')} {r.vintage}"
    for r in shown.head(40).itertuples()
))
