"""Overview: what the warehouse covers (documents per region and period), the document list, tamper and
data-quality counts."""

from __future__ import annotations

import streamlit as st

from app import data, names, ui
from app.i18n import t, term
from app.ui import Col


def metrics() -> None:
    s = data.stats()
    keys = ("n_documents", "n_regions", "n_periods", "n_facts", "n_tampered", "n_warnings")
    for row in (keys[:3], keys[3:]):  # two rows of three: readable on a phone, where columns stack
        for col, key in zip(st.columns(3), row, strict=True):
            col.metric(t(key), f"{s.get(key, 0):,}")


def coverage() -> None:
    st.subheader(t("coverage"), anchor=False)
    cov = data.coverage()
    if cov.empty:
        st.info(t("no_rows"))
        return
    cov = ui.region_names(cov)
    cov["period"] = cov["period"].fillna("?")
    cov["region_label"] = cov["region_label"].replace("", "?")
    periods = list(cov.sort_values("period_sort")["period"].drop_duplicates())
    wide = cov.pivot_table(index="region_label", columns="period", values="n_docs", aggfunc="sum", fill_value=0)
    wide = wide[periods].reset_index()
    # A grid (scrolls sideways on a phone) rather than an HTML table whose columns squeeze names to one character.
    cols = [Col("region_label", "region", width="medium")] + [Col(p, p, "number") for p in periods]
    ui.table(wide, "coverage", cols)


def documents() -> None:
    st.subheader(t("documents"), anchor=False)
    docs = ui.region_names(data.documents())
    docs = ui.with_doc_links(docs, fact_col=None)
    docs["title"] = [x if isinstance(x, str) and x else t("untitled") for x in docs["title"]]
    ui.table(docs, "documents", [
        Col("title", "title", width="large"), Col("region_label", "region"), Col("period", "period"),
        Col("doc_type", "doc_type", "code"), Col("published", "published"), Col("n_facts", "n_facts", "number"),
        Col("first_source_path", "source_file"), Col("link", "link", "link")])
    ui.html_lines([[ui.Span(d.title, "b"), f" · {d.region_label} · {d.period or ''} · {term(d.doc_type)}"]
                   for d in docs.head(12).itertuples()])
    names.index()  # warm the name index for the next page


st.title(t("page_overview"))
st.caption(t("overview_caption"))
metrics()
coverage()
documents()
