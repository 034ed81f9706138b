"""Shareable state: the language, the region, the indicator and the filters live in the URL's query string.

A link (copied from the address bar, a map click, a link on another page) reopens the same view; a reload keeps
the language. Each URL-bound widget follows one rule:

- a value the URL brings that this session has not applied yet (a followed link) wins;
- else the widget keeps its own state (the reader's last choice on this page);
- else the value last chosen on any page for the same parameter (the region follows the reader across pages);
- else the page's default.

After the widget, its value is written back to the URL (an empty choice removes the parameter). Streamlit clears
the query string when the reader switches pages in the sidebar; the entry script writes the app-wide parameters
(language, flagged-value switch) back on every run, each page its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

SHARED = "_url_shared"  # parameter -> last value chosen on any page (str or list[str])


def _frozen(options: Sequence[str], format_func: Callable[[Any], str]) -> Callable[[Any], str]:
    """The labels as drawn in this run: a lookup, so a later read of the widget (Streamlit's AppTest re-formats the
    value outside the page's run, where the reader's language is unknown) gives the same words."""
    labels = {o: format_func(o) for o in options}
    return lambda o: labels[o] if o in labels else format_func(o)


def _seen_key(key: str) -> str:
    return f"_url_seen_{key}"


def _shared() -> dict[str, Any]:
    return st.session_state.setdefault(SHARED, {})


def url_value(param: str) -> str | None:
    value = st.query_params.get(param)
    return value if value else None


def url_values(param: str) -> list[str]:
    return [v for v in st.query_params.get_all(param) if v]


def _write(param: str, value: str | list[str] | None) -> None:
    if value is None or value == [] or value == "":
        if param in st.query_params:
            del st.query_params[param]
    elif st.query_params.get_all(param) != ([value] if isinstance(value, str) else list(value)):
        st.query_params[param] = value


def remember(param: str, value: str | list[str] | None) -> None:
    """Write a page's own value (not bound to a widget) to the URL and the shared memory."""
    _write(param, value)
    _shared()[param] = value


def select(where: Any, label: str, options: Sequence[str], *, param: str, key: str, default: str | None = None,
           format_func: Callable[[Any], str] = str, widget: str = "selectbox", **kwargs: Any) -> str | None:
    """A one-choice widget (`widget`: selectbox or radio) bound to URL parameter `param`. Options are codes (a
    region code, an indicator key)."""
    opts = list(options)
    if not opts:
        return None
    url = url_value(param)
    fresh = key not in st.session_state  # the page was just entered (Streamlit drops a left page's widgets)
    if url in opts and (fresh or url != st.session_state.get(_seen_key(key))):
        st.session_state[key] = url
    elif fresh or st.session_state.get(key) not in opts:
        shared = _shared().get(param)
        st.session_state[key] = shared if shared in opts else (default if default in opts else opts[0])
    value = getattr(where, widget)(label, opts, key=key, format_func=_frozen(opts, format_func), **kwargs)
    st.session_state[_seen_key(key)] = value
    remember(param, value)
    return value


def multiselect(where: Any, label: str, options: Sequence[str], *, param: str, key: str,
                default: Sequence[str] = (), format_func: Callable[[Any], str] = str, **kwargs: Any) -> list[str]:
    """A multiselect bound to URL parameter `param` (repeated: ?status=met&status=missed)."""
    opts = list(options)
    url = [v for v in url_values(param) if v in opts]
    fresh = key not in st.session_state
    if url and (fresh or url != st.session_state.get(_seen_key(key))):
        st.session_state[key] = url
    elif fresh or any(v not in opts for v in st.session_state[key]):
        shared = [v for v in (_shared().get(param) or []) if v in opts] if isinstance(_shared().get(param), list) \
            else []
        st.session_state[key] = shared or [v for v in default if v in opts]
    value = list(where.multiselect(label, opts, key=key, format_func=_frozen(opts, format_func), **kwargs))
    st.session_state[_seen_key(key)] = value
    remember(param, value)
    return value


def toggle(where: Any, label: str, *, param: str, key: str, default: bool = False, **kwargs: Any) -> bool:
    """A switch bound to `?param=1`; off removes the parameter."""
    url = url_value(param)
    wanted = None if url is None else url in ("1", "true", "yes", "on")
    fresh = key not in st.session_state
    if wanted is not None and (fresh or url != st.session_state.get(_seen_key(key))):
        st.session_state[key] = wanted
    elif fresh:
        shared = _shared().get(param)
        st.session_state[key] = (shared == "1") if isinstance(shared, str) else default
    value = bool(where.toggle(label, key=key, **kwargs))
    st.session_state[_seen_key(key)] = "1" if value else None
    remember(param, "1" if value else None)
    return value


def text_input(where: Any, label: str, *, param: str, key: str, **kwargs: Any) -> str:
    url = url_value(param) or ""
    fresh = key not in st.session_state
    if url and (fresh or url != st.session_state.get(_seen_key(key))):
        st.session_state[key] = url
    elif fresh:
        shared = _shared().get(param)
        st.session_state[key] = shared if isinstance(shared, str) else ""
    value = str(where.text_input(label, key=key, **kwargs)).strip()
    st.session_state[_seen_key(key)] = value
    remember(param, value or None)
    return value
