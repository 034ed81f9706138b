"""Search across indicators, ranking claims, values and documents ("南通第一", "集装箱")."""

from __future__ import annotations

import streamlit as st

from app import claims, data, state, ui
from app.i18n import t, term
from app.ui import Col, Span

st.title(t("page_search"))
st.caption(t("search_caption"))
needle = state.text_input(st, t("search_box"), param="q", key="sr_q", placeholder="南通第一 / 集装箱")
if not needle:
    st.info(t("search_hint"))
    st.stop()

inds = data.search_indicators(needle)
st.subheader(t("search_indicators", n=len(inds)), anchor=False)
if len(inds):
    inds = ui.indicator_names(inds)
    ui.html_lines([[Span(r.indicator_label, "b", href=f"timeseries?indicator={ui.quote_url(r.indicator_key)}"
                         f"&lang={state.url_value('lang') or 'zh'}"),
                    f" · {t('n_values')} {r.n_values} · {t('n_regions')} {r.n_regions}"] for r in inds.itertuples()])

found = data.search_claims(needle)
found = claims.prepare(found)
st.subheader(t("search_claims", n=len(found)), anchor=False)
if len(found):
    found = ui.with_doc_links(found)
    ui.table(found, "search_claims", [Col("claim_words", "claim"), Col("region_label", "region"),
                                      Col("period", "period"), Col("indicator_label", "indicator"),
                                      Col("status", "verification", "code"), Col("sentence", "sentence"),
                                      Col("link", "link", "link")])
    ui.html_lines([[Span(r.claim_words, "b"), f" · {r.region_label} · {r.period or ''} · {term(r.status)} — ",
                    Span(r.sentence or "", "quote"), " ", Span(t("open_doc"), href=r.link)]
                   for r in found.head(30).itertuples()])

values = ui.drop_flagged(ui.add_flags(data.search_values(needle)))
st.subheader(t("search_values", n=len(values)), anchor=False)
if len(values):
    values = ui.with_doc_links(ui.region_names(values))
    values["value_text"] = [ui.fmt_value(v, u) for v, u in zip(values["value"], values["unit"], strict=True)]
    ui.table(values, "search_values", [Col("flag", "flag"), Col("region_label", "region"), Col("period", "period"),
                                       Col("indicator", "indicator"), Col("value", "value", "number"),
                                       Col("unit", "unit", "unit"), Col("measure", "measure", "code"),
                                       Col("text", "text"), Col("link", "link", "link")])
    ui.html_lines([[Span(r.flag + " ", "flag") if r.flag else "", Span(r.region_label, "b"),
                    f" · {r.period or ''} · ", Span(r.text or "", "quote"), f" = {r.value_text}"]
                   for r in values.head(30).itertuples()])

docs = data.search_documents(needle)
st.subheader(t("search_documents", n=len(docs)), anchor=False)
if len(docs):
    docs = ui.with_doc_links(ui.region_names(docs), fact_col=None)
    docs["title"] = [x if isinstance(x, str) and x else t("untitled") for x in docs["title"]]
    ui.table(docs, "search_documents", [Col("title", "title"), Col("region_label", "region"), Col("period", "period"),
                                        Col("doc_type", "doc_type", "code"), Col("snippet", "snippet"),
                                        Col("link", "link", "link")])
    ui.html_lines([[Span(r.title, "b", href=r.link), f" · {r.region_label} · {r.period or ''} — …",
                    Span(r.snippet or ""), "…"] for r in docs.itertuples()])
