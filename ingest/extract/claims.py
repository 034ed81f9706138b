"""Rank claims and comparisons -> facts: what ranks, in which scope, for which place; against which benchmark."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from ingest.dictionary import canonical_name, code_for
from ingest.extract import lexicon as lx
from ingest.extract.mentions import PAREN, Claim, Comparison
from ingest.extract.names import clean_name, growth_strip, split_subjects
from ingest.extract.regions import (
    COUNTRY_WORDS,
    GROUP_SOURCE,
    OWN_SCOPE_WORDS,
    PEERS_SOURCE,
    Unit,
    find_places,
    is_class_phrase,
    is_other_place,
)
from ingest.extract.state import DocState, Draft, Sentence
from ingest.extract.subjects import carried, with_generic
from ingest.regions import gazetteer

# The list a claim is in: '在全国县级市基本现代化排行榜中', '第22届全国县域经济基本竞争力百强县名单中'
_FRAME: Final = re.compile(r"在(?P<inner>[^,;]+)(?:中|上|里)|(?P<list>[^,;。]{4,40}?(?:名单|榜单|排行榜|排名)中)")
_QUOTE_RE: Final = re.compile(r"“[^“”]*”")
_RANK_FRAME_TAIL: Final = re.compile(r"(?:排名|排行榜?|排位|位次|名次|榜单|评比|中)$")
_CLAUSE_PUNCT: Final = re.compile(r"[,;。、]")
_RANK_LIST_TAIL: Final = re.compile(r"(?:排名|排行榜?|排位|榜单|名单|评比)中?$")
_SHARED_CLAIM: Final = re.compile(r"[、和及与][^,;。]{1,24}?(?:均|都|皆|分别)")
_LIST_SEP_SHORT: Final = re.compile(r"、|和|及")
_GROWTH_TAIL: Final = re.compile(r"(?:增速|增幅|增长)$")
_ENTRY_VERBS: Final = re.compile(r"^(?:连续第?[\d一二三四五六七八九十]+年|连续)?(?:入围|入选|获批|成功申报|申报|获)?")


def scope_alternation(unit: Unit) -> str:
    """The scopes a report's claims can name, as one regex alternation: the country and the scope words (longest
    first), the report's province and its prefecture-level units by full and short name, then groupings that are no
    unit (苏北, 川东北, 长三角) and peers (同类城市). What each denotes is the scope API's (regions.scope_of)."""
    key = (id(unit.places), unit.province)
    found = _SCOPE_ALTS.get(key)
    if found is None:
        # (the report's own province by name; other provinces rank nothing in a report, and their names are mostly
        # parts of other words: 上海交大, 新疆棉)
        names = set(COUNTRY_WORDS) | set(OWN_SCOPE_WORDS)
        if unit.province:
            names.update(n for n in province_names() if unit.province.startswith(n) or n == unit.province)
        province = unit.places.province
        for name, place in unit.places.by_name.items():
            if "prefecture" in place.level and (province is None or place.parent_code == province.code):
                names.add(name)
        found = _SCOPE_ALTS[key] = "|".join(
            [*sorted((re.escape(n) for n in names), key=len, reverse=True), GROUP_SOURCE, PEERS_SOURCE])
    return found


_SCOPE_ALTS: dict[tuple[int, str], str] = {}  # (Places objects live as long as the process)
_PROVINCE_SUFFIX: Final = re.compile(r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    """Every province-level unit of the regions file, full and short (广东省, 广东; 内蒙古自治区, 内蒙古)."""
    out: set[str] = set()
    for r in gazetteer().provinces:
        out.add(r.name)
        short = r.short_name or _PROVINCE_SUFFIX.sub("", r.name)
        if len(short) >= 2:
            out.add(short)
    return tuple(sorted(out))


@lru_cache(maxsize=256)
def _subject_scopes(names: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    # ('省级', '市委', '省考', '全省首家' …: a level, a body or a claim, not the place the clause is about)
    return re.compile(
        "(?:" + alt + r")(?!级|属|委|政府|人大|政协|考|重点|领导|部署|要求|下达|统一|的|各|内外|上下|范围)"
    )


def own_names(unit: Unit) -> tuple[str, ...]:
    """The report's unit by full name and the short name the dictionary gives it (井陉县, 井陉), longest first."""
    names = {unit.name} if unit.name else set()
    region = gazetteer().at(unit.code, unit.when) if unit.code else None
    if region is not None and len(region.short_name) >= 2:
        names.add(region.short_name)
    return tuple(sorted(names, key=len, reverse=True))


def subject_scopes(unit: Unit) -> re.Pattern[str]:
    """What a clause may open with to be about another scope than the report's unit: 全省, 全市, 全国 … and the
    unit's own province and prefecture by name (not other provinces: '上海交大', '上海市场' name no subject)."""
    key = (id(unit.places), unit.name, unit.province, unit.prefecture)
    found = _SUBJECT_SCOPES.get(key)
    if found is None:
        found = _SUBJECT_SCOPES[key] = _subject_scope_names(unit)
    return found


_SUBJECT_SCOPES: dict[tuple[int, str | None, str, str | None], re.Pattern[str]] = {}


def _subject_scope_names(unit: Unit) -> re.Pattern[str]:
    names = {"全国", "全省", "全市", "全区", "全县", "全州", "全盟", "全旗"}
    for full in unit.ancestors():
        names.add(full)
        place = unit.place(full)
        short = _PROVINCE_SUFFIX.sub("", full) if place is None else None
        names.update(n for n, p in unit.places.by_name.items() if p.name == full and len(n) >= 2)
        if short and len(short) >= 2:
            names.add(short)
    return _subject_scopes(tuple(sorted(names)))


def claim_facts(s: Sentence, st: DocState, c: Claim, lead_start: int, clause: tuple[int, int]) -> list[Draft]:
    text = s.text
    scope = _scope(s, st, c)
    lead = text[lead_start : c.start]
    frame = _FRAME.search(PAREN.sub("", text[: c.start]))
    subset = c.subset
    among = _frame_scope(st, lead) if c.scope_word is None else None
    if among is not None:
        # '在南通市下辖区划中位列第四': the frame names the scope and the class of its units, not what ranks
        scope, subset, lead, frame = among[0], among[1] or None, among[2], None
    base = _RANK_FRAME_TAIL.sub("", clean_name(_RANK_FRAME_TAIL.sub("", lead), st))
    if not clean_name(_QUOTE_RE.sub("", base), st):
        base = ""  # '“人生”首次全省垫底': a quoted aside is not what ranks
    base = with_generic(base, s, st) if base and not _EACH_GENERIC.match(lead) else base
    passing = ""
    if c.of_units:
        # '工业经济总量成为全区第四个突破2000亿元大关的地区': the subject passing the mark, and the mark
        passing = base or carried(s, st) or ""
        base = _of_units_name(s, st, c, base, clause)
    elif c.claim in ("首家", "首个") and not st.plan:
        base = _CLAUSE_PUNCT.split(text[c.end : clause[1]])[0].strip("“”") or base
    if c.names:
        names: list[str | None] = list(c.names)
        if len(c.names) == 1 and base and code_for(canonical_name(base)):
            names = [base]  # a recognised statistic ranks in the list ('GDP总量跌出全国30强')
    elif c.rank_range:
        names = [claim_subject(s, st, c, clause)] * len(c.ranks)
    else:
        each = _EACH_GENERIC.match(lead)
        if each:
            # '…增长6.1%,规模以上工业增加值增长9.5%,增速均居全省第一': one claim per subject named before it
            subjects = _subjects_since_claim(s)
            if len(subjects) > 1:
                generic = each.group("generic")
                base = "、".join(n + generic if generic and not n.endswith(generic) else n for n in subjects)
        borrowed = False
        if not base and frame:  # '在全国县级市基本现代化排行榜中列第26位': the frame names the list
            base = clean_name(_RANK_LIST_TAIL.sub("", frame.group("inner") or frame.group("list")), st)
        if not base:
            base, borrowed = claim_subject(s, st, c, clause), True
        n = len(c.ranks)
        split = split_subjects(base, n) if n > 1 else None
        if not split and n == 1 and (_SHARED_CLAIM.search(lead) or each):
            split = split_subjects(base, len(_LIST_SEP_SHORT.split(base)))
        elif not split and n == 1 and "、" in base and borrowed:
            # 'A、B再创历史新高,跃居全区首位': the list shares the claim
            split = split_subjects(base, len(base.split("、")))
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
        if c.streak:
            d.fields["streak"] = c.streak
        if subset:
            d.fields["scope_class"] = subset
        if c.rank_change is not None:
            d.fields["rank_change"] = c.rank_change
        stated = _claimant_value(s, nm or "", region or s.region, clause, lead_start)
        if stated is not None:  # '认定星级上云企业28家,…,总数南通第一': the claimant's own figure, as stated
            d.fields["value"], d.fields["unit"] = stated[0], stated[1]
            if not nm and stated[2]:
                d.indicator = stated[2]  # '苏州以23958亿元位居全省第一': what the figure is of
        drafts.append(d)
    if drafts and drafts[-1].indicator and not c.of_units:
        s.subjects.append((drafts[-1].indicator, "ranking"))
    elif passing:
        s.subjects.append((passing, "level"))  # ('…第四个突破2000亿元大关': the mark is a level of the subject)
    return drafts


_LEAD_FRAME: Final = re.compile(r"^[,;]?(?P<what>[^,;在]*?)在(?P<inner>[^,;]+?)(?:之中|中|里|内)$")
_PEERS_CLASS: Final = re.compile(PEERS_SOURCE)


def _frame_scope(st: DocState, lead: str) -> tuple[str, str, str] | None:
    """(scope, class as written, what ranks as written before the frame) when the claim's lead ends in a frame
    '在<scope><class>中' ('在南通市下辖区划中', '社会消费品零售总额在苏北五市中', '增速在全省同类城市中'), else None.
    A grouping that is no unit (苏北五市, 中西部地区县域) is the scope as written, never the report's own region."""
    m = _LEAD_FRAME.match(lead) if "在" in lead else None
    if m is None or st.claims is None:
        return None
    inner, what = m.group("inner"), m.group("what")
    found = st.scope_of(inner)
    word = st.claims.scope_re.match(inner)
    if found is not None and found.kind in ("unit", "country"):
        # (a scope and a class of its units only: '在全国县级市基本现代化排行榜中' names the list that ranks)
        rest = inner[word.end() :] if word is not None else None
        return (found.label, rest, what) if rest is not None and is_class_phrase(rest) else None
    if found is not None:
        return found.label, "", what
    if word is not None and _PEERS_CLASS.fullmatch(inner[word.end() :]):  # '全省同类城市'
        own = st.scope_of(word.group())
        if own is not None and own.kind in ("unit", "country"):
            return own.label, inner[word.end() :], what
    return None


def _claimant_value(s: Sentence, name: str, region: str | None, clause: tuple[int, int],
                    lead_start: int) -> tuple[float, str, str | None] | None:
    """The claimant's own figure stated in the claim's sentence: the figure the claim is made with, right before
    it in its clause ('苏州以23958亿元位居全省第一'), else the last figure of the ranked statistic that is the
    claimant's (in a list of cities, each city's own: '宿迁GDP达到4112亿元,逆袭超过连云港的4005亿元,位居全省第十二'
    is 宿迁's 4112); (value, unit, its statistic's name)."""
    last = s.memo.get("last_value")
    if last is not None and last[0] == clause and last[1] >= lead_start and last[4] == region:
        named = last[5] + ("增速" if last[6] == "growth" else "") if last[5] else None
        return last[2], last[3], named
    values = s.memo.get("values", {})
    for key in (name, _TOTAL_SUFFIX.sub("", name)):
        own = [(value, unit, bound) for value, unit, owner, bound in values.get(key, ()) if owner == region]
        if own:
            # an exact figure before a mark passed ('达到5.6万亿元,是首个突破5万亿元的省份,总量居全国首位': 5.6)
            exact = [v for v in own if v[2] is None]
            value, unit, _ = (exact or own)[-1]
            return value, unit, None
    return None


# A generic subject that every subject before it shares ('增速均居全省第一', '均居全市第一', '两项增速均高于全省').
_TOTAL_SUFFIX: Final = re.compile(r"(?:总数|总量|总额|数量|规模)$")
_EACH_GENERIC: Final = re.compile(
    r"^[,;]?(?:其中)?,?(?P<generic>增速|增幅|总量|规模|占比)?(?:分别|均|都|皆)(?:显著|明显|大幅|继续|稳定)?"
)
_OF_UNITS_MARK: Final = re.compile(r"(?P<mark>[^,;。:]*?)(?:大关|关口)?的?(?:城市|地区|省份|县市|县区|县份|设区市|"
                                   r"地级市|"
                                   r"县级市|区县|市县|省区|盟市|经济体)")
_AMOUNT: Final = re.compile(r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)?(?:万亿|千亿|百亿|亿|万)?元")


def _of_units_name(s: Sentence, st: DocState, c: Claim, base: str, clause: tuple[int, int]) -> str:
    """'工业经济总量…第四个突破2000亿元大关的地区' -> 工业经济总量突破2000亿元; '佛山成为广东第二个规模以上工业总产值
    突破3万亿元的城市' -> 规模以上工业总产值突破3万亿元; '深圳成为广东第二个万亿元消费城市' after 社会消费品零售总额 ->
    社会消费品零售总额突破万亿元."""
    m = _OF_UNITS_MARK.match(s.text, c.end, clause[1])
    mark = m.group("mark") if m else ""
    subject = base or carried(s, st) or ""
    if mark and code_for(canonical_name(growth_strip(re.split(r"突破|超过|迈上|跨越|达到", mark)[0])[0])):
        return mark  # the mark names its own statistic
    if mark and not re.match(r"突破|超过|迈上|跨越|达到", mark):
        amount = _AMOUNT.search(mark)
        mark = "突破" + amount.group() if amount else mark
    return subject + mark


def _subjects_since_claim(s: Sentence) -> list[str]:
    """The distinct subjects named since the sentence's last claim or comparison, in order."""
    out: list[str] = []
    for name, ftype in reversed(s.subjects):
        if ftype in ("ranking", "comparison"):
            break
        if ftype != "postfix" and ftype != "part" and name not in out:
            out.append(name)
    return out[::-1]


def claim_subject(s: Sentence, st: DocState, c: Claim, clause: tuple[int, int]) -> str:
    """Rank claims after a comma borrow the subject of what came just before."""
    if s.subjects:
        name, ftype = s.subjects[-1]
        if ftype in ("comparison", "pp_change"):
            # '…增长4.1%,高于全省平均水平21.4个百分点,位居全省第四': the growth compared is what ranks
            ftype = next((t for n, t in reversed(s.subjects) if t not in ("comparison", "pp_change") and n == name),
                         ftype)
        if ftype == "growth" and not name.endswith(("增速", "增幅")):
            return name + "增速"
        return name
    idx = s.clauses.index(clause)
    for a, b in reversed(s.clauses[:idx]):
        if any(is_other_place(full, st.unit) for _, _, full in find_places(s.text[a:b], st.unit)):
            continue
        prev = clean_name(_ENTRY_VERBS.sub("", _ACHIEVEMENT_TAIL.sub("", PAREN.sub("", s.text[a:b]).rstrip(",:"))), st)
        if prev:
            return prev
    return st.last_subject or ""


# An achievement said of a subject before the claim ('…再创历史新高,跃居全区首位'): not part of its name.
_ACHIEVEMENT_TAIL: Final = re.compile(r"(?:再创|创|刷新)(?:历史)?新高$|(?:大幅|持续|稳步)?(?:增长|提升|攀升)$")


def _scope(s: Sentence, st: DocState, c: Claim) -> str | None:
    if c.scope_word:
        # '苏州各县级市首位' -> 苏州市; '全市七县(市)第二' -> the prefecture, even in a county-level city's report;
        # '全国县级市第一' -> 全国; '苏北五市第一', '川东北第一' -> the grouping as written (the class: scope_class)
        found = st.scope_of(c.scope_word + (c.subset or "")) if c.subset else None
        return found.label if found is not None else st.scope(c.scope_word)
    before = s.text[: c.start]
    best = None
    valid = {"全国", *st.unit.ancestors()}
    for m in st.claims.scope_re.finditer(before) if st.claims is not None else ():
        r = st.scope(m.group())
        if r in valid:
            best = (m.start(), r)
    if best:
        return best[1]
    if lx.NATIONAL_LIST_HINTS.search(s.text):
        return "全国"
    if st.unit.kind == "province":
        return st.unit.province
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
    raw = s.text[lead_start : c.start]
    lead = clean_name(raw, st)
    lead = _GROWTH_TAIL.sub("", lead)
    name = lead if lead and len(lead) > 1 else (carried(s, st) or st.last_subject)
    if name and s.subjects and name.startswith(lx.GENERIC_NAMES):
        name = s.subjects[-1][0]
    names: list[str | None] = [name]
    if _EACH_GENERIC.match(raw) and len(subjects := _subjects_since_claim(s)) > 1:
        names = list(subjects)  # '…增长6.5%,…增长5.9%,增速均显著高于全省平均水平': each growth is compared
    elif name and name == lead and ("分别" in raw or "均" in raw) and _LIST_SEP_SHORT.search(name):
        # '规上工业增加值、工业用电量增幅分别高于全省平均': one comparison per subject of the list
        names = list(split_subjects(name, len(_LIST_SEP_SHORT.split(name))) or [name])
    drafts = []
    for nm in names:
        for k, b in enumerate(c.benchmarks):
            bench = st.scope(b.replace("平均", ""))
            if not bench or bench == st.unit.name or bench == s.region:
                continue
            key = (nm, bench, c.relation, s.region, s.period)
            if key in st.seen_comparisons:
                continue
            st.seen_comparisons.add(key)
            d = Draft("comparison", lead_start, c.end, nm, {"benchmark": bench, "relation": c.relation})
            if k < len(c.gaps):  # the statement runs on to its stated gap
                d.end, d.fields["gap"] = c.ends[k], c.gaps[k]
            elif len(c.each) == len(names) > 1:  # '分别高于全省平均0.7和3.1个百分点': each subject's own gap
                d.end, d.fields["gap"] = c.each_end, c.each[names.index(nm)]
            drafts.append(d)
    if lead and len(lead) > 1 and name == lead:
        s.subjects.append((name, "comparison"))  # '…增速高出全省1.9个百分点': the gap is this indicator's
    return drafts
