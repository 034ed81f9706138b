"""Rankings: every rank claim, filterable; first-place counts by period; a claim's sentence and its peers' evidence."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from app import data, ui
from app.i18n import pick, t

MAX_TEXT_ROWS = 60  # the text list mirrors the grid; beyond this the grid and the CSV carry the rest

COLUMNS = {
    "claim_words": "claim", "region": "region", "period": "period", "indicator_label": "indicator", "scope": "scope",
    "rank": "rank", "status_label": "verification", "text": "text", "sentence": "sentence", "link": "link",
}


def filters(claims: pd.DataFrame) -> pd.DataFrame:
    c1, c2, c3, c4 = st.columns(4)
    picks = {
        "region": ui.multiselect(c1, t("region"), claims["region"], "rk_region"),
        "period": ui.multiselect(c2, t("period"), claims["period"], "rk_period"),
        "scope": ui.multiselect(c3, t("scope"), claims["scope"], "rk_scope"),
        "status": ui.multiselect(c4, t("verification"), claims["status"], "rk_status", coded=True),
    }
    mask = pd.Series(True, index=claims.index)
    for col, chosen in picks.items():
        if chosen:
            mask &= claims[col].astype(str).isin(chosen)
    return claims[mask]


def first_place_counts(claims: pd.DataFrame) -> None:
    st.subheader(t("first_by_period"))
    firsts = claims[claims["rank"] == 1].groupby("period", dropna=False).size().reset_index(name="n")
    if firsts.empty:
        st.info(t("no_rows"))
        return
    chart = alt.Chart(firsts).mark_bar().encode(
        x=alt.X("period:N", title=t("period")), y=alt.Y("n:Q", title=t("count")), tooltip=["period", "n"])
    st.altair_chart(chart, width="stretch")
    st.caption(" · ".join(f"{r.period}: {r.n}" for r in firsts.itertuples()))


def detail(claim: pd.Series) -> None:
    st.subheader(t("claim_detail"))
    st.markdown(
        f"**{claim['claim_words']}** — {claim['region'] or '—'}, {claim['period'] or '—'}, "
        f"{claim['indicator_label'] or '—'} · {t('rank')}: {ui.fmt_number(claim['rank'])} · "
        f"{t('verification')}: **{claim['status_label']}**"
        + (f" ({claim['verification_reason']})" if isinstance(claim.get("verification_reason"), str) else "")
    )
    st.markdown(f"> {ui.md(claim['sentence'])}")
    st.page_link(ui.DOCUMENT_PAGE, label=t("open_doc"), icon=":material/description:",
                 query_params=ui.link_params(claim["doc_id"], claim["fact_id"]))
    st.markdown(f"**{t('peers_evidence')}**")
    peers = data.claim_peers(claim["fact_id"])
    if peers.empty:
        st.caption(t("no_peers"))
        return
    peers = ui.with_doc_links(peers).assign(source=lambda d: d["source"].map(t))
    ui.table(peers, "rank_peers", {"region": "region", "period": "period", "indicator": "indicator", "value": "value",
                                   "unit": "unit", "source": "source", "quote": "sentence", "link": "link"})


def as_text(claims: pd.DataFrame) -> None:
    # Key content as page text: the grid is drawn on a canvas, invisible to screen readers, copy-paste and tests.
    with st.container(border=True):
        st.markdown(f"**{t('claims_text')}**")
        lines = [
            f"- **{r.claim_words}** · {r.region or '—'} · {r.period or '—'} · {r.indicator_label or '—'} · "
            f"{t('rank')} {ui.fmt_number(r.rank)} · {r.status_label} — 「{ui.md(r.sentence)}」 "
            f"[{t('open_doc')}]({r.link})"
            for r in claims.head(MAX_TEXT_ROWS).itertuples()
        ]
        st.markdown("\n".join(lines) or t("no_rows"))


st.title(t("page_rankings"))
st.caption(t("rankings_caption"))
all_claims = data.rank_claims()
all_claims["claim_words"] = [
    ui.rank_words(s, r, c, x)
    for s, r, c, x in zip(all_claims["scope"], all_claims["rank"], all_claims["claim"], all_claims["text"], strict=True)
]
all_claims["status_label"] = [t(s) for s in all_claims["status"]]
all_claims["indicator_label"] = [pick(z, e) for z, e in
                                 zip(all_claims["indicator"], all_claims["indicator_en"], strict=True)]
shown = ui.with_doc_links(filters(all_claims)).reset_index(drop=True)
st.markdown(f"**{len(shown)}** / {len(all_claims)}")
event = ui.table(shown, "rank_claims", COLUMNS, selectable=True)
row = ui.selected_row(event)
if row is not None:  # a click in the grid drives the picker, so both always show the same claim
    st.session_state["rk_pick"] = row
left, right = st.columns([3, 2])
with left:
    if not shown.empty:
        labels = [f"{r.claim_words} · {r.region or '—'} · {r.period or '—'} · {r.indicator_label or '—'}"
                  for r in shown.itertuples()]
        picked = st.selectbox(t("pick_claim"), range(len(shown)), format_func=labels.__getitem__,
                              key="rk_pick")
        detail(shown.iloc[picked])
with right:
    first_place_counts(shown)
as_text(shown)
