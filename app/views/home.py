"""The root URL: hands over to the region profile with the query string intact (?lang=en&region=… survive), so
every page has its own path and "/" is only a door."""

from __future__ import annotations

import streamlit as st

from app.pages import BY_PATH

params = {k: st.query_params.get_all(k) for k in st.query_params}
st.switch_page(BY_PATH["profile"].file, query_params={k: v[0] if len(v) == 1 else v for k, v in params.items()})
