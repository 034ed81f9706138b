"""Copies of one report -> one document with several sources.

Two files are copies when their normalized texts are the same (one document id) or near-identical (a mirror with its
own chrome, a page saved cut short, a re-encoded or re-spaced copy): most of the shorter one's 8-character shingles
are in the longer one. Which copy's text the document keeps is chosen for its content, not its length
(`canonical_key`): a copy padded with the report repeated over and over is the longest and holds every shingle, and
a PDF printed from the page is longer by its page furniture and its wrapped lines, yet either is the worse text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ingest.model import Document, Fact
from ingest.tables import Event

if TYPE_CHECKING:
    from ingest.intake import Outcome

SHINGLE = 8  # characters per shingle for near-duplicate detection
NEAR_DUPLICATE = 0.8  # share of the shorter copy's shingles found in the longer one
MIN_SHINGLES = 50  # below this, only an exact match makes a duplicate
PREFIX_HITS = 8  # near-duplicate candidates must share this many of a document's rarest shingles (see near_copies)
# A text whose distinct shingles are fewer than this share of its shingle positions repeats itself (real reports:
# 0.80-1.0; the same text twice: 0.5): such a copy is never chosen over one that does not.
REPEATED_BELOW = 0.6


@dataclass(frozen=True)
class Rank:
    """What choosing the canonical copy reads of one file."""

    simplified: bool = True  # simplified script (the extractor's own; a traditional copy was converted)
    repeated: bool = False  # the text repeats itself (see REPEATED_BELOW)
    n_facts: int = 0  # distinct facts (type, indicator, value, unit, period, region): what the copy says
    norm_len: int = 0  # normalized length: of copies saying as much, the shorter has less besides the report


def rank_of(doc: Document, facts: list[Fact], norm: str, grams: np.ndarray) -> Rank:
    positions = len(_plain(norm)) - SHINGLE + 1
    repeated = len(grams) >= MIN_SHINGLES and len(grams) < REPEATED_BELOW * positions
    distinct = {(f.type, f.indicator_code or f.indicator, f.value, f.unit, f.period, f.region_code) for f in facts}
    return Rank(doc.script == "simplified", repeated, len(distinct), len(norm))


def canonical_key(path: str, rank: Rank) -> tuple[bool, bool, int, int, str]:
    """Sort key of a group's copies, best first: simplified script, not repeating itself, then the copy that says
    the most (distinct facts), then of those the shortest (a mirror's chrome, a printout's page furniture and
    wrapped lines add length, not facts), then the first by path, so the result never depends on which copy was
    saved first."""
    return not rank.simplified, rank.repeated, -rank.n_facts, rank.norm_len, path


# ---------------------------------------------------------------- grouping


@dataclass
class Merged:
    """How the loaded files were grouped, for the next incremental run (ingest/incremental.py): the loaded files
    in path order, the near-identical pairs among them (indices), each group's members (indices, grouping order),
    and the shingle index (every hash of the documents long enough to be compared, sorted, with the loaded file
    holding it)."""

    loaded: list[Outcome]
    near: list[tuple[int, int]]
    groups: list[list[int]]
    index_hashes: np.ndarray
    index_holders: np.ndarray


def merge(outcomes: list[Outcome]) -> tuple[list[tuple[Document, list[Fact]]], list[Event], Merged]:
    """Copies of one report -> one document with several sources (see `group_files` and `assemble`); an event per
    file; and what was found, for the next incremental run."""
    events: list[Event] = []
    loaded: list[Outcome] = []
    for o in outcomes:
        if o.doc is None:
            events.append(Event(o.path, o.sha256, o.status, None, o.reason))
        else:
            loaded.append(o)
    index: list[np.ndarray] = []
    near = near_copies([np.frombuffer(o.grams, dtype=np.uint64) for o in loaded], index)
    groups = group_files([o.doc.doc_id for o in loaded if o.doc is not None], near)
    docs, more = assemble([[loaded[i] for i in g] for g in groups])
    events.extend(more)
    docs.sort(key=lambda d: d[0].doc_id)
    events.sort(key=lambda e: e.source_path)
    pairs = sorted((a, b) for a, bs in near.items() for b in bs if a < b)
    hashes, holders = index if index else (np.zeros(0, np.uint64), np.zeros(0, np.int32))
    return docs, events, Merged(loaded, pairs, groups, hashes, holders)


def group_files(doc_ids: list[str], near: dict[int, list[int]]) -> list[list[int]]:
    """Loaded files (in path order, by their document id) -> groups of copies of one report, as indices.

    Each file joins the first earlier group whose first member has the same document id or is a near-identical
    copy (`same_report`), else starts a group."""
    groups: list[list[int]] = []
    group_of_rep: dict[int, int] = {}  # index of a group's first member -> the group
    group_of_id: dict[str, int] = {}  # doc_id of a group's first member -> the group
    for i, doc_id in enumerate(doc_ids):
        found = [group_of_rep[j] for j in near.get(i, ()) if j in group_of_rep]
        if doc_id in group_of_id:
            found.append(group_of_id[doc_id])
        if found:
            groups[min(found)].append(i)
            continue
        group_of_rep[i] = len(groups)
        group_of_id.setdefault(doc_id, len(groups))
        groups.append([i])
    return groups


def assemble(groups: list[list[Outcome]]) -> tuple[list[tuple[Document, list[Fact]]], list[Event]]:
    """Each group -> one document (the canonical copy's text, every copy a source) and an event per file."""
    docs: list[tuple[Document, list[Fact]]] = []
    events: list[Event] = []
    for group in groups:
        ranked = sorted(group, key=lambda o: canonical_key(o.path, o.rank)) if len(group) > 1 else group
        head = ranked[0]
        assert head.doc is not None
        # the copy whose text this is comes first: header()["source"] and the facts' source offsets refer to it
        rest = sorted(ranked[1:], key=lambda o: o.path)
        doc = replace(head.doc, sources=[o.doc.sources[0] for o in [head, *rest] if o.doc]) if rest else head.doc
        docs.append((doc, head.facts))
        events.append(Event(head.path, head.sha256, "loaded", doc.doc_id, None))
        events.extend(Event(o.path, o.sha256, "duplicate", doc.doc_id, f"same report as {head.path}")
                      for o in ranked[1:])
    return docs, events


# ---------------------------------------------------------------- near-identical texts

_BASE = np.uint64(0x100000001B3)  # odd multiplier of the polynomial hash over a shingle's code points


def _plain(norm: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", norm))


def shingles(norm: str) -> np.ndarray:
    """Overlapping character n-grams of the words and numbers, punctuation and width variants folded away, as
    64-bit hashes (sorted, unique): a set of 8-character strings would cost ~75 bytes per shingle in memory."""
    plain = _plain(norm)
    if len(plain) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    points = np.frombuffer(plain.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(points) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):  # wraps modulo 2**64, as intended
        h = h * _BASE + points[k : k + n]
    return np.unique(h)


def similar(n_a: int, n_b: int, shared: int) -> bool:
    """The near-identical test on counts: enough shingles to compare, and most of the smaller set shared."""
    small = min(n_a, n_b)
    return small >= MIN_SHINGLES and shared / small >= NEAR_DUPLICATE


def same_report(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-identical copies: a mirror with its own chrome, a page saved cut short, a re-encoded copy."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    return similar(len(a), len(b), len(np.intersect1d(a, b, assume_unique=True)))


def near_copies(grams: list[np.ndarray], index: list[np.ndarray] | None = None) -> dict[int, list[int]]:
    """For each document, the others it is a near-identical copy of (`same_report`), without comparing every pair.

    Prefix filtering (as in set-similarity joins): if the shorter copy A shares at least NEAR_DUPLICATE of its
    shingles with B, at most `miss = len(A) - ceil(NEAR_DUPLICATE * len(A))` of A's shingles are not in B, so of any
    `miss + k` shingles of A, B holds at least k. A looks up only its `miss + k` rarest shingles: rare ones have
    short lists of the documents holding them, boilerplate that every report repeats is never looked up, and a
    document with fewer than k hits cannot be a copy (k > 1 spares checking documents that share one stray
    number). The few candidates left are checked exactly. Work grows with the documents, not with their pairs.

    `index`, if given, receives the sorted hashes and, for each, the document holding it (int32): what a later
    incremental run looks a changed document's shingles up in.
    """
    sizes = np.array([len(g) for g in grams], dtype=np.int64)
    ok = np.flatnonzero(sizes >= MIN_SHINGLES)
    if len(ok) < 2:
        if index is not None:
            one = grams[ok[0]] if len(ok) else np.zeros(0, dtype=np.uint64)
            index += [one, np.full(len(one), ok[0] if len(ok) else 0, dtype=np.int32)]
        return {}
    # Intermediates are dropped as soon as they are used: at 10,000 reports (15M shingles) each array is 120 MB.
    owner = np.repeat(ok, sizes[ok])
    hashes = np.concatenate([grams[i] for i in ok])
    # one sort of every (document, shingle) by hash gives the token ids, their document counts and, in that
    # order, the lists of documents holding each token (postings: holders[start[t]:start[t + 1]])
    by_hash = np.argsort(hashes)
    ordered = hashes[by_hash]
    del hashes
    new_token = np.concatenate([[True], ordered[1:] != ordered[:-1]])
    hashes_sorted = ordered if index is not None else None
    del ordered
    token_of = np.empty(len(by_hash), dtype=np.int64)
    token_of[by_hash] = np.cumsum(new_token) - 1
    start = np.concatenate([np.flatnonzero(new_token), [len(by_hash)]])
    del new_token
    df = np.diff(start)
    holders = owner[by_hash]
    del by_hash
    if index is not None:
        index += [hashes_sorted, holders.astype(np.int32)]
    # each document's shingles, rarest first (ties by token id), as one sort of a packed key
    miss = sizes - np.ceil(NEAR_DUPLICATE * sizes).astype(np.int64)
    need = np.minimum(miss + 1, PREFIX_HITS)
    t_bits, d_bits = len(df).bit_length(), int(df.max()).bit_length()
    if t_bits + d_bits + len(grams).bit_length() < 63:
        key = (owner << (t_bits + d_bits)) | (df[token_of] << t_bits) | token_of
        order = np.argsort(key)
        del key
    else:
        order = np.lexsort((token_of, df[token_of], owner))
    seg = np.repeat(np.cumsum(sizes[ok]) - sizes[ok], sizes[ok])  # where each document's shingles begin
    rank = np.arange(len(order)) - seg  # position within its document, rarest first
    del seg
    probe = order[rank < (miss + need)[owner]]
    del rank, order
    pt, pd_ = token_of[probe], owner[probe]
    counts = df[pt]
    # every probe expanded into its token's posting list: (A, a document holding that token of A)
    a = np.repeat(pd_, counts)
    b = holders[np.repeat(start[pt], counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)]
    mask = (a != b) & (sizes[a] <= sizes[b])  # A looks for the copies it would be the shorter one of
    pair, hits = np.unique(a[mask] * len(grams) + b[mask], return_counts=True)
    a, b = np.divmod(pair[hits >= need[pair // len(grams)]], len(grams))
    # two copies of one length each find the other: keep the pair once
    pair = np.unique(np.minimum(a, b) * len(grams) + np.maximum(a, b))
    a, b = np.divmod(pair, len(grams))
    near: dict[int, list[int]] = defaultdict(list)
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        if same_report(grams[x], grams[y]):
            near[x].append(y)
            near[y].append(x)
    return near
