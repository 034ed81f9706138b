"""Source text -> Cleaned: pinyin glosses stripped, simplified script, spam removed, offset map back to the source.

Cleaning is conservative on purpose: the extractor quotes exact substrings of the cleaned text, so spaces and line
breaks inside the text stay as they are. Each step keeps, for every character, its position in Source.text; a
removal records the source span it took out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ingest.model import Cleaned, Span
from ingest.spam import find_spam

# Zero-width characters: invisible, yet they split words and numbers for every later regex.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff]+")
_HAN = r"\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
# A gloss: a parenthesised pinyin syllable straight after a Chinese character, "實現(xiàn)".
_GLOSS = re.compile(rf"(?<=[{_HAN}])[(（]([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{{1,6}})[)）]")
_PINYIN_CHARS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# A gloss a mirror's encoding mangled: its opening paren (with, at times, the character it glossed) turned into '?'
# ('百?qiáng)'), after a character or after another gloss; or its closing paren lost where the saved page was cut off
# ('實現(xiàn' at the very end). Only a tone-marked syllable counts, so a real question mark or a letter stays.
_MANGLED_GLOSS = re.compile(
    rf"(?<=[{_HAN})）])[?？]([{_PINYIN_CHARS}]{{1,6}})[)）]|(?<=[{_HAN}])[(（]([{_PINYIN_CHARS}]{{1,6}})$"
)
_TONE = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ]")
_SYLLABLE = re.compile(
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|in|un|vn|ia|ie|iu|ua|uo|ui|ve|"
    r"ue|a|o|e|i|u|v)|ng|n|m|hm|hng"
)
# A text is traditional when at least this share of its Chinese characters change under t2s (simplified text
# changes at zero or a handful of places, traditional at a quarter or more).
TRADITIONAL_SHARE = 0.03
# OpenCC is slow (~10 µs a character): the script is judged on this many Chinese characters at most, a sample
# that decides the share well past the threshold's precision.
SCRIPT_SAMPLE = 50_000
RUN_MAX = 1000  # see t2s
_NOT_HAN = re.compile(rf"[^{_HAN}]+")


@dataclass
class _Text:
    """Text under cleaning: `offs[i]` is the Source.text position of `text[i]`."""

    text: str
    offs: list[int]


def clean(text: str) -> Cleaned:
    cur = _Text(text, list(range(len(text))))
    removed: list[Span] = []
    cur = _remove(cur, [(m.start(), m.end(), "invisible") for m in _INVISIBLE.finditer(cur.text)], text, removed)
    cur = _remove(cur, pinyin_glosses(cur.text), text, removed)
    script = detect_script(cur.text)
    if script == "traditional":
        cur = to_simplified(cur)
    spam = [(h.start, h.end, h.reason) for h in find_spam(cur.text)]
    cur = _remove(cur, spam, text, removed)
    # judged again only when spam went (the text is otherwise what was judged): detection costs ~25 ms a report
    if spam and script == "simplified" and detect_script(cur.text) == "traditional":
        # injected spam (simplified) can dilute a short traditional text below the threshold; judged without it,
        # the text is traditional, and cleaning must not depend on whether the spam was still there
        script = "traditional"
        cur = to_simplified(cur)
    offsets = (*cur.offs, len(text))
    return Cleaned(text=cur.text, offsets=offsets, script=script, removed=tuple(sorted(removed, key=_span_key)))


def _span_key(s: Span) -> tuple[int, int]:
    return s.start, s.end


def _remove(cur: _Text, cuts: list[tuple[int, int, str]], source: str, removed: list[Span]) -> _Text:
    """Drop the [start, end) ranges of `cur`, recording each as a Span of the source text."""
    if not cuts:
        return cur
    keep: list[str] = []
    offs: list[int] = []
    pos = 0
    for start, end, reason in sorted(cuts):
        if start < pos:  # overlapping cut: already gone
            start = pos
        if end <= start:
            continue
        keep.append(cur.text[pos:start])
        offs.extend(cur.offs[pos:start])
        src_start, src_end = cur.offs[start], cur.offs[end - 1] + 1
        removed.append(Span(src_start, src_end, source[src_start:src_end], reason))
        pos = end
    keep.append(cur.text[pos:])
    offs.extend(cur.offs[pos:])
    return _Text("".join(keep), offs)


def pinyin_glosses(text: str) -> list[tuple[int, int, str]]:
    """Glosses to strip. A toneless "(an)" is a gloss only in a text that carries tone-marked glosses too, since a
    plain report may write "(a)" or "(e)" after a word."""
    found = [m for m in _GLOSS.finditer(text) if _is_syllable(m.group(1))]
    toned = sum(bool(_TONE.search(m.group(1))) for m in found)
    cuts = [(m.start(), m.end(), "pinyin_gloss") for m in found if toned >= 3 or _TONE.search(m.group(1))]
    if "?" in text or "？" in text or cuts:
        cuts += [(m.start(), m.end(), "pinyin_gloss:mangled") for m in _MANGLED_GLOSS.finditer(text) if _toned(m)]
    return cuts


def _toned(m: re.Match[str]) -> bool:
    word = m.group(1) or m.group(2)
    return bool(_TONE.search(word)) and _is_syllable(word)


def _is_syllable(word: str) -> bool:
    plain = unicodedata.normalize("NFD", word.lower().replace("ü", "v"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return _SYLLABLE.fullmatch(plain) is not None


@cache
def _converter() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


def t2s(text: str) -> str:
    """OpenCC t2s, linear in the text's length. The pure-Python OpenCC converts each run between separators
    (punctuation, spaces) by re-scanning the rest of the run after every phrase it finds: quadratic in the run's
    length (800,000 traditional characters without a comma take over a minute). Runs longer than RUN_MAX are
    converted in RUN_MAX pieces; phrases are a few characters long, so only one straddling a cut could differ."""
    cc = _converter()
    if len(text) <= RUN_MAX:
        return cc.convert(text)  # type: ignore[attr-defined]
    out: list[str] = []
    for piece in cc.split_chars_re.split(text):  # type: ignore[attr-defined]  # OpenCC's own separators
        out.extend(cc.convert(piece[i : i + RUN_MAX]) for i in range(0, len(piece), RUN_MAX))  # type: ignore[attr-defined]
    return "".join(out)


def detect_script(text: str) -> str:
    joined = _NOT_HAN.sub("", text)
    if not joined:
        return "simplified"
    if len(joined) > SCRIPT_SAMPLE:  # RUN_MAX-long windows spread over the whole text, not just its opening
        step = len(joined) // (SCRIPT_SAMPLE // RUN_MAX)
        joined = "".join(joined[i : i + RUN_MAX] for i in range(0, len(joined), step))
    converted = t2s(joined)
    if len(converted) != len(joined):
        return "traditional"
    changed = sum(a != b for a, b in zip(joined, converted, strict=True))
    return "traditional" if changed >= 3 and changed / len(joined) >= TRADITIONAL_SHARE else "simplified"


def to_simplified(cur: _Text) -> _Text:
    """OpenCC t2s line by line (phrases need context); a line whose length changes is converted character by
    character so that every output character still maps to one source position."""
    out: list[str] = []
    offs: list[int] = []
    pos = 0
    for line in cur.text.splitlines(keepends=True):
        conv = t2s(line)
        if len(conv) == len(line):
            out.append(conv)
            offs.extend(cur.offs[pos : pos + len(line)])
        else:
            for i, ch in enumerate(line):
                piece = t2s(ch)
                out.append(piece)
                offs.extend([cur.offs[pos + i]] * len(piece))
        pos += len(line)
    return _Text("".join(out), offs)
