"""Find the pieces of a sentence: quantities (number + unit), ranking claims, comparisons, summaries.

Each finder takes the compact sentence text and returns plain records with sentence-local offsets; the grammar
(`ingest.extract.grammar`) decides what the pieces mean together.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Final

from ingest.extract import lexicon as lx
from ingest.extract.firstchars import Scanner
from ingest.extract.numbers import parse_arabic, parse_rank
from ingest.extract.regions import CLASS_SOURCE, COUNTRY_WORDS, GROUP_SOURCE, OWN_SCOPE_WORDS, PEERS_SOURCE
from ingest.extract.units import BASE_UNITS, MODIFIER_KINDS, resolve

_BASES: Final = "|".join(re.escape(u) for u in sorted(BASE_UNITS, key=len, reverse=True))
# number [range] [余/多] [magnitude] [余/多] unit [bound]
# (the number opens with one character class, not an optional sign, so the regex engine can skip ahead to
# candidates; a bare sign is dropped in find_quantities.) Linear on a run of digits: a digit right after a digit
# never starts a number (a match there would make one from the digit before, already tried), and the digit
# groups are possessive (giving some back only ever leaves a digit, ',' or '.' next, which no unit starts with).
QUANTITY: Final = re.compile(
    r"(?P<num>[-−\d](?<!\d\d)\d*+(?:,\d{3}){0,6}+(?:\.\d++)?+)(?![A-Za-z\d])"
    r"(?:[-~～至到](?P<hi>\d+(?:\.\d+)?))?"
    r"(?P<ap1>余|多)?"
    r"(?P<unit>(?:万亿|亿|万|千)?(?:余|多)?(?:" + _BASES + r")|万亿|亿|万(?=大关|关口)"
    # a measure word the table does not know, at the end of a clause: found, so it still names its subject
    r"|(?P<unk>(?:万亿|亿|万|千)?[\u4e00-\u9fff]?次?)(?=[,;。、]|$))"
    r"(?P<bound>以上|以内|以下|左右)?"
)
_BOUND_WORD_ENDS: Final = frozenset(w[-1] for w in (*lx.APPROX_BEFORE, *lx.MIN_BEFORE, *lx.MAX_BEFORE))
_NOT_BEFORE_NUMBER: Final = (
    frozenset("0123456789.第/_") | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
)
# Statistics written as a Latin acronym right before their figure ('实现GDP5351.7亿元').
_ACRONYMS: Final = ("GDP", "GNP", "CPI", "PPI")
QUOTE: Final = re.compile(r"“[^“”]{0,40}”|「[^「」]{0,40}」|‘[^‘’]{0,40}’|\"[^\"]{0,40}\"|《[^《》]{0,40}》")
PAREN: Final = re.compile(r"\([^()]{0,30}\)")
_CJK: Final = re.compile(r"[\u4e00-\u9fff]")
_TWO_CJK_BEFORE: Final = re.compile(r"[\u4e00-\u9fff]{2}$")
_TITLE: Final = re.compile(r"“([^“”]+)”")
_STRONG: Final = re.compile(r"百强|\d+强|十强|五十强")
# the further ranks of a list ('第5、第7、第9位', '第16、21、28、31位')
_MORE_RANKS: Final = re.compile(r"(?:^|[、,和])第?(" + lx.RANK_NUM + ")")
_BENCH_SEP: Final = re.compile(r"和|、|及|与")


# (own __init__s, init=False: see state.Draft)
@dataclass(slots=True, init=False)
class Quantity:
    start: int
    end: int
    value: float
    unit: str
    kind: str
    approx: bool = False
    bound: str | None = None
    modifier: bool = False  # a size class in front of a noun ('10亿元以上项目'), not a statistic
    growth: bool = False  # a growth by its very wording ('翻一番'), whatever verb precedes it
    value_max: float | None = None  # '1-2个': the high end of a range

    def __init__(self, start: int, end: int, value: float, unit: str, kind: str, approx: bool = False,
                 bound: str | None = None, modifier: bool = False, growth: bool = False) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.unit = unit
        self.kind = kind
        self.approx = approx
        self.bound = bound
        self.modifier = modifier
        self.growth = growth
        self.value_max = None


@dataclass(slots=True, init=False)
class Claim:
    start: int
    end: int
    claim: str
    ranks: list[int | None]
    scope_word: str | None = None
    names: list[str] = field(default_factory=list)  # list titles named by the claim itself
    distribute: bool = False  # '分别列第24位、第7位' -> one rank per listed subject
    rank_range: bool = False  # '位列第3至第6'
    streak: str | None = None  # '连续8个月全省第一': how long the claim has held
    subset: str | None = None  # '全市七县(市)第二': the class or subset of the scope's units ranked
    rank_change: int | None = None  # '比上年度前进4位' (+4), '后退2位' (-2): a move, not a position
    of_units: bool = False  # '全区第四个突破2000亿元大关的地区': the order in which units passed a mark

    def __init__(self, start: int, end: int, claim: str, ranks: list[int | None], scope_word: str | None = None,
                 names: list[str] | None = None, distribute: bool = False, rank_range: bool = False) -> None:
        self.start = start
        self.end = end
        self.claim = "名列前茅" if claim == "前茅" else claim  # (the idiom, however it is led: 位居全省前茅)
        self.ranks = ranks
        self.scope_word = scope_word
        self.names = [] if names is None else names
        self.distribute = distribute
        self.rank_range = rank_range
        self.streak = None
        self.subset = None
        self.rank_change = None
        self.of_units = False


@dataclass(slots=True)
class Uncounted:
    """A figure in a measure word the unit table does not know ('45万X,'): it still names a subject."""

    start: int
    end: int


@dataclass(slots=True)
class Comparison:
    start: int
    end: int
    benchmarks: list[str]
    relation: str
    gaps: list[float | None] = field(default_factory=list)  # stated gap (pp) per benchmark, as written
    ends: list[int] = field(default_factory=list)  # where each benchmark's statement ends (after its gap)
    # one benchmark, a gap per subject compared ('A、B增幅分别高于全省平均0.7和3.1个百分点'), and where they end
    each: list[float | None] = field(default_factory=list)
    each_end: int = 0


@dataclass(slots=True)
class Summary:
    start: int
    end: int
    total: int | None
    met: int | None
    missed: int | None


def masked_spans(text: str) -> list[tuple[int, int]]:
    """Quoted names ('“苏政40条”', '“5123”工程', '“两王带4个2”') never hold statistics."""
    return [(m.start(), m.end()) for m in QUOTE.finditer(text)]


def inside(pos: int, spans: list[tuple[int, int]] | Covered) -> bool:
    if isinstance(spans, Covered):
        return pos in spans
    for a, b in spans:  # noqa: SIM110 (a plain loop: any() over a generator cost a frame per call)
        if a <= pos < b:
            return True
    return False


_FEW: Final = 8  # up to this many spans, a plain scan is cheaper than building a Covered


class Covered:
    """`pos in covered`: whether pos lies in one of the spans (which may overlap), by bisection, so a long sentence
    with many quoted names or claims costs n log n, not n squared."""

    __slots__ = ("reach", "starts")

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach: list[int] = []  # reach[i]: the furthest end of the spans 0..i
        far = -1
        for _, b in ordered:
            far = b if b > far else far
            self.reach.append(far)

    def __contains__(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos

    def __bool__(self) -> bool:
        return bool(self.starts)


class Disjoint:
    """Spans that do not overlap, kept in order: whether a new one overlaps any of them, in log n."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []  # (disjoint and sorted by start: sorted by end too)

    def overlaps(self, a: int, b: int) -> bool:
        """Whether the non-empty span [a, b) overlaps one of the spans."""
        i = bisect_right(self.starts, a)
        return (i > 0 and self.ends[i - 1] > a) or (i < len(self.starts) and self.starts[i] < b)

    def add(self, a: int, b: int) -> None:
        i = bisect_right(self.starts, a)
        self.starts.insert(i, a)
        self.ends.insert(i, b)


def find_quantities(text: str, spans: list[tuple[int, int]], uncounted: list[Uncounted] | None = None
                    ) -> list[Quantity]:
    """The quantities of a sentence; figures in a measure word the unit table does not know go to `uncounted`."""
    out: list[Quantity] = []
    blocked = Covered(spans) if len(spans) > _FEW else spans
    survey = "抽" in text or "样本" in text
    for m in QUANTITY.finditer(text):
        start = m.start()
        # (checked here, not as a look-behind, so the pattern starts with a digit class the regex engine can skip to)
        if start and text[start - 1] in _NOT_BEFORE_NUMBER and not text.endswith(_ACRONYMS, 0, start):
            continue  # (a model or code number, 'A380', 'H7N9'; not the figure after 'GDP')
        num, unit_written, bound_word, ap1, unk, hi = m.group("num", "unit", "bound", "ap1", "unk", "hi")
        if len(num) == 1 and not num.isdigit():
            continue  # a sign with no number
        if blocked and inside(start, blocked):
            continue
        if unk is not None:
            if unk and unk[-1] not in _NOT_MEASURE_WORDS and uncounted is not None:
                uncounted.append(Uncounted(start, m.end()))
            continue
        rough = "余" in unit_written or "多" in unit_written
        unit = unit_written.replace("余", "").replace("多", "") if rough else unit_written
        info = resolve(unit)
        if info is None:
            continue
        if unit in ("条", "项", "个") and _is_label(text, m):
            continue
        approx = bound_word == "左右"
        bound = lx.BOUND_AFTER.get(bound_word) if bound_word else None
        if ap1 or rough:
            bound = "min"
        if not start or text[start - 1] not in _BOUND_WORD_ENDS:  # (most numbers: no such word before them)
            pass
        elif (before := text[max(0, start - 3) : start]).endswith(lx.APPROX_BEFORE):
            approx = True
        elif before.endswith(lx.MIN_BEFORE):
            bound = "min"
        elif before.endswith(lx.MAX_BEFORE):
            bound = "max"
        # (a plain number needs none of parse_arabic's clean-up)
        value = parse_arabic(num) if "," in num or "−" in num else float(num)
        q = Quantity(start, m.end(), value, unit, info.kind, approx, bound)
        if hi is not None and float(hi) > value:
            q.value_max = float(hi)  # '新获批交割品种1-2个'
        q.modifier = (info.kind in MODIFIER_KINDS and _is_modifier(text, m, info.kind)) or (
            survey and info.kind == "percent" and lx.SURVEY_DESIGN.match(text, m.end()) is not None
        )
        out.append(q)
    for m in CN_QUANTITY.finditer(text):
        if m.start() < 2 or text[m.start() - 1] in _NOT_BEFORE_CN_COUNT or inside(m.start(), blocked):
            continue
        if not _TWO_CJK_BEFORE.search(text, m.start() - 2, m.start()):
            continue
        count = parse_rank(m.group("num"))
        info = resolve(m.group("unit"))
        if count and info:
            out.append(Quantity(m.start(), m.end(), float(count), m.group("unit"), info.kind))
    if "倍" in text or "番" in text:
        out += _multiples(text, blocked)
    out.sort(key=lambda q: q.start)
    if "和" in text or "、" in text or "及" in text or "与" in text:  # (no list word: no unit to share)
        if "百分点" in text:
            _shared_points(text, out)
        out = _shared_units(text, out, blocked)
    _chain_modifiers(text, out)
    return out


# Dates, ages, ordinals and the like after a number at the end of a clause are no measure words.
_NOT_MEASURE_WORDS: Final = frozenset(
    "年月日号时分秒岁倍位成折届期批周季元亿万千百十余多强度第后前来内外中底初末左右上下"
) - frozenset("万亿千")  # (a bare magnitude '收入5万,' is a figure all the same)


# Growth written as a multiple: '增长1.5倍' is +150%; '翻番'/'翻一番' doubles (+100%), '翻两番' quadruples (+300%).
_TIMES: Final = re.compile(r"(?:增长|增加|提高|提升|上升|上涨)了?(?P<num>\d+(?:\.\d+)?)倍")
_DOUBLINGS: Final = re.compile(r"翻了?(?P<n>一|两|二|三)?番")


def _multiples(text: str, blocked: list[tuple[int, int]] | Covered) -> list[Quantity]:
    out = []
    for m in _TIMES.finditer(text):
        if not inside(m.start("num"), blocked) and text[m.start() - 1 : m.start()] not in _NOT_BEFORE_NUMBER:
            out.append(Quantity(m.start("num"), m.end(), round(parse_arabic(m.group("num")) * 100, 6), "%", "percent"))
    for m in _DOUBLINGS.finditer(text):
        if not inside(m.start(), blocked):
            times = parse_rank(m.group("n") or "一") or 1
            # a doubling is a round claim, not a measured rate
            out.append(Quantity(m.start(), m.end(), float(100 * (2**times - 1)), "%", "percent", approx=True,
                                growth=True))
    return out


def _shared_points(text: str, qs: list[Quantity]) -> None:
    """'分别拉动经济增长0.8个、3.1个百分点': '个' before a listed '个百分点' is short for it."""
    for i in range(len(qs) - 2, -1, -1):
        q, nxt = qs[i], qs[i + 1]
        if q.unit == "个" and nxt.kind == "pp" and text[q.end : nxt.start] in ("、", "和", "及", "与", ","):
            q.unit, q.kind = "个百分点", "pp"


# (the look-behind sits after the first digit, so the pattern opens with a digit the regex engine can skip to)
_BARE_BEFORE: Final = re.compile(r"(\d(?<![\dA-Za-z.第/_]\d)\d*(?:\.\d+)?)(?:和|、|及|与)$")


def _shared_units(text: str, qs: list[Quantity], blocked: list[tuple[int, int]] | Covered) -> list[Quantity]:
    """'2.4和1.3个百分点', '5%、7%' written as '5、7%': earlier numbers of a list take the last one's unit."""
    out: list[Quantity] = []
    found: Covered | None = None  # the quantities' own spans, built when first needed
    for q in reversed(qs):
        out.append(q)
        cur = q
        while True:
            if cur.start < 2 or text[cur.start - 1] not in "和、及与":
                break
            m = _BARE_BEFORE.search(text, max(0, cur.start - 16), cur.start)
            if not m or inside(m.start(), blocked):
                break
            if found is None:
                found = Covered((o.start, o.end) for o in qs)
            if m.start() in found:
                break
            cur = Quantity(m.start(), m.end(1), parse_arabic(m.group(1)), q.unit, q.kind)
            out.append(cur)
    return out[::-1]


def _is_label(text: str, m: re.Match[str]) -> bool:
    """'“助企兴龙”10条', '冲刺四季度20条等政策措施', '33项政策措施': numbered policy labels."""
    after = text[m.end() : m.end() + 6]
    if lx.POLICY_NOUNS.match(after) and m.group("unit") in ("条", "项", "个"):
        return True
    return m.group("unit") == "条" and m.start() > 0 and text[m.start() - 1] in "”」’\""


def _is_modifier(text: str, m: re.Match[str], kind: str) -> bool:
    if kind not in MODIFIER_KINDS:
        return False
    nxt = text[m.end() : m.end() + 1]
    if text.startswith(("目标", "任务", "的", "大关", "关口", "台阶", "新台阶", "门槛"), m.end()):
        return False  # ('突破2000亿元大关': the figure passed, not a size class)
    if lx.RANKED_AFTER.match(text, m.end()):
        return False  # ('苏州以23958亿元位居全省第一': the figure a claim is made with)
    if m.group("bound") in ("以上", "以下"):
        return bool(_CJK.match(nxt)) or nxt == "、"
    return bool(_CJK.match(nxt)) and nxt not in "的等,、和及与"


def _chain_modifiers(text: str, qs: list[Quantity]) -> None:
    """'超100亿元、50亿元企业': an amount listed with a modifier is a modifier too."""
    for i in range(len(qs) - 1, 0, -1):
        a, b = qs[i - 1], qs[i]
        if b.modifier and not a.modifier and a.kind == b.kind and text[a.end : b.start] in ("、", "和", "或"):
            a.modifier = True


# --- ranking claims ------------------------------------------------------------------------------------------------
# A claim names its scope: a scope word (全省, 全国, 全区 …) or a place (南通, 广东, 苏州), then maybe a class
# or subset of the scope's units (全市七县(市), 全省13个设区市中, 全国县域), then a position (第N, 第N个…城市), a
# claim word (首位, 榜首, 前列, 领跑 …) or a list entry (跻身全国百强). A streak (连续8个月) may come first; a
# rank change (前进4位, 提升3个位次) is a change, not a position. The scope alternation depends on the report (its
# province and prefectures), so the patterns are built per document (claim_patterns).
_LIST_NAME = (
    r"(?P<mid>[\u4e00-\u9fff]{0,8}?(?:实力|竞争力|指数|榜单|榜|排名|排行|评价|考核|总量|增速|增幅|规模|百强县市|百强县|"
    r"百强区|百强市|百强|强县|强区|强市)(?:中)?)?"
)
# Scopes written as words, not places: what '领跑全区', '领先同类城市' lead ('苏州再次领先南京' compares two places).
_WORD_SCOPES = "(?:" + "|".join(sorted(COUNTRY_WORDS + OWN_SCOPE_WORDS, key=len, reverse=True)) + "|" + GROUP_SOURCE \
    + "|" + PEERS_SOURCE + ")"
# A class or subset of the scope's units: '七县(市)', '13个设区市中', '县域', '各县(市、区)', '各县级市', '同类城市'.
_SUBSET = r"(?:(?P<subset>" + CLASS_SOURCE + "|" + PEERS_SOURCE + r")(?:中|里|之中)?)?"
STREAK_RE: Final = r"连续(?:第)?(?:\d+|" + lx.CN_NUM + r"|多|数|几)(?:年|个月|个季度|季度|次|届|期|周)"
# What a '第N个' names when it ranks the unit ('全区第四个突破2000亿元大关的地区', '广东第二个万亿元消费城市').
_NTH_OF_UNITS = (
    r"(?=[^,;。:]{0,24}?(?:城市|地区|省份|县市|县区|县份|设区市|地级市|县级市|区县|市县|省区|盟市|经济体)(?:[,;。:]|$))"
)
_OF_UNITS_AFTER: Final = re.compile(_NTH_OF_UNITS)
_NOT_AFTER_RANK = r"(?!产业|次|届|批|季度|期|年|个|家|大|部分|条|款|章|项|号|轮|代|时间|线|手|步)"
_RANK_VERB_ONLY: Final = re.compile(
    r"(?P<verb>" + lx.RANK_VERBS + r")(?P<fen>分别)?(?:列)?第(?P<n>" + lx.RANK_NUM + r")(?:位|名)?"
    r"(?P<more>(?:[、,和]第?" + lx.RANK_NUM + r"(?:位|名)?)*)(?:至第(?P<hi>" + lx.RANK_NUM + r")(?:位|名)?)?"
    + _NOT_AFTER_RANK
)
_RANK_CHANGE: Final = re.compile(lx.RANK_CHANGE_RE)
_RANK_VERB_CLAIM: Final = re.compile(
    r"(?P<verb>处于|位居|位列|居于|排在|稳居|保持在?|名列|列)(?P<claim>最后" + lx.RANK_NUM + r"位|倒数第" + lx.RANK_NUM
    + r"位?|前列|前茅|前" + lx.RANK_NUM + r"位?|第一方阵|第一梯队)"
)
# Chinese-numeral counts at the end of a clause ('新增规上工业企业三家'); ordinals and claims are excluded.
CN_QUANTITY: Final = re.compile(
    r"(?P<num>[一二两三四五六七八九十][一二两三四五六七八九十]{0,2})(?P<unit>家|个|项|所|座|条)(?=[,;。]|$)"
)
_NOT_BEFORE_CN_COUNT: Final = frozenset("第前仅这那每各一二两三四五六七八九十百千万")
_ENTRY_VERBS: Final = ("跻身", "进入", "入选", "入围", "迈入", "挺进", "获评", "荣获", "被评为", "获得")
_QUOTED_TITLE: Final = re.compile(r"(?P<verb>蝉联|荣获|获评|获得|入选|跻身|入围|获)?(?P<titles>(?:“[^“”]{2,30}”)+)")


# '率先' ranks only as the first to pass a mark ('全省率先突破千亿元', '率先迈上2000亿元台阶').
_FIRST_PAST_MARK: Final = re.compile(
    r"(?:实现|完成)?(?:突破|迈上|跨越|跨过|达到|超过)[^,;。]{0,8}?[\d一二三四五六七八九十百千万]"
)
# A claim word used as an adjective ('保持了省内前列的增速', '打造全省领先的产业集群') describes a noun, it does not
# rank the subject; '处于全省前列的位置' still does.
_ADJECTIVAL: Final = re.compile(r"的(?!位置|水平|位次|行列|地位|位子)")


# Opens with an optional verb: the regex engine would try it at every position of a sentence.
_QUOTED_TITLE_SCAN: Final = Scanner(_QUOTED_TITLE)
# Cheap gates: the claim patterns are costly alternations, so each runs only when its key characters occur.
_HAS_RANK: Final = re.compile(r"第|前|领先|领跑|唯一|首位|首家|首个|榜首|率先|垫底|强|最|倒数|仅|方阵|梯队|位|名次")


class ClaimPatterns:
    """The claim patterns over one report's scope words and place names (see claim_patterns)."""

    __slots__ = ("entry", "lead_verb", "scope_re", "scoped")

    def __init__(self, scope_alt: str) -> None:
        scope = "(?:" + scope_alt + ")"
        self.scope_re = re.compile(scope)
        # (each opens at its scope or verb: the optional verb and streak in front are found after a match, by
        # _prefix, so the regex engine tries the patterns only where a scope word or a verb begins)
        self.scoped = Scanner(re.compile(
            r"(?P<scope>" + scope + r"(?:省内|市内|区内|县内|内)?)" + _SUBSET
            + r"(?:排名|排位|排行)?(?:(?P<nth>第" + lx.RANK_NUM + r"个|首个)" + _NTH_OF_UNITS + r"|(?P<claim>"
            + lx.CLAIM_RE + r")|" + _LIST_NAME + r"第(?P<n>" + lx.RANK_NUM + r")(?:位|名)?"
            r"(?P<more>(?:[、和]第?" + lx.RANK_NUM + r"(?:位|名)?)*)" + _NOT_AFTER_RANK + ")"
        ))
        # '领跑全区', '领先全省': the claim word before its scope
        # ('苏州再次领先南京' compares two places: only a scope word, not a place, is led)
        self.lead_verb = re.compile(
            r"(?P<claim>领跑|领先|领衔)(?P<scope>" + _WORD_SCOPES + r")" + _SUBSET + r"(?!的|平均|水平|增速|\d)"
        )
        self.entry = Scanner(re.compile(
            r"(?P<verb>跻身|进入|跌出|入选|入围|位列|位居|迈入|挺进|获评|荣获|被评为|获得)(?P<scope>" + scope
            + r")?(?P<name>[^,;。“”]{0,16}?(?:百强|\d+强|十强|五十强)[^,;。“”]{0,6}?)(?=行列|榜单|名单|,|;|。|$)"
        ))


_SCOPE_WORD_START: Final = re.compile(r"全|省内|市内|区内|县内|国内|我国|本")
_PLACED: Final = re.compile(r"第(\d+|[一二三四五六七八九十]+)(?:名|位)$")
# What may stand in front of a claim: a streak ('连续8个月'), then a ranking verb ('位居').
_PREFIX: Final = re.compile(r"(?P<streak>" + STREAK_RE + r")?(?P<verb>" + lx.RANK_VERBS + r")?$")
_STREAK_BEFORE: Final = re.compile(r"(?P<streak>" + STREAK_RE + r")$")


def _prefix(text: str, pos: int, verb: bool = True) -> tuple[int, str | None]:
    """Where a claim found at pos really starts (its verb and streak included), and its streak."""
    if pos == 0:
        return pos, None
    m = (_PREFIX if verb else _STREAK_BEFORE).search(text, max(0, pos - 14), pos)
    if m is None or m.start() == pos:
        return pos, None
    return m.start(), m.group("streak")


@lru_cache(maxsize=64)
def claim_patterns(scope_alt: str) -> ClaimPatterns:
    """The claim patterns for a report whose scopes are these words and names (one alternation, longest first)."""
    return ClaimPatterns(scope_alt)


def find_claims(text: str, spans: list[tuple[int, int]], patterns: ClaimPatterns) -> list[Claim]:
    claims: list[Claim] = []
    if not _HAS_RANK.search(text):
        return claims
    blocked = Covered(spans) if len(spans) > _FEW else spans
    taken = Disjoint()

    def add(c: Claim) -> None:
        if taken.overlaps(c.start, c.end):
            return
        claims.append(c)
        taken.add(c.start, c.end)

    strong = "强" in text
    c: Claim | None
    for m in _QUOTED_TITLE_SCAN.finditer(text) if strong and "“" in text else ():
        titles = _TITLE.findall(m.group("titles"))
        ranked = [t for t in titles if lx.LIST_TITLE_WORDS.search(t)]
        if ranked and m.group("verb"):
            top = "百强" if any("百强" in t for t in ranked) else None
            claim = top or _match(lx.LIST_TITLE_WORDS.search(ranked[0])).group()
            add(Claim(m.start(), m.end(), claim, [None] * len(ranked), _scope_in(ranked[0], patterns), ranked))
    for m in patterns.entry.finditer(text) if strong else ():
        if inside(m.start(), blocked):
            continue
        name = (m.group("scope") or "") + m.group("name")
        claim = _match(_STRONG.search(name)).group() if m.group("verb") in _ENTRY_VERBS else m.group(0)
        if m.group("verb") == "跌出":
            claim = m.group(0)
        start, streak = _prefix(text, m.start(), verb=False)
        placed = _PLACED.search(name)  # '入选2019年度全国投资潜力百强县市第52名': the entry's place in the list
        c = Claim(start, m.end(), claim, [parse_rank(placed.group(1)) if placed else None],
                  m.group("scope") or _scope_in(name, patterns), [name[: placed.start()] if placed else name])
        c.streak = streak
        add(c)
    for m in _RANK_CHANGE.finditer(text) if "位" in text or "名" in text else ():
        if not m.group("u").startswith("个"):
            lead = lx.RANK_CHANGE_LEAD.search(text, max(0, m.start() - 8), m.start())
            if lead is None:
                continue
            start = lead.start()
        else:
            start = m.start()
        way, written = m.group("dir"), m.group("n")
        n = parse_rank(written)
        c = Claim(start, m.end(), way + written + "位", [None], None)
        c.rank_change = None if n is None else (-n if way in lx.RANK_DOWN else n)
        add(c)
    for m in _RANK_VERB_ONLY.finditer(text) if "第" in text else ():
        if inside(m.start(), blocked):
            continue
        ranks = [parse_rank(m.group("n"))]
        ranks += [parse_rank(x) for x in _MORE_RANKS.findall(m.group("more") or "")]
        if m.group("hi"):
            lo, hi = ranks[0], parse_rank(m.group("hi"))
            if lo is not None and hi is not None and 0 < hi - lo < 20:
                add(Claim(m.start(), m.end(), m.group(0), list(range(lo, hi + 1)), None, rank_range=True))
                continue
        add(Claim(m.start(), m.end(), m.group(0), ranks, None, distribute=bool(m.group("fen")) or len(ranks) > 1))
    for m in patterns.scoped.finditer(text):
        if inside(m.start(), blocked) or _scope_is_part_of_name(text, m):
            continue
        start, streak = _prefix(text, m.start())
        c = None
        if m.group("n"):
            ranks = [parse_rank(m.group("n"))] + [parse_rank(x) for x in _MORE_RANKS.findall(m.group("more") or "")]
            # '分列全省县域经济综合实力第5、第7、第9位': the words between scope and rank name the list
            mid = m.group("mid") or ""
            names = [m.group("scope") + (m.group("subset") or "") + mid] if len(mid) >= 4 else []
            c = Claim(start, m.end(), text[start : m.end()], ranks, m.group("scope"), names=names * len(ranks),
                      distribute=len(ranks) > 1)
        elif m.group("nth"):
            nth = m.group("nth")
            c = Claim(start, m.end(), nth, [None if nth == "首个" else parse_rank(nth[1:-1])], m.group("scope"))
            c.of_units = True
        elif not _ADJECTIVAL.match(text, m.end()):
            word = m.group("claim")
            if word == "率先" and not _FIRST_PAST_MARK.match(text, m.end()):
                continue  # '在南通市率先聘请…': first to act, not a position; '全省率先突破千亿元' ranks
            if word.startswith("最") and not _SCOPE_WORD_START.match(m.group("scope")):
                continue  # '其中江苏最多': the place has the most, it is not the scope of anything
            c = Claim(start, m.end(), word, [_claim_rank(word)], m.group("scope"))
            # '省内唯一GDP突破2万亿元的城市': the one unit past a mark, named by the mark
            c.of_units = word == "唯一" and _OF_UNITS_AFTER.match(text, m.end()) is not None
        if c is not None:
            c.streak, c.subset = streak, m.group("subset")
            add(c)
    for m in patterns.lead_verb.finditer(text) if "领" in text else ():
        if not inside(m.start(), blocked):
            start, streak = _prefix(text, m.start(), verb=False)
            c = Claim(start, m.end(), m.group("claim"), [None], m.group("scope"))
            c.streak, c.subset = streak, m.group("subset")
            add(c)
    for m in _RANK_VERB_CLAIM.finditer(text):
        if not inside(m.start(), blocked) and not _ADJECTIVAL.match(text, m.end()):
            add(Claim(m.start(), m.end(), m.group("claim"), [None], None))
    return sorted(claims, key=lambda c: c.start)


def _match(m: re.Match[str] | None) -> re.Match[str]:
    """A match the pattern that found the text guarantees (the list-title words of a title kept for having one)."""
    if m is None:
        raise AssertionError("a guaranteed match is missing")
    return m


def _scope_is_part_of_name(text: str, m: re.Match[str]) -> bool:
    """'南通第一中学', '全省第一家' are names or counts, not rank claims; '第一产业' is an industry."""
    nxt = text[m.end() : m.end() + 2]
    return bool(m.group("n")) and nxt[:1] in ("家", "所", "中", "批", "个", "条", "届")


def _claim_rank(word: str) -> int | None:
    return lx.CLAIM_WORDS.get(word)


def _scope_in(name: str, patterns: ClaimPatterns) -> str | None:
    m = patterns.scope_re.match(name)
    return m.group() if m else None


# --- comparisons ---------------------------------------------------------------------------------------------------
@lru_cache(maxsize=64)
def bench_re(bench_words: str) -> tuple[re.Pattern[str], ...]:
    """Comparison patterns over the benchmark words known for a document (scope words + place names): equal, diff,
    than, and the continuation of a gap list ('高于全国1.4个百分点、全省0.7个百分点': '、全省0.8个百分点')."""
    b = "(?:" + bench_words + ")"
    equal = re.compile(
        r"(?:与|和|同)(?P<b>" + b + r"(?:(?:和|、|及|与)" + b + r")*)" + lx.BENCH_SUFFIX
        + r"(?:基本|大体)?(?P<rel>持平|相当|同步|一致)"
    )
    listed = r"(?P<b>" + b + r"(?:(?:和|、|及|与)" + b + r")*)"
    diff = re.compile(r"(?P<rel>高于|低于|快于|慢于|超过|落后于|高出|低出|快出|领先于|领先(?=\w{0,6}平均))" + listed
                      + lx.BENCH_SUFFIX)
    than = re.compile(r"(?:比|较)" + listed + lx.BENCH_SUFFIX + r"(?:还|更|略|稍)?(?P<rel>高|低|快|慢)")
    more = re.compile(r"(?:、|,|和|及|与)(?P<b>" + b + r")" + lx.BENCH_SUFFIX + _GAP_ONE)
    return equal, diff, than, more


# A stated gap right after a benchmark: '1.4个百分点', '超20个百分点', or a list '1.3和0.9个百分点'.
_GAP_NUM: Final = r"(?:超过|超|近|约)?\d+(?:\.\d+)?"
_GAP_ONE: Final = r"(?P<gap>" + _GAP_NUM + r")个?百分点"
_GAPS: Final = re.compile(r"(?P<gaps>" + _GAP_NUM + r"个?(?:(?:和|、|及|与)" + _GAP_NUM + r"个?)*)百分点")
_GAP_SPLIT: Final = re.compile(r"和|、|及|与")


_HAS_COMPARISON: Final = re.compile(r"持平|相当|同步|一致|高于|低于|快于|慢于|超过|落后|领先|比|较")
_RELATION: Final = {
    "持平": "equal", "相当": "equal", "同步": "equal", "一致": "equal",
    "高于": "higher", "快于": "higher", "超过": "higher", "领先于": "higher", "领先": "higher", "高出": "higher",
    "快出": "higher", "高": "higher", "快": "higher",
    "低于": "lower", "慢于": "lower", "落后于": "lower", "落后": "lower", "低出": "lower", "低": "lower", "慢": "lower",
}


def find_comparisons(
    text: str, patterns: tuple[re.Pattern[str], ...], spans: list[tuple[int, int]]
) -> list[Comparison]:
    out: list[Comparison] = []
    if not _HAS_COMPARISON.search(text):
        return out
    blocked = Covered(spans) if len(spans) > _FEW else spans
    taken = Disjoint()
    *relations, more = patterns
    for pat in relations:
        for m in pat.finditer(text):
            if inside(m.start(), blocked) or taken.overlaps(m.start(), m.end()):
                continue
            taken.add(m.start(), m.end())
            benches = [x for x in _BENCH_SEP.split(m.group("b")) if x]
            c = Comparison(m.start(), m.end(), benches, _RELATION[m.group("rel")])
            if c.relation != "equal":
                _add_gaps(text, c, more)
            out.append(c)
    return sorted(out, key=lambda c: c.start)


def _add_gaps(text: str, c: Comparison, more: re.Pattern[str]) -> None:
    """The gap each benchmark is stated with: one number per benchmark ('分别高于全国、全省1.3和0.9个百分点'), and
    further benchmarks listed with their own gaps ('高于全国2.4个百分点、全省1.3个百分点')."""
    g = _GAPS.match(text, c.end)
    if not g:
        return
    values = [_gap(v.removesuffix("个")) for v in _GAP_SPLIT.split(g.group("gaps"))]
    if len(values) > 1 and len(c.benchmarks) == 1:
        c.each, c.each_end = values, g.end()  # (the subjects are the comparison's to split: claims.py)
        return
    if len(values) != len(c.benchmarks):
        return
    c.gaps, c.ends = values, [g.end()] * len(values)
    pos = g.end()
    while (m := more.match(text, pos)) is not None:
        c.benchmarks.append(m.group("b"))
        c.gaps.append(_gap(m.group("gap")))
        c.ends.append(m.end())
        pos = m.end()


def _gap(written: str) -> float | None:
    """A plain stated gap; '超20' or '约2' bounds it only, and a bound is no figure to check against official data."""
    return float(written) if written[0].isdigit() else None


# --- summaries (scorecards) ---------------------------------------------------------------------------------------
# A report's tally of its own targets, in any of the genre's shapes: '27个主要指标,有8个指标未达到预期水平',
# '14项主要指标有11项达到或超过预期', '对照年初确定的20个指标,有季度数据的18个指标中,12个符合预期', '3项指标与年初
# 目标有差距'. The total is a count of 指标; the met or missed count follows with its verb.
_SUMMARY_TOTAL: Final = re.compile(
    r"(?P<total>\d+)(?:个|项)(?:主要)?(?:经济社会发展|经济|发展)?(?:预期)?(?:目标)?(?:考核)?指标"
)
# (progress against the calendar: '13项指标完成时间过半、任务过半,5项指标进度滞后', '达到序时进度')
_MISS_WORDS = (
    r"(?:进度)?滞后于?|未达到序时进度|慢于序时进度|低于序时进度|"
    r"未达到|未完成|没有达到|没有完成|未达|低于|落后于?|与(?:年初)?(?:目标|预期)(?:存在|有)差距|有差距"
)
_MET_WORDS = (
    r"(?:完成)?时间过半[、,]?任务过半|(?:达到|快于|超过|超)序时进度|"
    r"达到或超过|达到或超出|完成或超额完成|符合|达到|完成|超额完成|超过|好于|高于|快于"
)
_SUMMARY_COUNT: Final = re.compile(
    r"(?P<n>\d+)(?:个|项)(?:指标)?(?:均|已|全部)?(?:(?P<miss>" + _MISS_WORDS + r")|(?P<met>" + _MET_WORDS + r"))"
    # '完成或超额完成年度计划的有26项': the verb first
    r"|(?:(?P<miss2>" + _MISS_WORDS + r")|(?P<met2>" + _MET_WORDS + r"))"
    r"[^,;。\d]{0,12}?的(?:指标)?有(?P<n2>\d+)(?:个|项)"
)
_SUMMARY_WINDOW: Final = 40  # how far after the total its met or missed count may stand


def find_summaries(text: str) -> list[Summary]:
    out: list[Summary] = []
    if "指标" not in text:
        return out
    pos = 0
    while (t := _SUMMARY_TOTAL.search(text, pos)) is not None:
        if _SUMMARY_COUNT.match(text, t.start()):
            pos = t.end()  # '6项指标完成情况较好': a count with its verb, not the total
            continue
        c = _SUMMARY_COUNT.search(text, t.end(), min(len(text), t.end() + _SUMMARY_WINDOW))
        if c is None or "。" in text[t.end() : c.start()]:
            pos = t.end()
            continue
        total = int(t.group("total"))
        n, missed = _tally(c)
        if n <= total:
            s = Summary(t.start(), c.end(), total, None if missed else n, n if missed else None)
            # '…18项完成年度目标,3项未完成': the other side of the tally, when it follows
            other = _SUMMARY_COUNT.search(text, c.end(), min(len(text), c.end() + _SUMMARY_WINDOW // 2))
            if other is not None and ("。" in text[c.end() : other.start()] or _SUMMARY_TOTAL.search(
                    text, c.end(), other.start())):
                other = None
            if other is not None and (other_n := _tally(other))[1] != missed and n + other_n[0] <= total:
                if missed:
                    s.met = other_n[0]
                else:
                    s.missed = other_n[0]
                s.end = other.end()
            out.append(s)
            pos = s.end
        else:
            pos = c.end()
    if not out:
        out = _untotalled(text)
    return out


def _untotalled(text: str) -> list[Summary]:
    """A tally without its total: '3项指标与年初目标有差距', '地区生产总值等6项指标完成情况较好,…等2项指标未完成',
    '目标任务全面完成,其中12项指标超额完成' (a met count alone only where the sentence speaks of aims)."""
    counts: dict[bool, re.Match[str]] = {}
    for c in _SUMMARY_COUNT.finditer(text):
        if c.group("n") and text.startswith("指标", c.start() + len(c.group("n")) + 1):
            counts.setdefault(c.group("miss") is not None, c)
    met, missed = counts.get(False), counts.get(True)
    if missed is None and (met is None or not _AIM_WORDS.search(text)):
        return []
    found = [c for c in (met, missed) if c is not None]
    return [Summary(min(c.start() for c in found), max(c.end() for c in found), None,
                    int(met.group("n")) if met is not None else None,
                    int(missed.group("n")) if missed is not None else None)]


_AIM_WORDS: Final = re.compile(r"目标|预期|计划|任务")


def _tally(c: re.Match[str]) -> tuple[int, bool]:
    """(count, whether it counts the missed) of a scorecard count."""
    if c.group("n"):
        return int(c.group("n")), c.group("miss") is not None
    return int(c.group("n2")), c.group("miss2") is not None


# --- structure ratios ----------------------------------------------------------------------------------------------
# '三次产业结构为6.3:47.1:46.6', '三次产业比重为6.1∶45.3∶48.6', '产业结构比5.1:39.3:55.6', '轻重工业比例为3:7'
_STRUCTURE: Final = re.compile(
    r"(?P<what>" + "|".join(sorted(lx.STRUCTURE_PARTS, key=len, reverse=True)) + r")(?:结构|比重|比例|构成)"
    r"(?:比例?|关系)?(?:为|是|调整为|优化为|由[^,;。]{0,20}?(?:调整|优化)为)?"
    r"(?P<a>\d+(?:\.\d+)?):(?P<b>\d+(?:\.\d+)?)(?::(?P<c>\d+(?:\.\d+)?))?(?![:\d])"
)


def find_structures(text: str) -> list[tuple[int, int, list[tuple[str, float]]]]:
    """(start, end, [(part name, share)]) of each structure ratio; start is where the parts' words begin, so the
    words before it in the clause name whose structure it is ('民营经济三次产业结构…')."""
    out: list[tuple[int, int, list[tuple[str, float]]]] = []
    if ":" not in text:
        return out
    for m in _STRUCTURE.finditer(text):
        values = [m.group(k) for k in ("a", "b", "c") if m.group(k)]
        parts = next((p for p in lx.STRUCTURE_PARTS[m.group("what")] if len(p) == len(values)), None)
        if parts:
            out.append((m.start(), m.end(), [(p + "占比", float(v)) for p, v in zip(parts, values, strict=True)]))
    return out
