"""Issue #16: the cache's code version, the incremental record's key and the compiled extractor's stamp follow the
code they depend on as it is imported, with no list to keep: edit any module a key's entry point imports (in a
scratch copy of the package) and that key changes; edit a module it does not import and it does not."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.cache import PER_FILE_ENTRY, code_version
from ingest.digest import imported
from ingest.extract.native import MODULES
from ingest.extract.native import digest as native_digest
from ingest.incremental import RUN_ENTRY, state_key

ROOT = Path(__file__).resolve().parents[2]

KEYS: dict[str, tuple[list[str], Callable[[Path], str]]] = {
    "cache": ([PER_FILE_ENTRY], lambda root: code_version(root)),
    "incremental record": ([RUN_ENTRY], lambda root: state_key("parquet", root / "expectations", root=root)),
    "compiled extractor": ([f"ingest.extract.{m}" for m in MODULES], lambda root: native_digest(root)),
}


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "ingest", root / "ingest", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "expectations", root / "expectations")
    (root / "seeds").mkdir()
    for ref in (ROOT / "seeds").glob("ref_*.csv"):
        shutil.copy(ref, root / "seeds" / ref.name)
    return root


@pytest.mark.parametrize("key", KEYS)
def test_editing_any_imported_module_changes_the_key_and_no_other_does(scratch: Path, key: str) -> None:
    entries, compute = KEYS[key]
    used = {p.relative_to(scratch) for p in imported(entries, scratch)}
    assert {Path("ingest/dictionary.py"), Path("ingest/regions.py")} <= used  # what the hand-kept list missed
    for path in sorted((scratch / "ingest").rglob("*.py")):
        before = compute(scratch)
        original = path.read_bytes()
        path.write_bytes(original + b"\n# an edit\n")
        try:
            changed = compute(scratch) != before
        finally:
            path.write_bytes(original)
        assert changed == (path.relative_to(scratch) in used), (key, path.relative_to(scratch))


def test_reference_data_and_word_lists_change_the_cache_key(scratch: Path) -> None:
    for path in [scratch / "ingest" / "spam_lexicon.txt", *sorted((scratch / "seeds").glob("ref_*.csv"))]:
        before = code_version(scratch)
        original = path.read_bytes()
        path.write_bytes(original + b"\n")
        try:
            assert code_version(scratch) != before, path.name
        finally:
            path.write_bytes(original)


def test_a_new_module_joins_the_key_once_imported(scratch: Path) -> None:
    before = code_version(scratch)
    (scratch / "ingest" / "newrule.py").write_text("RULE = 1\n", encoding="utf-8")
    assert code_version(scratch) == before
    read = scratch / "ingest" / "read.py"
    original = read.read_bytes()
    read.write_bytes(original + b"\nfrom ingest import newrule  # noqa\n")
    try:
        with_import = code_version(scratch)
        (scratch / "ingest" / "newrule.py").write_text("RULE = 2\n", encoding="utf-8")
        assert code_version(scratch) != with_import
    finally:
        read.write_bytes(original)
        (scratch / "ingest" / "newrule.py").unlink()
