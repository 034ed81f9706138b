"""Numbers as written: Arabic (with thousands separators, signs) and Chinese numerals (第五, 三家, 十九年)."""

from __future__ import annotations

from typing import Final

_CN_DIGITS: Final = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
_CN_UNITS: Final = {"十": 10, "百": 100, "千": 1000}


def parse_arabic(s: str) -> float:
    s = s.replace(",", "").replace("−", "-").replace("+", "")
    return float(s)


def parse_chinese(s: str) -> int | None:
    """一 -> 1, 十九 -> 19, 二十三 -> 23, 一百零五 -> 105; None when s is not a plain numeral."""
    if not s or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in s):
        return None
    total, digit = 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def parse_rank(s: str) -> int | None:
    """'3', '十二', '一' -> int."""
    s = s.strip()
    if s.isdigit():
        return int(s)
    return parse_chinese(s)


def clean_number(value: float) -> float | int:
    """Integers stay integers in the JSON output (330 not 330.0)."""
    return int(value) if float(value).is_integer() else value
