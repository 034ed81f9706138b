"""Small pieces every page uses: the warehouse guard, report text as text, flags, tables with their CSV export.

Report-derived strings (titles, file names, sentences, indicator and region names) never reach Streamlit's
Markdown: they go into a grid (st.dataframe draws text on a canvas), into `st.text`, or into HTML this module
escapes itself (`html_lines`). Widget labels, captions, metrics and tooltips carry only the app's own words.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import duckdb
import pandas as pd
import streamlit as st

from app import data, names
from app.i18n import english, in_language, lang, t, term, unit

DOCUMENT_PAGE = "views/document.py"


# --------------------------------------------------------------------------------------------------------------
# The warehouse guard


def warehouse_ready() -> bool:
    """A clear message instead of a traceback when there is no usable warehouse; True when the pages can run."""
    path = data.warehouse_path()
    if not path.exists():
        st.title(t("app_title"))
        st.error(escape_md(t("missing_body", path=path)), icon=":material/database_off:")
        return False
    try:
        missing = sorted(set(data.REQUIRED) - data.relations())
    except (data.WarehouseBrokenError, duckdb.Error) as exc:  # a half-written or foreign file
        st.title(t("broken_title"))
        st.error(escape_md(t("broken_file", path=path, detail=str(exc))), icon=":material/error:")
        return False
    if missing:
        st.title(t("broken_title"))
        st.error(escape_md(t("broken_tables", path=path, tables=", ".join(missing))), icon=":material/error:")
        return False
    return True


def sidebar_footer() -> None:
    path = data.warehouse_path()
    sig = data.signature(path)
    when = dt.datetime.fromtimestamp(sig[2] / 1e9).strftime("%Y-%m-%d %H:%M:%S") if sig else "?"
    st.sidebar.caption(escape_md(t("built_at", path=path.name, when=when)))


# --------------------------------------------------------------------------------------------------------------
# Text


def escape_md(text: object) -> str:
    """The app's own sentences (which may name a path) inside Markdown: every ASCII punctuation mark escaped."""
    s = text if isinstance(text, str) else str(text)
    return "".join("\\" + c if (c.isascii() and not c.isalnum() and not c.isspace()) else c for c in s)


def blank(value: object) -> str:
    """A cell as text: '' for None/NaN/NaT/<NA>, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        if pd.isna(value):  # numpy NaN and friends
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)


def truthy(values: Iterable[object]) -> list[bool]:
    """Booleans from a column that may be bool, nullable int (a `null as x` column) or object."""
    return [bool(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) and v is not pd.NA else False
            for v in values]


def fmt_number(value: object, digits: int = 2) -> str:
    """1,234.5 / 0.75 / '' for missing; integers without decimals."""
    if value is None or isinstance(value, str):
        return value or ""
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    if math.isnan(x):
        return ""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def fmt_value(value: object, u: object = None) -> str:
    """A number with its unit in the reader's language: 512.3 亿元 / 512.3 100m yuan / 1.6%."""
    num = fmt_number(value)
    if not num:
        return ""
    shown = unit(u)
    if not shown:
        return num
    return f"{num}{shown}" if shown in ("%",) else f"{num} {shown}"


def fmt_pp(value: object) -> str:
    num = fmt_number(value)
    if not num:
        return ""
    x = float(value)  # type: ignore[arg-type]
    return f"{'+' if x > 0 else ''}{num} pp" if english() else f"{'+' if x > 0 else ''}{num} 个百分点"


@dataclass(frozen=True)
class Span:
    text: str
    kind: str = ""  # "" plain, "b" bold, "muted", "flag", "quote", "mark"
    href: str | None = None  # a link the app builds (never a report's)


def _render(part: Span | str) -> str:
    if isinstance(part, str):
        part = Span(part)
    body = html.escape(part.text)
    if part.kind == "b":
        body = f"<b>{body}</b>"
    elif part.kind == "muted":
        body = f'<span style="color:#6b7280">{body}</span>'
    elif part.kind == "flag":
        body = f'<span class="flagmark" style="color:#b45309;font-weight:600">{body}</span>'
    elif part.kind == "quote":
        body = f"「{body}」"
    elif part.kind == "mark":
        body = f'<mark style="background:#fff1a8">{body}</mark>'
    if part.href:
        body = f'<a href="{html.escape(part.href, quote=True)}" target="_self">{body}</a>'
    return body


def html_lines(lines: Iterable[Sequence[Span | str]], *, bullets: bool = True, css_class: str = "lines") -> None:
    """Lines of text made of escaped spans: report text shown exactly as written, never as Markdown or HTML."""
    items = ["".join(_render(p) for p in line) for line in lines]
    if not items:
        return
    if bullets:
        body = "".join(f"<li>{i}</li>" for i in items)
        st.html(f'<ul class="{css_class}" style="margin:0 0 0.5rem 1.1rem;padding:0;line-height:1.6">{body}</ul>')
    else:
        body = "".join(f'<p style="margin:0 0 0.35rem 0;line-height:1.6">{i}</p>' for i in items)
        st.html(f'<div class="{css_class}">{body}</div>')


def html_line(*parts: Span | str) -> None:
    html_lines([parts], bullets=False)


# --------------------------------------------------------------------------------------------------------------
# Links


def link_params(doc_id: str, fact_id: object = None) -> dict[str, str]:
    """Query parameters of the document page; they carry the language so a new tab keeps it."""
    params = {"doc": doc_id}
    if isinstance(fact_id, str) and fact_id:
        params["fact"] = fact_id
    params["lang"] = lang()
    return params


def doc_url(doc_id: object, fact_id: object = None) -> str | None:
    """Relative link to the document page (resolves against the current page's URL)."""
    if not isinstance(doc_id, str) or not doc_id:
        return None
    return "document?" + urlencode(link_params(doc_id, fact_id))


def profile_url(region_code: object) -> str | None:
    if not isinstance(region_code, str) or not region_code:
        return None
    return "profile?" + urlencode({"region": region_code, "lang": lang()})


def app_base_url() -> str:
    """The app's own address as the reader's browser sees it (for absolute links in exports)."""
    url = getattr(st.context, "url", None)
    if isinstance(url, str) and url.startswith("http"):
        scheme_host = url.split("/", 3)[:3]
        return "/".join(scheme_host)
    host = st.context.headers.get("Host") if st.context.headers else None
    return f"http://{host}" if host else "http://127.0.0.1:8501"


def source_file(path: object) -> str:
    """A report's file as an absolute path (the warehouse stores it relative to the project)."""
    if not isinstance(path, str) or not path:
        return ""
    p = data.ROOT / path if not path.startswith("/") else None
    return str(p) if p else path


def with_doc_links(df: pd.DataFrame, doc_col: str = "doc_id", fact_col: str | None = "fact_id") -> pd.DataFrame:
    out = df.copy()
    facts = out[fact_col].tolist() if fact_col and fact_col in out else [None] * len(out)
    tail = urlencode({"lang": lang()})
    out["link"] = [
        f"document?doc={quote(d, safe='')}" + (f"&fact={quote(f, safe='')}" if isinstance(f, str) and f else "")
        + f"&{tail}" if isinstance(d, str) and d else None
        for d, f in zip(out[doc_col].tolist(), facts, strict=True)
    ] if len(out) else []
    return out


# --------------------------------------------------------------------------------------------------------------
# Flags: a value with a data-quality warning carries ⚠ everywhere; the sidebar switch leaves such values out.

FLAG = "⚠"


def hide_flagged() -> bool:
    return bool(st.session_state.get("hide_flagged", False))


def flag_of(checks: object, plausibility: object = None) -> str:
    """'⚠ outside the plausible range' for a flagged value, '' otherwise."""
    words: list[str] = []
    if isinstance(checks, str) and checks:
        words = [term(c) for c in checks.split(",")]
    if isinstance(plausibility, str) and plausibility in ("above_max", "below_min") and not words:
        words = [term(plausibility)]
    return f"{FLAG} {'; '.join(words)}" if words else ""


def add_flags(df: pd.DataFrame, checks: str = "flag_checks", plaus: str = "plausibility") -> pd.DataFrame:
    out = df.copy()
    c = out[checks].tolist() if checks in out else [None] * len(out)
    p = out[plaus].tolist() if plaus in out else [None] * len(out)
    pairs = [(a if isinstance(a, str) else None, b if isinstance(b, str) else None) for a, b in zip(c, p, strict=True)]
    words = {pair: flag_of(*pair) for pair in set(pairs)}  # a handful of distinct flags, formatted once each
    out["flag"] = [words[pair] for pair in pairs]
    return out


def drop_flagged(df: pd.DataFrame, *, say: bool = True) -> pd.DataFrame:
    """Without the flagged rows when the switch is on (saying how many were left out)."""
    if "flag" not in df:
        df = add_flags(df)
    if not hide_flagged():
        return df
    flagged = df["flag"] != ""
    if say and flagged.any():
        st.caption(t("flagged_hidden", n=int(flagged.sum())))
    return df[~flagged]


# --------------------------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Col:
    """One shown column: the frame's column, its label key and how it is shown."""

    name: str
    label: str
    kind: str = "text"  # text | number | pct | pp | link | code | region | date | flag
    width: str | None = None


def display_frame(df: pd.DataFrame, cols: Sequence[Col]) -> pd.DataFrame:
    """What the grid shows: strings, '' for a missing value (the grid would draw 'None'), coded values translated."""
    out = {}
    for c in cols:
        if c.name not in df:
            continue
        s = df[c.name].tolist()  # one bulk conversion: iterating an Arrow-backed column is slow per element
        if c.kind == "number":
            out[c.name] = [fmt_number(v) for v in s]
        elif c.kind in ("code", "unit"):
            fn = term if c.kind == "code" else unit
            words = {v: fn(v) for v in set(s) if isinstance(v, str)}  # translated once per distinct value
            out[c.name] = [words.get(v, "") if isinstance(v, str) else "" for v in s]
        elif c.kind == "pct":
            out[c.name] = [f"{fmt_number(v)}%" if fmt_number(v) else "" for v in s]
        elif c.kind == "pp":
            out[c.name] = [fmt_pp(v) for v in s]
        elif c.kind == "link":
            out[c.name] = [v if isinstance(v, str) and v else "" for v in s]  # None would be drawn "None"
        else:
            out[c.name] = [blank(v) for v in s]
    return pd.DataFrame(out, index=df.index)


EXPORT_EXTRA = ("value", "unit", "value_base", "unit_base", "target_value", "actual_value", "actual_unit",
                "attainment_pct", "growth", "official_growth_pct", "official_gap_pp", "cited_gap_pp",
                "region_code", "period", "indicator_key", "measure", "measure_variant", "is_estimate",
                "doc_id", "fact_id", "span_start", "span_end", "flag")


def export_frame(df: pd.DataFrame, cols: Sequence[Col], base: str | None = None) -> pd.DataFrame:
    """The CSV: the shown columns (translated headers) plus the numeric columns for analysis, raw, and absolute
    source references (the report file's path, the fact's address in the app at `base`)."""
    shown = [c for c in cols if c.name in df and c.kind != "link"]
    out = pd.DataFrame({t(c.label): display_frame(df, [c])[c.name] for c in shown}, index=df.index)
    for name in EXPORT_EXTRA:
        if name in df and name not in out:
            out[name] = df[name]
    if "doc_id" in df:
        base = base or app_base_url()
        facts = df["fact_id"] if "fact_id" in df else [None] * len(df)
        out["source_url"] = [f"{base}/{doc_url(d, f)}" if doc_url(d, f) else "" for d, f in
                             zip(df["doc_id"], facts, strict=True)]
    for path_col in ("first_source_path", "source_path"):
        if path_col in df:
            out["source_file"] = [source_file(p) for p in df[path_col]]
            break
    return out


MAX_ROWS = 2_000  # a grid beyond this shows its first rows; its CSV always has every row


def table(df: pd.DataFrame, key: str, cols: Sequence[Col], *, selectable: bool = False,
          height: int | str = "auto", every_row: pd.DataFrame | None = None,
          prepare: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> object:
    """One grid: its columns shown as text with translated headers, blank for missing values, and its CSV (built
    only when the reader asks for it: at 10,000 reports a page would otherwise format every row on each run).

    A page that prepares only the rows it shows passes `every_row` (all rows, unprepared) and `prepare`, so the
    CSV still has every row."""
    total = len(every_row) if every_row is not None else len(df)
    if total > min(len(df), MAX_ROWS):
        st.caption(t("first_rows", n=f"{min(len(df), MAX_ROWS):,}", total=f"{total:,}"))
    shown = display_frame(df.head(MAX_ROWS), cols)
    config: dict[str, object] = {}
    for c in cols:
        if c.name not in shown:
            continue
        if c.kind == "link":
            config[c.name] = st.column_config.LinkColumn(t(c.label), display_text=t("open_doc")
                                                         if c.label in ("link", "open_doc") else t(c.label),
                                                         width="small")
        else:
            config[c.name] = st.column_config.TextColumn(t(c.label), width=c.width)  # type: ignore[arg-type]
    if shown.empty:
        st.info(t("no_rows"), icon=":material/filter_alt_off:")
    event = st.dataframe(
        shown, key=key, hide_index=True, column_config=config, height=height,  # type: ignore[arg-type]
        on_select="rerun" if selectable else "ignore", selection_mode="single-row",
    )
    reader, base = lang(), app_base_url()

    def csv() -> bytes:
        rows = df if every_row is None or prepare is None else prepare(every_row)
        frame = in_language(reader, lambda: export_frame(rows, cols, base))
        return frame.to_csv(index=False).encode("utf-8-sig")  # type: ignore[union-attr]

    st.download_button(
        t("download_csv"), csv, file_name=f"{key}.csv", mime="text/csv",
        key=f"{key}_csv", icon=":material/download:", on_click="ignore",
    )
    return event


def selected_row(event: object) -> int | None:
    rows = getattr(getattr(event, "selection", None), "rows", None) or []
    return rows[0] if rows else None


def options(series: pd.Series) -> list[str]:
    return sorted({str(v) for v in series.dropna() if str(v)})


def keep(rows: pd.DataFrame, **chosen: list[str]) -> pd.DataFrame:
    """Rows whose column values are among the chosen ones; an empty choice keeps every row (the filters' 'all')."""
    for column, values in chosen.items():
        if values:
            rows = rows[rows[column].astype(str).isin(values)]
    return rows


def region_names(df: pd.DataFrame, code: str = "region_code", name: str = "region",
                 out: str = "region_label") -> pd.DataFrame:
    df = df.copy()
    df[out] = names.region_labels(df[code], df.get(name)) if len(df) else []
    return df


def indicator_names(df: pd.DataFrame, zh: str = "indicator", en: str = "indicator_en",
                    out: str = "indicator_label") -> pd.DataFrame:
    df = df.copy()
    ens = df[en] if en in df else [None] * len(df)
    df[out] = names.indicator_labels(df[zh], ens) if len(df) else []
    return df


def page_link(file: str, label: str, params: Mapping[str, str] | None = None, icon: str | None = None) -> None:
    """An in-app link with the app's own label (report text never goes into a link label)."""
    st.page_link(file, label=escape_md(label), icon=icon, query_params=dict(params or {}))


def quote_url(text: str) -> str:
    return quote(text, safe="")
