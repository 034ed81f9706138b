"""The records the sentence grammar passes around: per-document state, a parsed sentence, a fact draft."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ingest.extract.regions import Scope, Unit, scope_label, scope_of

if TYPE_CHECKING:
    from ingest.extract.mentions import ClaimPatterns


# The records made per value and per sentence have their own __init__ (init=False): the compiled build
# (ingest/extract/native.py) compiles it, where a dataclass-generated one would stay interpreted.
@dataclass(slots=True, init=False)
class Draft:
    """A fact before offsets are mapped back to the document (sentence-local compact offsets)."""

    type: str
    start: int
    end: int
    indicator: str | None
    fields: dict[str, Any] = field(default_factory=dict)

    def __init__(self, type: str, start: int, end: int, indicator: str | None,
                 fields: dict[str, Any] | None = None) -> None:
        self.type = type
        self.start = start
        self.end = end
        self.indicator = indicator
        self.fields = {} if fields is None else fields


@dataclass(slots=True)
class DocState:
    """What persists from sentence to sentence."""

    unit: Unit
    year: str | None
    period: str | None
    doc_type: str | None = None
    plan: bool = False
    plan_period: str | None = None  # the year a plan section's targets are for
    block_targets: bool = False  # '主要预期目标是:…;…;…' lists targets up to the end of the paragraph
    target_list: bool = False  # a target list opened by '…主要预期目标是:' runs on over bulleted lines
    list_period: str | None = None  # the year the target list opened last is for
    block_plan: bool = False  # '该县将重点抓好…': the rest of the paragraph says what will be done
    block_estimate: bool = False  # '初步预计,…': every figure of the paragraph is an estimate
    cpi_block: bool = False  # the paragraph is about consumer prices: '衣着类下降0.4%' is a CPI category
    # Nominal rates governing a paragraph: opened by '按现价计算,' (every rate of it), or a nominal rate stated first
    # for its statistic ('共实现了3.1%的名义增速'), which the later rates of that statistic in the paragraph (a list
    # of cities) share; a rate marked real (按可比价格) ends it. Names are canonical.
    nominal_block: bool = False
    nominal_names: set[str] = field(default_factory=set)
    plain_names: set[str] = field(default_factory=set)  # statistics whose first rate of the paragraph was plain
    estimate_all: bool = False
    last_subject: str | None = None
    whole: str | None = None  # an economy whose 增加值 a sentence gave: '其中,第一产业…' next is its sectors'
    zone: str | None = None  # a zone a sentence opened with: the next sentence without a subject is still its
    seen_comparisons: set[tuple[Any, ...]] = field(default_factory=set)
    patterns: tuple[re.Pattern[str], ...] = ()  # comparison patterns (mentions.bench_re)
    claims: ClaimPatterns | None = None  # claim patterns over the report's scopes (mentions.claim_patterns)
    subject_scopes: re.Pattern[str] | None = None  # scopes a clause can be about (claims.subject_scopes)
    scopes: dict[str, Scope | None] = field(default_factory=dict)  # scope word -> what it denotes, once a document
    own_names: tuple[str, ...] = ()  # the report's unit by full and short name (海安市, 海安)

    def scope_of(self, word: str) -> Scope | None:
        """What a scope word denotes for this report (regions.scope_of, once per word and document)."""
        if word in self.scopes:
            return self.scopes[word]
        found = self.scopes[word] = scope_of(word, self.unit)
        return found

    def scope(self, word: str) -> str | None:
        """The scope a fact stores for a scope word: a unit's full name, 全国, a grouping as written (scope_label)."""
        return scope_label(self.scope_of(word), word)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # of the block parsed last (block offsets)
    name_ctx: tuple[Any, ...] | None = None  # names.clean_name's per-unit patterns, set on first use


@dataclass(slots=True, init=False)
class Sentence:
    text: str
    offset: int  # compact offset of text[0]
    clauses: list[tuple[int, int]]
    blocked: list[tuple[int, int]]
    subjects: list[tuple[str, str]] = field(default_factory=list)  # (indicator, fact type) named so far
    region: str | None = None
    period: str | None = None

    starts: list[int] = field(default_factory=list)
    # Whether any basis word / target or qualifier word occurs in the sentence at all: set by targets.decorate on
    # first use, so the values of the many sentences without one skip the searches per value.
    basis_words: bool | None = None
    target_words: bool | None = None
    # Per-sentence look-ups asked again for each value (first target phrase, qualifier words, where 预计 ends, ...):
    # found once per sentence, so a long sentence with many values costs linear time, not quadratic.
    memo: dict[str, Any] = field(default_factory=dict)

    def __init__(self, text: str, offset: int, clauses: list[tuple[int, int]], blocked: list[tuple[int, int]],
                 subjects: list[tuple[str, str]] | None = None, region: str | None = None, period: str | None = None,
                 starts: list[int] | None = None, basis_words: bool | None = None, target_words: bool | None = None,
                 memo: dict[str, Any] | None = None) -> None:
        self.text = text
        self.offset = offset
        self.clauses = clauses
        self.blocked = blocked
        self.subjects = [] if subjects is None else subjects
        self.region = region
        self.period = period
        self.starts = [] if starts is None else starts
        self.basis_words = basis_words
        self.target_words = target_words
        self.memo = {} if memo is None else memo

    def clause_index(self, pos: int) -> int:
        i = bisect.bisect_right(self.starts, pos) - 1  # never past the last clause; -1 only before the first
        return i if i > 0 else 0

    def clause_at(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.clauses[i if i > 0 else 0]
