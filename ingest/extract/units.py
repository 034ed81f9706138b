"""Units as written -> (kind, base unit, factor). Data, not code: extend the tables, not the grammar."""

from __future__ import annotations

from functools import lru_cache
from typing import Final, NamedTuple


class Unit(NamedTuple):
    kind: str  # currency | mass | container | count | percent | pp | energy | area | volume | other
    base: str  # the unit levels are normalized to
    factor: float  # value_base = value * factor


# Base units (after any 万/亿 magnitude). Longest spellings are tried first by the regex built from this table.
BASE_UNITS: dict[str, Unit] = {
    "元": Unit("currency", "元", 1),
    "美元": Unit("currency", "美元", 1),
    "欧元": Unit("currency", "欧元", 1),
    "吨标准煤": Unit("energy", "吨标准煤", 1),
    "吨标煤": Unit("energy", "吨标准煤", 1),
    "吨": Unit("mass", "吨", 1),
    "标箱": Unit("container", "标箱", 1),
    "千瓦时": Unit("energy", "千瓦时", 1),
    "千瓦": Unit("other", "千瓦", 1),
    "平方公里": Unit("area", "平方米", 1e6),
    "平方米": Unit("area", "平方米", 1),
    "亩": Unit("area", "亩", 1),
    "公顷": Unit("area", "亩", 15),
    "立方米": Unit("volume", "立方米", 1),
    "公里": Unit("other", "米", 1000),
    "千米": Unit("other", "米", 1000),
    "米": Unit("other", "米", 1),
    "微克/立方米": Unit("other", "微克/立方米", 1),
    "毫克/立方米": Unit("other", "微克/立方米", 1000),
    "人次": Unit("count", "人次", 1),
    "人": Unit("count", "人", 1),
    "名": Unit("count", "人", 1),
    "户": Unit("count", "户", 1),
    "家": Unit("count", "个", 1),
    "个月": Unit("other", "月", 1),
    "个": Unit("count", "个", 1),
    "项": Unit("count", "个", 1),
    "件": Unit("count", "件", 1),
    "场次": Unit("count", "次", 1),
    "场": Unit("count", "次", 1),
    "次": Unit("count", "次", 1),
    "批": Unit("count", "个", 1),
    "份": Unit("count", "份", 1),
    "张": Unit("count", "张", 1),
    "部": Unit("count", "个", 1),
    "处": Unit("count", "个", 1),
    "架": Unit("count", "个", 1),
    "台": Unit("count", "台", 1),
    "辆": Unit("count", "辆", 1),
    "艘": Unit("count", "艘", 1),
    "套": Unit("count", "套", 1),
    "座": Unit("count", "个", 1),
    "所": Unit("count", "个", 1),
    "条": Unit("count", "条", 1),
    "床": Unit("count", "张", 1),
    "天": Unit("other", "天", 1),
    # measure words (量词) of the genre: counted things, written as they are ('生猪出栏45万头', '起降3.2万架次')
    "头": Unit("count", "头", 1),
    "只": Unit("count", "只", 1),
    "羽": Unit("count", "羽", 1),
    "匹": Unit("count", "匹", 1),
    "棵": Unit("count", "株", 1),
    "株": Unit("count", "株", 1),
    "架次": Unit("count", "架次", 1),
    "艘次": Unit("count", "艘次", 1),
    "车次": Unit("count", "车次", 1),
    "辆次": Unit("count", "辆次", 1),
    "户次": Unit("count", "户次", 1),
    "列": Unit("count", "列", 1),
    "趟": Unit("count", "趟", 1),
    "篇": Unit("count", "篇", 1),
    "册": Unit("count", "册", 1),
    "本": Unit("count", "册", 1),
    "例": Unit("count", "例", 1),
    "宗": Unit("count", "宗", 1),
    "笔": Unit("count", "笔", 1),
    "口": Unit("count", "口", 1),
    "眼": Unit("count", "口", 1),
    "栋": Unit("count", "栋", 1),
    "幢": Unit("count", "栋", 1),
    "间": Unit("count", "间", 1),
    "块": Unit("count", "块", 1),
    "片": Unit("count", "片", 1),
    "根": Unit("count", "根", 1),
    "盏": Unit("count", "盏", 1),
    "支": Unit("count", "支", 1),
    "吨公里": Unit("other", "吨公里", 1),
    "人公里": Unit("other", "人公里", 1),
    "公斤": Unit("mass", "吨", 0.001),
    "千克": Unit("mass", "吨", 0.001),
    "斤": Unit("mass", "吨", 0.0005),
    "升": Unit("volume", "立方米", 0.001),
    "方": Unit("volume", "立方米", 1),
    "平方千米": Unit("area", "平方米", 1e6),
    "平米": Unit("area", "平方米", 1),
    "度": Unit("energy", "千瓦时", 1),
    "兆瓦时": Unit("energy", "千瓦时", 1000),
    "兆瓦": Unit("other", "千瓦", 1000),
    "港元": Unit("currency", "港元", 1),
    "日元": Unit("currency", "日元", 1),
    "英镑": Unit("currency", "英镑", 1),
    "小时": Unit("other", "小时", 1),
    "%": Unit("percent", "%", 1),
    "‰": Unit("percent", "%", 0.1),
    "个百分点": Unit("pp", "pp", 1),
    "百分点": Unit("pp", "pp", 1),
}

MAGNITUDES: dict[str, float] = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}

# Bare magnitudes are written for money ('技术合同登记备案额52亿'): the base is left implicit; a bare 万 counts
# ('旅客吞吐量突破200万大关').
BARE_MAGNITUDE_BASE: Final = {"亿": "元", "万亿": "元", "万": "个"}

# Units whose amount in front of a noun is a size class, not a quantity ('10亿元以上项目', '达100亿元序时企业').
MODIFIER_KINDS: Final = frozenset({"currency"})


@lru_cache(maxsize=1024)  # a small vocabulary of written units, met again in every report
def resolve(unit: str) -> Unit | None:
    """Kind, base and factor of a written unit such as 亿元, 万标箱, 个百分点, 亿."""
    for mag, factor in MAGNITUDES.items():
        if unit.startswith(mag) and unit != mag:
            base = BASE_UNITS.get(unit[len(mag):])
            if base and base.kind not in ("percent", "pp"):
                return Unit(base.kind, base.base, base.factor * factor)
    if unit in BASE_UNITS:
        return BASE_UNITS[unit]
    if unit in BARE_MAGNITUDE_BASE:
        written_base = BARE_MAGNITUDE_BASE[unit]
        return Unit("currency" if written_base == "元" else "count", written_base, MAGNITUDES[unit])
    return None


def base_value(value: float, unit: str) -> tuple[float | None, str | None]:
    u = resolve(unit)
    if u is None or u.kind in ("percent", "pp"):
        return None, None
    v = value * u.factor
    if isinstance(v, float) and not v.is_integer():  # (round() to digits is slow; a whole number is its own rounding)
        v = round(v, 6)
    return v, u.base
