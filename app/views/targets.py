"""Targets: each target a report sets, with the later actual that answers it (met, missed, pending), the
attainment %, and the report's own scorecard beside what could be checked."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data, names, state, ui
from app.i18n import reason, t, term
from app.ui import Col, Span

OUTCOMES = ("met", "missed", "pending")
BOUNDS = {"min": "≥ ", "max": "≤ "}
COLUMNS = [
    Col("flag", "flag"), Col("region_label", "region"), Col("period", "report_period"),
    Col("target_period", "target_period"),
    Col("indicator_label", "indicator"), Col("qualifier", "qualifier"), Col("target_text", "target"),
    Col("actual_text", "actual"), Col("attainment_pct", "attainment", "number"), Col("outcome", "outcome", "code"),
    Col("reason_text", "reason"), Col("text", "text"), Col("link", "link", "link"),
    Col("actual_link", "actual_source", "link"),
]


def filters(rows: pd.DataFrame) -> pd.DataFrame:
    c1, c2, c3 = st.columns(3)
    regions = state.multiselect(c1, t("region"), ui.options(rows["region_code"]), param="region", key="tg_region",
                                format_func=names.region_label, placeholder=t("all"))
    periods = state.multiselect(c2, t("target_period"), ui.options(rows["target_period"]), param="period",
                                key="tg_period", placeholder=t("all"))
    outcomes = state.multiselect(c3, t("outcome"), list(OUTCOMES), param="outcome", key="tg_outcome",
                                 format_func=term, placeholder=t("all"))
    return ui.keep(rows, region_code=regions, target_period=periods, outcome=outcomes)


def prepare(rows: pd.DataFrame) -> pd.DataFrame:
    rows = ui.add_flags(ui.indicator_names(ui.region_names(rows)))
    rows["target_text"] = [f"{BOUNDS.get(b, '') if isinstance(b, str) else ''}{ui.fmt_value(v, u)}"
                           for b, v, u in zip(rows["bound"], rows["target_value"], rows["unit"], strict=True)]
    rows["actual_text"] = [ui.fmt_value(v, u) + (f" ({term('estimate')})" if e is True else "")
                           for v, u, e in zip(rows["actual_value"], rows["actual_unit"], rows["actual_is_estimate"],
                                              strict=True)]
    rows["reason_text"] = [reason(r) for r in rows["status_reason"]]
    rows = ui.with_doc_links(rows)
    rows["actual_link"] = [ui.doc_url(d, f) for d, f in zip(rows["actual_doc_id"], rows["actual_fact_id"],
                                                            strict=True)]
    return rows


MAX_SCORECARDS = 5


def scorecards(rows: pd.DataFrame) -> None:
    """The reports' own tallies next to the targets this warehouse could check for them (for a few reports: the
    page lists targets, the profile shows a report's scorecard)."""
    docs = list(rows["doc_id"].drop_duplicates())
    if len(docs) > MAX_SCORECARDS:
        return
    for doc_id in docs:
        for card in data.report_scorecards(str(doc_id)).itertuples():
            ui.html_line(Span(t("report_scorecard") + ": ", "b"),
                         t("scorecard_line", total=ui.fmt_number(card.indicators_total),
                           met=ui.fmt_number(card.indicators_met), missed=ui.fmt_number(card.indicators_missed),
                           share=f"{ui.fmt_number(card.met_share_pct)}%"), " ", Span(card.sentence or "", "quote"))


st.title(t("page_targets"))
st.caption(t("targets_caption"))
all_rows = data.targets()
counts = all_rows["outcome"].value_counts()
for col, outcome in zip(st.columns(3), OUTCOMES, strict=True):
    col.metric(term(outcome), int(counts.get(outcome, 0)))
chosen = ui.drop_flagged(filters(all_rows))
shown = prepare(chosen.head(ui.MAX_ROWS))  # only the rows the grid shows are worded
scorecards(shown)
ui.table(shown, "targets", COLUMNS, every_row=chosen, prepare=prepare)
decided = shown.assign(_o=shown["outcome"].map({"missed": 0, "met": 1, "pending": 2})).sort_values(["_o", "fact_id"])
ui.html_lines([
    [Span(r.region_label, "b"), f" · {r.target_period or ''} · ", Span(r.indicator_label, "b"),
     f": {t('target')} {r.target_text}; {t('actual')} {r.actual_text or '—'}"
     + (f"; {t('attainment')} {ui.fmt_number(r.attainment_pct)}" if pd.notna(r.attainment_pct) else "")
     + " → ", Span(term(r.outcome), "b"), " ", Span(r.text or "", "quote")]
    for r in decided.head(60).itertuples()
])
