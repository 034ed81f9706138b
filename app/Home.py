"""The explorer's entry point: `make app` runs `streamlit run app/Home.py`.

Sets up the page, the language switch and the navigation; refuses politely (no traceback) when there is no
warehouse yet. Each page is one module in app/views/; all SQL lives in app/data.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts app/ on sys.path; the pages import the `app` package, so the repo root must be there too.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import ui  # noqa: E402
from app.i18n import LANGS, t  # noqa: E402

PAGES: list[tuple[str, str, str]] = [  # (url path, icon, file relative to this script)
    ("overview", ":material/dashboard:", "views/overview.py"),
    ("rankings", ":material/trophy:", "views/rankings.py"),
    ("benchmarks", ":material/compare_arrows:", "views/benchmarks.py"),
    ("timeseries", ":material/show_chart:", "views/timeseries.py"),
    ("targets", ":material/flag:", "views/targets.py"),
    ("quality", ":material/fact_check:", "views/quality.py"),
    ("document", ":material/description:", "views/document.py"),
]


def language_switch() -> None:
    # A link may carry ?lang=en (links to the document page do), so a new tab keeps the reader's language.
    if "lang" not in st.session_state:
        st.session_state["lang"] = st.query_params.get("lang", "zh") if st.query_params.get("lang") in LANGS else "zh"
    st.sidebar.radio(t("language"), list(LANGS), format_func=LANGS.__getitem__, key="lang", horizontal=True)


def main() -> None:
    st.set_page_config(page_title=t("app_title"), page_icon=":material/analytics:", layout="wide")
    language_switch()
    pages = [
        st.Page(file, title=t(f"page_{name}"), icon=icon, url_path=name, default=(name == "overview"))
        for name, icon, file in PAGES
    ]
    nav = st.navigation(pages)
    if not ui.warehouse_ready():
        st.stop()
    ui.sidebar_footer()
    nav.run()


main()
