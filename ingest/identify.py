"""Cleaned text -> Document: id, title, region (GB/T 2260 code valid at the report's date), period, type, date.

Everything is read from the text the way a reader would: the title first, then the opening lines. No rule names a
document; region names, codes and validity come from seeds/ref_regions.csv (ingest.regions), the decision which unit
a report is about from ingest.locate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, timedelta
from pathlib import Path

from ingest.clean import t2s
from ingest.locate import Located, locate
from ingest.model import Cleaned, Document, Source
from ingest.read import DATE
from ingest.regions import Region, gazetteer
from ingest.spam import find_spam

HEAD = 1500  # characters of the opening that say what kind of report it is and what it covers
TAIL = 600  # characters of the page's foot, where a reprint names its source ("来源：某某日报")
SCAN = 3000  # characters read for the places a report names (an untitled communiqué may name itself ~1 KB in)
_HAN = re.compile(r"[\u4e00-\u9fff]")


# ---------------------------------------------------------------- identity


def normalized(text: str) -> str:
    """The text a document id hashes: width-folded (NFKC), without whitespace, so re-wrapped or re-spaced copies
    of one report share an id."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def document_id(text: str) -> str:
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()[:16]


def identify(source: Source, cleaned: Cleaned) -> Document:
    text = cleaned.text
    head = reading_text(opening(text))
    title = find_title(head, _clean_meta_title(source.meta.get("title"), cleaned.script))
    doc_type = find_doc_type(title, head, text[-TAIL:])
    published = find_published(text, source.meta, None, title)
    period = find_period(title, head, doc_type, published)
    if published and not source.meta.get("published") and not _plausible(date.fromisoformat(published), period):
        published = None
    found = locate(title, head, reference_date(period, published), hints=_hints(source))
    region = found.region
    return Document(
        doc_id=document_id(text),
        text=text,
        title=title,
        region=region.name if region else shared_name(found),
        region_code=region.code if region else None,
        region_level=region.level if region else None,
        region_status=found.status,
        region_candidates=candidates(found, reference_date(period, published)),
        period=period,
        doc_type=doc_type,
        published=published,
        script=cleaned.script,
        tampered=cleaned.tampered,
        removed=cleaned.removed,
        sources=[source],
        cleaned=cleaned,
    )


def shared_name(found: Located) -> str | None:
    """The name every candidate of an undecided region bears (鼓楼区 of 南京 and of 徐州): the report is about a
    鼓楼区, which one is open, so the name is told and the code is not."""
    names = {r.name for r in found.candidates}
    return names.pop() if len(names) == 1 else None


def candidates(found: Located, when: date | None) -> tuple[str, ...]:
    """'通州区 110112 北京市': each candidate of an undecided region with the unit it lies in."""
    gaz = gazetteer()
    out = []
    for r in found.candidates:
        parent = gaz.parent(r, when)
        out.append(f"{r.name} {r.code} {parent.name}" if parent else f"{r.name} {r.code}")
    return tuple(out)


# ---------------------------------------------------------------- the text read for identification

_LINE = re.compile(r"\S[^\n]*")


def opening(text: str, limit: int = SCAN) -> str:
    """The first `limit` characters of the page's non-blank lines (a page may open with a run of blanks)."""
    out, size = [], 0
    for m in _LINE.finditer(text):
        line = m.group()[: limit - size].rstrip()
        out.append(line)
        size += len(line) + 1
        if size >= limit:
            break
    return "\n".join(out)


_BBCODE = re.compile(r"\[/?[a-zA-Z]{1,10}(?:=[^\]\n]{0,40})?\]")
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")
_CN_YEAR = re.compile(r"[〇零○O一二三四五六七八九]{4}(?=\s*年)")
_CN_DIGITS = str.maketrans("〇零○O一二三四五六七八九", "000012345678" + "9")
_YEAR_GAP = re.compile(r"((?:19|20)\d{2})\s+(?=年)")


def reading_text(text: str) -> str:
    """The opening as a reader sees it: width-folded, forum markup ([b]20[/b][b]22[/b]年) dropped, letter-spaced
    names closed up (宜 城 市 统 计 局), years in Chinese numerals (二〇二三年) as digits. For identification only:
    facts are read from the cleaned text itself."""
    text = unicodedata.normalize("NFKC", text)
    text = _BBCODE.sub("", text) if "[" in text else text
    text = _HAN_GAP.sub("", text)
    text = _CN_YEAR.sub(lambda m: m.group().translate(_CN_DIGITS), text)
    return _YEAR_GAP.sub(r"\1", text)


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
_ENUM = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、．](?!\d)|[（(][一二三四五六七八九十\d]+[)）])\s*")


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

# (cue, weight): a cue counts once, three times in the title, twice in a heading line of its own.
_TYPE_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "plan_execution": (("计划执行情况", 5), ("计划草案", 3), ("计划执行", 3), ("发展和改革委员会", 1),
                       ("人大常委会", 1)),
    "gov_work_report": (("政府工作报告", 5), ("各位代表", 2), ("我代表[^,。]{0,12}人民政府", 3), ("工作回顾", 2),
                        ("人民代表大会", 1), ("预期目标", 1)),
    "stats_communique": (("统计(?:的)?公报", 5), ("初步核算", 2), ("统一核算", 2), ("按可比价格计算", 2),
                         ("按不变价格?计算", 1), ("^一、综合", 2), ("统计局", 1)),
    # a page that reports on a meeting or a report under a journalist's byline is news, even on a work report
    "news": (("原标题", 3), ("记者", 3), ("资料图", 2), ("央广网", 2), ("新华社", 2), ("中新社", 2), ("中新网", 2),
             ("责任编辑", 2), ("网讯", 3), ("报道", 1), ("新闻发布", 2), ("座谈会", 2), ("获悉", 1)),
}
_TYPE_RE = {kind: tuple((re.compile(cue, re.M), w) for cue, w in cues) for kind, cues in _TYPE_CUES.items()}
# A page that names a newspaper, news site or broadcaster as its source ("来源：湖北日报", often at its foot) is that
# outlet's article, though it quotes a statistics bureau's wording (统一核算, 按可比价格计算): only a communiqué's
# own title (…统计公报) or its structure (一、综合, 初步核算 …) outweighs it.
_NEWS_SOURCE = re.compile(
    r"(?:来源|稿源|转自|转载自)\s*[:：]?\s*(?P<outlet>[^\s:：,，。()（）\[\]]{1,16}?(?:报(?!告)|新闻网|新闻中心|"
    r"融媒体?中心|电视台|新华社|新华网|人民网|央广网|中新网|澎湃|客户端))"
)
_NOT_A_PAPER = re.compile(r"统计|公报$|简报$|年报$|月报$|季报$|通报$")  # a bureau's own bulletins are no newspaper


def _news_source(text: str) -> bool:
    return any(not _NOT_A_PAPER.search(m.group("outlet")) for m in _NEWS_SOURCE.finditer(text))


# A headline on how the economy ran ("2023年某省经济运行情况", "上半年经济数据") is a news story's or a bureau's
# release, not a communiqué's title (those say 公报).
_NEWS_TITLE = re.compile(r"经济运行|经济形势|经济数据|经济成绩单|半年报")
_BYLINE = re.compile(r"^.{0,16}?(?:网讯|日报讯|报讯|\d{1,2}月\d{1,2}日电|[(（]记者)")
_HEADING_MAX = 40
_BYLINE_FIELD = re.compile(r"来源|发布|时间|日期|作者|编辑|字体|浏览")  # a page's byline is not a heading


def find_doc_type(title: str, text: str, tail: str = "") -> str:
    """plan_execution | gov_work_report | stats_communique | news: the title's words decide, else cue words in the
    opening (more in a heading line of their own); a page that opens with a news byline (秀山网讯, 4月22日电), names a
    news outlet as its source (in its opening or its `tail`, the page's last lines), has a headline on how the
    economy ran, or is none of the official genres is news. A 统计公报 is a communiqué by its title."""
    head = reading_text(text[:HEAD])
    headings = "\n".join(ln.strip() for ln in head.split("\n")
                          if 0 < len(ln.strip()) <= _HEADING_MAX and not _BYLINE_FIELD.search(ln))
    scores = {}
    for kind, cues in _TYPE_RE.items():
        total = 0.0
        for cue, w in cues:
            if title and cue.search(title):
                total += 3 * w
            elif cue.search(headings):
                total += 2 * w
            elif cue.search(head):
                total += w
        scores[kind] = total
    body = head[head.find(title) + len(title):] if title and title in head else head
    if _BYLINE.match(body.lstrip()):
        scores["news"] += 5
    if _news_source(head) or (tail and _news_source(reading_text(tail))):
        scores["news"] += 5  # as much as a statistics bureau's wording quoted (统一核算, 按可比价格计算, 统计局)
    if title and _NEWS_TITLE.search(title):
        scores["news"] += 6
    kind, score = max(scores.items(), key=lambda kv: (kv[1], kv[0] == "news"))
    return kind if score >= 2 else "news"


# ---------------------------------------------------------------- period

_Q = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUALIFIER = (
    r"(?P<q>上半年|下半年|前三季度|(?:第)?[一二三四1-4]季度|1\s*[-－—~～至]\s*(?P<m>1[0-2]|[1-9])\s*月(?:份)?|全年|年度)"
)
# a year as a period: not a day (2023年4月11日) or a month (2021年11月份), not a decade (1990年代), not a founding
# (始建于1998年)
_YEAR = r"(?<!\d)(?<!建于|立于|始于|办于)(?P<y>(?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月|代)"
_PERIOD = re.compile(_YEAR + r"\s*" + _QUALIFIER + "?")
# a part of a year without its year (上半年南通工业投资…); not 全年, which a communiqué of the year before also says
_BARE_QUALIFIER = re.compile(_QUALIFIER.replace("|全年|年度", ""))
_DAY = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<mo>1[0-2]|[1-9])\s*月\s*(?:[12]\d|3[01]|[1-9])\s*日")
_PLAN = re.compile(_YEAR + r"\s*" + _QUALIFIER + r"?[^。\n]{0,24}?计划(?P<q2>上半年|前三季度)?执行")
# a work report's review: "2022年工作回顾", "过去五年和2021年上半年工作回顾", "刚刚过去的2022年", "即将过去的2022年"
_REVIEW = re.compile(_YEAR + r"(?P<h>上半年)?(?:及[^。\n]{0,10})?(?:[^。\n]{0,4})工作回顾"
                     r"|(?:刚刚|即将)?过去的\s*(?P<y2>(?:19|20)\d{2})\s*年")
# delivered on a day: "——2024年1月18日在牟定县第十八届人民代表大会", "政府工作报告(2023年2月27日)"
_DELIVERED = re.compile(_DAY.pattern + r"(?=[^。\n]{0,4}(?:在|召开|$|\)|）))", re.M)
_LEAD_TARGETS = re.compile(r"(?:明确|提出|确定)(?P<y>(?:19|20)\d{2})\s*年[^。\n]{0,16}?目标")
_PAST_YEAR = re.compile(r"过去(?:的)?一年|一年来")
_COMING = re.compile(_YEAR + r"(?:是|[^。\n]{0,12}?(?:预期|主要)目标)")
_GWR_TITLE = re.compile(_YEAR + r"[^。\n]{0,12}?政府工作报告")


def find_period(title: str, text: str, doc_type: str, published: str | None = None) -> str | None:
    """2022H1, 2022FY, 2023Q1, 2023M1-5 ... from what the report says it covers, never from page furniture (site
    and publication dates, year indexes, historical years in the text).

    A statistical communiqué covers the year of its title (or its opening); a plan execution report the year (and
    part) before "计划执行情况"; a government work report the year it reviews (see _work_report_period); anything
    else the first year (with its 上半年 / 1-6月 / 前三季度 …) of the title, then the opening.

    A story that writes no year ("今年上半年", "上半年全县…") is dated by the page itself, which is reading the
    report, not its furniture: the page's own date (`published`, see find_published: its labelled byline, a date
    printed with its title or edition, its dateline's day written in full elsewhere, its URL) gives the year of the
    part of a year it covers, since a story is published after what it reports; and a year written in the name of
    what it reports ("6月23日,2022…峰会", "《2022县域经济…报告》") counts when the text dates it to a day or the page's
    date confirms it (_named_year). A date standing alone at the top of a site (its date bar, an upload date), a
    historical year (始建于1998年) or a plan's horizon is no evidence. With none of this, the period stays empty:
    "今年一季度" on a page that is dated nowhere has no year."""
    title, head = reading_text(title), reading_text(text[:HEAD])
    if doc_type == "gov_work_report" or (doc_type == "news" and "政府工作报告" in head):
        found = _work_report_period(title, head)
        if found or doc_type == "gov_work_report":
            return found
    if doc_type == "stats_communique":
        for where in (title, head):
            m = _PERIOD.search(where)
            if m:
                sub = m.group("q") if where is title else None
                return _period(m.group("y"), sub, m.group("m") if sub else None)
    if doc_type == "plan_execution":
        m = _PLAN.search(f"{title}\n{head}")
        if m:
            return _period(m.group("y"), m.group("q") or m.group("q2"), m.group("m"))
    for where in (title, head[:300], head):
        m = _PERIOD.search(where)
        if m:
            return _period(m.group("y"), m.group("q"), m.group("m"))
    q = _BARE_QUALIFIER.search(f"{title}\n{head[:300]}")
    if published and q:
        # "上半年南通工业投资…" with the year only in the page's dated byline: a sub-annual story is published after
        # the part of the year it covers
        return _period(published[:4], q.group("q"), q.group("m"))
    year = _named_year(f"{title}\n{head}", published)
    if year:
        return _period(year, q.group("q") if q else None, q.group("m") if q else None)
    return None


# A year written without 年 at the head of a name: "6月23日,2022新一代信息技术…峰会", "《2022县域经济…报告》"; not a
# count ("企业2022家": a name does not follow a character), not a plan's horizon ("2035远景目标", "2025行动计划").
_NAMED_YEAR = re.compile(
    r"(?:^|(?<=[\s,，、。;；:：《“\"(（]))(?P<y>(?:19|20)\d{2})(?=[\u4e00-\u9fff])"
    r"(?![年月日届级期号个家])(?![\u4e00-\u9fff]{0,4}?(?:远景|愿景|规划|目标|计划|行动|展望))",
    re.M,
)
_DAY_BEFORE = re.compile(r"(?:1[0-2]|[1-9])月(?:3[01]|[12]\d|[1-9])日[,，]?\s*$")


def _named_year(text: str, published: str | None) -> str | None:
    """The year of a story that writes no year with 年, from a year in the name of what it reports (an event, a
    list, a report) when the page itself confirms it: the story dates that event to a day ("6月23日,2022…峰会") or
    the page's own date lies in that year or shortly after it. Unconfirmed, such a number says nothing."""
    for m in _NAMED_YEAR.finditer(text):
        y = m.group("y")
        if _DAY_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            return y
        if published and 0 <= int(published[:4]) - int(y) <= 1 and _plausible(date.fromisoformat(published), y + "FY"):
            return y
    return None


def _work_report_period(title: str, head: str) -> str | None:
    """The year a work report reviews: its review heading ("2022年工作回顾"; "2021年上半年工作回顾" for a mid-year
    session); else the day it was delivered (early in year Y+1: Y; from October on: the same year); else, for a
    page on the targets alone ("明确2024年…目标"), that year; else the year before the coming year it sets targets
    for ("过去一年 … 2023年是…开局之年"); else the year before the one its title names ("2021年政府工作报告");
    else the first year it states results for."""
    text = f"{title}\n{head}"
    m = _REVIEW.search(text)
    if m:
        year = m.group("y") or m.group("y2")
        return f"{year}H1" if m.group("h") else f"{year}FY"
    m = _DELIVERED.search(text)
    if m:
        year, month = int(m.group("y")), int(m.group("mo"))
        return f"{year if month >= 10 else year - 1}FY"
    past = _PAST_YEAR.search(text)
    m = _LEAD_TARGETS.search(text)
    if m and not past:
        return f"{m.group('y')}FY"
    m = _COMING.search(text)
    if m and past:
        return f"{int(m.group('y')) - 1}FY"
    m = _GWR_TITLE.search(title)
    if m:
        return f"{int(m.group('y')) - 1}FY"
    m = _PERIOD.search(text)
    return f"{m.group('y')}FY" if m else None


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


def find_published(text: str, meta: dict[str, str], period: str | None, title: str = "") -> str | None:
    """The page's own date: page metadata (发布时间) when the page has it; else a date in the header that sits with a
    label or the source; else a date printed on a line with the page's own title (an e-paper's or a list's metadata
    line "2022-12-19 <title> 2 江海晚报 …") or with the paper's edition ("2022年12月19日 星期一 第A02版"); else a
    news dateline's day ("南京7月22日电") dated in full elsewhere in the text ("2022年7月22日"); else the date in the
    page's own URL (CMS paths like /2020/0813/ or /20200813/). Found dates must be plausible for the period: a
    document-sharing site's upload date years later is not the publishing date. A date that stands alone at the
    top of a page (a site's "今天是…" bar, an upload date) is furniture, not the page's date."""
    if meta.get("published"):
        return meta["published"]
    head_lines = [ln for ln in text.split("\n")[:20] if ln.strip()][:12]
    dates = [_DATE.search(unicodedata.normalize("NFKC", ln)) for ln in head_lines if _LABELLED.search(ln)]
    dates += [_FULL_DATE.search(unicodedata.normalize("NFKC", ln)) for ln in head_lines if _EDITION.search(ln)]
    dates += _title_line_dates(text, title)
    dates.append(_dateline_date(text))
    urls = [meta.get("url", ""), *(m.group(1) for m in _OWN_LINK.finditer(text))]
    dates += [_URL_DATE.search(u[:URL_MAX]) for u in urls if u]
    for m in dates:
        found = _valid_date(*_ymd(m)) if m else None
        if found and _plausible(found, period):
            return found.isoformat()
    return None


# a full date: 2022-12-19, 2022/12/19, 2022.12.19 or 2022年12月19日 (not 2020年1-6月)
_FULL_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s*年\s*(1[0-2]|0?[1-9])\s*月\s*(3[01]|[12]\d|0?[1-9])\s*日"
                        r"|([-/.])(1[0-2]|0?[1-9])\4(3[01]|[12]\d|0?[1-9])(?!\d))")
_EDITION = re.compile(r"第\s*[A-Z]?\d{1,3}\s*版|版次|版面")
_TITLE_LINE_MAX = 300  # a metadata line, not a paragraph that happens to quote the title
_DATELINE = re.compile(r"(?P<mo>1[0-2]|[1-9])月(?P<d>3[01]|[12]\d|[1-9])日(?:电|讯)")


def _ymd(m: re.Match[str]) -> tuple[str, str, str]:
    """(year, month, day) of a match of _DATE, _URL_DATE or _FULL_DATE."""
    g = m.groups()
    if m.re is _FULL_DATE:
        return (g[0], g[1], g[2]) if g[1] else (g[0], g[4], g[5])
    return g[0], g[1], g[2]


def _title_line_dates(text: str, title: str, most: int = 5) -> list[re.Match[str] | None]:
    """Dates on a short line that carries the page's own title beside them (the title's own words aside)."""
    out: list[re.Match[str] | None] = []
    if len(title) < 6:
        return out
    pos = text.find(title)
    while pos >= 0 and len(out) < most:
        start, end = text.rfind("\n", 0, pos) + 1, text.find("\n", pos)
        end = len(text) if end < 0 else end
        if end - start <= _TITLE_LINE_MAX:
            line = text[start:pos] + " " + text[pos + len(title) : end]
            out.append(_FULL_DATE.search(unicodedata.normalize("NFKC", line)))
        pos = text.find(title, end)  # each line once: a long line repeating the title is not rescanned
    return out


def _dateline_date(text: str) -> re.Match[str] | None:
    """A news dateline gives the day only ("南京7月22日电", "晚报讯 7月22日"): the year is read from that same day
    written in full elsewhere in the page (its byline or footer); several years for that day decide nothing."""
    m = _DATELINE.search(text[:HEAD])
    if m is None:
        return None
    mo, d = m.group("mo"), m.group("d")
    same_day = re.compile(rf"(?<!\d)((?:19|20)\d{{2}})(?:\s*年\s*0?{mo}\s*月\s*0?{d}\s*日"
                          rf"|(?P<sep>[-/.])0?{mo}(?P=sep)0?{d}(?!\d))")
    found = {x.group(1): x for x in same_day.finditer(unicodedata.normalize("NFKC", text))}
    if len(found) != 1:
        return None
    return _FULL_DATE.search(next(iter(found.values())).group())


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
    return tuple(r for r in gazetteer().regions if r.level != "functional_zone")


def _hints(source: Source) -> tuple[str, ...]:
    return tuple(h for h in (source.meta.get("url", ""), Path(source.path).stem) if h)
