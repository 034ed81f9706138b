"""An incremental run judges rows with the polars evaluator (ingest.incremental.failing_rows), a full run with Great
Expectations. On the same frames both must name the same rows for every rule of every suite, or the incremental
run's warnings would drift from a full run's on data the equivalence corpora happen not to hold. Here: the
committed seeds with a seeded sample of rows broken column by column (nulls, empty and foreign strings, extreme
and negative numbers, flipped flags), run through the gate's own derivations, then through both."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from ingest import SEEDS  # noqa: E402
from ingest.checks import derive  # noqa: E402
from ingest.gate import _run_gx, load_suites, with_reference  # noqa: E402
from ingest.incremental import failing_rows  # noqa: E402
from ingest.tables import SCHEMAS  # noqa: E402

ODD: dict[type[pl.DataType], list[Any]] = {
    pl.Utf8: [None, "", "x", "2022H3", "2022FY", "亿元", "%", "growth", "level", "320685", "999999", "南通第一"],
    pl.Float64: [None, -1e9, 1e9, -100.5, -1.0, 0.0, 100.5, 1500.0],
    pl.Int64: [None, -1, 0, 10**9],
    pl.Boolean: [None, True, False],
}
BROKEN_ROWS = 40  # per table: each a copy of a real row with one or two columns changed


def _broken(name: str, df: pl.DataFrame, rng: random.Random) -> pl.DataFrame:
    if df.height == 0:
        return df
    rows = df.to_dicts()
    schema = SCHEMAS[name]
    extra = []
    for _ in range(BROKEN_ROWS):
        row = dict(rng.choice(rows))
        for column in rng.sample(list(schema), k=min(2, len(schema))):
            row[column] = rng.choice(ODD[schema[column]])
        extra.append(row)
    return pl.concat([df, pl.DataFrame(extra, schema=schema)])


def test_polars_evaluator_names_the_rows_great_expectations_names() -> None:
    rng = random.Random(8)
    tables = {n: pl.read_csv(SEEDS / f"{n}.csv", schema=s) for n, s in SCHEMAS.items()}
    tables = {n: _broken(n, df, rng) for n, df in tables.items()}
    frames = derive(with_reference(tables, SEEDS))
    suites = {n: s for n, s in load_suites().items() if s["table"] in SCHEMAS}
    results, _ = _run_gx(suites, frames, None)
    compared, failing = 0, 0
    for name, spec in suites.items():
        df = frames[spec["table"]]
        by_check = dict(results[name])
        for e in spec["expectations"]:
            if e["type"] in ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"):
                continue  # judged over the whole tables by incremental.duplicates, not row by row
            ours = failing_rows(e, df)
            if ours is None:
                continue  # the evaluator declines: an incremental run then takes the full gate
            res = by_check[e["meta"]["check"]]
            theirs = (res.result or {}).get("unexpected_index_list")
            label = f"{name}.{e['meta']['check']}"
            if theirs is None:  # a rule about the whole table: compare the verdicts
                assert (ours == []) == res.success, label
            else:
                assert sorted(ours) == sorted(int(i) for i in theirs), label
            compared += 1
            failing += bool(ours)
    # the comparison must have covered the suites and caught rules actually breaking, or it proves nothing
    assert compared >= 100
    assert failing >= 20
