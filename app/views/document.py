"""Document: a report's cleaned text with every extracted fact highlighted and listed; other pages link here."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from app import data, ui
from app.i18n import pick, t

STYLE = """
<style>
.doc-text { position: relative; white-space: pre-wrap; line-height: 1.7; font-size: 1.02rem; max-height: 70vh;
            overflow-y: auto; padding: 0.8rem 1rem; border: 1px solid #ddd; border-radius: 0.5rem; }
.doc-text mark { background: #fff1a8; padding: 0 1px; border-radius: 2px; }
.doc-text mark.sel { background: #ffb347; outline: 2px solid #e07b00; }
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
    labels = {r.fact_id: f"{r.fact_type} · {r.indicator or ''} · {ui.fmt_number(r.value, r.unit)}"
              for r in facts.itertuples()}
    out, pos = [], 0
    for start, end, ids in merged_spans(facts, len(text)):
        out.append(html.escape(text[pos:start]))
        cls = ' class="sel"' if selected in ids else ""
        title = html.escape(" | ".join(labels[i] for i in ids), quote=True)
        out.append(f'<mark{cls} id="{html.escape(ids[0])}" title="{title}">{html.escape(text[start:end])}</mark>')
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
    docs = data.documents()
    if docs.empty:
        return None
    ids = list(docs["doc_id"])
    labels = {r.doc_id: f"{r.title or r.doc_id} · {r.region or '—'} · {r.period or '—'}" for r in docs.itertuples()}
    wanted = st.query_params.get("doc")
    if "doc_pick" not in st.session_state and wanted not in labels:
        latest = data.latest_document()  # no link followed: open the latest report rather than an arbitrary one
        st.session_state["doc_pick"] = latest["doc_id"] if latest else ids[0]
    # A link from another page (?doc=…) wins over the last pick; the URL then follows the picker.
    if wanted in labels and st.session_state.get("doc_from_url") != wanted:
        st.session_state["doc_pick"] = wanted
        st.session_state["doc_from_url"] = wanted
    doc_id = st.selectbox(t("pick_document"), ids, format_func=labels.__getitem__, key="doc_pick")
    if doc_id != wanted:
        st.query_params["doc"] = doc_id
        st.query_params.pop("fact", None)
    return doc_id


def selected_fact(facts: pd.DataFrame, fact_id: str | None) -> None:
    if not fact_id or fact_id not in set(facts["fact_id"]):
        return
    f = facts[facts["fact_id"] == fact_id].iloc[0]
    with st.container(border=True):
        st.markdown(f"**{t('selected_fact')}** `{fact_id}` · {f['fact_type']} · "
                    f"{pick(f['indicator'], f['indicator_en']) or '—'} · **{ui.fmt_number(f['value'], f['unit'])}**")
        st.markdown(f"> {ui.md(f['sentence'])}")


st.title(t("page_document"))
st.caption(t("document_caption"))
doc_id = pick_document()
if doc_id is None:
    st.info(t("no_rows"))
    st.stop()
doc = data.document(doc_id)
facts = data.document_facts(doc_id)
fact_id = st.query_params.get("fact")
st.markdown(f"### {doc['title'] or doc_id}")
st.caption(" · ".join(ui.text_or_dash(x) for x in (doc["region"], doc["period"], doc["doc_type"], doc["published"],
                                                    f"{len(facts)} {t('facts')}")))
selected_fact(facts, fact_id)
st.html(highlighted(doc["text"] or "", facts, fact_id))
if fact_id and fact_id in set(facts["fact_id"]):
    # A fact deep in a long report would otherwise sit out of sight below the box's fold.
    st.html(SCROLL_TO_SELECTED, unsafe_allow_javascript=True)
st.subheader(t("facts"))
facts = facts.assign(indicator_label=[pick(z, e) for z, e in zip(facts["indicator"], facts["indicator_en"],
                                                                   strict=True)])
ui.table(facts, f"facts_{doc_id}", {"seq": "fact", "fact_type": "fact_type", "indicator_label": "indicator",
                                    "value": "value", "unit": "unit", "text": "text", "sentence": "sentence"})
st.markdown("\n".join(f"{r.seq}. `{r.fact_type}` {r.indicator_label or '—'}: **{ui.fmt_number(r.value, r.unit)}** "
                      f"— 「{ui.md(r.text)}」" for r in facts.itertuples()))
spans = data.removed_spans_for(doc_id)
if not spans.empty:
    st.subheader(t("removed_spans"))
    st.markdown("\n".join(f"- [{r.span_start}–{r.span_end}) `{r.reason}`: 「{ui.md(r.text)}」"
                          for r in spans.itertuples()))
