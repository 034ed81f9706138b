"""A synthetic corpus for scale runs: N reports recombined from the real pages' sentences, with a gold file.

Real report pages are few; measuring the pipeline at 10,000 documents needs documents that look like them without
copying them. The sentence shapes come from the committed real pages (reports/*.txt) and their hand-checked facts
(tests/fixtures/gold/*.jsonl): every sentence becomes a template in which the gold-marked numbers are slots (the
facts they carry ride along), other quantities are jittered, the report's own region, its parent, its self-words
(全市/全区/全县) and its period words (上半年, 1-6月, 6月末, years) are replaced. A report is a title and header that
ingest/identify.py can read (region, period, type, publishing date) and a random draw of templates filled with a
region in force on its publishing date, a period (2019-2025; FY, H1, Q1, 1-9月) and values of the same magnitude
and decimals. Most files are UTF-8 text; some are GB18030, some HTML, a few in traditional script, a few carry
injected gambling spam like the founding document.

The facts planted in each report go to a gold file beside the output folder (never inside it, so the ingest does
not read it): one `{"type": "doc", ...}` line per report, then one line per fact with `text`, `start`, `end`
(offsets into the report's plain text before HTML wrapping, script conversion and spam injection), `value`, `unit`,
`indicator`, region and period. Report i depends only on (seed, i): the first N reports of a run with N+1 are the
N reports of a run with N, byte for byte. Nothing here writes to reports/ or seeds/.

    .venv/bin/python benchmarks/synth.py N OUTDIR [--seed 0] [--gold PATH]
    .venv/bin/python benchmarks/synth.py            # generation speed: 1,000 reports into a temp folder
"""

from __future__ import annotations

import argparse
import bisect
import hashlib
import html
import itertools
import json
import os
import random
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ingest.clean import pinyin_glosses, t2s  # noqa: E402
from ingest.pipeline import load_document  # noqa: E402
from ingest.regions import Region, gazetteer, load_regions  # noqa: E402

REPORTS = ROOT / "reports"
GOLD = ROOT / "tests" / "fixtures" / "gold"
YEARS = range(2019, 2026)
PERIODS = ("FY", "H1", "Q1", "M1-9")
# The part of a year a period's flows cover: a half-year report states about half the full year's levels.
SHARE_OF_YEAR = {"FY": 1.0, "H1": 0.5, "Q1": 0.25, "M1-9": 0.75}
PERIOD_WORD = {"FY": "全年", "H1": "上半年", "Q1": "一季度", "M1-9": "前三季度"}
LAST_MONTH = {"FY": 12, "H1": 6, "Q1": 3, "M1-9": 9}
# Rough size of a region's economy relative to a county, so a county's sentence planted in a city's report keeps a
# plausible magnitude (Nantong's GDP is about eight of its counties').
SIZE = {"province": 80.0, "prefecture_city": 8.0, "prefecture": 4.0}
SELF_CHAR = {"province": "省", "prefecture_city": "市", "prefecture": "州", "county_level_city": "市", "district": "区",
             "county": "县"}
# Doc types with their weights and the periods each can cover.
DOC_TYPES = (("plan_execution", 0.4, ("FY", "H1")), ("news", 0.3, PERIODS),
             ("stats_communique", 0.15, ("FY",)), ("gov_work_report", 0.15, ("FY",)))
SPAM_RUNS = ("澳门皇冠_皇冠足球比分-官网", "新葡京娱乐城_百家乐-官方网站", "太阳城集团_真人娱乐-首页",
             "澳门金沙_比分直播-官网", "威尼斯人_电子游艺-登录")
FACT_KEYS = ("type", "indicator", "value", "unit", "benchmark", "relation", "scope", "rank", "claim", "qualifier",
             "indicators_total", "indicators_met", "indicators_missed", "estimate", "optional", "measure", "reference")

_NUMBER = re.compile(r"(?<![\d.A-Za-z])\d+(?:\.\d+)?(?![\d.A-Za-z])")
_UNIT_AFTER = re.compile(
    r"\s*(?:亿美元|万美元|亿元|万元|元|万标箱|万吨|吨|万人|人|家|个|项|件|场|份|台|架|辆|次|亩|公里|平方米|%)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
_SENTENCE = re.compile(r"[^。；;！？!?]*(?:[。；;！？!?]|$)")
_SCRAP = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}|KB|来源|发布时间|原标题|当前位置|标签|链接|版权|责任编辑|图片|资料图|供图|[?？\ufffd]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Lines joined into one block unless the next opens a bullet or an enumerated heading (PDF pages wrap mid-sentence).
_BLOCK = re.compile(
    r"[^\n]+(?:\n(?![\n\s]*(?:——|──|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+\.))[^\n]+)*")
_ENUMERATED = re.compile(r"[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、|\d+[.、]")  # a heading
_INNER_MARK = re.compile(r"[，,。；;：:]")
_FINAL = re.compile(r"[。；;！？!?]$")
_BULLET = ("——", "──")
# Words that say what kind of document a page is: they belong in a report's own header, not in a sentence drawn
# into another report (a news page must not read "我代表市人民政府向大会报告工作").
_GENRE = re.compile(
    r"各位代表|各位委员|我代表|受.{0,8}委托|人大常委会|统计公报|政府工作报告|计划执行情况|原标题|记者|网讯")
# Words of the reports' prose that stand in for each other. Two reports drawing the same sentence word it
# differently, as two offices would, so the shared sentence shapes do not make them near-duplicates of each other.
_SYNONYM_GROUPS = (("推进", "推动"), ("加快", "加速"), ("持续", "不断"), ("全面", "全力"), ("积极", "主动"),
                   ("深入", "扎实"), ("有效", "有力"), ("显著", "明显"), ("提升", "提高"), ("成功", "顺利"),
                   ("加强", "强化"), ("优化", "改善"), ("落实", "贯彻"), ("稳步", "稳定"), ("完善", "健全"),
                   ("开展", "实施"), ("打造", "建设"), ("促进", "推动"), ("坚持", "始终坚持"))
SYNONYMS = {w: g for g in _SYNONYM_GROUPS for w in g}
_SWAPPABLE = re.compile("|".join(sorted(SYNONYMS, key=len, reverse=True)))
_FORWARD = re.compile(r"下半年|明年|下一步|力争|确保|预期目标")


# ---------------------------------------------------------------- templates from the real pages


@dataclass(frozen=True)
class Slot:
    """A part of a sentence that each report writes anew."""

    kind: str  # value | number | year | name | stem | parent | parent_stem | self | pword | months | month_end | swap
    text: str  # as the real page wrote it
    level: bool = False  # a value slot holding a level (scaled with the region), not a rate


@dataclass(frozen=True)
class Planted:
    """A gold fact of a template: its span as piece boundaries, its value slot (if the value is written as digits)
    and the gold record's remaining fields."""

    first: int  # index of the first piece of its text
    last: int  # index one past its last piece
    slot: int | None  # piece index of its value
    sign: float  # -1 for a pp_change written as 低于…个百分点 (value negative, digits positive)
    record: dict[str, object]
    named: tuple[str, ...]  # the record's fields that name the page's region or its parent


@dataclass(frozen=True)
class Template:
    pieces: tuple[str | Slot, ...]
    units: tuple[tuple[object, object], ...]  # per piece: (unit, indicator) of the fact whose value it is
    facts: tuple[Planted, ...]
    source: str  # the real page it came from
    source_period: str  # FY | H1 | ...: the part of the year its numbers cover
    source_year: int
    source_level: str
    periods: tuple[str, ...]  # the report periods it reads right in
    forward: bool  # looks ahead (targets, 下半年, 力争…): belongs in a plan section
    length: int  # characters as the real page wrote it


@dataclass
class Source:
    name: str
    text: str
    region: Region
    parent: Region | None
    period: str
    year: int
    facts: list[tuple[int, int, dict[str, object]]] = field(default_factory=list)


def _kind(period: str) -> str:
    return period[4:]


@cache
def regions() -> tuple[Region, ...]:
    return tuple(r for r in load_regions() if r.level != "functional_zone")


def _by_code(code: str | None, when: date) -> Region | None:
    rows = [r for r in regions() if r.code == code]
    return next((r for r in rows if r.valid_at(when)), rows[-1] if rows else None)


def _region_named(name: str, when: date) -> Region | None:
    rows = [r for r in regions() if r.name == name]
    return next((r for r in rows if r.valid_at(when)), rows[-1] if rows else None)


def _period_end(period: str) -> date:
    year, kind = int(period[:4]), _kind(period)
    month = LAST_MONTH[kind]
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def load_sources(reports: Path = REPORTS, gold: Path = GOLD) -> list[Source]:
    """Each gold file with the real page whose cleaned text holds its quotes (found by content, not by name)."""
    pages = {p.name: load_document(p, p.name).text for p in sorted(reports.glob("*.txt"))}
    sources: list[Source] = []
    for gold_path in sorted(gold.glob("*.jsonl")):
        lines = [json.loads(ln) for ln in gold_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        head = next((ln for ln in lines if ln.get("type") == "doc"), None)
        quotes = [_as_cleaned(str(ln["text"])) for ln in lines if ln.get("text") and ln.get("type") != "doc"]
        if head is None or not quotes or not head.get("period") or not head.get("region"):
            continue
        name, text = max(pages.items(), key=lambda kv: sum(q in kv[1] for q in quotes))
        period = str(head["period"])
        when = _period_end(period)
        region = _region_named(str(head["region"]), when)
        if region is None or _kind(period) not in SHARE_OF_YEAR:
            continue
        src = Source(name, text, region, _by_code(region.parent_code, when), period, int(period[:4]))
        cursor = 0
        for ln in lines:
            if ln.get("type") in ("doc", "anomaly") or not ln.get("text"):
                continue
            quote = _as_cleaned(str(ln["text"]))
            at = text.find(quote, cursor)
            at = at if at >= 0 else text.find(quote)
            if at < 0:
                continue
            cursor = at
            src.facts.append((at, at + len(quote), ln))
        sources.append(src)
    return sources


def _as_cleaned(quote: str) -> str:
    """A gold quote as it reads in the cleaned text: pinyin glosses dropped, simplified script."""
    for start, end, _ in reversed(pinyin_glosses(quote)):
        quote = quote[:start] + quote[end:]
    return t2s(quote)


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """Sentence spans: split at sentence-final marks, blank lines and bulleted lines, not at a PDF's hard wrap."""
    for block in _BLOCK.finditer(text):
        for m in _SENTENCE.finditer(block.group()):
            s, e = block.start() + m.start(), block.start() + m.end()
            lead = len(text[s:e]) - len(text[s:e].lstrip())
            s, e = s + lead, s + lead + len(text[s:e].strip())
            # a heading line glued to the sentence below it ("一、2022年…执行情况\n2022年,全区上下…") is cut off
            while "\n" in text[s:e] and not _INNER_MARK.search(text[s:text.index("\n", s)]):
                s = text.index("\n", s) + 1
            if s < e and _FINAL.search(text[s:e]):
                yield s, e


def _usable(sentence: str) -> bool:
    if len(_HAN.findall(sentence)) < 12 or _SCRAP.search(sentence) or _GENRE.search(sentence) \
            or _ENUMERATED.match(sentence):
        return False
    return all(len(_HAN.findall(line)) >= 4 for line in sentence.split("\n"))


@cache
def _other_places(keep: frozenset[str]) -> re.Pattern[str]:
    """Names of places other than the page's own region and its ancestors: a sentence about them is left out."""
    recent = date(2010, 1, 1)
    names = {n for r in regions() if r.valid_to is None or r.valid_to > recent
             for n in (r.name, r.stem) if len(n) >= 2 and r.code not in keep}
    return re.compile("|".join(sorted(map(re.escape, names), key=len, reverse=True)))


def _ancestors(region: Region, when: date) -> set[str]:
    out, code = {region.code}, region.parent_code
    while code and code not in out:
        out.add(code)
        parent = _by_code(code, when)
        code = parent.parent_code if parent else None
    return out


def build_templates(sources: list[Source]) -> list[Template]:
    templates: list[Template] = []
    for src in sources:
        when = _period_end(src.period)
        keep = _ancestors(src.region, when)
        others = _other_places(frozenset(keep))
        for s, e in _sentences(src.text):
            sentence = src.text[s:e]
            facts = [(fs - s, fe - s, rec) for fs, fe, rec in src.facts if s <= fs and fe <= e]
            if not _usable(sentence) or any(
                    m.group() not in (src.region.stem, src.region.name) for m in others.finditer(sentence)):
                continue
            if any(rec.get("region") and rec["region"] != src.region.name for _, _, rec in facts):
                continue  # a fact about another place
            if any(rec.get("period") not in (None, src.period) and rec["type"] != "target" for _, _, rec in facts):
                continue  # a fact about another period (一季度… in a half-year report)
            templates.append(_template(src, sentence, facts))
    return templates


def _template(src: Source, sentence: str, facts: list[tuple[int, int, dict[str, object]]]) -> Template:
    claimed: list[tuple[int, int, Slot]] = []

    edges = {c for fs, fe, _ in facts for c in (fs, fe)}

    def free(a: int, b: int) -> bool:
        """Not claimed yet, and not cut by a fact's quote (a slot is rewritten whole, so it lies in or out of it)."""
        return all(b <= x or a >= y for x, y, _ in claimed) and not any(a < c < b for c in edges)

    value_slot: dict[int, tuple[int, int]] = {}  # fact index -> slot span
    for i, (fs, fe, rec) in enumerate(facts):
        value = rec.get("value")
        if not isinstance(value, int | float) or isinstance(value, bool):
            continue
        for m in _NUMBER.finditer(sentence, fs, fe):
            if float(m.group()) != abs(float(value)):
                continue
            span = (m.start(), m.end())
            if span not in value_slot.values() and not free(*span):
                continue  # the number belongs to another fact's different value
            if free(*span):
                level = rec["type"] in ("level", "target") and rec.get("unit") not in ("%", "pp", "个百分点")
                claimed.append((*span, Slot("value", m.group(), level)))
            value_slot[i] = span
            break
    in_fact = [(fs, fe) for fs, fe, _ in facts]
    for m in _NUMBER.finditer(sentence):
        if _UNIT_AFTER.match(sentence, m.end()) and free(m.start(), m.end()) and m.start() > 0 \
                and sentence[m.start() - 1] != "第" and not any(fs <= m.start() < fe for fs, fe in in_fact):
            claimed.append((m.start(), m.end(), Slot("number", m.group())))
    for m in _YEAR.finditer(sentence):
        if free(m.start(), m.end()):
            claimed.append((m.start(), m.end(), Slot("year", m.group())))
    words: list[tuple[str, str]] = [(src.region.name, "name"), (src.region.stem, "stem")]
    if src.parent is not None:
        words += [(src.parent.name, "parent"), (src.parent.stem, "parent_stem")]
    own = SELF_CHAR.get(src.region.level)
    if own:
        words += [(f"{p}{own}", "self") for p in "全我本"]
    kind = _kind(src.period)
    if kind == "FY":
        words += [("全年", "pword")]
    else:
        words += [(PERIOD_WORD[kind], "pword"), (f"1-{LAST_MONTH[kind]}月份", "months"),
                  (f"1-{LAST_MONTH[kind]}月", "months"), (f"{LAST_MONTH[kind]}月末", "month_end")]
    for word, what in words:
        for m in re.finditer(re.escape(word), sentence):
            if free(m.start(), m.end()):
                claimed.append((m.start(), m.end(), Slot(what, word)))
    for m in _SWAPPABLE.finditer(sentence):  # outside the facts' quotes, which must stay as the extractor reads them
        if free(m.start(), m.end()) and not any(fs < m.end() and m.start() < fe for fs, fe in in_fact):
            claimed.append((m.start(), m.end(), Slot("swap", m.group())))
    claimed.sort(key=lambda c: c[0])
    cuts = sorted({0, len(sentence), *(c for a, b, _ in claimed for c in (a, b)), *(c for f in in_fact for c in f)})
    slot_at = {a: slot for a, _, slot in claimed}
    pieces: list[str | Slot] = []
    for a, b in itertools.pairwise(cuts):
        pieces.append(slot_at.get(a, sentence[a:b]))
    starts = cuts[:-1]
    planted = []
    for i, (fs, fe, rec) in enumerate(facts):
        slot = starts.index(value_slot[i][0]) if i in value_slot else None
        value = rec.get("value")
        sign = -1.0 if isinstance(value, int | float) and value < 0 else 1.0
        record = {k: rec[k] for k in FACT_KEYS if k in rec}
        if rec.get("type") == "target" and rec.get("period"):
            record["horizon_offset"] = int(str(rec["period"])[:4]) - src.year
            record["horizon_kind"] = _kind(str(rec["period"]))
        places = [w for w, what in words if what in ("name", "stem", "parent", "parent_stem")]
        named = tuple(k for k in ("indicator", "scope", "benchmark")
                      if isinstance(record.get(k), str) and any(p in str(record[k]) for p in places))
        planted.append(Planted(starts.index(fs), bisect.bisect_left(cuts, fe), slot, sign, record, named))
    forward = bool(_FORWARD.search(sentence)) or any(f.record["type"] == "target" for f in planted)
    units = [(None, None)] * len(pieces)
    for f in planted:
        if f.slot is not None:
            units[f.slot] = (f.record.get("unit"), f.record.get("indicator"))
    return Template(tuple(pieces), tuple(units), tuple(planted), src.name, src.period[4:], src.year, src.region.level,
                    (kind,) if forward else PERIODS, forward, len(sentence))


# ---------------------------------------------------------------- one report


@dataclass
class Frame:
    """What a report is about, and how its numbers are scaled."""

    region: Region
    parent: Region | None
    period: str
    doc_type: str
    published: date
    scale: float  # the region's size against an average county (lognormal draw)
    rng: random.Random
    words: dict[str, str] = field(default_factory=dict)  # name, stem, parent, parent_stem as this report writes them

    def __post_init__(self) -> None:
        p = self.parent
        self.words = {"name": self.region.name, "stem": self.region.stem, "parent": p.name if p else "江苏省",
                      "parent_stem": p.stem if p else "江苏"}

    @property
    def kind(self) -> str:
        return _kind(self.period)

    @property
    def year(self) -> int:
        return int(self.period[:4])


def _pick_frame(rng: random.Random, prefectures: frozenset[str], provinces: frozenset[str]) -> Frame:
    doc_type = rng.choices([d[0] for d in DOC_TYPES], [d[1] for d in DOC_TYPES])[0]
    kind = rng.choice(next(d[2] for d in DOC_TYPES if d[0] == doc_type))
    year = rng.choice(YEARS)
    period = f"{year}{kind}"
    end = _period_end(period)
    published = end + timedelta(days=rng.randint(12, 75) if kind == "FY" else rng.randint(10, 45))
    # Mostly the county-level units of the prefecture(s) the sentences come from, sometimes a prefecture of their
    # province(s) (so their scopes and benchmarks, 南通第一 and 全省, stay true); whichever were in force that day.
    live = [r for r in gazetteer().live(published) if r.level not in ("province", "functional_zone")]
    counties = [r for r in live if r.tier == "county" and r.prefecture_code in prefectures]
    cities = [r for r in live if r.tier == "prefecture" and r.province_code in provinces]
    region = rng.choice(counties if rng.random() < 0.85 else cities)
    parent = _by_code(region.parent_code, published)
    scale = min(2.5, max(0.4, rng.lognormvariate(0, 0.35)))
    return Frame(region, parent, period, doc_type, published, scale, rng)


def _fmt(value: float, like: str) -> str:
    decimals = len(like.split(".")[1]) if "." in like else 0
    if decimals == 0:
        return str(max(1, round(value)))
    floor = 10 ** -decimals
    return f"{max(floor, value):.{decimals}f}"


def _new_value(slot: Slot, tpl: Template, frame: Frame, unit: object, indicator: object) -> str:
    rng = frame.rng
    old = float(slot.text)
    if slot.kind == "number":
        return _fmt(old * rng.uniform(0.7, 1.3), slot.text)
    if slot.level and "人均" in str(indicator or ""):  # per head: neither the region's size nor the period's
        return _fmt(old * rng.uniform(0.8, 1.25), slot.text)
    if slot.level:
        size = SIZE.get(frame.region.level, 1.0) / SIZE.get(tpl.source_level, 1.0)
        part = SHARE_OF_YEAR[frame.kind] / SHARE_OF_YEAR[tpl.source_period]
        return _fmt(old * size * part * frame.scale * rng.uniform(0.85, 1.15), slot.text)
    if unit == "%" and old > 20:  # a share, or a large growth: move it proportionally, stay below 100
        return _fmt(min(99.0, old * rng.uniform(0.85, 1.15)), slot.text)
    return _fmt(max(0.1, old * rng.uniform(0.6, 1.4) + rng.uniform(-1.0, 1.0)), slot.text)


def _word(slot: Slot, frame: Frame, tpl: Template) -> str:
    if slot.kind == "year":
        return str(int(slot.text) + frame.year - tpl.source_year)
    if slot.kind in frame.words:
        return frame.words[slot.kind]
    if slot.kind == "self":
        return slot.text[0] + SELF_CHAR.get(frame.region.level, "市")
    if slot.kind == "swap":
        return frame.rng.choice(SYNONYMS[slot.text])
    if slot.kind == "pword":
        return PERIOD_WORD[frame.kind]
    if slot.kind == "months":
        if frame.kind == "FY":
            return "全年"
        return f"1-{LAST_MONTH[frame.kind]}月" + ("份" if slot.text.endswith("份") else "")
    if slot.kind == "month_end":
        return "年末" if frame.kind == "FY" else f"{LAST_MONTH[frame.kind]}月末"
    raise ValueError(f"unknown slot kind {slot.kind}")


@dataclass
class Rendered:
    text: str
    facts: list[dict[str, object]]


def render(tpl: Template, frame: Frame, renames: dict[str, str]) -> Rendered:
    out: list[str] = []
    for piece, (unit, indicator) in zip(tpl.pieces, tpl.units, strict=True):
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "value" or piece.kind == "number":
            out.append(_new_value(piece, tpl, frame, unit, indicator))
        else:
            out.append(_word(piece, frame, tpl))
    offsets = [0]
    for s in out:
        offsets.append(offsets[-1] + len(s))
    text = "".join(out)
    if not tpl.facts:
        text = _fewer_clauses(text, frame.rng)
    facts = []
    for f in tpl.facts:
        rec = dict(f.record)
        for key in f.named:  # only the few gold fields that name the page's places
            rec[key] = _rename(str(rec[key]), renames)
        if f.slot is not None:
            written = out[f.slot]
            number = float(written) if "." in written else int(written)
            rec["value"] = -number if f.sign < 0 else number
        start, end = offsets[f.first], offsets[f.last]
        rec["text"], rec["start"], rec["end"] = text[start:end], start, end
        rec["region"], rec["region_code"] = frame.region.name, frame.region.code
        if "horizon_offset" in rec:
            rec["period"] = f"{frame.year + int(str(rec.pop('horizon_offset')))}{rec.pop('horizon_kind')}"
        else:
            rec["period"] = frame.period
        facts.append(rec)
    return Rendered(text, facts)


def _fewer_clauses(text: str, rng: random.Random) -> str:
    """A sentence without planted facts keeps its first and last clause and some of those between."""
    clauses = re.split(r"(?<=[,，])", text)
    if len(clauses) <= 3:
        return text
    middle = [c for c in clauses[1:-1] if rng.random() < 0.5]
    return "".join([clauses[0], *middle, clauses[-1]])


def _rename(value: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        value = value.replace(old, new)
    return value


def _shared(name: str, frame: Frame) -> bool:
    return any(r.code != frame.region.code and name in (r.name, r.short_name)
               for r in gazetteer().live(frame.published))


def _header(frame: Frame) -> list[str]:
    y, kind = frame.year, frame.kind
    # a name several units share comes after its city's, as a real page names it ("南通市通州区")
    p = frame.parent if frame.parent is not None and frame.parent.level != "province" else None
    r = f"{p.name}{frame.region.name}" if p and _shared(frame.region.name, frame) else frame.region.name
    stem = f"{p.stem}{frame.region.stem}" if p and _shared(frame.region.stem, frame) else frame.region.stem
    pub, pub_day = frame.published.isoformat(), frame.published
    word = "" if kind == "FY" else PERIOD_WORD[kind]
    own = SELF_CHAR.get(frame.region.level, "市")
    rng = frame.rng
    if frame.doc_type == "plan_execution":
        title = f"{r}{y}年{word}国民经济和社会发展计划执行情况的报告"
        return [title, f"来源: {frame.region.stem}发改委 发布时间:{pub}", "",
                f"——{pub_day.year}年{pub_day.month}月{pub_day.day}日在{own}人大常委会会议上", "",
                "主任、各位副主任、各位委员:", "",
                f"我受{own}人民政府委托,向{own}人大常委会报告{y}年{word}国民经济和社会发展计划执行情况,请予审议。", ""]
    if frame.doc_type == "gov_work_report":
        return [f"{y + 1}年{r}政府工作报告", f"发布日期:{pub}", "", "各位代表:",
                f"现在,我代表{own}人民政府向大会报告工作,请予审议。", "", f"{y}年工作回顾", ""]
    if frame.doc_type == "stats_communique":
        return [f"{r}{y}年国民经济和社会发展统计公报", f"来源:{frame.region.stem}统计局 发布时间:{pub}", "",
                "一、综合", ""]
    lead = rng.choice(["经济运行稳中向好", "主要经济指标保持增长", "经济发展质效齐升", "高质量发展迈出新步伐"])
    title = f"{y}年{word or '全年'}{stem}{lead}"
    reporter = rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(["晓东", "海燕", "建华", "丽", "强", "文静", "志刚"])
    return [title, f"发布时间:{pub} 来源:{frame.parent.stem if frame.parent else ''}网", f"原标题:{title}", "",
            f"{frame.region.stem}网讯(记者 {reporter})"]


class _Writer:
    """Sentences into paragraphs of 2-6, dash bullets on lines of their own; facts' offsets follow the text."""

    def __init__(self, head: str, rng: random.Random) -> None:
        self.text, self.rng = head, rng
        self.para: list[str] = []
        self.para_len = 0
        self.facts: list[dict[str, object]] = []

    def add(self, piece: Rendered) -> None:
        bullet = piece.text.startswith(_BULLET)
        if bullet and self.para and not self.para[-1].endswith("\n"):
            self.para.append("\n")
            self.para_len += 1
        base = len(self.text) + self.para_len
        for rec in piece.facts:
            rec["start"] = int(str(rec["start"])) + base
            rec["end"] = int(str(rec["end"])) + base
        self.facts.extend(piece.facts)
        self.para.append(piece.text + ("\n" if bullet else ""))
        self.para_len += len(self.para[-1])
        if len(self.para) >= self.rng.randint(2, 6):
            self.flush()

    def flush(self) -> None:
        if self.para:
            self.text += "".join(self.para).rstrip("\n") + "\n\n"
            self.para, self.para_len = [], 0

    def heading(self, line: str) -> None:
        self.flush()
        self.text += line + "\n\n"

    def done(self) -> tuple[str, list[dict[str, object]]]:
        self.flush()
        return self.text.rstrip("\n") + "\n", self.facts


def _length(rng: random.Random) -> int:
    """Characters of body: most pages like the real ones (700-2,000), some full-length reports."""
    return rng.randint(700, 2000) if rng.random() < 0.9 else rng.randint(2000, 6000)


@dataclass
class Report:
    name: str  # file name
    data: bytes
    gold: list[dict[str, object]]


class Generator:
    def __init__(self, seed: int = 0, reports: Path = REPORTS, gold: Path = GOLD) -> None:
        self.seed = seed
        self.sources = {s.name: s for s in load_sources(reports, gold)}
        self.templates = build_templates(list(self.sources.values()))
        if not self.templates:
            raise SystemExit(f"no sentence templates found in {reports} with gold in {gold}")
        self.by_period = {k: [t for t in self.templates if k in t.periods] for k in PERIODS}
        self.provinces = frozenset(s.region.province_code or "" for s in self.sources.values())
        self.prefectures = frozenset(s.region.prefecture_code or "" for s in self.sources.values()) - {""}

    def report(self, i: int) -> Report:
        rng = random.Random(f"synth:{self.seed}:{i}")
        frame = _pick_frame(rng, self.prefectures, self.provinces)
        want = _length(rng)
        # A draw of sentences: those that look ahead (targets, 下半年, 力争…) only in the plan part of a plan or work
        # report, after its review, under a heading that opens it (the extractor reads targets off that heading).
        review: list[Template] = []
        plan: list[Template] = []
        size = 0
        pool = self.by_period[frame.kind]
        for k in rng.sample(range(len(pool)), len(pool)):
            tpl = pool[k]
            if not tpl.facts and rng.random() < 0.6:
                continue  # favour sentences that carry facts: reports are dense with numbers
            if tpl.forward:
                if frame.doc_type not in ("plan_execution", "gov_work_report") or rng.random() < 0.5:
                    continue
                plan.append(tpl)
            else:
                review.append(tpl)
            size += tpl.length
            if size >= want:
                break
        writer = _Writer("\n".join(_header(frame)) + "\n", rng)
        renames = {name: self._renames(src, frame) for name, src in self.sources.items()}
        for tpl in review:
            writer.add(render(tpl, frame, renames[tpl.source]))
        if plan:
            nxt = "下半年" if frame.kind == "H1" else f"{frame.year + 1}年"
            writer.heading(f"二、{nxt}经济社会发展重点工作")
            for tpl in plan:
                writer.add(render(tpl, frame, renames[tpl.source]))
        text, facts = writer.done()
        return self._package(i, frame, text, facts, rng)

    @staticmethod
    def _renames(src: Source, frame: Frame) -> dict[str, str]:
        """The page's places as the new report names them, for the gold's indicator, scope and benchmark."""
        renames = {src.region.name: frame.words["name"], src.region.stem: frame.words["stem"]}
        if src.parent is not None and frame.parent is not None:
            renames |= {src.parent.name: frame.words["parent"], src.parent.stem: frame.words["parent_stem"]}
        return renames

    def _package(self, i: int, frame: Frame, text: str, facts: list[dict[str, object]],
                 rng: random.Random) -> Report:
        roll = rng.random()
        fmt, encoding, script, spam = "txt", "utf-8", "simplified", False
        if roll < 0.08:
            fmt = "html"
        elif roll < 0.18:
            encoding = "gb18030"
        elif roll < 0.21:
            script = "traditional"
        elif roll < 0.24:
            spam = True
        body = text
        if spam:
            run = rng.choice(SPAM_RUNS)
            first, rest = body.split("\n", 1)
            paras = rest.split("\n\n")
            for _ in range(rng.randint(1, 3)):
                k = rng.randrange(1, len(paras)) if len(paras) > 1 else 0
                paras[k] = run + paras[k]
            body = f"{run}\n\n{run.split('_')[0]}:{first}\n" + "\n\n".join(paras)
        if script == "traditional":
            body = body.translate(_s2t_table())
        if fmt == "html":
            title, rest = body.split("\n", 1)
            paras = "\n".join(f"<p>{html.escape(p)}</p>" for p in rest.split("\n") if p.strip())
            body = (f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{html.escape(title)}</title></head>\n'
                    f"<body>\n<h1>{html.escape(title)}</h1>\n{paras}\n</body></html>\n")
        try:
            data = body.encode(encoding)
        except UnicodeEncodeError:
            encoding, data = "utf-8", body.encode("utf-8")
        name = f"{i:05d}_{hashlib.sha256(data).hexdigest()[:12]}.{fmt}"
        head = {"type": "doc", "doc": name, "file": name, "region": frame.region.name,
                "region_code": frame.region.code, "region_level": frame.region.level, "period": frame.period,
                "doc_type": frame.doc_type, "published": frame.published.isoformat(), "format": fmt,
                "encoding": encoding, "script": script, "spam": "yes" if spam else "no", "chars": len(text)}
        return Report(name, data, [head, *({"doc": name, **f} for f in facts)])


# ---------------------------------------------------------------- checking an ingest against the gold


@dataclass
class Score:
    files: int
    documents: int  # files the ingest loaded as documents of their own
    identified: int  # documents whose region and period are the planted ones
    planted: int  # non-optional planted facts
    found: int  # of those, recovered: same type and value (or rank / benchmark and relation) and unit
    by_type: dict[str, tuple[int, int]]  # type -> (found, planted)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 0.0


def _key(rec: dict[str, object]) -> tuple[object, ...] | None:
    """What a planted fact and an extracted one must share to count as found (the indicator's wording aside)."""
    kind = rec.get("type") or rec.get("fact_type")
    if kind == "ranking":
        return (kind, _num(rec.get("rank")), rec.get("claim") if rec.get("rank") in (None, "") else None)
    if kind == "comparison":
        return (kind, rec.get("benchmark"), rec.get("relation"))
    if kind == "summary":
        return (kind, _num(rec.get("indicators_total")))
    value = _num(rec.get("value"))
    unit = "pp" if rec.get("unit") in ("pp", "个百分点") else rec.get("unit")
    return (kind, value, unit) if value is not None else None


def _num(value: object) -> float | None:
    if value in (None, ""):
        return None
    try:
        return round(float(str(value)), 6)
    except ValueError:
        return None


def score(gold: Path, seeds: Path) -> Score:
    """Compare an ingest's seed tables (CSV or Parquet) with the gold file of the corpus it read."""
    import polars as pl

    def table(name: str) -> pl.DataFrame:
        pq, csv_path = seeds / f"{name}.parquet", seeds / f"{name}.csv"
        return pl.read_parquet(pq) if pq.exists() else pl.read_csv(csv_path, infer_schema_length=0)

    sources = table("document_sources").select("doc_id", "source_path")
    doc_of = {Path(str(p)).name: str(d) for d, p in sources.iter_rows()}
    docs = {str(r["doc_id"]): r for r in table("documents").iter_rows(named=True)}
    extracted: dict[str, list[tuple[object, ...]]] = {}
    for rec in table("facts").iter_rows(named=True):
        key = _key(rec)
        if key is not None:
            extracted.setdefault(str(rec["doc_id"]), []).append(key)
    heads = [json.loads(ln) for ln in gold.read_text(encoding="utf-8").splitlines()]
    files = [h for h in heads if h.get("type") == "doc"]
    loaded = {doc_of[h["file"]] for h in files if h["file"] in doc_of}
    identified = sum(1 for h in files if h["file"] in doc_of and docs.get(doc_of[h["file"]], {}).get("region")
                     == h["region"] and docs[doc_of[h["file"]]].get("period") == h["period"])
    by_type: dict[str, list[int]] = {}
    pools: dict[str, list[tuple[object, ...]]] = {}
    for rec in heads:
        if rec.get("type") == "doc" or rec.get("optional"):
            continue
        key = _key(rec)
        if key is None:
            continue
        doc = doc_of.get(str(rec["doc"]))
        pool = pools.setdefault(doc, list(extracted.get(doc, []))) if doc else []
        tally = by_type.setdefault(str(rec["type"]), [0, 0])
        tally[1] += 1
        if key in pool:
            pool.remove(key)
            tally[0] += 1
    found = sum(v[0] for v in by_type.values())
    planted = sum(v[1] for v in by_type.values())
    return Score(len(files), len(loaded), identified, planted, found,
                 {k: (v[0], v[1]) for k, v in sorted(by_type.items())})


@cache
def _s2t_table() -> dict[int, str]:
    """Character-level simplified -> traditional from OpenCC's own table (the first reading of each character).
    Phrase-level conversion (opencc.OpenCC("s2t")) takes ~30 ms a page; a page-level table lookup is enough to make
    a page the ingest must convert back."""
    import opencc

    table: dict[int, str] = {}
    path = Path(opencc.__file__).with_name("dictionary") / "STCharacters.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        simple, _, trad = line.partition("\t")
        if len(simple) == 1 and trad:
            table[ord(simple)] = trad.split()[0]
    return table


# ---------------------------------------------------------------- a folder


def gold_path(outdir: Path) -> Path:
    """The gold file sits beside the report folder, not in it: the ingest reads every file in the folder."""
    return outdir.parent / f"{outdir.name}.gold.jsonl"


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def generate(n: int, outdir: Path, seed: int = 0, gold: Path | None = None, start: int = 0) -> list[Report]:
    """Write reports start .. start+n-1 into outdir and their facts into the gold file; returns the reports."""
    gen = Generator(seed)
    outdir.mkdir(parents=True, exist_ok=True)
    reports = [gen.report(i) for i in range(start, start + n)]
    for rep in reports:
        _atomic_write(outdir / rep.name, rep.data)
    lines = "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rep in reports for rec in rep.gold)
    _atomic_write(gold or gold_path(outdir), lines.encode("utf-8"))
    return reports


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, nargs="?", help="number of reports (omit: print the generation speed)")
    ap.add_argument("outdir", type=Path, nargs="?", help="folder for the report files (created)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="index of the first report (to add reports to a corpus)")
    ap.add_argument("--gold", type=Path, default=None, help="gold file (default: OUTDIR.gold.jsonl beside OUTDIR)")
    args = ap.parse_args(argv)
    if args.n is None or args.outdir is None:
        with tempfile.TemporaryDirectory(prefix="synth_") as tmp:
            t0 = time.perf_counter()
            reps = generate(1000, Path(tmp) / "reports", args.seed)
            took = time.perf_counter() - t0
        facts = sum(len(r.gold) - 1 for r in reps)
        print(f"synth: 1,000 reports ({facts:,} planted facts, {sum(len(r.data) for r in reps) / 1e6:.1f} MB) "
              f"in {took:.1f} s")
        return
    t0 = time.perf_counter()
    reps = generate(args.n, args.outdir, args.seed, args.gold, args.start)
    facts = sum(len(r.gold) - 1 for r in reps)
    print(f"{len(reps)} reports, {facts} planted facts -> {args.outdir} (gold: {args.gold or gold_path(args.outdir)}) "
          f"in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
