"""Small pieces every page uses: the warehouse guard, tables with CSV download, links to the document page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app import data
from app.i18n import lang, t

DOCUMENT_PAGE = "views/document.py"


def warehouse_ready() -> bool:
    """Show a clear instruction instead of a traceback when there is no (usable) warehouse."""
    path = data.warehouse_path()
    if not path.exists():
        st.title(t("app_title"))
        st.error(f"**{t('missing_title')}**\n\n{t('missing_body', path=path)}", icon=":material/database_off:")
        return False
    try:
        missing = sorted(set(data.REQUIRED) - data.relations())
    except Exception as exc:  # a half-written or foreign file: say so, do not dump a stack
        st.error(t("broken_body", path=path, tables=type(exc).__name__), icon=":material/error:")
        return False
    if missing:
        st.error(t("broken_body", path=path, tables=", ".join(missing)), icon=":material/error:")
        return False
    return True


def sidebar_footer() -> None:
    path = data.warehouse_path()
    sig = data.signature(path)
    when = dt.datetime.fromtimestamp(sig[2] / 1e9).strftime("%Y-%m-%d %H:%M:%S") if sig else "?"
    st.sidebar.caption(t("built_at", path=path.name, when=when))


def link_params(doc_id: str, fact_id: str | None = None) -> dict[str, str]:
    """Query parameters of the document page; they carry the language so a new tab keeps it."""
    params = {"doc": doc_id}
    if isinstance(fact_id, str) and fact_id:
        params["fact"] = fact_id
    if lang() != "zh":
        params["lang"] = lang()
    return params


def doc_url(doc_id: str, fact_id: str | None = None) -> str:
    """Relative link (resolves against the current page's URL) for table link columns and markdown."""
    return "document?" + urlencode(link_params(doc_id, fact_id))


def with_doc_links(df: pd.DataFrame, doc_col: str = "doc_id", fact_col: str | None = "fact_id") -> pd.DataFrame:
    out = df.copy()
    facts = out[fact_col] if fact_col and fact_col in out else [None] * len(out)
    out["link"] = [doc_url(d, f) if isinstance(d, str) else None for d, f in zip(out[doc_col], facts, strict=True)]
    return out


def table(
    df: pd.DataFrame,
    key: str,
    labels: Mapping[str, str],
    *,
    units: Mapping[str, str] | None = None,
    selectable: bool = False,
    height: int | str = "auto",
) -> object:
    """One table: only the `labels` columns, translated headers, a link column, and its CSV download."""
    cols = [c for c in labels if c in df.columns]
    shown = df[cols]
    config: dict[str, object] = {c: t(label) for c, label in labels.items() if c in cols}
    for c in cols:
        if c == "link" or c.endswith("_link"):
            label = t("open_doc") if c == "link" else t(labels[c])
            config[c] = st.column_config.LinkColumn(label, display_text=t("open_doc"), width="small")
    for c, fmt in (units or {}).items():
        if c in cols:
            config[c] = st.column_config.NumberColumn(t(labels[c]), format=fmt)
    if shown.empty:
        st.info(t("no_rows"), icon=":material/filter_alt_off:")
    event = st.dataframe(
        shown, key=key, hide_index=True, column_config=config, height=height,
        on_select="rerun" if selectable else "ignore", selection_mode="single-row",
    )
    csv = shown.rename(columns={c: t(labels[c]) for c in cols if c != "link"}).to_csv(index=False)
    st.download_button(
        t("download_csv"), csv.encode("utf-8-sig"), file_name=f"{key}.csv", mime="text/csv",
        key=f"{key}_csv", icon=":material/download:", on_click="ignore",
    )
    return event


def selected_row(event: object) -> int | None:
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    return rows[0] if rows else None


def fmt_number(value: object, unit: object = None) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    num = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{num} {unit}" if isinstance(unit, str) and unit else num


MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+|~$!-])")


def md(value: object) -> str:
    """Report text inside markdown, shown literally: `$` would start LaTeX, `*`/`_` emphasis, `[` a link."""
    return MD_SPECIAL.sub(r"\\\1", text_or_dash(value))


def options(series: pd.Series) -> list[str]:
    return sorted({str(v) for v in series.dropna()})


def multiselect(where: object, label: str, values: pd.Series, key: str, *, coded: bool = False) -> list[str]:
    """A filter: empty means all (said in the placeholder). `coded` values (unverifiable …) show translated."""
    return where.multiselect(  # type: ignore[attr-defined]
        label, options(values), key=key, placeholder=t("all"), format_func=t if coded else str)


def keep(rows: pd.DataFrame, **chosen: list[str]) -> pd.DataFrame:
    """Rows whose column values are among the chosen ones; an empty choice keeps every row (the filters' 'all')."""
    for column, values in chosen.items():
        if values:
            rows = rows[rows[column].isin(values)]
    return rows


def text_or_dash(value: object) -> str:
    """Plain text for a cell that may be None/NaN/NaT."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return str(value)[:10] if isinstance(value, pd.Timestamp | dt.date) else str(value)


CN_DIGITS = "零一二三四五六七八九十"
SCOPE_WORDS = ("南通", "全市", "全省", "省内", "全国", "全区", "江苏", "苏中", "本市")


def rank_words(scope: object, rank: object, claim: object, text: object = None) -> str:
    """The claim as the report words it: 南通第一, 全省唯一, 全市第一方阵.

    The extractor's `claim` may be the bare word (唯一, 首家); the scope word in front of it is then taken from the
    quoted text when it is there, else from the scope's name (江苏省 -> 江苏).
    """
    word = claim if isinstance(claim, str) and claim else None
    if word is None:
        try:
            n = int(rank)  # numpy and pandas integers too; None/NaN fall through
        except (TypeError, ValueError):
            return str(scope) if isinstance(scope, str) else ""
        word = f"第{CN_DIGITS[n] if 0 < n <= 10 else n}"
    if any(w in word for w in SCOPE_WORDS):
        return word
    if isinstance(text, str) and word in text:
        before = text[: text.index(word)]
        for prefix in SCOPE_WORDS:
            if before.endswith(prefix):
                return prefix + word
    place = scope.rstrip("市省区县") if isinstance(scope, str) and len(scope) > 2 else scope  # 南通市 -> 南通
    return f"{place or ''}{word}"
