"""The extract loop: blocks -> sentence grammar -> `Fact`s with offsets in `doc.text` (see the package docstring)."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Final

from ingest.dictionary import canonical_name, code_for
from ingest.extract import cells, grammar
from ingest.extract.claims import own_names, scope_alternation, subject_scopes
from ingest.extract.mentions import bench_re, claim_patterns
from ingest.extract.numbers import clean_number
from ingest.extract.regions import Unit, benchmark_words, reporting_unit
from ingest.extract.text import View, compact
from ingest.extract.units import base_value
from ingest.model import Document, Fact

_OPTIONAL: Final = frozenset({
    "measure", "benchmark", "relation", "scope", "rank", "claim", "qualifier", "bound", "approx", "as_of", "basis",
    "estimate", "indicators_total", "indicators_met", "indicators_missed", "gap", "rank_change", "streak",
    "scope_class", "value_max",
})
_LABEL: Final = re.compile(r"^[^,。:]{1,10}:")


def extract(doc: Document) -> list[Fact]:
    text = doc.text or ""
    view = compact(text)
    unit = reporting_unit(doc)
    year = (doc.period or "")[:4] if (doc.period or "")[:4].isdigit() else None
    st = grammar.DocState(unit=unit, year=year, period=doc.period, doc_type=doc.doc_type)
    st.patterns = bench_re("|".join(re.escape(w) for w in benchmark_words(unit)))
    st.claims = claim_patterns(scope_alternation(unit))
    st.subject_scopes = subject_scopes(unit)
    st.own_names = own_names(unit)
    facts: list[Fact] = []
    doc_region = (doc.doc_id, doc.region, doc.region_code, doc.period)
    seen_blocks: set[str] = set()
    # several facts share a sentence: flatten it once per document (keyed by its compact span)
    squashed: dict[tuple[int, int], str] = {}
    all_blocks = grammar.blocks(view.text)
    plain_until = 0  # blocks before this one were looked at as a table already, and are none
    i = -1
    while i + 1 < len(all_blocks):
        i += 1
        offset, block = all_blocks[i]
        if i >= plain_until and ("|" in block or len(block) <= cells.MAX_CELL) and cells.is_cellish(block):
            j = i + 1
            while j < len(all_blocks) and cells.is_cellish(all_blocks[j][1]):
                j += 1
            table = cells.table_drafts(all_blocks[i:j], _caption(all_blocks, i)) if j - i >= 2 else []
            if table:
                for d in table:
                    row = next((a, a + len(b)) for a, b in all_blocks[i:j] if a <= d.start < a + len(b))
                    fact = _to_fact(d, doc, view, row, squashed, unit, doc_region)
                    if fact is not None:
                        facts.append(fact)
                i = j - 1
                continue
            plain_until = j
        label = _LABEL.match(block)  # (match, not sub: the pattern is anchored, sub would try every position)
        key = block[label.end() :] if label else block
        if len(key) >= 8 and key in seen_blocks:  # a headline repeated in the page footer is one statement
            continue
        seen_blocks.add(key)
        drafts = grammar.parse_block(block, offset, st)
        if not drafts:  # most blocks state nothing: don't split them into sentences
            continue
        sentences = [(offset + a, offset + b) for a, b in st.sentences]
        starts = [a for a, _ in sentences]
        for d in drafts:
            fact = _to_fact(d, doc, view, _sentence_of(sentences, starts, d.start), squashed, unit, doc_region)
            if fact is not None:
                facts.append(fact)
    _name_by_repeat(facts)
    _link_repeated_claims(facts)
    _link_repeated_values(facts)
    facts.sort(key=lambda f: (f.start, f.end, f.type, f.indicator or "", str(f.value)))
    return facts


_MEASURE_SUFFIX: Final = re.compile(r"(?:增速|增幅|增长率|增长)$")


def _link_repeated_claims(facts: list[Fact]) -> None:
    """A claim repeated in a headline, an '原标题' line and the body ('位居全省第四') is one claim stated several
    times: every statement stays a fact of its own (each is in the text), named as the fullest statement names it
    (the headline's '增幅全省第四' and '9.87万亿!全国首个' rank what the body's sentence names), with the claimant's
    figure where one statement gives it, and each carries the others' spans (other_spans), so the warehouse keeps
    one claim with every span."""
    groups: dict[tuple[object, ...], list[Fact]] = {}
    for f in facts:
        if f.type == "ranking":
            name = _MEASURE_SUFFIX.sub("", f.indicator or "")
            key: tuple[object, ...] = (name, f.scope, f.rank, f.claim if f.rank is None else None, f.rank_change,
                                       f.region, f.period)
            groups.setdefault(key, []).append(f)
    # a headline's claim without its subject ('9.87万亿!全国首个') is the body's one claim of that kind
    named: dict[tuple[object, ...], list[tuple[object, ...]]] = {}
    for key in groups:
        if key[0]:
            named.setdefault(key[1:], []).append(key)
    for key in [k for k in groups if not k[0]]:
        same = named.get(key[1:], [])
        if len(same) == 1:
            groups[same[0]] += groups.pop(key)
    for g in groups.values():
        if len(g) < 2:
            continue
        best = max(g, key=lambda f: (bool(f.indicator), len(f.sentence), f.start))
        stated = next((f for f in g if f.value is not None), None)
        _link(g)
        for f in g:
            f.indicator, f.indicator_code = best.indicator, best.indicator_code
            if f.value is None and stated is not None:
                f.value, f.unit = stated.value, stated.unit


def _link_repeated_values(facts: list[Fact]) -> None:
    """A figure stated again in one document (a headline repeating the body's '地区生产总值增长6.3%', a page quoting
    itself) is one statement: each statement stays a fact, and carries the others' spans."""
    groups: dict[tuple[object, ...], list[Fact]] = {}
    for f in facts:
        if f.type in _VALUE_TYPES and f.indicator and f.value is not None:
            key = (f.type, f.indicator, f.value, f.unit, f.measure, f.estimate, f.region, f.period)
            groups.setdefault(key, []).append(f)
    for g in groups.values():
        if len(g) > 1:
            _link(g)


# A statement repeated more often than this (a page quoting itself over and over) links each of its facts to the
# first MAX_LINKS others only: linking all would be quadratic in the page, and the marts gather a group's spans
# from every member anyway.
MAX_LINKS: Final = 16


def _link(group: list[Fact]) -> None:
    """Each fact of a group of statements of one fact carries the others' spans (in text order)."""
    spans = sorted((f.start, f.end) for f in group)
    head = spans[: MAX_LINKS + 1]
    for f in group:
        f.other_spans = [[a, b] for a, b in head if (a, b) != (f.start, f.end)][:MAX_LINKS]


_VALUE_TYPES: Final = frozenset({"level", "growth", "share", "pp_change"})


def _name_by_repeat(facts: list[Fact]) -> None:
    """A headline's bare figure ('9.87万亿!全国首个') takes the name of the same figure stated in the body."""
    bare = [f for f in facts if not f.indicator and f.value is not None and f.unit]
    if not bare:
        return
    wanted = {(f.type, f.value, (f.unit or "").removesuffix("元")) for f in bare}
    named: dict[tuple[str, float, str], str] = {}
    for f in facts:
        if f.indicator and f.value is not None and f.unit and f.value in {w[1] for w in wanted}:
            named.setdefault((f.type, f.value, f.unit.removesuffix("元")), f.indicator)
    for f in bare:
        name = named.get((f.type, f.value or 0, (f.unit or "").removesuffix("元")))
        if name:
            f.indicator, f.indicator_code = name, code_for(name)


def _caption(blocks: list[tuple[int, str]], i: int) -> str:
    """The table's caption ('表1 2023年全区生产总值'), when the line before it is one."""
    return blocks[i - 1][1] if i and cells.is_caption(blocks[i - 1][1]) else ""


def _to_fact(
    d: grammar.Draft,
    doc: Document,
    view: View,
    sent: tuple[int, int],
    squashed: dict[tuple[int, int], str],
    unit: Unit,
    doc_region: tuple[str, str | None, str | None, str | None],
) -> Fact | None:
    start, end = _trim(view.text, d.start, d.end)
    if end <= start:
        return None
    a, b = view.span(start, end)
    line = squashed.get(sent)
    if line is None:
        sa, sb = view.span(*sent)
        line = squashed[sent] = " ".join(doc.text[sa:sb].split())  # the sentence on one line
    f = d.fields
    doc_id, doc_region_name, doc_region_code, doc_period = doc_region
    indicator = canonical_name(d.indicator) if d.indicator else None
    region = f.get("_region")
    value = written = value_base = unit_base = None
    if "value" in f:
        raw = f["value"]
        value, written = clean_number(raw), f["unit"]
        # (a claim's own figure too: its unit must compare with the peers' levels, 1479.31亿元 with 1400亿元)
        if d.type in ("level", "target", "ranking") and written not in _RATE_UNITS:
            vb, unit_base = base_value(raw, written)
            value_base = clean_number(vb) if vb is not None else None
    # (positional: a keyword call of the 36-field constructor cost as much as the rest of this function)
    fact = Fact(
        doc_id,
        d.type,
        indicator,
        doc.text[a:b],
        a,
        b,
        line,
        code_for(indicator) if indicator else None,
        region or doc_region_name,
        unit.code_of(region) if region else doc_region_code,
        f.get("_period") or _target_period(d, doc_period),
        None,  # measure: set below with the other optional fields
        value,
        written,
        value_base,
        unit_base,
    )
    for k in f.keys() & _OPTIONAL:
        v = f[k]
        if v is not None:
            setattr(fact, k, clean_number(v) if k == "value_max" else v)
    return fact


_RATE_UNITS: Final = frozenset({"%", "个百分点", "百分点"})


def _target_period(d: grammar.Draft, p: str | None) -> str | None:
    """Targets in a half-year report are for the whole year."""
    if d.type == "target" and p and p[:4].isdigit() and not p.endswith("FY"):
        return p[:4] + "FY"
    return p


def _trim(t: str, start: int, end: int) -> tuple[int, int]:
    while start < end and t[start] in ",、;:。和及与 \n(":
        start += 1
    while end > start and t[end - 1] in ",、;: \n":
        end -= 1
    return start, end


def _sentence_of(sentences: list[tuple[int, int]], starts: list[int], pos: int) -> tuple[int, int]:
    """The (compact) sentence that holds pos, else the last one; sentences are sorted and do not overlap."""
    i = bisect_right(starts, pos) - 1
    return sentences[i] if i >= 0 and pos < sentences[i][1] else sentences[-1]
