"""Source text -> Cleaned: spam removed, simplified script, offset map back to the source."""

from __future__ import annotations

import re

from ingest.model import Cleaned, Span

# Injected gambling SEO strings: brand + betting words joined into a "…-官网" title.
SPAM = re.compile(r"澳门皇冠[_＿:：]?(?:皇冠足球比分-官网)?|皇冠足球比分-官网")


def clean(text: str) -> Cleaned:
    removed: list[Span] = []
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in SPAM.finditer(text):
        out.append(text[pos : m.start()])
        offsets.extend(range(pos, m.start()))
        removed.append(Span(m.start(), m.end(), m.group(), "spam:lexicon"))
        pos = m.end()
    out.append(text[pos:])
    offsets.extend(range(pos, len(text) + 1))
    return Cleaned(text="".join(out), offsets=tuple(offsets), script="simplified", removed=tuple(removed))
