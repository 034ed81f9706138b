"""Injected gambling/SEO spam: where it is in a (simplified) text, and why.

Two signals, both from the way hijacked pages look rather than from any one page:
- lexicon runs: brand and betting terms from `spam_lexicon.txt` strung together with title separators
  ("澳门皇冠_皇冠足球比分-官网") or a brand glued to a separator ("澳门皇冠:" before the real title);
- a spam title: the page's first line carries spam words and shares almost nothing with the body; once known, the
  same string (and its separator-delimited pieces) is spam wherever it was pasted in the body.
A lone term inside a sentence is never spam: "福利彩票销售额增长5%" and "打击赌博" are report text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LEXICON = Path(__file__).with_name("spam_lexicon.txt")
SEP = r"[_＿\-－—–|｜:：·・/ \t\u3000]"
_SEP_CHARS = re.compile(r"[_＿\-－—–|｜:：·・/]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
TITLE_MAX = 40  # a page title, not a paragraph
BODY_MIN = 50  # Chinese characters of body needed before a title can be judged against it


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    reason: str  # spam:lexicon | spam:title | spam:repeat


@dataclass(frozen=True)
class Lexicon:
    brands: frozenset[str]
    terms: re.Pattern[str]  # any term, longest first
    run: re.Pattern[str]  # terms joined by separators, with a trailing separator


def load_lexicon(path: Path = LEXICON) -> Lexicon:
    entries: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            term, kind = line.rsplit(maxsplit=1)
            entries[term.lower()] = kind
    alts = "|".join(re.escape(t) for t in sorted(entries, key=lambda t: (-len(t), t)))
    run = re.compile(rf"(?:{alts})(?:{SEP}*(?:{alts}))*(?:{SEP}(?!{SEP}))?", re.I)
    brands = frozenset(t for t, k in entries.items() if k == "brand")
    return Lexicon(brands, re.compile(alts, re.I), run)


@cache
def lexicon() -> Lexicon:
    return load_lexicon()


def find_spam(text: str, lex: Lexicon | None = None) -> list[Hit]:
    """Spam spans in `text`, sorted and non-overlapping."""
    lex = lex or lexicon()
    hits = []
    for m in lex.run.finditer(text):
        start, end = _trim(m, text, lex)
        if start < end and _is_spam_run(text, start, end, lex):
            hits.append(Hit(start, end, "spam:lexicon"))
    hits += _title_hits(text, hits, lex)
    return _merge(hits)


def _trim(m: re.Match[str], text: str, lex: Lexicon) -> tuple[int, int]:
    """A weak word glued to the run's edge with no separator, next to report text, belongs to that text:
    "培育优质体育澳门皇冠_…" loses the spam, not "体育"."""
    terms = list(lex.terms.finditer(text, m.start(), m.end()))
    start, end = m.start(), m.end()
    lo, hi = 0, len(terms) - 1  # the terms still in the run (indices, not pop(0): a run may hold a million)
    while hi > lo and terms[lo].group().lower() not in lex.brands and terms[lo + 1].start() == terms[lo].end() \
            and start > 0 and _HAN.match(text[start - 1]):
        lo += 1
        start = terms[lo].start()
    while hi > lo and terms[hi].group().lower() not in lex.brands and terms[hi - 1].end() == terms[hi].start() \
            and end < len(text) and _HAN.match(text[end]):
        hi -= 1
        end = terms[hi].end()
    return start, end


def _is_spam_run(text: str, start: int, end: int, lex: Lexicon) -> bool:
    run = text[start:end]
    terms = [t.lower() for t in lex.terms.findall(run)]
    if not any(t in lex.brands for t in terms):
        return False
    if len(terms) >= 2 or _SEP_CHARS.search(run):
        return True
    return _alone_on_line(text, start, end)  # a brand alone on a line: a pasted title


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Only whitespace between text[start:end] and the line's ends. Walks the blanks next to the run instead of
    slicing out its line: many brands on one multi-megabyte line would otherwise copy that line once each."""
    i = start
    while i > 0 and text[i - 1] != "\n" and text[i - 1].isspace():
        i -= 1
    j = end
    while j < len(text) and text[j] != "\n" and text[j].isspace():
        j += 1
    return (i == 0 or text[i - 1] == "\n") and (j == len(text) or text[j] == "\n")


def _title_hits(text: str, found: list[Hit], lex: Lexicon) -> list[Hit]:
    """The first non-empty line as a spam title: short, carries a brand or a "-官网" suffix, and its words are not
    what the body is about (a real headline shares most of its bigrams with the article)."""
    m = _first_line(text)
    if m is None or any(h.start <= m.start() and h.end >= m.end() for h in found):
        return []
    title = m.group().strip()
    if len(title) > TITLE_MAX or "。" in title:
        return []
    has_brand = any(t.lower() in lex.brands for t in lex.terms.findall(title))
    if not (has_brand or re.search(rf"{SEP}\s*官(?:网|方网站)", title)):
        return []
    pieces = {p for p in re.split(SEP + "+", title) if len(_HAN.findall(p)) >= 3 and not _only_weak(p, lex)}
    body = text[m.end() :]
    for piece in sorted(pieces | {title}, key=len, reverse=True):
        body = body.replace(piece, "")
    if _han_count(body) < BODY_MIN or _overlap(title, body) >= 0.3:
        return []
    start = m.start() + m.group().index(title)
    hits = [Hit(start, start + len(title), "spam:title")]
    for piece in sorted(pieces | {title}, key=len, reverse=True):
        hits += [Hit(r.start(), r.end(), "spam:repeat") for r in re.finditer(re.escape(piece), text)
                 if r.start() >= m.end()]
    return hits


_FIRST_CHAR = re.compile(r"\S")
_LINE = re.compile(r"[^\n]*")
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]+")


def _first_line(text: str) -> re.Match[str] | None:
    """The first line with a non-blank character, whole. Found from that character outwards: a one-regex form
    ("any non-newlines, a non-blank, any non-newlines") backtracks quadratically over a long blank line."""
    first = _FIRST_CHAR.search(text)
    if first is None:
        return None
    start = text.rfind("\n", 0, first.start()) + 1
    end = text.find("\n", first.start())
    return _LINE.match(text, start, len(text) if end < 0 else end)


def _han_count(text: str) -> int:
    return len(_NON_HAN.sub("", text))  # in C, without a list of one-character strings


def _only_weak(piece: str, lex: Lexicon) -> bool:
    rest = lex.terms.sub("", piece)
    return not _HAN.search(rest) and not any(t.lower() in lex.brands for t in lex.terms.findall(piece))


def _overlap(title: str, body: str) -> float:
    """Share of the title's Chinese bigrams that also occur in the body."""
    han = "".join(_HAN.findall(title))
    grams = {han[i : i + 2] for i in range(len(han) - 1)}
    if not grams:
        return 0.0
    return sum(g in body for g in grams) / len(grams)


def _merge(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: (h.start, -h.end)):
        if out and h.start < out[-1].end:
            if h.end > out[-1].end:
                out[-1] = Hit(out[-1].start, h.end, out[-1].reason)
            continue
        out.append(h)
    return out
