"""Rankings: every rank claim with its verification and peer coverage ("2 of 6 peers reporting; missing …"),
filterable; a claim's sentence and its peers' evidence, peer by peer."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from app import claims, data, names, state, ui
from app.i18n import reason, t, term
from app.ui import Col, Span

MAX_TEXT_ROWS = 60  # the text list mirrors the grid; beyond this the grid and the CSV carry the rest

COLUMNS = [
    Col("flag", "flag"), Col("claim_words", "claim"), Col("region_label", "region"), Col("period", "period"),
    Col("indicator_label", "indicator"), Col("status", "verification", "code"), Col("coverage", "coverage_col"),
    Col("reason_text", "reason"), Col("text", "text"), Col("sentence", "sentence"), Col("link", "link", "link"),
]


def filters(rows: pd.DataFrame) -> pd.DataFrame:
    c1, c2, c3, c4 = st.columns(4)
    regions = state.multiselect(c1, t("region"), ui.options(rows["region_code"]), param="region", key="rk_region",
                                format_func=names.region_label, placeholder=t("all"))
    periods = state.multiselect(c2, t("period"), ui.options(rows["period"]), param="period", key="rk_period",
                                placeholder=t("all"))
    scopes = state.multiselect(c3, t("scope"), ui.options(rows["scope_code"]), param="scope", key="rk_scope",
                               format_func=names.region_label, placeholder=t("all"))
    statuses = state.multiselect(c4, t("verification"), ui.options(rows["status"]), param="status", key="rk_status",
                                 format_func=term, placeholder=t("all"))
    return ui.keep(rows, region_code=regions, period=periods, scope_code=scopes, status=statuses)


def detail(claim: dict) -> None:
    st.subheader(t("claim_detail"), anchor=False)
    ui.html_lines([
        [Span(claim["claim_words"], "b"), f" — {claim['region_label']}, {claim['period'] or ''}, "
         f"{claim['indicator_label']} · {t('verification')}: ", Span(term(claim["status"]), "b")],
        [Span(claim["reason_text"], "muted")],
        [Span(claim["coverage"], "muted")],
    ], bullets=False)
    st.html(f'<blockquote class="claim-sentence" style="margin:0.3rem 0;padding-left:0.8rem;'
            f'border-left:3px solid #ccc">{html.escape(claim["sentence"] or "")}</blockquote>')
    ui.page_link(ui.DOCUMENT_PAGE, t("open_doc"), ui.link_params(claim["doc_id"], claim["fact_id"]),
                 icon=":material/description:")
    st.markdown(f"**{t('peers_evidence')}**")
    peers = data.claim_peers(claim["fact_id"])
    if peers.empty:
        st.caption(t("no_peers"))
        return
    peers = ui.with_doc_links(ui.region_names(peers))
    peers["peer_value_text"] = [ui.fmt_value(v, u) for v, u in zip(peers["peer_value"], peers["peer_unit"],
                                                                    strict=True)]
    ui.table(peers, "rank_peers", [
        Col("region_label", "region"), Col("evidence_kind", "evidence_kind", "code"),
        Col("peer_value_text", "peer_value"), Col("claimant_value", "claimant_value", "number"),
        Col("quote", "text"), Col("link", "peer_source", "link")])


def prepare(rows: pd.DataFrame) -> pd.DataFrame:
    rows = ui.add_flags(claims.prepare(rows))
    rows["reason_text"] = [reason(r) for r in rows["verification_reason"]]
    return ui.with_doc_links(rows)


st.title(t("page_rankings"))
st.caption(t("rankings_caption"))
all_claims = data.rank_claims()
chosen = ui.drop_flagged(filters(all_claims)).reset_index(drop=True)
# Only the rows a grid shows are worded (coverage, names, links): 50,000 claims at 10,000 reports are not.
shown = prepare(chosen.head(ui.MAX_ROWS))
st.markdown(f"**{len(chosen):,}** / {len(all_claims):,}")
event = ui.table(shown, "rank_claims", COLUMNS, selectable=True, every_row=chosen, prepare=prepare)
row = ui.selected_row(event)
if row is not None:  # a click in the grid drives the picker, so both always show the same claim
    st.session_state["rk_pick"] = shown.iloc[row]["fact_id"]
if not shown.empty:
    ids = list(shown["fact_id"])
    labels = dict(zip(ids, [f"{r.claim_words} · {r.region_label} · {r.period or ''} · {r.indicator_label}"
                            for r in shown.itertuples()], strict=True))
    picked = state.select(st, t("pick_claim"), ids, param="claim", key="rk_pick", format_func=labels.__getitem__)
    detail(shown.set_index("fact_id").loc[picked].to_dict() | {"fact_id": picked})
st.subheader(t("claims_text"), anchor=False)
ui.html_lines([
    [Span(r.claim_words, "b"), f" · {r.region_label} · {r.period or ''} · {r.indicator_label} · ",
     Span(term(r.status), "b"), f" · {r.coverage} — ", Span(r.sentence or "", "quote"), " ",
     Span(t("open_doc"), href=r.link)]
    for r in shown.head(MAX_TEXT_ROWS).itertuples()
])
