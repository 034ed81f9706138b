"""Which characters a match of a regex can start with: a set look-up that lets a caller skip a costly match.

An anchored match (`pattern.match(s)`) of one of the long word alternations in lexicon.py tries alternative after
alternative even where s starts with a character none of them starts with, which is most of the time. `first_chars`
reads the parsed pattern once and returns the characters a match must start with; a caller tests s[:1] against it
and calls the pattern only where a match is possible. Where it cannot tell (a pattern that can match the empty
string, `.`, `\\w`, case folding, another Python), it admits everything, so a caller is never wrong, only no faster.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

try:  # CPython's own regex parser, the one re.compile uses
    from re import _constants as _C  # type: ignore[attr-defined]
    from re import _parser as _P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Pythons: no prefilter
    _C = _P = None  # type: ignore[assignment]

_MAX_RANGE = 1024  # a wider character range ([\u4e00-\u9fff]) is not worth a set: admit everything


class FirstChars:
    """`c in fc`: whether a match can start with the one character c ('' never starts a match)."""

    __slots__ = ("chars", "digits", "everything", "test")

    def __init__(self, chars: frozenset[str] = frozenset(), digits: bool = False, everything: bool = False):
        self.chars = chars
        self.digits = digits  # any Unicode decimal digit, as \d matches (str.isdecimal)
        self.everything = everything
        # `fc.test(c)` is `c in fc` (truthy or not) without a call into Python code: callers in loops use it.
        self.test: Callable[[str], object]
        if everything:
            self.test = frozenset().isdisjoint  # (True for any string: the empty set is disjoint from everything)
        elif digits:
            self.test = _Admitted(chars).__getitem__
        else:
            self.test = chars.__contains__

    def __contains__(self, c: str) -> bool:
        return self.everything or c in self.chars or (self.digits and c.isdecimal())


class _Admitted(dict[str, bool]):
    """c -> whether c is one of chars or a decimal digit, remembered per character: a look-up of a character met
    before stays in C (a regex call per character cost ten times as much). Holds at most _REMEMBERED characters."""

    def __init__(self, chars: frozenset[str]):
        super().__init__()
        self.chars = chars

    def __missing__(self, c: str) -> bool:
        found = c in self.chars or c.isdecimal()
        if len(self) < _REMEMBERED:
            self[c] = found
        return found


_REMEMBERED = 1 << 16


def first_chars(pattern: re.Pattern[str], nonempty: bool = False) -> FirstChars:
    """The characters every match of pattern starts with (everything when that cannot be told). With nonempty, those
    of every match that consumes a character, even if the pattern can also match the empty string: the caller then
    answers for the empty match itself."""
    if _P is None or pattern.flags & re.IGNORECASE:
        return FirstChars(everything=True)
    try:
        found = _first(_P.parse(pattern.pattern, pattern.flags))
    except Exception:  # a parser of another version: no prefilter
        return FirstChars(everything=True)
    if found is None or (found[2] and not nonempty):  # unknown, or the pattern can match the empty string
        return FirstChars(everything=True)
    chars, digits, _nullable = found
    return FirstChars(frozenset(chars), digits)


def _first(items: Any) -> tuple[set[str], bool, bool] | None:
    """(chars, any digit, can match empty) of a sequence of parsed items; None when unknown."""
    chars: set[str] = set()
    digits = False
    for op, av in items:
        if op is _C.LITERAL:
            chars.add(chr(av))
            return chars, digits, False
        if op is _C.IN:
            found = _charset(av)
            if found is None:
                return None
            chars |= found[0]
            return chars, digits or found[1], False
        if op is _C.AT or op is _C.ASSERT or op is _C.ASSERT_NOT:
            continue  # zero width: the next item consumes the first character
        if op is _C.SUBPATTERN or op is _C.ATOMIC_GROUP:
            if op is _C.SUBPATTERN and (av[1] or av[2]):  # inline flags: leave it to the regex engine
                return None
            sub = _first(av[-1])
        elif op is _C.BRANCH:
            sub = _branch(av[1])
        elif op is _C.MAX_REPEAT or op is _C.MIN_REPEAT or op is _C.POSSESSIVE_REPEAT:
            lo, _hi, body = av
            sub = _first(body)
            if sub is not None and lo == 0:
                sub = (sub[0], sub[1], True)
        else:  # ., \w, a back-reference, ...: unknown
            return None
        if sub is None:
            return None
        chars |= sub[0]
        digits = digits or sub[1]
        if not sub[2]:
            return chars, digits, False
    return chars, digits, True


def _branch(alternatives: Any) -> tuple[set[str], bool, bool] | None:
    chars: set[str] = set()
    digits = nullable = False
    for alt in alternatives:
        sub = _first(alt)
        if sub is None:
            return None
        chars |= sub[0]
        digits = digits or sub[1]
        nullable = nullable or sub[2]
    return chars, digits, nullable


def _charset(items: Any) -> tuple[set[str], bool] | None:
    chars: set[str] = set()
    digits = False
    for op, av in items:
        if op is _C.LITERAL:
            chars.add(chr(av))
        elif op is _C.RANGE and av[1] - av[0] < _MAX_RANGE:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        elif op is _C.CATEGORY and av is _C.CATEGORY_DIGIT:
            digits = True
        else:  # a negated or wide class, \w, \s: unknown
            return None
    return chars, digits


class Scanner:
    """`pattern.finditer(text)` for a pattern the regex engine cannot skip ahead for (one that opens with an optional
    group, say): a plain character class finds the candidate positions, and the pattern is tried only there."""

    def __init__(self, pattern: re.Pattern[str]):
        self.pattern = pattern
        fc = first_chars(pattern)
        self.starts: re.Pattern[str] | None = None
        if not fc.everything:
            chars = "".join(re.escape(c) for c in sorted(fc.chars)) + (r"\d" if fc.digits else "")
            self.starts = re.compile("[" + chars + "]") if chars else re.compile("(?!)")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.starts is None:
            yield from self.pattern.finditer(text)
            return
        # (as finditer: the leftmost match from pos on, then on from its end; the pattern never matches empty)
        pos = 0
        while (c := self.starts.search(text, pos)) is not None:
            m = self.pattern.match(text, c.start())
            if m is None:
                pos = c.start() + 1
            else:
                yield m
                pos = m.end()
