"""Document: a report's cleaned text with every extracted fact highlighted (⚠ on flagged values) and listed;
other pages link here with ?doc=…&fact=…"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from app import data, names, state, ui
from app.i18n import t, term
from app.ui import Col, Span

STYLE = """
<style>
.doc-text { position: relative; white-space: pre-wrap; line-height: 1.7; font-size: 1.02rem; max-height: 70vh;
            overflow-y: auto; padding: 0.8rem 1rem; border: 1px solid #ddd; border-radius: 0.5rem;
            overflow-wrap: anywhere; }
.doc-text mark { background: #fff1a8; padding: 0 1px; border-radius: 2px; }
.doc-text mark.flagged { background: #fde2c4; border-bottom: 2px solid #b45309; }
.doc-text mark.flagged::before { content: "⚠"; color: #b45309; font-weight: 600; }
.doc-text mark.sel { background: #ffb347; outline: 2px solid #e07b00; }
.doc-title { font-size: 1.45rem; font-weight: 600; margin: 0.2rem 0 0.3rem 0; line-height: 1.4; }
</style>
"""


def merged_spans(facts: pd.DataFrame, length: int) -> list[tuple[int, int, list[str]]]:
    """Fact spans merged where they overlap (a rank claim may share words with a growth), each with its fact ids."""
    spans = sorted(
        (max(0, int(r.span_start)), min(length, int(r.span_end)), r.fact_id)
        for r in facts.itertuples() if pd.notna(r.span_start) and pd.notna(r.span_end) and r.span_end > r.span_start
    )
    merged: list[tuple[int, int, list[str]]] = []
    for start, end, fid in spans:
        if merged and start < merged[-1][1]:
            s0, e0, ids = merged[-1]
            merged[-1] = (s0, max(e0, end), [*ids, fid])
        else:
            merged.append((start, end, [fid]))
    return merged


def highlighted(text: str, facts: pd.DataFrame, selected: str | None) -> str:
    labels = {r.fact_id: " · ".join(x for x in (term(r.fact_type), r.indicator_label, ui.fmt_value(r.value, r.unit),
                                                r.flag) if x)
              for r in facts.itertuples()}
    flagged = {r.fact_id for r in facts.itertuples() if r.flag}
    out, pos = [], 0
    for start, end, ids in merged_spans(facts, len(text)):
        out.append(html.escape(text[pos:start]))
        classes = [c for c, on in (("sel", selected in ids), ("flagged", bool(flagged & set(ids)))) if on]
        cls = f' class="{" ".join(classes)}"' if classes else ""
        title = html.escape(" | ".join(labels[i] for i in ids), quote=True)
        out.append(f'<mark{cls} id="{html.escape(ids[0], quote=True)}" title="{title}">'
                   f'{html.escape(text[start:end])}</mark>')
        pos = end
    out.append(html.escape(text[pos:]))
    return f'{STYLE}<div class="doc-text">{"".join(out)}</div>'


# Scrolls only the text box (position: relative, so a mark's offsetTop is measured from the box), not the page.
# Streamlit inserts elements asynchronously, hence the retries. No "<" in the script: DOMPurify drops a script whose
# text looks like markup ("n<50").
SCROLL_TO_SELECTED = """<script>(function(){let n=0;function go(){
const m=document.querySelector('.doc-text mark.sel');
if(m){const box=m.closest('.doc-text');box.scrollTop=Math.max(0,m.offsetTop-box.clientHeight/2);return;}
if(++n>=50)return;setTimeout(go,100);}go();})();</script>"""


def pick_document() -> str | None:
    """The region first, then its documents: one list of 10,000 documents would be sent with every run."""
    docs = data.documents()
    if docs.empty:
        return None
    wanted = state.url_value("doc")
    linked = docs[docs["doc_id"] == wanted]
    latest = data.latest_document()
    start = linked if len(linked) else docs[docs["doc_id"] == (latest["doc_id"] if latest else docs["doc_id"].iloc[0])]
    codes = [c if isinstance(c, str) else "" for c in docs["region_code"].drop_duplicates()]
    labels = dict(zip(codes, names.region_labels(codes), strict=True))
    labels[""] = "?"
    first = start["region_code"].iloc[0] if len(start) and isinstance(start["region_code"].iloc[0], str) else ""
    c1, c2 = st.columns([1, 3])
    if wanted and len(linked) and st.session_state.get("_doc_linked") != wanted:
        # a followed link names the document: open its region, whatever was picked before
        st.session_state["_doc_linked"] = wanted
        st.session_state["doc_region"] = first
        if "doc_region" in st.query_params:
            del st.query_params["doc_region"]
    region = state.select(c1, t("region"), codes, param="doc_region", key="doc_region", default=first,
                          format_func=labels.__getitem__)
    docs = ui.region_names(docs[docs["region_code"].fillna("") == region])
    ids = list(docs["doc_id"])
    labels = {r.doc_id: " · ".join(x for x in (r.title if isinstance(r.title, str) and r.title else t("untitled"),
                                                r.region_label, r.period if isinstance(r.period, str) else "") if x)
              for r in docs.itertuples()}
    return state.select(c2, t("pick_document"), ids, param="doc", key=f"doc_pick_{region}",
                        default=wanted if wanted in ids else next((d for d in start["doc_id"] if d in ids), ids[0]),
                        format_func=labels.__getitem__)


def selected_fact(facts: pd.DataFrame, fact_id: str | None) -> None:
    if not fact_id or fact_id not in set(facts["fact_id"]):
        return
    f = facts[facts["fact_id"] == fact_id].iloc[0]
    with st.container(border=True):
        parts: list[Span | str] = [Span(t("selected_fact") + " ", "b"), Span(fact_id, "muted"),
                                   f" · {term(f['fact_type'])} · {f['indicator_label']} · ",
                                   Span(ui.fmt_value(f["value"], f["unit"]), "b")]
        if f["flag"]:
            parts.append(Span(" " + f["flag"], "flag"))
        ui.html_line(*parts)
        ui.html_line(Span(f["sentence"] or "", "quote"))


st.title(t("page_document"))
st.caption(t("document_caption"))
doc_id = pick_document()
if doc_id is None:
    st.info(t("no_rows"))
    st.stop()
doc = data.document(doc_id)
facts = ui.add_flags(data.document_facts(doc_id))
facts = ui.indicator_names(facts)
fact_id = state.url_value("fact")
if fact_id and fact_id not in set(facts["fact_id"]):
    fact_id = None
st.html(f'<div class="doc-title">{html.escape(doc["title"] or t("untitled"))}</div>')
ui.html_line(Span(" · ".join(x for x in (names.region_label(doc["region_code"], doc["region"]),
                                         ui.blank(doc["period"]), term(doc["doc_type"]), ui.blank(doc["published"]),
                                         f"{len(facts)} {t('facts')}", ui.blank(doc["first_source_path"])) if x),
                  "muted"))
selected_fact(facts, fact_id)
shown = ui.drop_flagged(facts)
st.html(highlighted(doc["text"] or "", shown, fact_id))
if fact_id:
    # A fact deep in a long report would otherwise sit out of sight below the box's fold.
    st.html(SCROLL_TO_SELECTED, unsafe_allow_javascript=True)
st.subheader(t("facts"), anchor=False)
shown = shown.assign(seq=range(1, len(shown) + 1))
ui.table(shown, f"facts_{doc_id}", [
    Col("seq", "fact", "number"), Col("flag", "flag"), Col("fact_type", "fact_type", "code"),
    Col("indicator_label", "indicator"), Col("value", "value", "number"), Col("unit", "unit", "unit"),
    Col("text", "text"), Col("sentence", "sentence")])
ui.html_lines([[f"{r.seq}. {term(r.fact_type)} ", Span(r.indicator_label or "", "b"), ": ",
                Span(ui.fmt_value(r.value, r.unit), "b"), Span(f" {r.flag}", "flag") if r.flag else "", " — ",
                Span(r.text or "", "quote")] for r in shown.itertuples()], bullets=False)
spans = data.removed_spans_for(doc_id)
if not spans.empty:
    st.subheader(t("removed_spans"), anchor=False)
    ui.html_lines([[f"[{r.span_start}–{r.span_end}) {term(r.reason)}: ", Span(r.text or "", "quote")]
                   for r in spans.itertuples()])
