"""A compact view of the document text: whitespace, PDF line breaks and footnote markers removed.

Reports come from web pages and PDFs: hard line breaks split names and numbers ('社会消费品零\\n售总额 346 亿元'),
spaces sit around numbers and footnote markers are glued to values ('单位[1]317家'). All grammar runs on the compact
string; `View.span` maps a compact slice back to offsets in `doc.text`, so every fact keeps an exact substring.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final

# One-to-one character folds (same length, so offsets stay aligned).
# (∶ is the ratio sign of '6.1∶45.3∶48.6'; ﹪ and － are the small percent and the fullwidth minus)
_FOLD: Final = str.maketrans("０１２３４５６７８９％﹪，；：∶（）！？．－", "0123456789%%,;::()!?.-")
_SPACES: Final = " \t\u3000\xa0\r\u2002\u2003\u200b"
_FOOTNOTE: Final = re.compile(r"\[\d{1,2}\]|【\d{1,2}】")
# A line that starts a new block even when the previous line did not end a sentence.
_BULLET: Final = re.compile(
    r"(?:[—─━-]{1,2}|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|[①-⑳•·])"
)
_LINE_END: Final = "。！？!?；;:："
# PDF-derived text wraps every line at about the same width, mid-sentence; web text breaks only between paragraphs.
# A document whose typical line is short is treated as wrapped: a break after a line of near-full width (or between
# two characters of one word) is a soft wrap, everything else a block break.
_WRAPPED_MAX: Final = 45  # typical (75th percentile) line length of wrapped text
_WRAPPED_MIN: Final = 16
_FULL_LINE: Final = 0.7  # a line this fraction of the typical width ran into the margin


@dataclass(frozen=True)
class View:
    text: str  # compact text; "\n" marks a hard block break
    # Offsets in doc.text, stored as runs: compact chars from starts[k] on map one to one to doc.text chars from
    # origins[k] on. (A table with one entry per character cost more to build than all the look-ups into it.)
    starts: tuple[int, ...]
    origins: tuple[int, ...]

    def at(self, i: int) -> int:
        """Offset in doc.text of compact char i."""
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + i - self.starts[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in doc.text of the compact slice [start, end)."""
        if end <= start:
            n = len(self.text)
            p = self.at(start) if start < n else (self.at(n - 1) + 1 if n else 0)
            return p, p
        starts, origins = self.starts, self.origins
        k = bisect_right(starts, start) - 1
        j = bisect_right(starts, end - 1, k) - 1  # (the run of end - 1 is never before the run of start)
        return origins[k] + start - starts[k], origins[j] + end - starts[j]


_NEEDS_FOLD: Final = re.compile("[０-９％﹪，；：∶（）！？．－]")
# A decimal point typed as a middle dot ('上涨1·8%'): only between two digits.
_DOT_DECIMAL: Final = re.compile(r"(?<=\d)[·•](?=\d)")


def _fold(s: str) -> str:
    # str.translate walks every character through a dict; most segments have nothing to fold
    if _NEEDS_FOLD.search(s):
        s = s.translate(_FOLD)
    return _DOT_DECIMAL.sub(".", s) if "·" in s or "•" in s else s


def _word_split(prev_line: str, text: str, b: int) -> bool:
    """A short line broken between two Chinese characters ('社会消费品零\\n售总额'), unless it is a heading."""
    return _is_cjk(prev_line[-1]) and b < len(text) and _is_cjk(text[b]) and not _BULLET.match(prev_line)


_NUMBER_LINE: Final = re.compile(r"[-+−]?\d[\d.,]*%?")


def _cell_break(prev_line: str, text: str, b: int) -> bool:
    """A table's rows and cells keep their line breaks: a line of pipe-separated cells, or a line that is one number
    (a table flattened to one cell per line)."""
    if prev_line[-1] == "|" or text.startswith("|", b) or _NUMBER_LINE.fullmatch(prev_line):
        return True
    end = text.find("\n", b)
    return _NUMBER_LINE.fullmatch(text[b : end if end >= 0 else len(text)].strip(_SPACES)) is not None


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


_SP: Final = "[" + _SPACES + "]"
# One pass over everything that is dropped: line-break runs (with the spaces around them), space runs, footnotes.
# (Pinyin glosses, whole or mangled, are ingest.clean's: the text arrives without them.)
# (the pattern opens with one character class, so the regex engine can skip ahead to candidates; a look-behind
# then picks the branch: an alternation of branches is tried at every position of the text)
_DROP: Final = re.compile(
    r"[\n" + _SPACES + r"\[【](?:(?<=\n)(?:" + _SP + r"|\n)*|(?<=" + _SP + r")" + _SP + r"*(?:\n(?:" + _SP + r"|\n)*)?|"
    r"(?<=\[)\d{1,2}\]|(?<=【)\d{1,2}】)"
)


def _wrap_width(text: str) -> int | None:
    """The wrap width when the text looks hard-wrapped (PDF), else None."""
    # (a table's rows and cells are short lines of their own: they say nothing about how prose is wrapped)
    lengths = sorted(n for n in (len(ln.strip(_SPACES)) for ln in text.split("\n") if "|" not in ln) if n >= 4)
    if len(lengths) < 3:  # too few lines to tell wrapping from paragraphs
        return None
    typical = lengths[int(0.75 * (len(lengths) - 1))]
    # (prose is never wrapped a dozen characters wide: lines that short are a table's cells, one to a line)
    return typical if _WRAPPED_MIN <= typical <= _WRAPPED_MAX else None


def compact(text: str) -> View:
    parts: list[str] = []
    starts: list[int] = []  # runs of View
    origins: list[int] = []
    n = 0  # compact length so far
    width = _wrap_width(text)
    full = _FULL_LINE * width if width else None
    j = 0
    line_start = 0
    for m in _DROP.finditer(text):
        a, b = m.start(), m.end()
        if a > j:
            parts.append(_fold(text[j:a]))
            starts.append(n)
            origins.append(j)
            n += a - j
        g = m.group()
        if "\n" in g:
            prev_line = text[line_start:a].strip(_SPACES)
            soft = (
                g.count("\n") == 1
                and prev_line
                and prev_line[-1] not in _LINE_END
                and not _BULLET.match(text, b)
                and full is not None
                and (len(prev_line) >= full or _word_split(prev_line, text, b))
                and not _cell_break(prev_line, text, b)
            )
            if not soft and n and b < len(text):
                parts.append("\n")
                starts.append(n)
                origins.append(a + g.index("\n"))
                n += 1
            line_start = b
        elif g[0] in _SPACES and n and b < len(text):
            # keep one separator between two ASCII tokens ('2020-08-13 16:43'); drop spaces elsewhere
            left = parts[-1][-1] if parts and parts[-1] else ""
            if _is_ascii_alnum(left) and _is_ascii_alnum(text[b]):
                parts.append(" ")
                starts.append(n)
                origins.append(a)
                n += 1
        j = b
    if j < len(text):
        parts.append(_fold(text[j:]))
        starts.append(n)
        origins.append(j)
    return View("".join(parts), tuple(starts), tuple(origins))
