"""The explorer's entry point: `make app` runs `streamlit run app/Home.py`.

Sets up the page, the language and flagged-value switches (both kept in the URL), and the navigation from the one
page list (app/pages.py); refuses politely (no traceback) when there is no usable warehouse. Each page is one
module in app/views/; all SQL lives in app/data.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts app/ on sys.path; the pages import the `app` package, so the repo root must be there too.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from app import state, ui  # noqa: E402
from app.i18n import LANGS, set_language, t  # noqa: E402
from app.pages import HOME, PAGES  # noqa: E402

# A local file: a Material icon as page_icon makes the browser fetch the favicon from an external font host.
FAVICON = str(Path(__file__).with_name("static") / "favicon.png")

CSS = """<style>
/* phones: grids scroll sideways instead of squeezing names one character per line */
[data-testid=stMain] .block-container { padding-left: 1rem; padding-right: 1rem; }
.flagmark { white-space: nowrap; }
</style>"""


def language_switch() -> None:
    """The language comes from ?lang= when a session starts (a reload, a shared link) and goes back into it."""
    url = st.query_params.get("lang")
    if "lang" not in st.session_state or (url in LANGS and url != st.session_state.get("_lang_seen")):
        st.session_state["lang"] = url if url in LANGS else st.session_state.get("lang", "zh")
    set_language(st.session_state["lang"])
    st.sidebar.radio(t("language"), list(LANGS), format_func=LANGS.__getitem__, key="lang", horizontal=True)
    st.session_state["_lang_seen"] = st.session_state["lang"]
    set_language(st.session_state["lang"])
    if st.query_params.get("lang") != st.session_state["lang"]:
        st.query_params["lang"] = st.session_state["lang"]


def main() -> None:
    set_language(st.session_state.get("lang", st.query_params.get("lang", "zh")))  # the page title's language
    st.set_page_config(page_title=t("app_title"), page_icon=FAVICON, layout="wide")
    language_switch()
    pages = [st.Page(HOME.file, title=t(HOME.title_key), icon=HOME.icon, url_path=HOME.path, default=True,
                     visibility="hidden")]
    pages += [st.Page(p.file, title=t(p.title_key), icon=p.icon, url_path=p.path) for p in PAGES]
    nav = st.navigation(pages)
    st.html(CSS)
    if not ui.warehouse_ready():
        st.stop()
    state.toggle(st.sidebar, t("hide_flagged"), param="hide_flagged", key="hide_flagged",
                 help=t("hide_flagged_help"))
    ui.sidebar_footer()
    nav.run()


main()
