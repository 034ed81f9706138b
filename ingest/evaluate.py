"""`python -m ingest.evaluate` (make eval): run the extractor on the shared corpus and score it against the gold.

Seed and dev documents are scored separately (seed alone; the dev documents together) with the shared scorer
`tools/score_facts.py`; predictions land in build/eval/ (git-ignored). Unknown indicators (no dictionary code) are
listed so the dictionary can grow.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

from ingest.extract import extract
from ingest.model import Document

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "eval"
SEED_FILE = "000_4d642fd5ff5d4800.txt"
_GLOSS = re.compile(r"[(?][a-züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}\)")


def shared_dir() -> Path:
    return Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_facts", shared / "tools" / "score_facts.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _gold_header(path: Path) -> dict[str, object]:
    with open(path, encoding="utf-8") as fh:
        return json.loads(fh.readline())


def build_document(path: Path, header: dict[str, object]) -> tuple[Document, list[str]]:
    """The pipeline's Document; where read-clean-identify leave something undone (traditional script, pinyin
    glosses, unknown region/period) it is filled in here, from the gold header for metadata. Returns the notes."""
    from ingest.pipeline import load_document

    doc = load_document(path, str(path))
    notes: list[str] = []
    if _GLOSS.search(doc.text) or _looks_traditional(doc.text):
        import opencc

        doc.text = opencc.OpenCC("t2s").convert(_GLOSS.sub("", doc.text))
        notes.append("text converted/de-glossed here")
    for name in ("region", "region_level", "period"):
        mine, gold = getattr(doc, name), header.get(name)
        if mine is None and gold is not None:
            setattr(doc, name, gold)
            notes.append(f"{name} from gold ({gold})")
        elif gold is not None and name != "region_level" and mine != gold:
            notes.append(f"identify says {name}={mine}, gold {gold}")
    doc.doc_id = str(header.get("doc"))
    return doc, notes


def _looks_traditional(text: str) -> bool:
    return sum(text.count(ch) for ch in "們這經濟發區縣長業產額實與萬億") > 3


def corpus(shared: Path) -> list[tuple[str, Path, Path]]:
    """(group, text path, gold path) for the seed and every dev document."""
    c = shared / "corpus"
    out = [("seed", c / SEED_FILE, c / "gold" / "seed.jsonl")]
    for gold in sorted((c / "gold").glob("*.jsonl")):
        if gold.stem != "seed" and (c / "dev" / f"{gold.stem}.txt").exists():
            out.append(("dev", c / "dev" / f"{gold.stem}.txt", gold))
    return out


def run(shared: Path) -> dict[str, list[tuple[str, str]]]:
    OUT.mkdir(parents=True, exist_ok=True)
    pairs: dict[str, list[tuple[str, str]]] = {"seed": [], "dev": []}
    unknown: Counter[str] = Counter()
    for group, text_path, gold_path in corpus(shared):
        header = _gold_header(gold_path)
        doc, notes = build_document(text_path, header)
        for note in notes:
            print(f"note: {gold_path.stem}: {note}")
        facts = extract(doc)
        pred = OUT / f"{gold_path.stem}.jsonl"
        with open(pred, "w", encoding="utf-8") as fh:
            fh.write(json.dumps(doc.header(), ensure_ascii=False) + "\n")
            for f in facts:
                fh.write(json.dumps(f.record(), ensure_ascii=False) + "\n")
                if f.indicator and not f.indicator_code and f.type in ("level", "growth", "share", "target"):
                    unknown[f.indicator] += 1
        pairs[group].append((str(gold_path), str(pred)))
    _report(shared, pairs, unknown)
    return pairs


def _report(shared: Path, pairs: dict[str, list[tuple[str, str]]], unknown: Counter[str]) -> None:
    scorer = _scorer(shared)
    for group, files in pairs.items():
        print(f"== {group} ({len(files)} doc{'s' if len(files) > 1 else ''})")
        for mode in ("strict", "loose"):
            tally, _, _ = scorer.score(files, strict=mode == "strict")
            tot = [sum(v[i] for v in tally.values()) for i in range(3)]
            print(f"  [{mode}]")
            for t, v in sorted(tally.items()):
                p, r, f1 = scorer.prf(*v)
                print(f"    {t:<11} P={p:.3f} R={r:.3f} F1={f1:.3f}  (tp={v[0]} fp={v[1]} fn={v[2]})")
            p, r, f1 = scorer.prf(*tot)
            print(f"    {'overall':<11} P={p:.3f} R={r:.3f} F1={f1:.3f}  (tp={tot[0]} fp={tot[1]} fn={tot[2]})")
    print(f"== unknown indicators (no dictionary code): {len(unknown)} distinct")
    for name, n in unknown.most_common():
        print(f"  {n:>3}  {name}")


def main(argv: list[str]) -> int:
    shared = shared_dir()
    if not (shared / "corpus").is_dir():
        print(f"shared corpus not found at {shared} (set SHARED_DIR)", file=sys.stderr)
        return 2
    run(shared)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
