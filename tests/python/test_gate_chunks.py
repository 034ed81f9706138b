"""A large table is validated a slice of rows at a time (ingest.gate.GX_ROWS), its uniqueness rules once over just
their columns: the verdict, the named rows and the data_quality rows are those of one validation of the whole."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import ingest.gate  # noqa: E402
from ingest.gate import parts, validate  # noqa: E402
from ingest.tables import SCHEMAS  # noqa: E402


def _tables() -> dict[str, pl.DataFrame]:
    """The committed seeds, with a few rows broken: a duplicate fact id (critical, whole column), a growth out of
    range (critical, row) and the warnings the seeds already hold."""
    tables = {n: pl.read_csv(ROOT / "seeds" / f"{n}.csv", schema=s) for n, s in SCHEMAS.items()}
    facts = tables["facts"]
    dup = facts.slice(3, 1)
    bad = facts.filter(pl.col("fact_type") == "growth").slice(0, 1).with_columns(
        value=pl.lit(1500.0), seq=pl.lit(9999, dtype=pl.Int64), fact_id=pl.col("doc_id") + "-9999")
    tables["facts"] = pl.concat([facts, dup, bad])
    return tables


def _seen(result: ingest.gate.GateResult) -> list[tuple[object, ...]]:
    return [(f.suite, f.check, f.severity, f.unexpected_count, f.detail, f.examples,
             None if f.found is None else f.found.rows()) for f in result.failures]


def test_slices_give_the_verdict_of_one_validation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tables = _tables()
    whole = validate(tables, docs=None)
    assert {"facts.fact_id_unique", "facts.growth_in_range"} <= {f"{f.suite}.{f.check}" for f in whole.critical}
    monkeypatch.setattr(ingest.gate, "GX_ROWS", 37)
    assert len(parts("facts", {"expectations": [{"type": "expect_column_values_to_be_unique"},
                                                {"type": "expect_column_values_to_not_be_null"}]},
                     tables["facts"].height)) > 3
    sliced = validate(tables, docs=tmp_path / "docs")
    assert _seen(sliced) == _seen(whole)
    assert sliced.data_quality is not None and whole.data_quality is not None
    assert sliced.data_quality.equals(whole.data_quality)
    pages = {p.name for p in (tmp_path / "docs" / "validations").rglob("*") if p.is_dir()}
    assert "facts whole columns" in pages and "facts rows 1-37" in pages
