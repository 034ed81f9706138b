"""Tables: a statistical communiqué's table as pipe rows ('| 生产总值 | 512.34 | 5.6 |') or flattened to one cell per
line (a label line, then its value lines) -> facts, one per value cell.

The header names the columns ('绝对数(亿元)', '比上年增长(%)'): a column of growth rates, of shares or of levels in
the unit its header (or the table's caption) gives. The first row is the table's total; the rows after it are its
parts, named as the genre names them: a GDP table's industries are value added (第一产业 -> 第一产业增加值), a price
table's categories are categories of that price (粮食 -> 居民消费价格(粮食)).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from ingest.extract.state import Draft
from ingest.extract.units import resolve

_NUMBER: Final = re.compile(r"[-+−]?\d+(?:\.\d+)?")
_CELL: Final = re.compile(r"[^|]+")
_GROWTH_HEAD: Final = re.compile(r"增长|增幅|增速|涨跌|涨幅|同比|比上年|±")
_SHARE_HEAD: Final = re.compile(r"比重|占比|构成|结构")
_ROW_NUMBERING: Final = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\(?[一二三四五六七八九十\d]{1,2}[).、]|其中[:,]?|#)+"
)
_CAPTION: Final = re.compile(r"^(?:附?表|图)\s*[\d一二三四五六七八九十]")
_GDP_TOTAL: Final = re.compile(r"^(?:地区)?生产总值(?:\(GDP\))?$|^GDP$")
_PRICE_TOTAL: Final = re.compile(r"价格(?:总水平|指数)?$|^CPI$")
_HEADING: Final = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)")
_SENTENCE_MARKS: Final = re.compile(r"[。,;:!?]")
MAX_CELL: Final = 20  # a line longer than this without a pipe is prose, not a cell


@dataclass(frozen=True)
class Cell:
    start: int  # compact offsets
    end: int
    text: str


def is_cellish(block: str) -> bool:
    """Whether a line can be part of a table: pipe-separated cells, or one short cell without sentence marks."""
    if "|" in block:  # (prose that merely holds a pipe is not a row)
        return len(block) <= 4 * MAX_CELL or len(_SENTENCE_MARKS.findall(block)) < 3
    return len(block) <= MAX_CELL and not _SENTENCE_MARKS.search(block) and not _HEADING.match(block)


def is_caption(block: str) -> bool:
    return _CAPTION.match(block) is not None


def _is_number(cell: str) -> bool:
    return _NUMBER.fullmatch(cell) is not None


def table_drafts(blocks: list[tuple[int, str]], caption: str = "") -> list[Draft]:
    """Facts of the table whose lines are `blocks` ((compact offset, text) each); [] when they hold no table (at
    least two rows, each a label and the same number of values)."""
    cells: list[Cell] = []
    for offset, block in blocks:
        for m in _CELL.finditer(block):
            raw = m.group()
            text = raw.strip()
            if text:
                a = offset + m.start() + (len(raw) - len(raw.lstrip()))
                cells.append(Cell(a, a + len(text), text))
    first = next((i for i, c in enumerate(cells) if _is_number(c.text)), -1)
    if first < 1:
        return []
    k = 0
    while first + k < len(cells) and _is_number(cells[first + k].text):
        k += 1
    heads = _merge_units([c.text for c in cells[: first - 1]])
    columns = heads[-k:] if len(heads) >= k else [""] * k
    context = caption + "".join(heads[: len(heads) - k] if len(heads) >= k else heads)
    kinds = [_column(h, context) for h in columns]
    rows: list[tuple[Cell, list[Cell]]] = []
    i = first - 1
    while i < len(cells):
        label = cells[i]
        values = cells[i + 1 : i + 1 + k]
        if _is_number(label.text) or len(values) < k or not all(_is_number(v.text) for v in values):
            i += 1  # a caption, a note or a cut-off row: not a row of this table
            continue
        rows.append((label, values))
        i += 1 + k
    if len(rows) < 2:
        return []
    total = _label(rows[0][0].text)
    drafts: list[Draft] = []
    for n, (label, values) in enumerate(rows):
        name = _part_name(total, _label(label.text)) if n else total
        for cell, kind in zip(values, kinds, strict=True):
            if kind is None:
                continue
            ftype, unit = kind
            value = float(cell.text.replace("−", "-"))
            drafts.append(Draft(ftype, label.start, cell.end, name, {"value": value, "unit": unit}))
    return drafts


def _merge_units(heads: list[str]) -> list[str]:
    """'绝对数', '(亿元)' -> '绝对数(亿元)': a header cell broken before its unit."""
    out: list[str] = []
    for h in heads:
        if out and h.startswith("(") and not out[-1].endswith(")"):
            out[-1] += h
        else:
            out.append(h)
    return out


def _column(head: str, context: str) -> tuple[str, str] | None:
    """(fact type, unit) of a value column, or None when its unit cannot be told."""
    unit = _unit_of(head) or _unit_of(context)
    if _GROWTH_HEAD.search(head) or (not head and _GROWTH_HEAD.search(context)):
        return "growth", "%"
    if _SHARE_HEAD.search(head):
        return "share", "%"
    if unit == "%" and _GROWTH_HEAD.search(context):
        return "growth", "%"
    if unit and unit != "%" and resolve(unit) is not None:
        return "level", unit
    return None


def _unit_of(text: str) -> str | None:
    for m in re.finditer(r"\(([^()]{1,8})\)|单位[:：]\s*([^,;|)(]{1,6})", text):
        unit = (m.group(1) or m.group(2) or "").strip()
        unit = unit.removeprefix("单位:").removeprefix("单位：").strip()
        if unit == "%" or resolve(unit) is not None:
            return unit
    return None


def _label(text: str) -> str:
    return _ROW_NUMBERING.sub("", text).replace(" ", "")


def _part_name(total: str, label: str) -> str:
    if _GDP_TOTAL.match(total) and not label.endswith(("增加值", "总值")):
        return label + "增加值"
    if _PRICE_TOTAL.search(total):
        return f"{total}({label})"
    return label
