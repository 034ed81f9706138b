"""Data quality: gate warnings (e.g. 9072万标箱), rejected files with reasons, tampered documents and removed spans."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data, ui
from app.i18n import t


def warnings() -> None:
    st.subheader(t("gate_warnings"))
    rows = data.quality_warnings()
    c1, c2 = st.columns(2)
    checks = ui.multiselect(c1, t("check"), rows["check_name"], "dq_check")
    levels = ui.multiselect(c2, t("severity"), rows["severity"], "dq_severity")
    rows = ui.keep(rows, check_name=checks, severity=levels)
    rows = ui.with_doc_links(rows)
    ui.table(rows, "gate_warnings", {"check_name": "check", "severity": "severity", "message": "message",
                                     "title": "document", "source_path": "source", "link": "link"})
    st.markdown("\n".join(f"- `{r.check_name}` ({r.severity}) {ui.md(r.message)}" for r in rows.head(60).itertuples()))


def rejected() -> None:
    st.subheader(t("rejected_files"))
    rows = data.rejected_files()
    ui.table(rows, "rejected_files", {"source_path": "source", "status": "status", "reason": "reason"})
    st.markdown("\n".join(f"- `{r.source_path}`: {ui.md(r.reason)}" for r in rows.itertuples()))


def tampered() -> None:
    st.subheader(t("tampered_docs"))
    spans = data.removed_spans()
    docs = spans.drop_duplicates("doc_id")
    for doc in docs.itertuples():
        mine: pd.DataFrame = spans[spans["doc_id"] == doc.doc_id]
        with st.container(border=True):
            st.markdown(f"**{doc.title or doc.doc_id}** · {doc.region or '—'} · {doc.period or '—'} · "
                        f"{len(mine)} × {t('removed_text')}")
            st.markdown("\n".join(f"- [{r.span_start}–{r.span_end}) `{r.reason}`: 「{ui.md(r.text)}」"
                                  for r in mine.itertuples()))
            st.page_link(ui.DOCUMENT_PAGE, label=t("open_doc"), icon=":material/description:",
                         query_params=ui.link_params(doc.doc_id))
    ui.table(spans, "removed_spans", {"title": "document", "span_start": "span_start", "span_end": "span_end",
                                      "reason": "reason", "text": "removed_text"})


st.title(t("page_quality"))
st.caption(t("quality_caption"))
s = data.stats()
c1, c2, c3 = st.columns(3)
c1.metric(t("n_warnings"), s.get("n_warnings", 0))
c2.metric(t("rejected_files"), s.get("n_rejected", 0))
c3.metric(t("n_tampered"), s.get("n_tampered", 0))
warnings()
rejected()
tampered()
