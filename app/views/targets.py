"""Targets: each target a report sets, with the later actual that answers it: met, missed or pending."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import data, ui
from app.i18n import pick, t

COLUMNS = {
    "region": "region", "target_period": "target_period", "indicator_label": "indicator", "target_text": "target",
    "actual_text": "actual", "outcome_label": "outcome", "sentence": "sentence", "link": "link",
    "actual_link": "actual_source",
}
# Material icons, not emoji: Debian's Chromium has no colour-emoji font, and the words must survive copy-paste.
ICONS = {"met": ":material/check_circle:", "missed": ":material/cancel:", "pending": ":material/schedule:"}
BOUNDS = {"min": "≥ ", "max": "≤ "}


def filters(rows: pd.DataFrame) -> pd.DataFrame:
    c1, c2, c3 = st.columns(3)
    regions = ui.multiselect(c1, t("region"), rows["region"], "tg_region")
    periods = ui.multiselect(c2, t("target_period"), rows["target_period"], "tg_period")
    outcomes = c3.multiselect(t("outcome"), ["met", "missed", "pending"], format_func=t, key="tg_outcome",
                              placeholder=t("all"))
    return ui.keep(rows, region=regions, target_period=periods, outcome=outcomes)


def prepare(rows: pd.DataFrame) -> pd.DataFrame:
    rows = rows.copy()
    rows["indicator_label"] = [pick(z, e) for z, e in zip(rows["indicator"], rows["indicator_en"], strict=True)]
    rows["target_text"] = [
        f"{q if isinstance(q, str) else ''} {BOUNDS.get(b, '')}{ui.fmt_number(v, u)}".strip()
        for q, b, v, u in zip(rows["qualifier"], rows["bound"], rows["target_value"], rows["unit"], strict=True)
    ]
    rows["actual_text"] = [ui.fmt_number(v, u) for v, u in zip(rows["actual_value"], rows["actual_unit"], strict=True)]
    rows["outcome_label"] = [t(o) for o in rows["outcome"]]
    return rows


st.title(t("page_targets"))
st.caption(t("targets_caption"))
all_rows = prepare(data.targets())
counts = all_rows["outcome"].value_counts()
for col, outcome in zip(st.columns(3), ("met", "missed", "pending"), strict=True):
    col.metric(f"{ICONS[outcome]} {t(outcome)}", int(counts.get(outcome, 0)))
shown = ui.with_doc_links(filters(all_rows))
shown["actual_link"] = [ui.doc_url(d, f) if isinstance(d, str) else None
                        for d, f in zip(shown["actual_doc_id"], shown["actual_fact_id"], strict=True)]
ui.table(shown, "targets", COLUMNS)
st.markdown("\n".join(
    f"- {r.region or '—'} · {r.target_period or '—'} · {r.indicator_label or '—'}: {r.target_text}; "
    f"{t('actual')} {r.actual_text} → {ICONS.get(r.outcome, '')} **{r.outcome_label}**"
    for r in shown.head(60).itertuples()
))
