"""Targets, estimates and qualifiers: which values are aims (plan sections, '确保/力争'), for which year, how sure."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

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
    if st.estimate_all or 0 <= _estimate_end(s) <= qpos:
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


def _estimate_end(s: Sentence) -> int:
    """Where the sentence's first '预计' ends (-1 if none): a value after that is an estimate."""
    end = s.memo.get("estimate")
    if end is None:
        i = s.text.find("预计")
        end = s.memo["estimate"] = i + 2 if i >= 0 else -1
    return end


def _target_phrase(s: Sentence, pos: int) -> re.Match[str] | None:
    """`TARGET_SENTENCE.search(s.text, 0, pos)`, without rescanning the sentence for each value.

    No match of the whole sentence starts before its first match m0, and cutting the text at pos only takes matches
    away: from m0.end() on the answer is m0; before it, only a match starting at m0 or after can fit."""
    memo = s.memo
    if "target" not in memo:
        memo["target"] = lx.TARGET_SENTENCE.search(s.text)
    m0: re.Match[str] | None = memo["target"]
    if m0 is None or m0.end() <= pos:
        return m0
    return lx.TARGET_SENTENCE.search(s.text, m0.start(), pos)


def _qualifier_words(s: Sentence) -> tuple[list[int], list[int], list[str], list[int]]:
    """Qualifier words of the sentence: starts, ends, words, and the indexes of those that open their clause.

    The words are two characters long and no clause break is one of them: a match of the whole sentence is a match
    of any clause-aligned window that holds it, and the windows below always start at a clause."""
    found = s.memo.get("qualifiers")
    if found is None:
        ms = list(lx.QUALIFIER_RE.finditer(s.text))
        starts = [m.start() for m in ms]
        leading = [k for k, a in enumerate(starts) if a - s.clause_at(a)[0] <= 2]
        found = s.memo["qualifiers"] = (starts, [m.end() for m in ms], [m.group() for m in ms], leading)
    return found


def _is_target(s: Sentence, st: DocState, pos: int) -> bool:
    if st.plan or st.block_targets:
        return True
    if not s.target_words:
        return False
    if _target_phrase(s, pos):
        st.block_targets = True
        return True
    # a qualifier word between the clause's start and pos
    starts, ends, _words, _leading = _qualifier_words(s)
    k = bisect_left(starts, s.clause_at(pos)[0])
    return k < len(starts) and ends[k] <= pos


def _qualifier(s: Sentence, st: DocState, pos: int) -> str:
    """The last qualifier word before pos that is in pos's clause or opens its own clause."""
    clause_start = s.clause_at(pos)[0]
    starts, ends, words, leading = _qualifier_words(s)
    k = bisect_right(ends, pos) - 1  # the last word ending by pos (ends rise with starts: the words never overlap)
    best = None
    if k >= 0 and starts[k] >= clause_start:
        best = words[k]
    else:
        j = bisect_left(leading, k + 1) - 1  # the last clause-opening word at or before k
        if j >= 0:
            best = words[leading[j]]
    if best:
        return best
    t = _target_phrase(s, pos)
    return "预期" if (t and "预期" in t.group()) or (st.block_targets and not st.plan) else "目标"
