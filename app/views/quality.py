"""Data quality: gate warnings (e.g. 9072万标箱), rejected files with reasons, tampered documents and removed spans."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data, state, ui
from app.i18n import dq_message, reject_reason, t, term
from app.ui import Col, Span


def prepare_warnings(rows: pd.DataFrame) -> pd.DataFrame:
    rows = ui.with_doc_links(ui.region_names(rows))
    rows["message_text"] = [dq_message(m) for m in rows["message"]]
    rows["title"] = [x if isinstance(x, str) and x else t("untitled") for x in rows["title"]]
    return rows


def warnings() -> None:
    st.subheader(t("gate_warnings"), anchor=False)
    rows = data.quality_warnings()
    c1, c2 = st.columns(2)
    checks = state.multiselect(c1, t("check"), ui.options(rows["check_name"]), param="check", key="dq_check",
                               format_func=term, placeholder=t("all"))
    levels = state.multiselect(c2, t("severity"), ui.options(rows["severity"]), param="severity", key="dq_severity",
                               format_func=term, placeholder=t("all"))
    chosen = ui.keep(rows, check_name=checks, severity=levels)
    rows = prepare_warnings(chosen.head(ui.MAX_ROWS))  # only the rows shown are worded; the CSV has all
    ui.table(rows, "gate_warnings", [
        Col("check_name", "check", "code"), Col("severity", "severity", "code"), Col("region_label", "region"),
        Col("period", "period"), Col("message_text", "message", width="large"), Col("title", "document"),
        Col("source_path", "source_file"), Col("link", "link", "link")], every_row=chosen, prepare=prepare_warnings)
    ui.html_lines([[Span(f"{ui.FLAG} {term(r.check_name)}", "flag"), f" ({term(r.severity)}) ",
                    r.message_text, " · ", Span(r.source_path or "", "muted")] for r in rows.head(60).itertuples()])


def rejected() -> None:
    st.subheader(t("rejected_files"), anchor=False)
    rows = data.rejected_files().head(ui.MAX_ROWS)
    rows["reason_text"] = [reject_reason(r) for r in rows["reason"]]
    ui.table(rows, "rejected_files", [Col("source_path", "source_file"), Col("status", "status", "code"),
                                      Col("reason_text", "reason", width="large")])
    ui.html_lines([[Span(r.source_path or "", "b"), f" ({term(r.status)}): {r.reason_text}"]
                   for r in rows.itertuples()])


MAX_TAMPERED = 20  # documents shown with their spans; the table below lists every span


def tampered() -> None:
    st.subheader(t("tampered_docs"), anchor=False)
    spans = data.removed_spans()
    first = spans[spans["doc_id"].isin(spans["doc_id"].drop_duplicates().head(MAX_TAMPERED))]
    for doc_id, mine in first.groupby("doc_id", sort=False):
        doc: pd.Series = mine.iloc[0]
        with st.container(border=True):
            title = doc["title"] if isinstance(doc["title"], str) and doc["title"] else t("untitled")
            ui.html_line(Span(title, "b"), f" · {doc['period'] or ''} · {t('removed_n', n=len(mine))}")
            ui.html_lines([[f"[{r.span_start}–{r.span_end}) {term(r.reason)}: ", Span(r.text or "", "quote")]
                           for r in mine.itertuples()])
            ui.page_link(ui.DOCUMENT_PAGE, t("open_doc"), ui.link_params(str(doc_id)), icon=":material/description:")
    spans["span"] = [f"{a}–{b}" for a, b in zip(spans["span_start"], spans["span_end"], strict=True)]
    ui.table(spans, "removed_spans", [Col("title", "document"), Col("span", "span"), Col("reason", "reason", "code"),
                                      Col("text", "removed_text")])


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
