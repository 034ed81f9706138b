"""A rank claim in words (南通第一) and its peer coverage ("2 of 6 peers reporting; missing: …").

The coverage comes from the claim's evidence rows (fct_ranking_evidence: one per peer, its kind) and, where the
mart has them, its coverage columns; the sentence is composed here in the reader's language.
"""

from __future__ import annotations

import pandas as pd

from app import data, names
from app.i18n import english, t

CN_DIGITS = "零一二三四五六七八九十"
SCOPE_WORDS = ("南通", "全市", "全省", "省内", "全国", "全区", "江苏", "苏中", "本市")
MAX_NAMED = 8


def rank_words(scope: object, rank: object, claim: object, text: object = None) -> str:
    """The claim as the report words it: 南通第一, 全省唯一, 全市第一方阵.

    The extractor's `claim` may be the bare word (唯一, 首家); the scope word in front of it is then taken from the
    quoted text when it is there, else from the scope's name (江苏省 -> 江苏).
    """
    word = claim if isinstance(claim, str) and claim else None
    if word is None:
        try:
            n = int(rank)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return str(scope) if isinstance(scope, str) else ""
        word = f"第{CN_DIGITS[n] if 0 < n <= 10 else n}"
    if any(w in word for w in SCOPE_WORDS):
        return word
    if isinstance(text, str) and word in text:
        before = text[: text.index(word)]
        for prefix in SCOPE_WORDS:
            if before.endswith(prefix):
                return prefix + word
    place = scope.rstrip("市省区县") if isinstance(scope, str) and len(scope) > 2 else scope
    return f"{place or ''}{word}"


def rank_words_en(scope_code: object, scope: object, rank: object, claim: object) -> str:
    """English gloss of a claim: 'No. 1 in Nantong' (the Chinese wording stays beside it)."""
    place = names.region_label(scope_code, scope) if isinstance(scope, str) else ""
    try:
        n = int(rank)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        n = None
    if n is not None:
        return f"No. {n} in {place}" if place else f"No. {n}"
    return f"{claim or ''} ({place})" if place else str(claim or "")


def _list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if value is not None and hasattr(value, "__len__") else []


def coverage(claims: pd.DataFrame) -> list[str]:
    """Per claim: 'k of n peers reporting; missing: …; better: …' in the reader's language."""
    if claims.empty:
        return []
    cov = {r["claim_id"]: r for r in data.claim_coverage(list(claims["fact_id"])).to_dict("records")}
    # every peer named in one look-up of the name index, not one per claim
    codes = sorted({c for r in cov.values() for k in ("missing_codes", "better_codes", "same_codes")
                    for c in _list(r[k])})
    label = dict(zip(codes, names.region_labels(codes), strict=True))
    sep = "; " if english() else "；"
    comma = ", " if english() else "、"
    out = []
    for r in claims.itertuples():
        c = cov.get(r.fact_id)
        n = int(r.n_peers) if pd.notna(r.n_peers) else (int(c["n_evidence"]) if c is not None else 0)
        if not n:
            out.append(t("coverage_none"))
            continue
        k = int(r.n_peers_reporting) if pd.notna(r.n_peers_reporting) else (
            int(c["n_reporting"]) if c is not None else 0)
        parts = [t("coverage_sentence", n=n, k=k)]
        if c is not None:
            for key, col in (("coverage_missing", "missing_codes"), ("coverage_better", "better_codes"),
                             ("coverage_same", "same_codes")):
                shown = [label[x] for x in _list(c[col])]
                if len(shown) > MAX_NAMED:  # a province's 94 county-level units: the first few, then a count
                    shown = [*shown[:MAX_NAMED], t("and_more", n=len(shown) - MAX_NAMED)]
                if shown:
                    parts.append(t(key, names=comma.join(shown)))
        out.append(sep.join(parts))
    return out


def prepare(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims with their words, translated labels and coverage, ready for a table."""
    df = claims.copy()
    if df.empty:
        for c in ("claim_words", "region_label", "indicator_label", "coverage"):
            df[c] = []
        return df
    df["claim_words"] = [rank_words(s, r, c, x) for s, r, c, x in
                         zip(df["scope"], df["rank"], df["claim"], df["text"], strict=True)]
    if english():
        df["claim_words"] = [f"{w} ({rank_words_en(sc, s, r, c)})" for w, sc, s, r, c in
                             zip(df["claim_words"], df["scope_code"], df["scope"], df["rank"], df["claim"],
                                 strict=True)]
    df["region_label"] = names.region_labels(df["region_code"], df["region"])
    df["indicator_label"] = names.indicator_labels(df["indicator"], df["indicator_en"])
    df["coverage"] = coverage(df)
    return df
