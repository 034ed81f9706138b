"""`python -m ingest.evaluate` (make eval): score what `python -m ingest extract` prints against the shared gold.

Each page goes through exactly the extract command's path (read, clean, identify, extract; the header line and the
fact lines it prints); nothing is taken from the gold but the score. The pages are scored in three groups with the
shared scorer `tools/score_facts.py`: the Nantong/Jiangsu pages (the seed and the dev pages whose gold region lies in
Jiangsu), the dev pages from other provinces (strict, loose, attributed and the header check each), and the header
pages of corpus/headers (header check only: their gold has no facts). Predictions land in build/eval/ (git-ignored);
wrong headers are listed, and the scored pages' indicators without a dictionary code so the dictionary can grow.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

from ingest.extract import extract
from ingest.pipeline import load_document

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "eval"
SEED_FILE = "000_4d642fd5ff5d4800.txt"
HOME_PROVINCE = "32"  # Jiangsu: the corpus the project began with, scored apart from the national pages
GROUPS = ("nantong/jiangsu", "other provinces", "header pages")


def shared_dir() -> Path:
    return Path(os.environ.get("SHARED_DIR") or ROOT.parent / "shared")


def _scorer(shared: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_facts", shared / "tools" / "score_facts.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def extract_lines(path: Path) -> list[dict[str, Any]]:
    """What `python -m ingest extract PATH` prints for one file, as records."""
    doc = load_document(path, str(path))
    return [doc.header(), *(f.record() for f in extract(doc))]


def _gold_region_code(gold: Path) -> str:
    with open(gold, encoding="utf-8") as fh:
        return str(json.loads(fh.readline()).get("region_code") or "")


def corpus(shared: Path) -> list[tuple[str, Path, Path]]:
    """(group, text path, gold path) for the seed, every dev page and every header page."""
    c = shared / "corpus"
    out = [(GROUPS[0], c / SEED_FILE, c / "gold" / "seed.jsonl")]
    for gold in sorted((c / "gold").glob("*.jsonl")):
        page = c / "dev" / f"{gold.stem}.txt"
        if gold.stem != "seed" and page.exists():
            home = _gold_region_code(gold).startswith(HOME_PROVINCE)
            out.append((GROUPS[0] if home else GROUPS[1], page, gold))
    for gold in sorted((c / "headers" / "gold").glob("*.jsonl")):
        page = c / "headers" / "docs" / f"{gold.stem}.txt"
        if page.exists():
            out.append((GROUPS[2], page, gold))
    return out


def run(shared: Path) -> dict[str, list[tuple[str, str]]]:
    OUT.mkdir(parents=True, exist_ok=True)
    pairs: dict[str, list[tuple[str, str]]] = {g: [] for g in GROUPS}
    unknown: Counter[str] = Counter()
    for group, text_path, gold_path in corpus(shared):
        lines = extract_lines(text_path)
        pred = OUT / f"{gold_path.stem}.jsonl"
        with open(pred, "w", encoding="utf-8") as fh:
            for rec in lines:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
                if (group != GROUPS[2] and rec.get("indicator") and not rec.get("indicator_code")
                        and rec.get("type") in ("level", "growth", "share", "target")):
                    unknown[rec["indicator"]] += 1
        pairs[group].append((str(gold_path), str(pred)))
    _report(shared, pairs, unknown)
    return pairs


def _report(shared: Path, pairs: dict[str, list[tuple[str, str]]], unknown: Counter[str]) -> None:
    scorer = _scorer(shared)
    for group, files in pairs.items():
        if not files:
            continue
        print(f"== {group} ({len(files)} page{'s' if len(files) > 1 else ''})")
        if group != GROUPS[2]:
            for mode in ("strict", "loose", "attributed"):
                tally, _, _ = scorer.score(files, strict=mode != "loose", attributed=mode == "attributed")
                tot = [sum(v[i] for v in tally.values()) for i in range(3)]
                p, r, f1 = scorer.prf(*tot)
                by_type = "  ".join(f"{t} {scorer.prf(*v)[2]:.2f}" for t, v in sorted(tally.items()))
                print(f"  {mode:<10} P={p:.3f} R={r:.3f} F1={f1:.3f}  (tp={tot[0]} fp={tot[1]} fn={tot[2]})  "
                      f"{by_type}")
        checks = scorer.headers(files)
        print("  header     " + "  ".join(f"{k} {v[0]}/{v[1]}" for k, v in checks.items()))
        for field, (_, _, wrong) in checks.items():
            for doc, gold, got in wrong:
                print(f"    {field}: {doc}: gold {gold!r}, extract says {got!r}")
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
