"""Targets, estimates and qualifiers: which values are aims (plan sections, '确保/力争'), for which year, how sure."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Final

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


_YEAR: Final = re.compile(r"((?:19|20)\d\d)年")


def list_period(opener: str, st: DocState) -> str | None:
    """The year a target list is for: the year it names, else '明年' the next one, '今年' the year a work or plan
    report is delivered in (the one after the year it reviews), else None (the report's own rule)."""
    y = _YEAR.findall(opener)
    if y:
        return y[-1] + "FY"
    if not st.year:
        return None
    after_review = bool(st.period and st.period.endswith("FY") and st.doc_type in ("gov_work_report", "plan_execution"))
    if "明年" in opener or (after_review and "上半年" not in opener):
        # (a work or plan report on a full year is delivered the year after: its target list, '今年' or unnamed,
        # is for that year)
        return f"{int(st.year) + 1}FY"
    if "今年" in opener:
        return f"{st.year}FY"
    return None


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
    plan_value = "_plan_value" in d.fields
    if d.type in ("level", "growth", "share") and (plan_value or _is_target(s, st, qpos)):
        d.fields["qualifier"] = _qualifier(s, st, qpos)
        d.fields["_target_of"] = d.type
        d.type = "target"
        if not s.period and st.block_targets and st.list_period:
            d.fields["_period"] = st.list_period
    elif d.type == "target" and not s.period and st.block_targets and st.list_period:
        d.fields["_period"] = st.list_period
    if plan_value:
        del d.fields["_plan_value"]
        return  # '完成年计划710亿元': the plan's figure, not an estimate of anything
    if st.estimate_all or st.block_estimate or 0 <= _estimate_end(s) <= qpos:
        d.fields["estimate"] = True
    if d.type in ("level", "share"):
        # '年末全县常住人口40.8万人': a stock as of the date its sentence or clause opens with
        here = lx.AS_OF_RE.match(text, s.clause_at(qpos)[0]) if "末" in text or "底" in text or "日" in text else None
        found = here or as_of
        if found is not None:
            d.fields["as_of"] = found.group("as_of")
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
        # '争取增发国债项目69个' reports funds won, not an aim
        ms = [m for m in lx.QUALIFIER_RE.finditer(s.text) if not lx.FUNDS_WON.match(s.text, m.start())]
        starts = [m.start() for m in ms]
        leading = [k for k, a in enumerate(starts) if a - s.clause_at(a)[0] <= 2]
        found = s.memo["qualifiers"] = (starts, [m.end() for m in ms], [m.group() for m in ms], leading)
    return found


def _open_paren(text: str, pos: int) -> int:
    """Where the parenthesis that pos stands inside opens (-1 if none opens in the few characters before it)."""
    a = text.rfind("(", max(0, pos - 40), pos)
    return a if a >= 0 and text.find(")", a, pos) < 0 else -1


def is_target(s: Sentence, st: DocState, pos: int) -> bool:
    """Whether a statement at pos is an aim (plan section, target list, work plan, qualifier, governed list)."""
    if s.target_words is None:
        s.target_words = bool(lx.TARGET_SENTENCE.search(s.text) or lx.QUALIFIER_RE.search(s.text))
        s.basis_words = lx.BASIS_WORDS.search(s.text) is not None
    return _is_target(s, st, pos)


def qualifier(s: Sentence, st: DocState, pos: int) -> str:
    return _qualifier(s, st, pos)


# A clause stating the year's plan figure (not a project's planned size: '计划总投资50亿元的项目').
_PLAN_FIGURE: Final = re.compile(r"(?:今年|本年)?(?:全年|年度)计划(?!总投资)")


def _is_target(s: Sentence, st: DocState, pos: int) -> bool:
    if st.plan or st.block_targets or st.block_plan:
        return True
    if s.memo.get("horizon", pos + 1) <= pos:
        return True  # after '到2025年,' (grammar._update_context): the figures are aims for that year
    if "计划" in s.text and _PLAN_FIGURE.match(s.text, s.clause_at(pos)[0]):
        return True  # '全年计划完成重大项目投资150亿元': the year's plan, stated before what was done of it
    if not s.target_words:
        return False
    text = s.text
    paren = _open_paren(text, pos)
    if paren >= 0 and lx.TARGET_SENTENCE.search(text, paren, pos):
        return True  # '…增长5.9%(预期目标为8.5%以上)': the aim quoted next to an outcome, inside its parentheses
    m = _target_phrase(s, pos)
    if m and _open_paren(text, m.start()) < 0:
        st.block_targets = True
        st.list_period = list_period(text[: m.end()], st)
        return True
    # a qualifier word between the clause's start and pos
    starts, ends, _words, _leading = _qualifier_words(s)
    k = bisect_left(starts, s.clause_at(pos)[0])
    if k < len(starts) and ends[k] <= pos:
        return True
    return _governed(s, pos)


# What a list governed by one qualifier never holds: an outcome measured against an earlier figure.
_DIGIT: Final = re.compile(r"\d")
_REVIEW_MARK: Final = re.compile(r"比上年|比去年|较上年|较去年|同比|已|累计|完成了|实现了")


def _governed(s: Sentence, pos: int) -> bool:
    """'力争实现地区生产总值增长10%以上,地方公共财政预算收入增长15%以上,…': a qualifier opening a clause that states
    a figure governs the clauses listed after it, up to one that reports an outcome."""
    spans: list[tuple[int, int]] | None = s.memo.get("governed")
    if spans is None:
        spans = []
        starts, _ends, _words, leading = _qualifier_words(s)
        text = s.text
        clauses = s.clauses
        reach = 0  # clauses before this one are already inside a governed list (each clause is scanned once)
        for j in leading:
            i = s.clause_index(starts[j])
            if i < reach or not _DIGIT.search(text, clauses[i][0], clauses[i][1]):
                continue
            k = i + 1
            while k < len(clauses) and not _REVIEW_MARK.search(text, clauses[k][0], clauses[k][1]):
                k += 1
            if k > i + 1:
                spans.append((clauses[i + 1][0], clauses[k - 1][1]))
            reach = k
        s.memo["governed"] = spans
    if not spans:
        return False
    k = bisect_right(spans, (pos, len(s.text) + 2)) - 1  # (disjoint and in order)
    return k >= 0 and pos < spans[k][1]


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
