"""The records that flow between the ingest stages.

read -> Source, clean -> Cleaned, identify -> Document, extract -> Fact.
Plain dataclasses: every stage is a function that takes these and returns these.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FACT_TYPES = ("level", "growth", "share", "pp_change", "comparison", "ranking", "target", "summary")


@dataclass(frozen=True)
class Source:
    """One saved file, decoded to text. `text` is the original script, before any cleaning."""

    path: str  # as given, relative to the reports folder when it lies inside it
    sha256: str  # of the raw bytes
    format: str  # txt | html | pdf | docx
    encoding: str  # the codec used to decode ("utf-8", "gb18030", ...); "binary" for pdf/docx
    text: str
    n_bytes: int
    meta: dict[str, str] = field(default_factory=dict)  # page metadata: title, source (来源), published, url
    script: str = ""  # "simplified" | "traditional": this copy's original script, set once cleaned


@dataclass(frozen=True)
class Span:
    """A removed piece of the original text (injected spam, a pinyin gloss)."""

    start: int  # offsets in Source.text
    end: int
    text: str
    reason: str  # e.g. "spam:lexicon", "spam:title", "pinyin_gloss"


@dataclass(frozen=True)
class Cleaned:
    """Cleaned, simplified text plus the map back to the source."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] = position in Source.text of cleaned char i (len = len(text) + 1)
    script: str  # "simplified" | "traditional"
    removed: tuple[Span, ...] = ()

    @property
    def tampered(self) -> bool:
        return any(s.reason.startswith("spam") for s in self.removed)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the cleaned slice [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1 if end > start else self.offsets[start]


@dataclass
class Document:
    """A report: cleaned text plus what it is about. `doc_id` is a hash of the cleaned text."""

    doc_id: str
    text: str
    title: str = ""
    region: str | None = None  # 海安市
    region_code: str | None = None  # 320685
    region_level: str | None = None  # province | prefecture_city | prefecture | county_level_city | county | district
    # identified | ambiguous (the text names a unit several share: region the shared name, region_code None,
    # region_candidates lists them) |
    # unknown (it names none it could be about)
    region_status: str = "identified"
    region_candidates: tuple[str, ...] = ()  # "通州区 110112 北京市", "通州区 320612 南通市"
    period: str | None = None  # 2022H1 | 2022FY | 2023Q1 | 2023M1-5 ...
    doc_type: str | None = None  # plan_execution | gov_work_report | stats_communique | news
    published: str | None = None  # ISO date
    script: str = "simplified"
    tampered: bool = False
    removed: tuple[Span, ...] = ()
    sources: list[Source] = field(default_factory=list)
    cleaned: Cleaned | None = None

    def header(self) -> dict[str, Any]:
        """The `{"type": "doc", ...}` line of the extract contract."""
        return {
            "type": "doc",
            "doc": self.doc_id,
            "source": self.sources[0].path if self.sources else None,
            "title": self.title,
            "region": self.region,
            "region_code": self.region_code,
            "region_level": self.region_level,
            "region_status": self.region_status,
            **({"region_candidates": list(self.region_candidates)} if self.region_candidates else {}),
            "period": self.period,
            "doc_type": self.doc_type,
            "published": self.published,
            "script": self.script,
            "tampered": self.tampered,
        }


@dataclass(slots=True)
class Fact:
    """One statistic stated in a document; `text == document.text[start:end]`. Slotted: 565k facts of 10,000
    reports each carried a 36-entry __dict__ (~1 KB), half a gigabyte held until the tables are built."""

    doc: str
    type: str  # one of FACT_TYPES
    indicator: str | None
    text: str
    start: int
    end: int
    sentence: str
    indicator_code: str | None = None
    region: str | None = None
    region_code: str | None = None
    period: str | None = None
    measure: str | None = None  # nominal | two_year_average | abs_change | completion | gap … (README); None: plain
    value: float | None = None
    unit: str | None = None
    value_base: float | None = None
    unit_base: str | None = None
    # comparison
    benchmark: str | None = None
    relation: str | None = None  # equal | higher | lower
    gap: float | None = None  # pp
    # ranking
    scope: str | None = None
    rank: int | None = None
    claim: str | None = None
    # target
    qualifier: str | None = None
    # share
    bound: str | None = None  # max | min
    # summary
    indicators_total: int | None = None
    indicators_met: int | None = None
    indicators_missed: int | None = None
    # optional qualifiers
    approx: bool | None = None
    as_of: str | None = None
    basis: str | None = None
    estimate: bool | None = None
    # ranking: a move, not a position ('比上年度前进4位' +4); how long the claim has held ('连续8个月'); the class or
    # subset of the scope's units ranked ('七县(市)', '县域'); the claim's other statements in the same document
    # (headline, 原标题, body: one claim) as [start, end] offsets in the document text
    rank_change: int | None = None
    streak: str | None = None
    scope_class: str | None = None
    other_spans: list[list[int]] | None = None
    # a range written '1-2个': value is the low end, value_max the high one
    value_max: float | None = None

    def record(self) -> dict[str, Any]:
        """The JSON-Lines fact record: None-valued optional fields are dropped."""
        always = {"doc", "type", "indicator", "indicator_code", "region", "period", "text", "start", "end", "sentence"}
        return {k: v for k, v in asdict(self).items() if k in always or v is not None}
