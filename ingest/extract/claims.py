"""Rank claims and comparisons -> facts: what ranks, in which scope, for which place; against which benchmark."""

from __future__ import annotations

import re
from typing import Final

from ingest.dictionary import canonical_name, code_for
from ingest.extract import lexicon as lx
from ingest.extract.mentions import PAREN, Claim, Comparison
from ingest.extract.names import clean_name, split_subjects
from ingest.extract.regions import (
    find_places,
    is_other_place,
    resolve_scope,
)
from ingest.extract.state import DocState, Draft, Sentence
from ingest.extract.subjects import carried, with_generic

_FRAME: Final = re.compile(r"在(?P<inner>[^,;]+)(?:中|上|里)")
_QUOTE_RE: Final = re.compile(r"“[^“”]*”")
_SCOPE_FIND: Final = re.compile(lx.SCOPE_RE)
_RANK_FRAME_TAIL: Final = re.compile(r"(?:排名|排行榜?|排位|榜单|评比|中)$")
_CLAUSE_PUNCT: Final = re.compile(r"[,;。、]")
_RANK_LIST_TAIL: Final = re.compile(r"(?:排名|排行榜?|排位|榜单|评比)$")
_SHARED_CLAIM: Final = re.compile(r"、.{1,8}(?:均|都)")
_LIST_SEP_SHORT: Final = re.compile(r"、|和|及")
_GROWTH_TAIL: Final = re.compile(r"(?:增速|增幅|增长)$")
_ENTRY_VERBS: Final = re.compile(r"^(?:连续第?[\d一二三四五六七八九十]+年|连续)?(?:入围|入选|获批|成功申报|申报|获)?")


def claim_facts(s: Sentence, st: DocState, c: Claim, lead_start: int, clause: tuple[int, int]) -> list[Draft]:
    text = s.text
    scope = _scope(s, st, c)
    lead = text[lead_start : c.start]
    frame = _FRAME.search(PAREN.sub("", text[: c.start]))
    base = _RANK_FRAME_TAIL.sub("", clean_name(_RANK_FRAME_TAIL.sub("", lead), st))
    if not clean_name(_QUOTE_RE.sub("", base), st):
        base = ""  # '“人生”首次全省垫底': a quoted aside is not what ranks
    base = with_generic(base, s, st) if base else base
    if c.claim in ("首家", "首个") and not st.plan:
        base = _CLAUSE_PUNCT.split(text[c.end : clause[1]])[0].strip("“”") or base
    if c.names:
        names: list[str | None] = list(c.names)
        if len(c.names) == 1 and base and code_for(canonical_name(base)):
            names = [base]  # a recognised statistic ranks in the list ('GDP总量跌出全国30强')
    elif c.rank_range:
        names = [claim_subject(s, st, c, clause)] * len(c.ranks)
    else:
        if not base and frame:  # '在全国县级市基本现代化排行榜中列第26位': the frame names the list
            base = clean_name(_RANK_LIST_TAIL.sub("", frame.group("inner")), st)
        if not base:
            base = claim_subject(s, st, c, clause)
        n = len(c.ranks)
        split = split_subjects(base, n) if n > 1 else None
        if not split and n == 1 and _SHARED_CLAIM.search(lead):
            split = split_subjects(base, len(_LIST_SEP_SHORT.split(base)))
        names = [with_generic(p, s, st) for p in split] if split else [base] * n
    regions = _claim_regions(s, st, c, clause)
    ranks = list(c.ranks)
    if len(names) != len(ranks):
        ranks = ranks[:1] * len(names)
    drafts = []
    for k, (nm, rank) in enumerate(zip(names, ranks, strict=True)):
        region = regions[k] if k < len(regions) else (regions[0] if regions and not c.rank_range else None)
        if rank is None and c.claim == "垫底" and scope == st.unit.province and region and region.endswith("市"):
            rank = st.unit.places.prefecture_cities
        d = Draft("ranking", lead_start, c.end, nm or None,
                  {"scope": scope, "rank": rank, "claim": c.claim})
        if region:
            d.fields["_region"] = region
        drafts.append(d)
    if drafts and drafts[-1].indicator:
        s.subjects.append((drafts[-1].indicator, "ranking"))
    return drafts


def claim_subject(s: Sentence, st: DocState, c: Claim, clause: tuple[int, int]) -> str:
    """Rank claims after a comma borrow the subject of what came just before."""
    if s.subjects:
        name, ftype = s.subjects[-1]
        if ftype == "growth" and not name.endswith(("增速", "增幅")):
            return name + "增速"
        return name
    idx = s.clauses.index(clause)
    for a, b in reversed(s.clauses[:idx]):
        if any(is_other_place(full, st.unit) for _, _, full in find_places(s.text[a:b], st.unit)):
            continue
        prev = clean_name(_ENTRY_VERBS.sub("",
                                 PAREN.sub("", s.text[a:b])), st)
        if prev:
            return prev
    return st.last_subject or ""


def _scope(s: Sentence, st: DocState, c: Claim) -> str | None:
    if c.scope_word:
        return resolve_scope(c.scope_word, st.unit)
    before = s.text[: c.start]
    best = None
    valid = {"全国", *st.unit.ancestors()}
    for m in _SCOPE_FIND.finditer(before):
        r = resolve_scope(m.group(), st.unit)
        if r in valid:
            best = (m.start(), r)
    if best:
        return best[1]
    for short, place in st.unit.places.shorts.items():
        if short in before and place.name in st.unit.ancestors():
            return place.name
    if lx.NATIONAL_LIST_HINTS.search(s.text):
        return "全国"
    if st.unit.kind == "province":
        return "江苏省"
    return st.unit.prefecture


def _claim_regions(s: Sentence, st: DocState, c: Claim, clause: tuple[int, int]) -> list[str]:
    if st.unit.kind not in ("province", "prefecture"):
        return [s.region] if s.region else []
    if c.rank_range:
        for a, b in s.clauses:
            if a >= c.start:
                break
            places = [full for _, _, full in find_places(s.text[a:b], st.unit) if is_other_place(full, st.unit)]
            if len(places) >= 2:
                return places
    named = find_places(s.text[clause[0] : clause[1]], st.unit)
    places = [full for _, _, full in named if is_other_place(full, st.unit)]
    if c.distribute and len(places) == len(c.ranks):
        return places  # '如皋、海安、启东分列…第5、第7、第9位'
    if places:
        return places[:1]
    return [s.region] if s.region else []


def comparison_facts(
    s: Sentence, st: DocState, c: Comparison, lead_start: int, clause: tuple[int, int]
) -> list[Draft]:
    lead = clean_name(s.text[lead_start : c.start], st)
    lead = _GROWTH_TAIL.sub("", lead)
    name = lead if lead and len(lead) > 1 else (carried(s, st) or st.last_subject)
    if name and s.subjects and name.startswith(lx.GENERIC_NAMES):
        name = s.subjects[-1][0]
    drafts = []
    for k, b in enumerate(c.benchmarks):
        bench = resolve_scope(b.replace("平均", ""), st.unit)
        if not bench or bench == st.unit.name or bench == s.region:
            continue
        key = (name, bench, c.relation, s.region, s.period)
        if key in st.seen_comparisons:
            continue
        st.seen_comparisons.add(key)
        d = Draft("comparison", lead_start, c.end, name, {"benchmark": bench, "relation": c.relation})
        if k < len(c.gaps):  # the statement runs on to its stated gap
            d.end, d.fields["gap"] = c.ends[k], c.gaps[k]
        drafts.append(d)
    if lead and len(lead) > 1 and name == lead:
        s.subjects.append((name, "comparison"))  # '…增速高出全省1.9个百分点': the gap is this indicator's
    return drafts
