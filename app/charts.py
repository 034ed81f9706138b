"""Charts: one colour per region everywhere, series joined into lines, no two points drawn on the same spot.

Colour is a function of the region's GB/T 2260 code alone (never of which regions a chart happens to show), so
海安市 is the same colour on the profile, the benchmark page, the time series and the map, in every build:
provinces (xx0000) take a dark tone, prefectures (xxyy00) a strong one, county-level units (xxyyzz) one of 20.

A series is one region × basis (own report / cited / official) × measure variant (real / nominal / two-year
average) × period kind (full year, half year …): only its points are joined. Points of different series in one
period sit side by side (xOffset), so equal values (海安 1.6 % and 江苏 1.6 %) never hide each other.

The specs are plain Vega-Lite dicts given to st.vega_lite_chart: Altair would validate every spec against the
Vega-Lite JSON schema on each run, which was most of a page's time (about 0.25 s a chart).
"""

from __future__ import annotations

from collections.abc import Sequence

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
FLAG_COLOUR = "#b45309"


def colour(code: object) -> str:
    """The region's colour, from its code alone."""
    if not isinstance(code, str) or len(code) != 6 or not code.isdigit():
        return "#999999"
    if code.endswith("0000"):
        return PROVINCE[int(code[:2]) % len(PROVINCE)]
    if code.endswith("00"):
        return PREFECTURE[int(code[2:4]) % len(PREFECTURE)]
    return COUNTY[int(code[4:6]) % len(COUNTY)]


def colour_scale(codes: Sequence[str], labels: Sequence[str]) -> dict:
    pairs = dict(zip(labels, codes, strict=True))
    return {"domain": list(pairs), "range": [colour(c) for c in pairs.values()]}


BASES = ("own", "cited", "official")
DASHES = {"own": [1, 0], "cited": [6, 3], "official": [2, 2]}
VARIANTS = ("real", "nominal", "two_year_average")
SHAPES = {"real": "circle", "nominal": "square", "two_year_average": "diamond"}


def series_key(frame: pd.DataFrame) -> pd.Series:
    return (frame["region_code"].astype(str) + "|" + frame["basis"].astype(str) + "|"
            + frame["variant"].astype(str) + "|" + frame["period_kind"].fillna("").astype(str))


def _tooltip(*fields: tuple[str, str, str | None]) -> list[dict]:
    out = []
    for field, title, fmt in fields:
        tip = {"field": field, "type": "quantitative" if fmt else "nominal", "title": title}
        if fmt:
            tip["format"] = fmt
        out.append(tip)
    return out


def _flags_layer() -> dict:
    return {"transform": [{"filter": "datum.flag != ''"}],
            "mark": {"type": "text", "text": "⚠", "dy": -14, "fontSize": 15, "color": FLAG_COLOUR}}


def growth_lines(rows: pd.DataFrame, *, y_title: str | None = None, height: int = 320) -> tuple[pd.DataFrame, dict]:
    """Growth per period: one line per series, points marked by variant (shape) and estimate (hollow), ⚠ on
    flagged values. Returns the chart's data and its Vega-Lite spec.

    `rows`: region_code, who (the region's label), basis, variant, is_estimate, period, period_sort, period_kind,
    value, flag.
    """
    df = rows[["region_code", "who", "basis", "variant", "is_estimate", "period", "period_sort", "period_kind",
               "value", "flag"]].copy()
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["series"] = series_key(df)
    df["basis_label"] = [term(b) for b in df["basis"]]
    df["variant_label"] = [term(v) for v in df["variant"]]
    df["is_estimate"] = ui.truthy(df["is_estimate"])
    df["estimate_label"] = [term("estimate") if e else "" for e in df["is_estimate"]]
    df["hollow"] = df["is_estimate"]
    df["period_kind"] = df["period_kind"].fillna("")
    order = list(df.sort_values("period_sort")["period"].drop_duplicates())
    slots = list(df["series"].drop_duplicates())
    who = df[["region_code", "who"]].drop_duplicates("who")
    colours = colour_scale(list(who["region_code"]), list(who["who"]))
    bases = [b for b in BASES if b in set(df["basis"])]
    variants = [v for v in VARIANTS if v in set(df["variant"])]
    encoding = {
        "x": {"field": "period", "type": "ordinal", "sort": order, "title": t("period"), "axis": {"labelAngle": 0}},
        "xOffset": {"field": "series", "type": "nominal", "sort": slots},
        "y": {"field": "value", "type": "quantitative", "title": y_title or t("growth")},
        "color": {"field": "who", "type": "nominal", "scale": colours, "title": t("region"),
                  "legend": {"orient": "bottom", "columns": 2}},
        "tooltip": _tooltip(("who", t("region"), None), ("period", t("period"), None),
                            ("value", t("value"), ",.2f"), ("basis_label", t("basis"), None),
                            ("variant_label", t("variant"), None), ("estimate_label", " ", None),
                            ("flag", t("flag_col"), None)),
    }
    lines = {"mark": {"type": "line", "strokeWidth": 2}, "encoding": {
        "detail": {"field": "series", "type": "nominal"},
        "strokeDash": {"field": "basis_label", "type": "nominal", "title": t("basis"),
                       "scale": {"domain": [term(b) for b in bases], "range": [DASHES[b] for b in bases]},
                       "legend": {"orient": "top", "direction": "vertical", "symbolStrokeWidth": 2.5}}}}
    points = {"mark": {"type": "point", "filled": True, "size": 80, "strokeWidth": 2}, "encoding": {
        "stroke": {"field": "who", "type": "nominal", "scale": colours, "legend": None},
        "shape": {"field": "variant_label", "type": "nominal", "title": t("variant"),
                  "scale": {"domain": [term(v) for v in variants], "range": [SHAPES[v] for v in variants]},
                  "legend": {"orient": "top", "direction": "vertical"}},
        "fillOpacity": {"condition": {"test": "datum.hollow", "value": 0}, "value": 1}}}
    spec = {"height": height, "encoding": encoding, "layer": [lines, points, _flags_layer()]}
    return df, spec


def vintage_lines(rows: pd.DataFrame, *, y_title: str, height: int = 300) -> tuple[pd.DataFrame, dict]:
    """One indicator over periods: each region's latest values joined into a line, earlier vintages hollow and
    unjoined (a later report restating a period is a point beside it, not a silent edit)."""
    df = rows[["region_code", "who", "period", "period_sort", "period_kind", "variant", "value", "vintage",
               "is_latest", "is_estimate", "flag"]].copy()
    df["period_kind"] = df["period_kind"].fillna("")
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["series"] = df["region_code"].astype(str) + "|" + df["period_kind"] + "|" + df["variant"].astype(str)
    df["is_estimate"] = ui.truthy(df["is_estimate"])
    df["is_latest"] = ui.truthy(df["is_latest"])
    df["slot"] = df["series"] + "|" + (~df["is_latest"]).astype(str)
    df["vintage_label"] = [t("latest") if x else t("earlier_vintage") for x in df["is_latest"]]
    df["estimate_label"] = [term("estimate") if e else "" for e in df["is_estimate"]]
    df["hollow"] = [not latest or est for latest, est in zip(df["is_latest"], df["is_estimate"], strict=True)]
    order = list(df.sort_values("period_sort")["period"].drop_duplicates())
    who = df[["region_code", "who"]].drop_duplicates("who")
    colours = colour_scale(list(who["region_code"]), list(who["who"]))
    encoding = {
        "x": {"field": "period", "type": "ordinal", "sort": order, "title": t("period"), "axis": {"labelAngle": 0}},
        "xOffset": {"field": "slot", "type": "nominal", "sort": list(df["slot"].drop_duplicates())},
        "y": {"field": "value", "type": "quantitative", "title": y_title},
        "color": {"field": "who", "type": "nominal", "scale": colours, "title": t("region"),
                  "legend": {"orient": "bottom", "columns": 2}},
        "tooltip": _tooltip(("who", t("region"), None), ("period", t("period"), None),
                            ("value", t("value"), ",.2f"), ("vintage", t("vintage"), None),
                            ("vintage_label", " ", None), ("estimate_label", " ", None),
                            ("flag", t("flag_col"), None)),
    }
    lines = {"transform": [{"filter": "datum.is_latest"}], "mark": {"type": "line", "strokeWidth": 2},
             "encoding": {"detail": {"field": "series", "type": "nominal"}}}
    points = {"mark": {"type": "point", "filled": True, "size": 70, "strokeWidth": 2}, "encoding": {
        "stroke": {"field": "who", "type": "nominal", "scale": colours, "legend": None},
        "fillOpacity": {"condition": {"test": "datum.hollow", "value": 0}, "value": 1}}}
    spec = {"height": height, "encoding": encoding, "layer": [lines, points, _flags_layer()]}
    return df, spec


def draw(chart: tuple[pd.DataFrame, dict], **kwargs: object) -> object:
    """Show a (data, spec) pair from this module across the page's width."""
    import streamlit as st

    data, spec = chart
    # the plot's own height (the legends add to it); Streamlit would otherwise fit plot and legends into its default
    return st.vega_lite_chart(data, spec, width="stretch", height=spec.get("height", 320) + 140,  # type: ignore[call-overload]
                              **kwargs)
