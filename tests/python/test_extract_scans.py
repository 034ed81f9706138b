"""Scans rewritten for speed find exactly what their plain definitions find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.extract import grammar

# the characters the fact-bearing words are made of, digits (also non-ASCII ones), stops and filler
_ALPHABET = (
    "第前列领先唯一首位家垫底百强十县区市持平同步相当致高于低快慢超过出落后比倒数最多方阵梯队"
    "二两三四五六七八九个项所座条翻了番0123456789٣,。;!?的年"
)


def _plain(text: str, pos: int) -> int:
    m = grammar._WORTH_PARSING.search(text, pos)
    return m.start() if m else len(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60), st.integers(min_value=0, max_value=60))
def test_next_worth_is_the_first_match_of_the_plain_pattern(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    assert grammar._next_worth(text, pos) == _plain(text, pos)


def test_next_worth_on_the_words_that_reach_past_a_digit() -> None:
    for text in ("比全省高", "比上年同期全市平均水平快3", "比1234567高", "翻了一番2", "第三", "前列", "十家", "٣"):
        for pos in range(len(text) + 1):
            assert grammar._next_worth(text, pos) == _plain(text, pos), (text, pos)
