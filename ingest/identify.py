"""Cleaned text -> Document: id, title, region (GB/T 2260 code valid at the report's date), period, type, date.

Everything is read from the text the way a reader would: the title first, then the opening lines. No rule names a
document; region names, codes and validity come from seeds/ref_regions.csv.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from ingest.clean import t2s
from ingest.model import Cleaned, Document, Source
from ingest.read import DATE
from ingest.regions import Region
from ingest.regions import load_regions as all_regions
from ingest.spam import find_spam

HEAD = 1500  # characters of the opening that say what a report is
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SUFFIX = re.compile(r"(?:省|市|区|县|自治县|新区)$")
# Romanised short names for the last-resort hint in a file name or page URL (e.g. "haimen_2022fy_plan.txt",
# "www.haimen.gov.cn"): data about the regions of the reference table, not about any one file.
PINYIN = {
    "江苏": "jiangsu", "南通": "nantong", "崇川": "chongchuan", "港闸": "gangzha", "通州": "tongzhou",
    "海门": "haimen", "海安": "haian", "如皋": "rugao", "如东": "rudong", "启东": "qidong",
}
_LEVEL_RANK = {"province": 0, "prefecture_city": 1, "county_level_city": 2, "district": 2, "county": 2,
               "functional_zone": 3}


# ---------------------------------------------------------------- identity


def normalized(text: str) -> str:
    """The text a document id hashes: width-folded (NFKC), without whitespace, so re-wrapped or re-spaced copies
    of one report share an id."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def document_id(text: str) -> str:
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()[:16]


def identify(source: Source, cleaned: Cleaned) -> Document:
    text = cleaned.text
    title = find_title(text, _clean_meta_title(source.meta.get("title"), cleaned.script))
    doc_type = find_doc_type(title, text)
    published = find_published(text, source.meta, None)
    period = find_period(title, text, doc_type, published)
    if published and not source.meta.get("published") and not _plausible(date.fromisoformat(published), period):
        published = None
    region = find_region(title, text, when=reference_date(period, published), hints=_hints(source))
    return Document(
        doc_id=document_id(text),
        text=text,
        title=title,
        region=region.name if region else None,
        region_code=region.code if region else None,
        region_level=region.level if region else None,
        period=period,
        doc_type=doc_type,
        published=published,
        script=cleaned.script,
        tampered=cleaned.tampered,
        removed=cleaned.removed,
        sources=[source],
        cleaned=cleaned,
    )


# ---------------------------------------------------------------- title


def _clean_meta_title(title: str | None, script: str) -> str | None:
    """A page's <title>/ArticleTitle gets the text's cleaning: simplified if the page is, and none if it is spam."""
    if not title:
        return None
    title = t2s(title) if script == "traditional" else title
    return None if find_spam(title) else title


_NOT_TITLE = re.compile(
    r"^[(（]?(?:图片|资料图)|供图|摄影|图片来源|^(?:当前位置|首页|来源|发布时间|作者|编辑|责任编辑|字体|打印|关闭|分享|标签|浏览次数)|"
    r"[>»]|来源[:：]|发布时间|\d{4}-\d{1,2}-\d{1,2}|^\d+(?:\.\d+)?\s*(?:KB|MB|页)$",
)
_TITLE_WORDS = re.compile(r"报告|公报|情况|政府工作|计划|增长|经济|发展|GDP|上半年|季度|全年|\d{4}\s*年")
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])\s*")


def find_title(text: str, meta_title: str | None = None, lines: int = 15) -> str:
    """The report's heading: among the opening lines, the one that reads most like a title. Spam is already gone;
    captions ("图片"), breadcrumbs, metadata and site names are not titles."""
    best, best_score = "", 0.0
    candidates = []
    for line in (ln.strip() for ln in text.split("\n")[: lines * 3] if ln.strip()):
        if len(candidates) >= lines or (len(line) >= 40 and "。" in line):
            break  # the body has begun: a title stands above it
        candidates.append(line)
    for rank, line in enumerate(candidates):
        score = _title_score(line) - rank * 0.1
        if score > best_score:
            best, best_score = line, score
    if meta_title:
        meta_title = re.split(r"\s*[_|｜]\s*|\s+-\s+", meta_title.strip())[0]
        if _title_score(meta_title) > best_score:
            best = meta_title
    best = _ENUM.sub("", re.sub(r"^[\s:：_\-|]+", "", best))
    return best.strip()


def _title_score(line: str) -> float:
    if len(line) > 80:  # first: a multi-megabyte line is not scanned to be refused
        return 0.0
    han = len(_HAN.findall(line))
    if han < 6 or _NOT_TITLE.search(line) or line.rstrip().endswith(("。", ",", "，", ";", "；")):
        return 0.0
    if line.count("。") or line.count(",") + line.count("，") > 2:
        return 0.0
    latin = len(re.findall(r"[A-Za-z]{3,}", line))
    return 1.0 + len(_TITLE_WORDS.findall(line)) + min(han, 30) / 30 - latin


# ---------------------------------------------------------------- type

_TYPE_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "plan_execution": (("计划执行情况", 5), ("计划草案", 3), ("计划执行", 3), ("发展和改革委员会", 1),
                       ("人大常委会", 1)),
    "gov_work_report": (("政府工作报告", 5), ("各位代表", 2), ("我代表市人民政府", 3), ("我代表区人民政府", 3),
                        ("我代表县人民政府", 3), ("工作回顾", 2)),
    "stats_communique": (("统计公报", 5), ("初步核算", 2), ("按可比价格计算", 2), ("一、综合", 2), ("统计局", 1)),
    "news": (("原标题", 3), ("记者", 2), ("资料图", 2), ("央广网", 2), ("新华社", 2), ("责任编辑", 2), ("网讯", 2)),
}


def find_doc_type(title: str, text: str) -> str:
    """plan_execution | gov_work_report | stats_communique | news: the title's words decide, else cue words in the
    opening; a page that is none of the official genres is news."""
    head = text[:HEAD]
    scores = {kind: sum(w * (3 * (cue in title) + (cue in head)) for cue, w in cues) for kind, cues in
              _TYPE_CUES.items()}
    kind, score = max(scores.items(), key=lambda kv: (kv[1], kv[0] == "news"))
    return kind if score >= 2 else "news"


# ---------------------------------------------------------------- period

_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUALIFIER = (
    r"(?P<q>上半年|下半年|前三季度|(?:第)?[一二三四1-4]季度|1\s*[-－—~～至]\s*(?P<m>1[0-2]|[1-9])\s*月|全年|年度)"
)
_YEAR = r"(?P<y>(?:19|20)\d{2})\s*年"
_REVIEW = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年[^\n。]{0,12}?(?:工作)?回顾|过去的\s*(?P<y2>(?:19|20)\d{2})\s*年")


def find_period(title: str, text: str, doc_type: str, published: str | None = None) -> str | None:
    """2022H1, 2022FY, 2023Q1, 2023M1-5 ... from the title, then the opening.

    A government work report delivered in year N reviews year N-1 unless it names the year it reviews; a plan
    execution report covers the year (and part of it) that precedes "计划执行情况"."""
    head = text[:HEAD]
    if doc_type == "gov_work_report":
        review = re.search(_REVIEW, head)
        if review:
            return f"{review.group('y') or review.group('y2')}FY"
        year = re.search(_YEAR, title) or re.search(_YEAR, head)
        return f"{int(year.group('y')) - 1}FY" if year else None
    if doc_type == "plan_execution":
        m = re.search(_YEAR + r"\s*" + _QUALIFIER + r"?[^。\n]{0,24}?计划执行", f"{title}\n{head}")
        if m:
            return _period(m.group("y"), m.group("q"), m.group("m"))
    for where in (title, head[:300], head):
        m = re.search(_YEAR + r"\s*" + _QUALIFIER + r"?", where)
        if m:
            return _period(m.group("y"), m.group("q"), m.group("m"))
    q = re.search(_QUALIFIER, f"{title}\n{head[:300]}")
    if published and q:  # "上半年南通工业投资…" with the year only in the publishing date
        return _period(published[:4], q.group("q"), q.group("m"))
    return None


def _period(year: str, qualifier: str | None, month: str | None) -> str:
    q = qualifier or ""
    if q == "上半年":
        return f"{year}H1"
    if q == "下半年":
        return f"{year}H2"
    if q == "前三季度":
        return f"{year}M1-9"
    if "季度" in q:
        return f"{year}Q{_Q[q.replace('第', '')[0]]}"
    if month:
        return {"3": f"{year}Q1", "6": f"{year}H1", "12": f"{year}FY"}.get(month, f"{year}M1-{month}")
    return f"{year}FY"


def period_bounds(period: str) -> tuple[date, date] | None:
    m = re.fullmatch(r"(\d{4})(FY|H1|H2|Q[1-4]|M1-(\d{1,2}))", period)
    if not m:
        return None
    y, part = int(m.group(1)), m.group(2)
    first, last = {"FY": (1, 12), "H1": (1, 6), "H2": (7, 12)}.get(part, (1, 12))
    if part.startswith("Q"):
        first = last = 3 * int(part[1])
        first -= 2
    elif m.group(3):
        first, last = 1, int(m.group(3))
    end = date(y + (last == 12), last % 12 + 1, 1) - timedelta(days=1)
    return date(y, first, 1), end


# ---------------------------------------------------------------- published date

_LABELLED = re.compile(r"(?:发布时间|发布日期|发文日期|来源|时间|日期)")
_DATE = re.compile(DATE)


URL_MAX = 2048  # longer is not a URL; its lazy date search would backtrack over every "http" inside it
_URL_DATE = re.compile(r"https?://\S*?/t?((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?=[/_.\-]|\d{3,})")
_OWN_LINK = re.compile(r"(?:本文链接|原文链接|原文地址|本文地址)\s*[:：]?\s*(https?://\S+)")


def find_published(text: str, meta: dict[str, str], period: str | None) -> str | None:
    """Page metadata (发布时间) when the page has it; else a date in the header that sits with a label or the
    source; else the date in the page's own URL (CMS paths like /2020/0813/ or /20200813/). Found dates must be
    plausible for the period: a document-sharing site's upload date years later is not the publishing date."""
    if meta.get("published"):
        return meta["published"]
    head_lines = [ln for ln in text.split("\n")[:20] if ln.strip()][:12]
    dates = [_DATE.search(unicodedata.normalize("NFKC", ln)) for ln in head_lines if _LABELLED.search(ln)]
    urls = [meta.get("url", ""), *(m.group(1) for m in _OWN_LINK.finditer(text))]
    dates += [_URL_DATE.search(u[:URL_MAX]) for u in urls if u]
    for m in dates:
        found = _valid_date(*m.groups()) if m else None
        if found and _plausible(found, period):
            return found.isoformat()
    return None


def _valid_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _plausible(found: date, period: str | None) -> bool:
    bounds = period_bounds(period) if period else None
    return bounds is None or bounds[0] <= found <= bounds[1] + timedelta(days=400)


def reference_date(period: str | None, published: str | None) -> date | None:
    """The date a region code must be valid at: the publishing date, else the period's last day."""
    if published:
        return date.fromisoformat(published)
    bounds = period_bounds(period) if period else None
    return bounds[1] if bounds else None


# ---------------------------------------------------------------- region


def load_regions() -> tuple[Region, ...]:
    """The regions a report can be about: a statistics-only zone is what a report mentions, not what it is about."""
    return tuple(r for r in all_regions() if r.level != "functional_zone")


def find_region(title: str, text: str, when: date | None, hints: tuple[str, ...] = (),
                regions: tuple[Region, ...] | None = None) -> Region | None:
    """The region a report is about: the most specific place its title names; else the place the opening keeps
    naming (a county report names its city and province too: the leaf wins). When the report speaks of itself at
    a lower level than any place it names ("全区上下" and only 南通 named), a file name or URL hint may name the
    unit; with nothing at all, the province (a province-wide article)."""
    regions = regions if regions is not None else load_regions()
    names = _names(regions, when)
    mentions = _mentions(title, names) or _mentions(text[:HEAD], names)
    found = _resolve(_leaf(mentions, regions, when), regions, when) if mentions else None
    own_levels = self_levels(text[:HEAD])
    if found is None or (own_levels and found.level not in own_levels and _is_higher(found, own_levels)):
        hinted = _from_hints(hints, names, regions, when)
        if hinted is not None and (not own_levels or hinted.level in own_levels):
            return hinted
    if found is not None:
        return found
    roots = [r for r in regions if r.parent_code is None and (when is None or r.valid_at(when))]
    return roots[0] if len(roots) == 1 else None


_SELF = re.compile(r"(?:全|我|本)(省|市|区|县)(?:上下|范围|人民|经济|委|政府)")
_SELF_LEVELS = {"省": {"province"}, "市": {"prefecture_city", "county_level_city"}, "区": {"district"},
                "县": {"county"}}


def self_levels(text: str) -> set[str]:
    """The levels a report speaks of itself at: "全区上下" -> district, "全市上下" -> a city of either kind."""
    counts = Counter(m.group(1) for m in _SELF.finditer(text))
    if not counts:
        return set()
    return _SELF_LEVELS[counts.most_common(1)[0][0]]


def _is_higher(region: Region, levels: set[str]) -> bool:
    return _LEVEL_RANK.get(region.level, 9) < min(_LEVEL_RANK.get(lv, 9) for lv in levels)


def _from_hints(hints: tuple[str, ...], names: set[str], regions: tuple[Region, ...],
                when: date | None) -> Region | None:
    for hint in hints:
        for stem, roman in PINYIN.items():
            if stem in names and re.search(rf"(?<![a-z]){roman}(?![a-z])", hint.lower()):
                return _resolve(stem, regions, when)
    return None


def _names(regions: tuple[Region, ...], when: date | None) -> set[str]:
    """Full names and stems ("海安市", "海安") of the units in force at the date (today's, without one). A unit gone
    by then is not what the report is about, and long-gone names read as words ("城区", 1983-1991). A stem outlives
    a renaming: "海门市" in a 2022 report finds 海门区 through "海门"."""
    live = [r for r in regions if (r.valid_at(when) if when else r.valid_to is None)]
    return {n for r in live for n in (r.name, r.stem) if len(n) >= 2}


def _mentions(text: str, names: set[str]) -> Counter[str]:
    """Stems mentioned, longest name first so "南通市" is not also counted as a bare "南通"."""
    pattern = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    found: Counter[str] = Counter()
    for m in re.finditer(pattern, text) if pattern else ():
        found[_SUFFIX.sub("", m.group()) if len(m.group()) > 2 else m.group()] += 1
    return found


def _candidates(stem: str, regions: tuple[Region, ...], when: date | None) -> list[Region]:
    """Units with this stem in force at the date, the higher level first (南通: the city, not 南通县)."""
    rows = [r for r in regions if r.stem == stem and (r.valid_at(when) if when else r.valid_to is None)]
    return sorted(rows, key=lambda r: _LEVEL_RANK.get(r.level, 9))


def _resolve(stem: str, regions: tuple[Region, ...], when: date | None) -> Region | None:
    rows = _candidates(stem, regions, when)
    return rows[0] if rows else None


def _ancestors(region: Region, regions: tuple[Region, ...]) -> set[str]:
    by_code = {r.code: r for r in regions}
    out: set[str] = set()
    parent = region.parent_code
    while parent and parent not in out:
        out.add(parent)
        parent = by_code[parent].parent_code if parent in by_code else None
    return out


def _leaf(mentions: Counter[str], regions: tuple[Region, ...], when: date | None) -> str:
    """"江苏省海安市…" is about 海安市: places that are ancestors of another place mentioned drop out."""
    resolved = {stem: _resolve(stem, regions, when) for stem in mentions}
    ancestors = set().union(*(_ancestors(r, regions) for r in resolved.values() if r))
    leaves = [s for s, r in resolved.items() if r and r.code not in ancestors]
    if not leaves:
        return mentions.most_common(1)[0][0]
    if len(leaves) == 1:
        return leaves[0]
    ranked = sorted(leaves, key=lambda s: (-mentions[s], s))
    if mentions[ranked[0]] >= 2 * mentions[ranked[1]]:
        return ranked[0]
    # Several places at the same depth, none dominant: the report is about what they share.
    common = set.intersection(*(_ancestors(resolved[s], regions) for s in leaves if resolved[s]))
    parents = [r for r in regions if r.code in common]
    return max(parents, key=lambda r: _LEVEL_RANK.get(r.level, 0)).stem if parents else ranked[0]


def _hints(source: Source) -> tuple[str, ...]:
    return tuple(h for h in (source.meta.get("url", ""), Path(source.path).stem) if h)
