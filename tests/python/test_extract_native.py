"""The optional compiled extractor (ingest/extract/native.py): used only when built from exactly these sources, and
then the facts are the plain-Python facts, byte for byte."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.extract import native

ROOT = Path(__file__).resolve().parents[2]


def test_no_build_means_plain_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INGEST_PURE_PYTHON", raising=False)
    monkeypatch.setattr(native, "OUT", tmp_path / "none")
    path: list[str] = ["src"]
    assert native.status() is not None and not native.use_native(path)
    assert path == ["src"]


def test_a_build_of_other_sources_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INGEST_PURE_PYTHON", raising=False)
    monkeypatch.setattr(native, "OUT", tmp_path)
    (tmp_path / native.STAMP).write_text("0" * 64 + "\n", encoding="utf-8")  # e.g. built before a module was edited
    assert "other sources" in (native.status() or "")
    (tmp_path / native.STAMP).write_text(native.digest() + "\n", encoding="utf-8")
    path: list[str] = ["src"]
    assert native.status() is None and native.use_native(path)
    assert path == [str(tmp_path), "src"]
    monkeypatch.setenv("INGEST_PURE_PYTHON", "1")
    assert native.status() == "INGEST_PURE_PYTHON is set"


def test_the_digest_follows_every_source(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = tmp_path / "ingest" / "extract"
    pkg.mkdir(parents=True)
    for src in native.PACKAGE.glob("*.py"):
        (pkg / src.name).write_bytes(src.read_bytes())
    (tmp_path / "ingest" / "model.py").write_bytes((ROOT / "ingest" / "model.py").read_bytes())
    monkeypatch.setattr(native, "PACKAGE", pkg)
    monkeypatch.setattr(native, "ROOT", tmp_path)
    before = native.digest()
    with open(pkg / "grammar.py", "a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    assert native.digest() != before


_DUMP = """
import json, sys
from pathlib import Path
import ingest.extract.grammar as g
from ingest.pipeline import load_document
from ingest.extract import extract
print(json.dumps({"compiled": not g.__file__.endswith(".py"),
                  "facts": [[f.record() for f in extract(load_document(Path(p)))] for p in sys.argv[1:]]},
                 ensure_ascii=False, sort_keys=True, default=str))
"""


def _facts(paths: list[str], pure: bool) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("INGEST_PURE_PYTHON", None)
    if pure:
        env["INGEST_PURE_PYTHON"] = "1"
    out = subprocess.run([sys.executable, "-c", _DUMP, *paths], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def test_compiled_facts_are_the_plain_python_facts() -> None:
    if native.status() is not None:
        pytest.skip(f"no compiled build in use: {native.status()}")
    paths = sorted(str(p) for p in (ROOT / "reports").iterdir() if p.is_file())
    compiled, plain = _facts(paths, pure=False), _facts(paths, pure=True)
    assert compiled["compiled"] and not plain["compiled"]
    assert compiled["facts"] == plain["facts"]
