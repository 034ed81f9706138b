"""A compact view of the document text: whitespace, PDF line breaks and footnote markers removed.

Reports come from web pages and PDFs: hard line breaks split names and numbers ('社会消费品零\\n售总额 346 亿元'),
spaces sit around numbers and footnote markers are glued to values ('单位[1]317家'). All grammar runs on the compact
string; `View.span` maps a compact slice back to offsets in `doc.text`, so every fact keeps an exact substring.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One-to-one character folds (same length, so offsets stay aligned).
_FOLD = str.maketrans("０１２３４５６７８９％，；：（）！？．", "0123456789%,;:()!?.")
_SPACES = " \t\u3000\xa0\r\u2002\u2003\u200b"
_FOOTNOTE = re.compile(r"\[\d{1,2}\]|【\d{1,2}】")
# A line that starts a new block even when the previous line did not end a sentence.
_BULLET = re.compile(
    r"^\s*(?:[—─━-]{1,2}|[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．]|[①-⑳•·])"
)
_LINE_END = "。！？!?；;:："
_SOFT_MIN = 14  # PDF lines are long; short lines (page furniture, headings) are blocks of their own


@dataclass(frozen=True)
class View:
    text: str  # compact text; "\n" marks a hard block break
    pos: tuple[int, ...]  # pos[i] = offset in doc.text of compact char i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in doc.text of the compact slice [start, end)."""
        if end <= start:
            p = self.pos[start] if start < len(self.pos) else (self.pos[-1] + 1 if self.pos else 0)
            return p, p
        return self.pos[start], self.pos[end - 1] + 1


def _is_ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def compact(text: str) -> View:
    skip = _footnote_mask(text)
    out: list[str] = []
    pos: list[int] = []
    lines = text.split("\n")
    offset = 0
    prev_content = ""  # last non-empty line, stripped
    blank_run = 0
    for idx, line in enumerate(lines):
        stripped = line.strip(_SPACES)
        if not stripped:
            blank_run += 1
            offset += len(line) + 1
            continue
        if idx and out:
            soft = (
                blank_run == 0
                and len(prev_content) >= _SOFT_MIN
                and prev_content[-1] not in _LINE_END
                and not _BULLET.match(stripped)
            )
            if not soft:
                out.append("\n")
                pos.append(offset - 1)
        blank_run = 0
        for j, ch in enumerate(line):
            k = offset + j
            if skip[k]:
                continue
            if ch in _SPACES:
                # keep one separator between two ASCII tokens ('2020-08-13 16:43'), drop it elsewhere
                left = out[-1] if out else ""
                right = _next_visible(line, j + 1)
                if _is_ascii_alnum(left) and _is_ascii_alnum(right) and left != " ":
                    out.append(" ")
                    pos.append(k)
                continue
            out.append(ch.translate(_FOLD))
            pos.append(k)
        prev_content = stripped
        offset += len(line) + 1
    return View("".join(out), tuple(pos))


def _next_visible(line: str, j: int) -> str:
    while j < len(line) and line[j] in _SPACES:
        j += 1
    return line[j] if j < len(line) else ""


def _footnote_mask(text: str) -> list[bool]:
    mask = [False] * (len(text) + 1)
    for m in _FOOTNOTE.finditer(text):
        for k in range(m.start(), m.end()):
            mask[k] = True
    return mask
