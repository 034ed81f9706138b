"""Issue #16: every cross-row rule of the gate declares the partition it compares facts within (checks.CROSS_ROW),
and keeps to it: each fact's verdict is the same whether the rule sees the whole table or only the fact's partition.
The data is the committed seeds plus copies of every fact filed under another region and a year later, with other
values, so a rule that compared across partitions would find pairs there and change its verdicts."""

from __future__ import annotations

import polars as pl
import pytest

from ingest import SEEDS
from ingest.checks import CROSS_ROW, derive
from ingest.gate import with_reference
from ingest.incremental import SCOPE, within_scope
from ingest.tables import SCHEMAS


def widened() -> dict[str, pl.DataFrame]:
    tables = {n: pl.read_csv(SEEDS / f"{n}.csv", schema=s) for n, s in SCHEMAS.items()}
    facts = tables["facts"]
    elsewhere = facts.with_columns(region_code=pl.lit("320684"), value=pl.col("value") * 3,
                                   value_base=pl.col("value_base") * 3, fact_id=pl.col("fact_id") + "-r")
    later = facts.with_columns(period=(pl.col("period").str.slice(0, 4).cast(pl.Int64) + 1).cast(pl.String)
                               + pl.col("period").str.slice(4), value=pl.col("value") / 3,
                               value_base=pl.col("value_base") / 3, fact_id=pl.col("fact_id") + "-y")
    tables["facts"] = pl.concat([facts, elsewhere, later])
    return tables


@pytest.mark.parametrize("rule", sorted(CROSS_ROW))
def test_a_cross_row_rule_never_looks_outside_its_partition(rule: str) -> None:
    tables = widened()
    columns = [f"ok_{rule}", f"why_{rule}"]
    whole = derive(with_reference(tables, SEEDS))["facts"].select("fact_id", *columns)
    assert whole[f"ok_{rule}"].is_not_null().any(), "the rule compared something"
    keyed = tables["facts"].with_columns(year=pl.col("period").str.slice(0, 4))
    seen = 0
    for _, part in keyed.group_by(list(CROSS_ROW[rule])):
        alone = derive(with_reference({**tables, "facts": part.drop("year")}, SEEDS))["facts"]
        expected = whole.filter(pl.col("fact_id").is_in(part["fact_id"]))
        got = alone.select("fact_id", *columns).sort("fact_id")
        assert got.equals(expected.sort("fact_id")), (rule, part["region_code"][0], part["period"][0])
        seen += part.height
    assert seen == tables["facts"].height


def test_incremental_runs_cover_every_declared_partition() -> None:
    assert SCOPE == ("region_code", "year")
    assert all(within_scope(p) for p in CROSS_ROW.values())
    assert not within_scope(("region_code",)) and not within_scope(("indicator_code", "period"))
