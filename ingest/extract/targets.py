"""Targets, estimates and qualifiers: which values are aims (plan sections, '确保/力争'), for which year, how sure."""

from __future__ import annotations

import re

from ingest.extract import lexicon as lx
from ingest.extract.state import DocState, Draft, Sentence


def plan_period(title: str, st: DocState) -> str | None:
    """Targets are for the year the heading names; else the rest of this year (half-year report) or next year."""
    y = re.search(r"((?:19|20)\d\d)年", title)
    if y:
        return y.group(1) + "FY"
    if st.year and st.period and st.period.endswith("FY") and "下半年" not in title:
        return f"{int(st.year) + 1}FY"
    return f"{st.year}FY" if st.year else None


def decorate(d: Draft, s: Sentence, st: DocState, text: str, as_of: re.Match[str] | None) -> None:
    """Region/period shifts, targets, estimates, as-of dates and bases."""
    d.fields["_region"] = d.fields.get("_region") or s.region
    if s.period:
        d.fields["_period"] = s.period
    elif st.plan and st.plan_period:
        d.fields["_period"] = st.plan_period
    qpos = d.fields.pop("_qpos", d.start)
    if s.target_words is None:
        # (a match inside a window of the sentence is a match in the sentence: no words, no window has one)
        s.target_words = bool(lx.TARGET_SENTENCE.search(text) or lx.QUALIFIER_RE.search(text))
        s.basis_words = lx.BASIS_WORDS.search(text) is not None
    if d.type in ("level", "growth", "share") and _is_target(s, st, qpos):
        d.fields["qualifier"] = _qualifier(s, st, qpos)
        d.fields["_target_of"] = d.type
        d.type = "target"
    if st.estimate_all or text.find("预计", 0, qpos) >= 0:
        d.fields["estimate"] = True
    if as_of and d.type in ("level", "share"):
        d.fields["as_of"] = as_of.group("as_of")
    if s.basis_words and d.type in ("level", "growth", "target"):
        basis = _basis(s, text, d)
        if basis:
            d.fields["basis"] = basis


def _basis(s: Sentence, text: str, d: Draft) -> str | None:
    """'同口径增长4.4%', '48.36亿元(还原留抵退税后)', '按可比价格计算,比上年增长7.7%': the basis of this value only."""
    idx = s.clause_index(d.start)
    start = s.clauses[idx][0]
    end = d.end
    if text.startswith("(", end):
        close = text.find(")", end)
        end = close + 1 if close > 0 else end
    m = lx.BASIS_WORDS.search(text, start, end)
    if m:
        return m.group()
    if idx:
        a, b = s.clauses[idx - 1]
        m = lx.BASIS_WORDS.fullmatch(text[a:b].rstrip(",:"))
        if m:
            return m.group()
    return None


def _is_target(s: Sentence, st: DocState, pos: int) -> bool:
    if st.plan or st.block_targets:
        return True
    if not s.target_words:
        return False
    # (searching text up to endpos is searching text[:pos], without copying it)
    if lx.TARGET_SENTENCE.search(s.text, 0, pos):
        st.block_targets = True
        return True
    return lx.QUALIFIER_RE.search(s.text, s.clause_at(pos)[0], pos) is not None


def _qualifier(s: Sentence, st: DocState, pos: int) -> str:
    clause = s.clause_at(pos)
    best = None
    for m in lx.QUALIFIER_RE.finditer(s.text, 0, pos):
        c = s.clause_at(m.start())
        if c == clause or m.start() - c[0] <= 2:
            best = m.group()
    if best:
        return best
    t = lx.TARGET_SENTENCE.search(s.text, 0, pos)
    return "预期" if (t and "预期" in t.group()) or (st.block_targets and not st.plan) else "目标"
