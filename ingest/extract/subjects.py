"""Subject carry-over: values, claims and comparisons that do not name their indicator borrow one.

'实现建筑业施工产值321.45亿元,增幅9.7%' (the growth is the 产值's), '城镇和农村居民人均可支配收入分别为…,同比增长…和…'
(pairs), '海安、如皋、启东规上工业增加值分别增长…' (one value per place).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Final

from ingest.dictionary import canonical_name, code_for
from ingest.extract import lexicon as lx
from ingest.extract.mentions import PAREN
from ingest.extract.names import clean_name, growth_strip, split_subjects
from ingest.extract.regions import Places, find_places, is_other_place
from ingest.extract.state import DocState, Sentence

_LOOKAHEAD_NAME: Final = re.compile(r"的([^,;。的]{2,12}?)(?:总量|总额|规模)?(?=[,;。]|$)")
_PLACE_LISTS: dict[int, re.Pattern[str]] = {}


def place_list(places: Places) -> re.Pattern[str]:
    """'海安、如皋、启东' (optionally '…等3个县市'): two or more places named in a row."""
    pat = _PLACE_LISTS.get(id(places))
    if pat is None:
        one = "(?:" + places.alternation + ")"
        pat = re.compile(one + "(?:[、和及与]" + one + ")+(?:等?[一二三四五六七八九十\\d]+[个县市区]+)?")
        _PLACE_LISTS[id(places)] = pat  # Places objects are cached for the life of the process
    return pat
_INCREASE: Final = re.compile(r"^(?:新增|净增|新招引|招引|引进|新引进|新培育|培育)")
_EACH_TAIL: Final = re.compile(r"(?:均|各)$")
_LIST_SEP: Final = re.compile(r"、|和|及|与")


def with_generic(name: str, s: Sentence, st: DocState) -> str:
    """'占比23.15%' after '制造业贷款余额…' -> 制造业贷款余额占比."""
    if name and ((name.startswith(lx.GENERIC_NAMES) and len(name) <= 4)
                 or (("均" in name or "单体" in name) and name.startswith(lx.AVERAGE_WORDS))):
        # the nearest subject that is itself a whole ('…项目', not '…项目总投资'); '565个超亿元工业项目平均单体规模
        # 6亿元': the average is the counted noun's
        # ('认定星级上云企业28家,其中省四星级上云企业8家,总数南通第一': a total is the whole's, not the part's)
        if name.startswith(("占比", "比重")) and s.subjects and s.subjects[-1][1] == "part":
            return s.subjects[-1][0]  # '占…的78.2%,占比份额较去年同期提高…': the share just stated
        parts: set[str] = s.memo.get("parts", set()) if name.startswith(("总数", "总量", "总额")) else set()
        base = next((n for n, t in reversed(s.subjects)
                     if t != "ranking" and not n.endswith(lx.GENERIC_NAMES) and n not in parts), carried(s, st))
        if base and name.startswith(("总数", "总量")):
            base = _INCREASE.sub("", base)  # '净增高新技术企业55家,总数突破450家': the stock, not the increase
        if base and base != name:
            # ('…总额增幅低于预期…,预计全年增幅列全市前三': the subject named with the generic word already)
            return base if base.endswith(name) else base + name
    return name


def carried(s: Sentence, st: DocState) -> str | None:
    for name, ftype in reversed(s.subjects):
        if ftype != "ranking" and ftype != "postfix" and ftype != "part":
            return name
    return None


def lookahead_subject(s: Sentence, st: DocState, pos: int) -> str | None:
    """'共实现了4.7%的名义增速,以61234.56亿元的GDP总量': the subject may come later in the sentence."""
    # A match starts at a 的 and holds no other 的: matches never overlap, and those of the whole sentence that start
    # at or after pos are those of the rest of it. Found once per sentence, then looked up by position.
    found: tuple[list[int], list[str]] | None = s.memo.get("lookahead")
    if found is None:
        found = ([], [])
        s.memo["lookahead"] = found
        for m in _LOOKAHEAD_NAME.finditer(s.text):
            name = clean_name(m.group(1), st)
            if name and code_for(canonical_name(name)):
                found[0].append(m.start())
                found[1].append(name)
    starts, names = found
    k = bisect_left(starts, pos)
    return names[k] if k < len(starts) else None


def paired_names(s: Sentence, st: DocState, name: str, lead_raw: str, n: int, ftype: str,
                 prev_clause: str = "") -> list[str | None]:
    """Subjects for a list of values: from the lead's own list, the last n subjects named in the sentence, or the n
    items listed in the clause before ('A、B、C对投资增长贡献明显,分别拉动投资增长1.2个、0.8个和0.5个百分点')."""
    head = name.split("分别")[0] if name else ""
    rest = ""
    if "分别" in lead_raw:
        before, _, after = PAREN.sub("", lead_raw).partition("分别")
        head = clean_name(before, st)
        # ('分别拉动经济增长0.8个、3.1个百分点': the growth pulled is the name, not a verb to strip)
        rest = clean_name(after if "拉动" in after else growth_strip(after)[0], st)
    head = _EACH_TAIL.sub("", head)
    split = split_subjects(head, n)
    if split:
        return [p + rest if rest and not p.endswith(rest) else p for p in split]
    if not head:
        prior = _distinct_recent(s, n, ftype) or _listed_before(prev_clause, n, st)
        if not prior and (last := carried(s, st)):
            prior = split_subjects(last, n)  # ('A、B增幅分别高于全省0.7和3.1个百分点': A's 0.7, B's 3.1)
        if prior:
            return [p + rest if rest and not p.endswith(rest) else p for p in prior]
    if n == 1:
        parts = split_subjects(head, len(_LIST_SEP.split(head))) if head else None
        return list(parts) if parts else [head]
    return [head or None] * n


def _listed_before(before: str, n: int, st: DocState) -> list[str] | None:
    """The n items a clause lists before what they do to a statistic ('A、B和C对…贡献明显'), each as written."""
    head = before.partition("对")[0] if n > 1 and "对" in before else ""
    parts = head.split("、")
    if len(parts) == n - 1 and "和" in parts[-1]:
        *rest, last = parts
        parts = [*rest, *last.rsplit("和", 1)]
    if len(parts) != n:
        return None
    names = [clean_name(p, st) for p in parts]
    return names if all(names) else None


def _distinct_recent(s: Sentence, n: int, ftype: str) -> list[str] | None:
    seen: list[str] = []
    for name, t in reversed(s.subjects):
        if t != "postfix" and t != "part" and name not in seen:
            seen.append(name)
        if len(seen) == n:
            return list(reversed(seen))
    return None


def listed_places(lead: str, n: int, st: DocState) -> list[str] | None:
    """'海安、如皋、启东规上工业增加值分别增长9.1%、8.3%、7.6%': one value per listed place."""
    head = lead.partition("分别")[0]
    m = place_list(st.unit.places).search(head)
    if not m:
        return None
    places = [full for _, _, full in find_places(m.group(), st.unit)]
    if len(places) == n and all(is_other_place(p, st.unit) for p in places):
        return places
    return None
