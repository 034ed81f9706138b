"""Charts: one colour per region everywhere, series joined into lines, no two points drawn on the same spot.

Colour is a function of the region's GB/T 2260 code alone (never of which regions a chart happens to show), so
海安市 is the same colour on the profile, the benchmark page, the time series and the map, in every build:
provinces (xx0000) take a dark tone, prefectures (xxyy00) a strong one, county-level units (xxyyzz) one of 20.

A series is one region × basis (own report / cited / official) × measure variant (real / nominal / two-year
average) × period kind (full year, half year …): only its points are joined. Points of different series in one
period sit side by side (xOffset), so equal values (海安 1.6 % and 江苏 1.6 %) never hide each other.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from app import ui
from app.i18n import t, term

COUNTY = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173", "#3182bd", "#e6550d", "#31a354", "#756bb1", "#636363",
]
PREFECTURE = ["#0b3d91", "#8b0000", "#006400", "#4b0082", "#8b4513", "#2f4f4f", "#800080", "#b8860b", "#008080",
              "#483d8b", "#556b2f", "#9932cc", "#a0522d"]
PROVINCE = ["#111111", "#3a3a3a", "#4d4d4d", "#262626", "#5e5e5e"]


def colour(code: object) -> str:
    """The region's colour, from its code alone."""
    if not isinstance(code, str) or len(code) != 6 or not code.isdigit():
        return "#999999"
    if code.endswith("0000"):
        return PROVINCE[int(code[:2]) % len(PROVINCE)]
    if code.endswith("00"):
        return PREFECTURE[int(code[2:4]) % len(PREFECTURE)]
    return COUNTY[int(code[4:6]) % len(COUNTY)]


def colour_scale(codes: Sequence[str], labels: Sequence[str]) -> alt.Scale:
    pairs = dict(zip(labels, codes, strict=True))
    return alt.Scale(domain=list(pairs), range=[colour(c) for c in pairs.values()])


BASES = ("own", "cited", "official")
DASHES = {"own": [1, 0], "cited": [6, 3], "official": [2, 2]}
VARIANTS = ("real", "nominal", "two_year_average")
SHAPES = {"real": "circle", "nominal": "square", "two_year_average": "diamond"}


def series_key(frame: pd.DataFrame) -> pd.Series:
    return (frame["region_code"].astype(str) + "|" + frame["basis"].astype(str) + "|"
            + frame["variant"].astype(str) + "|" + frame["period_kind"].fillna("").astype(str))


def growth_lines(rows: pd.DataFrame, *, y_title: str | None = None, height: int = 320) -> alt.LayerChart:
    """Growth per period: one line per series, points marked by variant (shape) and estimate (hollow), ⚠ on
    flagged values.

    `rows`: region_code, who (the region's label), basis, variant, is_estimate, period, period_sort, period_kind,
    value, flag, and for the tooltip sentence/source.
    """
    df = rows.copy()
    df["series"] = series_key(df)
    df["basis_label"] = [term(b) for b in df["basis"]]
    df["variant_label"] = [term(v) for v in df["variant"]]
    df["is_estimate"] = ui.truthy(df["is_estimate"])
    df["estimate_label"] = [term("estimate") if e else "" for e in df["is_estimate"]]
    df["hollow"] = df["is_estimate"]
    order = list(df.sort_values("period_sort")["period"].drop_duplicates())
    slots = list(df["series"].drop_duplicates())
    who = df[["region_code", "who"]].drop_duplicates("who")
    colours = colour_scale(list(who["region_code"]), list(who["who"]))
    bases = [b for b in BASES if b in set(df["basis"])]
    variants = [v for v in VARIANTS if v in set(df["variant"])]

    x = alt.X("period:O", sort=order, title=t("period"), axis=alt.Axis(labelAngle=0))
    offset = alt.XOffset("series:N", sort=slots)
    base = alt.Chart(df).encode(
        x=x, xOffset=offset,
        y=alt.Y("value:Q", title=y_title or t("growth")),
        color=alt.Color("who:N", scale=colours, title=t("region"), legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("who:N", title=t("region")), alt.Tooltip("period:N", title=t("period")),
                 alt.Tooltip("value:Q", title=t("value"), format=",.2f"),
                 alt.Tooltip("basis_label:N", title=t("basis")), alt.Tooltip("variant_label:N", title=t("variant")),
                 alt.Tooltip("estimate_label:N", title=" "), alt.Tooltip("flag:N", title=t("flag_col"))],
    )
    lines = base.mark_line(strokeWidth=2).encode(
        detail="series:N",
        strokeDash=alt.StrokeDash("basis_label:N", title=t("basis"),
                                  scale=alt.Scale(domain=[term(b) for b in bases], range=[DASHES[b] for b in bases]),
                                  legend=alt.Legend(orient="top", direction="vertical", symbolStrokeWidth=2.5)),
    )
    points = base.mark_point(filled=True, size=80, strokeWidth=2).encode(
        stroke=alt.Color("who:N", scale=colours, legend=None),  # a hollow (estimated) point keeps its outline
        shape=alt.Shape("variant_label:N", title=t("variant"),
                        scale=alt.Scale(domain=[term(v) for v in variants], range=[SHAPES[v] for v in variants]),
                        legend=alt.Legend(orient="top", direction="vertical")),
        fillOpacity=alt.condition("datum.hollow", alt.value(0), alt.value(1)),
    )
    flags = base.transform_filter("datum.flag != ''").mark_text(text="⚠", dy=-14, fontSize=15, color="#b45309")
    return alt.layer(lines, points, flags).properties(height=height)


def vintage_lines(rows: pd.DataFrame, *, y_title: str, height: int = 300) -> alt.LayerChart:
    """One indicator over periods: each region's latest values joined into a line, earlier vintages hollow and
    unjoined (a later report restating a period is a point beside it, not a silent edit)."""
    df = rows.copy()
    df["series"] = df["region_code"].astype(str) + "|" + df["period_kind"].fillna("").astype(str) + "|" + \
        df["variant"].astype(str)
    df["slot"] = df["series"] + "|" + (~df["is_latest"].astype(bool)).astype(str)
    df["vintage_label"] = [t("latest") if x else t("earlier_vintage") for x in df["is_latest"]]
    df["is_estimate"] = ui.truthy(df["is_estimate"])
    df["is_latest"] = ui.truthy(df["is_latest"])
    df["estimate_label"] = [term("estimate") if e else "" for e in df["is_estimate"]]
    df["hollow"] = [not latest or est for latest, est in zip(df["is_latest"], df["is_estimate"], strict=True)]
    order = list(df.sort_values("period_sort")["period"].drop_duplicates())
    who = df[["region_code", "who"]].drop_duplicates("who")
    colours = colour_scale(list(who["region_code"]), list(who["who"]))
    base = alt.Chart(df).encode(
        x=alt.X("period:O", sort=order, title=t("period"), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("slot:N", sort=list(df["slot"].drop_duplicates())),
        y=alt.Y("value:Q", title=y_title),
        color=alt.Color("who:N", scale=colours, title=t("region"), legend=alt.Legend(orient="bottom", columns=2)),
        tooltip=[alt.Tooltip("who:N", title=t("region")), alt.Tooltip("period:N", title=t("period")),
                 alt.Tooltip("value:Q", title=t("value"), format=",.2f"),
                 alt.Tooltip("vintage:N", title=t("vintage")), alt.Tooltip("vintage_label:N", title=" "),
                 alt.Tooltip("estimate_label:N", title=" "), alt.Tooltip("flag:N", title=t("flag_col"))],
    )
    lines = base.transform_filter("datum.is_latest").mark_line(strokeWidth=2).encode(detail="series:N")
    points = base.mark_point(filled=True, size=70, strokeWidth=2).encode(
        stroke=alt.Color("who:N", scale=colours, legend=None),
        fillOpacity=alt.condition("datum.hollow", alt.value(0), alt.value(1)))
    flags = base.transform_filter("datum.flag != ''").mark_text(text="⚠", dy=-14, fontSize=15, color="#b45309")
    return alt.layer(lines, points, flags).properties(height=height)
