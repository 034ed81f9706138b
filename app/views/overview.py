"""Overview: what the warehouse covers, the latest report's scorecard, tamper and data-quality counts."""

from __future__ import annotations

import altair as alt
import streamlit as st

from app import data, ui
from app.i18n import pick, t

MEASURES = {"growth": "growth_measure", "share": "share", "pp_change": "pp_change"}


def metrics() -> None:
    s = data.stats()
    cols = st.columns(6)
    for col, key in zip(cols, ("n_documents", "n_regions", "n_periods", "n_facts", "n_tampered", "n_warnings"),
                        strict=True):
        col.metric(t(key), f"{s.get(key, 0):,}")


def coverage() -> None:
    st.subheader(t("coverage"))
    cov = data.coverage()
    if cov.empty:
        st.info(t("no_rows"))
        return
    chart = (
        alt.Chart(cov)
        .mark_rect()
        .encode(
            x=alt.X("period:O", title=t("period"), sort=list(cov.sort_values("period_sort")["period"].unique())),
            y=alt.Y("region:N", title=t("region")),
            color=alt.Color("n_docs:Q", title=t("n_documents"), scale=alt.Scale(scheme="blues"),
                            legend=alt.Legend(format="d", tickMinStep=1)),
            tooltip=["region", "period", "n_docs"],
        )
    )
    left, right = st.columns([1, 1])
    left.altair_chart(chart, width="stretch")
    # The same grid as page text (st.table is plain HTML): readable by screen readers and copy-paste.
    pivot = cov.pivot_table(index="region", columns="period", values="n_docs", aggfunc="sum", fill_value=0)
    pivot = pivot[[p for p in cov.sort_values("period_sort")["period"].unique() if p in pivot.columns]]
    pivot.index.name, pivot.columns.name = t("region"), t("period")
    right.table(pivot)
    right.download_button(t("download_csv"), pivot.to_csv().encode("utf-8-sig"), file_name="coverage.csv",
                          mime="text/csv", key="coverage_csv", icon=":material/download:", on_click="ignore")


def scorecard() -> None:
    st.subheader(t("scorecard"))
    doc = data.latest_document()
    if doc is None:
        st.info(t("no_rows"))
        return
    st.caption(t("scorecard_caption", title=ui.text_or_dash(doc["title"]), region=ui.text_or_dash(doc["region"]),
                 period=ui.text_or_dash(doc["period"]), published=ui.text_or_dash(doc["published"])))
    for card in data.report_scorecards(doc["doc_id"]).itertuples():
        st.info(t("report_tally", total=card.indicators_total, met=card.indicators_met, missed=card.indicators_missed,
                  sentence=card.sentence), icon=":material/checklist:")
    facts = data.document_facts(doc["doc_id"])
    card = facts[facts["fact_type"].isin(["level", "growth", "share"])].head(12)
    cols = st.columns(4)
    for i, row in enumerate(card.itertuples()):
        with cols[i % 4]:
            name = str(pick(row.indicator, row.indicator_en) or row.text)
            measure = "" if row.fact_type == "level" else f" · {t(MEASURES.get(row.fact_type, row.fact_type))}"
            st.metric(name + measure, ui.fmt_number(row.value, row.unit), help=row.sentence)
            st.page_link(ui.DOCUMENT_PAGE, label=t("open_doc"), icon=":material/description:",
                         query_params=ui.link_params(row.doc_id, row.fact_id))


def documents() -> None:
    st.subheader(t("documents"))
    docs = ui.with_doc_links(data.documents(), fact_col=None)
    ui.table(docs, "documents", {"title": "title", "region": "region", "period": "period", "doc_type": "doc_type",
                                 "published": "published", "n_facts": "n_facts", "link": "link"})


st.title(t("page_overview"))
st.caption(t("overview_caption"))
metrics()
coverage()
scorecard()
documents()
