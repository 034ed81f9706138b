"""The quality gate: Great Expectations suites (plain JSON in expectations/) decide what loads.

One suite per seed table. Each expectation carries `meta.check` (a stable name), `meta.severity` and
`meta.description` (the rule in words):
- critical: one failing row refuses the whole batch; nothing under seeds/ changes;
- warning: the batch loads and every offending row becomes a row of the `data_quality` seed table.

Rules that need other rows or tables are computed first as `ok_<check>` / `why_<check>` columns
(ingest/checks.py) and then checked by ordinary expectations, so GX is what decides and what the Data Docs show.

GX is imported here only, lazily, inside the functions that run it: it takes seconds to import and the app must
never pay for it.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl
from rich.console import Console
from rich.markup import escape

from ingest import ROOT, SEEDS
from ingest.checks import REF_TABLES, derive
from ingest.profile import mark
from ingest.tables import ORDER, SCHEMAS, frame

if TYPE_CHECKING:
    import pandas as pd

SUITES = ROOT / "expectations"
DOCS = ROOT / "build" / "data_docs"
SEVERITIES = ("critical", "warning")
N_EXAMPLES = 5

# polars -> pandas nullable dtypes (so an Int64 column with nulls stays integer), and the dtype names GX reports
# for them, which the suites' expect_column_values_to_be_of_type use.
PANDAS_DTYPE: dict[pl.DataType, str] = {pl.String(): "string", pl.Int64(): "Int64", pl.Float64(): "Float64",
                                        pl.Boolean(): "boolean"}
GX_TYPE: dict[pl.DataType, str] = {pl.String(): "str", pl.Int64(): "int64", pl.Float64(): "float64",
                                   pl.Boolean(): "bool"}


@dataclass
class Failure:
    """One expectation that did not hold, with the rows that broke it."""

    suite: str
    expectation: str  # the GX expectation type
    column: str | None
    severity: str
    unexpected_count: int
    examples: list[dict[str, Any]] = field(default_factory=list)
    check: str = ""
    description: str = ""
    detail: str | None = None  # observed value or exception, for expectations about the whole table
    rows: list[dict[str, Any]] = field(default_factory=list, repr=False)  # every offending row, as examples are
    # or, from a full gate, the offending rows as data_quality columns (147k warnings at 10,000 reports: a dict
    # per row cost ~300 MB)
    found: pl.DataFrame | None = field(default=None, repr=False)


@dataclass
class GateResult:
    failures: list[Failure]

    data_quality: pl.DataFrame | None = None  # warning rows for the data_quality seed; None keeps the built table
    docs_path: Path | None = None
    docs_error: str | None = None
    note: str | None = None  # how the verdict was reached, when not by the full gate (an incremental run)

    @property
    def passed(self) -> bool:
        return not any(f.severity == "critical" for f in self.failures)

    @property
    def critical(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "critical"]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "warning"]

    def print(self, console: Console) -> None:
        for f in sorted(self.failures, key=lambda f: (f.severity != "critical", f.suite, f.check)):
            print_failure(console, f)
        if not self.failures:
            console.print("[green]gate passed[/]: every expectation met")
        elif self.passed:
            n = sum(f.unexpected_count for f in self.warnings)
            console.print(f"[green]gate passed[/] with {n} warning row(s), recorded in the data_quality table")
        else:
            console.print(f"[red]batch refused[/]: {len(self.critical)} critical expectation(s) failed; "
                          "no seed file was changed")
        if self.docs_path is not None:
            console.print(f"Data Docs: {self.docs_path / 'index.html'}")
        elif self.docs_error:
            console.print(f"[yellow]{escape(self.docs_error)}[/]")
        if self.note:
            console.print(f"[dim]{escape(self.note)}[/]")


def print_failure(console: Console, f: Failure) -> None:
    colour = "red" if f.severity == "critical" else "yellow"
    target = f"{f.expectation}({f.column})" if f.column else f.expectation
    console.print(f"[{colour}]{f.severity}[/] [bold]{f.suite}.{f.check}[/] {target} — {f.unexpected_count} row(s)")
    if f.description:
        console.print(f"    [dim]{escape(f.description)}[/]")
    if f.detail:
        console.print(f"    {escape(f.detail)}")
    for row in f.examples:
        where = " ".join(f"{k}={row[k]}" for k in ("doc_id", "fact_id", "source_path") if row.get(k))
        # A derived ok_ column says only true/false: the reason line below says more.
        value = "" if f.column is None or f.column.startswith("ok_") else f" {f.column}={row.get(f.column)!r}"
        console.print(f"  • {escape(where)}{escape(value)}")
        if row.get("why"):
            console.print(f"      {escape(str(row['why']))}")
        if row.get("sentence"):
            console.print(f"      「{escape(str(row['sentence']))}」")
    if f.unexpected_count > len(f.examples) and f.examples:
        console.print(f"    … and {f.unexpected_count - len(f.examples)} more")


# ---------------------------------------------------------------------------------------------------------------
# Suites


def unit_sets() -> dict[str, list[str]]:
    """The value sets the suites name as "$UNITS", "$BASE_UNITS", "$UNIT_KINDS", from the extractor's unit table.

    One table decides both what the extractor reads and what the gate accepts, so they cannot drift apart.
    """
    from ingest.extract import units

    convertible = {w for w, u in units.BASE_UNITS.items() if u.kind not in ("percent", "pp")}
    bases = {u.base for u in units.BASE_UNITS.values()} | set(units.BARE_MAGNITUDE_BASE.values())
    written = set(units.BASE_UNITS) | set(units.BARE_MAGNITUDE_BASE) | bases
    written |= {m + w for m in units.MAGNITUDES for w in convertible}
    kinds = {u.kind for u in units.BASE_UNITS.values()}
    return {"$UNITS": sorted(written), "$BASE_UNITS": sorted(bases), "$UNIT_KINDS": sorted(kinds)}


def load_suites(folder: Path = SUITES) -> dict[str, dict[str, Any]]:
    """The suites by name; each expectation must say which check it is, how severe, and why it exists."""
    suites = {}
    sets: dict[str, list[str]] | None = None
    for path in sorted(folder.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        spec.setdefault("table", spec.get("name", path.stem))
        seen: set[str] = set()
        for e in spec["expectations"]:
            named = e["kwargs"].get("value_set")
            if isinstance(named, str):
                sets = sets or unit_sets()
                e["kwargs"]["value_set"] = sets[named]
            meta = e.get("meta", {})
            check, severity = meta.get("check"), meta.get("severity")
            if not check or severity not in SEVERITIES or not meta.get("description") or check in seen:
                raise ValueError(f"{path.name}: every expectation needs a unique meta.check, meta.severity in "
                                 f"{SEVERITIES} and meta.description (at {check or e.get('type')})")
            seen.add(check)
        suites[spec.get("name", path.stem)] = spec
    return suites


def with_reference(tables: dict[str, pl.DataFrame], seeds: Path) -> dict[str, pl.DataFrame]:
    """The batch plus the reference seeds it is checked against (as text: their suites check the formats)."""
    out = dict(tables)
    for name in REF_TABLES:
        path = seeds / f"{name}.csv"
        if name not in out and path.exists():
            out[name] = pl.read_csv(path, infer_schema=False)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Validation


def docs_folder(seeds: Path) -> Path:
    """Where a run writing `seeds` puts its Data Docs: build/data_docs/ for the project's seeds/ (git-ignored),
    else `<seeds>_data_docs/` beside the seed folder, so runs on other folders never overwrite each other's."""
    return DOCS if seeds.resolve() == SEEDS.resolve() else seeds.with_name(seeds.name + "_data_docs")


def validate(tables: dict[str, pl.DataFrame], folder: Path | None = None, *, seeds: Path | None = None,
             docs: Path | Literal["default"] | None = "default") -> GateResult:
    """Run every suite on its table; reference tables not in `tables` are read from `seeds` (default seeds/).

    Data Docs (HTML) are written to `docs` (default DOCS, the git-ignored build/data_docs/; None writes none).
    Defaults are read at call time, so a test can point DOCS elsewhere.
    """
    folder = folder or SUITES
    seeds = seeds or SEEDS
    docs = DOCS if docs == "default" else docs
    suites = load_suites(folder)
    frames = derive(with_reference(tables, seeds))
    mark("gate: derived checks")
    failures = [_missing_table(name, spec) for name, spec in suites.items()
                if spec["table"] not in frames and spec.get("required", True)]
    present = {name: spec for name, spec in suites.items() if spec["table"] in frames}
    results, docs_error = _run_gx(present, frames, docs)
    sources = first_source(frames)
    for name, spec in present.items():
        frame_ = frames[spec["table"]]
        by_check = {e["meta"]["check"]: e for e in spec["expectations"]}
        for check, res in results[name]:
            if not res.success:
                failures.append(_failure(name, by_check[check], res, frame_, sources))
    failures.sort(key=lambda f: (f.suite, f.check))
    return GateResult(failures, data_quality=data_quality(failures), docs_path=None if docs_error else docs,
                      docs_error=docs_error)


def _missing_table(name: str, spec: dict[str, Any]) -> Failure:
    return Failure(name, "table_exists", None, "critical", 1, check="table_present",
                   description=f"the {spec['table']} table must be part of the batch",
                   detail=f"no {spec['table']} table (seeds/{spec['table']}.csv) to validate")


def _run_gx(suites: dict[str, dict[str, Any]], frames: dict[str, pl.DataFrame],
            docs: Path | None) -> tuple[dict[str, list[tuple[str, Any]]], str | None]:
    """Each suite on its own table (each table is its own dataframe); results keyed by suite, then meta.check,
    and why the Data Docs could not be written, if they could not."""
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    # The tqdm "Calculating Metrics" bars would bury the console report.
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    docs_error = None
    try:
        _data_docs_site(context, docs)
    except OSError as exc:
        docs_error, docs = f"Data Docs not written to {docs}: {exc}", None
    source = context.data_sources.add_pandas("ingest")
    out: dict[str, list[tuple[str, Any]]] = {}
    for name, spec in suites.items():
        df = frames[spec["table"]]
        merged: dict[str, Chunked] = {}
        for label, expectations, start, stop in parts(name, spec, df.height):
            configs = [
                ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"], meta=e["meta"],
                                         notes=e["meta"]["description"],
                                         severity=e["meta"]["severity"]).to_domain_obj()
                for e in expectations
            ]
            # Built whole, then added once: adding expectations one by one re-serializes the suite each time.
            suite = context.suites.add(gx.ExpectationSuite(name=label, expectations=configs,
                                                           meta={"description": spec.get("description", "")}))
            batch = source.add_dataframe_asset(label).add_batch_definition_whole_dataframe(label)
            data = to_pandas(_read_by({"expectations": expectations}, df.slice(start, stop - start)), start)
            result = batch.get_batch(batch_parameters={"dataframe": data}).validate(
                suite, result_format={"result_format": "COMPLETE"})
            del data
            for r in result.results:
                merged.setdefault(r.expectation_config.meta["check"], Chunked()).add(r)
                # Data Docs show the counts and GX's sample of values; the lists of every offending row and value
                # (read above) would be kept for them in memory and on disk
                for key in ("unexpected_list", "unexpected_index_list", "unexpected_index_query"):
                    (r.result or {}).pop(key, None)
            if docs is not None:
                _store_result(context, label, result)
            del result
            mark(f"gate: GX {label}")
        out[name] = [(e["meta"]["check"], merged[e["meta"]["check"]]) for e in spec["expectations"]
                     if e["meta"]["check"] in merged]
    if docs is not None:
        try:
            with _gx_errors() as logged:
                context.build_data_docs()
            if logged:  # GX catches a failed page write (a full disk) itself and logs it with its traceback
                docs_error = f"Data Docs not written to {docs}: {logged[0]}"
        except OSError as exc:  # the verdict stands without its HTML; say so instead of failing the run
            docs_error = f"Data Docs not written to {docs}: {exc}"
    return out, docs_error


GX_ROWS = 100_000  # rows of a large table per validation: GX's pandas copy of all 565k facts at once cost ~1 GB
# Rules about the whole column, validated once over just their columns; every other rule a suite uses is judged
# row by row, so it can be judged a slice of rows at a time.
WHOLE_COLUMN = ("expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique")


def parts(name: str, spec: dict[str, Any], height: int,
          rows: int | None = None) -> list[tuple[str, list[dict[str, Any]], int, int]]:
    """(suite label, expectations, first row, end row) for each validation of a table: one for a table of up to
    GX_ROWS rows (Data Docs as ever: one page per table); for a larger one, the whole-column rules once, then the
    others over each slice of rows, each a page of its own ("facts rows 100001-200000")."""
    rows = rows or GX_ROWS
    exps = spec["expectations"]
    if height <= rows:
        return [(name, exps, 0, height)]
    whole = [e for e in exps if e["type"] in WHOLE_COLUMN]
    each = [e for e in exps if e["type"] not in WHOLE_COLUMN]
    out = [(f"{name} whole columns", whole, 0, height)] if whole else []
    out += [(f"{name} rows {a + 1}-{min(a + rows, height)}", each, a, min(a + rows, height))
            for a in range(0, height, rows)] if each else []
    return out


@dataclass
class Chunked:
    """One expectation's results over the slices of a table, read as one result (what _failure reads)."""

    success: bool = True
    result: dict[str, Any] = field(default_factory=dict)
    exception_info: Any = None

    def add(self, r: Any) -> None:
        res = r.result or {}
        first = not self.result and self.exception_info is None
        if first or (not r.success and self.success) or (_exception(r.exception_info) and
                                                         not _exception(self.exception_info)):
            # the first failing slice speaks for observed values and errors
            keep = {k: v for k, v in res.items() if k not in ("unexpected_index_list", "unexpected_count",
                                                              "unexpected_list", "unexpected_index_query")}
            self.result = {**self.result, **keep}
            self.exception_info = r.exception_info
        self.result["unexpected_index_list"] = [*self.result.get("unexpected_index_list", []),
                                                *(res.get("unexpected_index_list") or [])]
        self.result["unexpected_count"] = (self.result.get("unexpected_count") or 0) + \
            (res.get("unexpected_count") or 0)
        self.success = self.success and bool(r.success)


@contextmanager
def _gx_errors() -> Iterator[list[str]]:
    """The first line of each error GX logs in the block, kept from the console (where its traceback would bury
    the run's own one-line report)."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage().strip().splitlines()[0].split("  Traceback")[0].strip() if
                         record.getMessage().strip() else "unknown error")

    gx_log = logging.getLogger("great_expectations")
    keep, propagate = Keep(logging.ERROR), gx_log.propagate
    gx_log.addHandler(keep)
    gx_log.propagate = False
    try:
        yield lines
    finally:
        gx_log.removeHandler(keep)
        gx_log.propagate = propagate


def _store_result(context: Any, name: str, result: Any) -> None:
    """Keep a validation result where the Data Docs builder looks for it (a checkpoint per table would do the same,
    at twice the cost)."""
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    key = ValidationResultIdentifier(expectation_suite_identifier=ExpectationSuiteIdentifier(name),
                                     run_id=RunIdentifier(run_name="gate"), batch_identifier=name)
    context.validation_results_store.set(key, result)


def _data_docs_site(context: Any, docs: Path | None) -> None:
    """Point the (only) Data Docs site at `docs`, emptied of the last run's pages."""
    for site, config in dict(context.variables.data_docs_sites or {}).items():
        context.delete_data_docs_site(site)
        # The ephemeral context made an empty temporary folder for its default site: do not leave it behind.
        default = Path(config.get("store_backend", {}).get("base_directory") or "")
        if default.is_absolute() and default.is_dir() and not any(default.iterdir()):
            default.rmdir()
    if docs is None:
        return
    for stale in ("validations", "expectations", "index.html"):
        path = docs / stale
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    docs.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site("gate", {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })


def _read_by(spec: dict[str, Any], df: pl.DataFrame) -> pl.DataFrame:
    """The columns the suite's expectations name, in table order (rows untouched, so GX's row indices still point
    into `df`): the why_ columns are read from the polars frame, never by GX, and at 10,000 reports each column
    GX is handed is another copy. A suite asking for an exact column set gets every column."""
    named: set[str] = set()
    for e in spec["expectations"]:
        kwargs = e["kwargs"]
        if e["type"] == "expect_table_columns_to_match_set" and kwargs.get("exact_match", True):
            return df
        named.update(kwargs[k] for k in ("column", "column_A", "column_B") if isinstance(kwargs.get(k), str))
        for k in ("column_list", "column_set"):
            named.update(kwargs.get(k) or ())
        named.update(re.findall(r"\w+", str(kwargs.get("row_condition") or "")))  # the columns a condition reads
    return df.select(c for c in df.columns if c in named)


def to_pandas(df: pl.DataFrame, start: int = 0) -> pd.DataFrame:
    """polars -> pandas with nullable dtypes: GX does not read polars, and pandas' default would turn an integer
    column with nulls into floats and fail the type expectations."""
    import pandas as pd
    import pyarrow as pa

    # Through Arrow for the contract's types (a list of Python objects per column took ~15 s for 500k facts).
    nullable = {pa.int64(): pd.Int64Dtype(), pa.float64(): pd.Float64Dtype(), pa.bool_(): pd.BooleanDtype(),
                pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(),
                pa.string_view(): pd.StringDtype()}
    fast = [c for c in df.columns if df.schema[c] in PANDAS_DTYPE]
    out = df.select(fast).to_arrow().to_pandas(types_mapper=nullable.get) if fast else pd.DataFrame()
    if fast:
        out.index = pd.RangeIndex(start, start + df.height)
    columns = {c: out[c] if c in out.columns else pd.array(df[c].to_list(), dtype="object") for c in df.columns}
    # rows are numbered from `start`: GX names offending rows by index, so a slice's rows keep their table numbers
    return pd.DataFrame(columns, index=pd.RangeIndex(start, start + df.height))


# ---------------------------------------------------------------------------------------------------------------
# Results -> failures -> data_quality rows


def first_source(frames: dict[str, pl.DataFrame]) -> dict[str, str]:
    src = frames.get("document_sources")
    if src is None or not {"doc_id", "source_path"} <= set(src.columns):
        return {}
    first = src.drop_nulls(["doc_id", "source_path"]).sort("doc_id", "source_path").unique("doc_id", keep="first")
    return dict(zip(first["doc_id"].to_list(), first["source_path"].to_list(), strict=True))


def _failure(suite: str, spec: dict[str, Any], res: Any, df: pl.DataFrame, sources: dict[str, str]) -> Failure:
    meta, kwargs, result = spec["meta"], spec["kwargs"], res.result or {}
    column = kwargs.get("column")
    indices = [i for i in result.get("unexpected_index_list") or [] if isinstance(i, int)]
    examples = [offending_row(df, i, column, meta.get("explain"), sources) for i in indices[:N_EXAMPLES]]
    found = offending_rows(df, indices, meta.get("explain"), sources) if indices else None
    detail = None
    error = _exception(res.exception_info)
    if error:
        detail = f"GX could not evaluate it: {error}"
    elif not indices and result.get("observed_value") is not None:
        detail = f"observed: {result['observed_value']}"
        if result.get("details"):
            detail += f"; {result['details']}"
    count = int(result.get("unexpected_count") or len(indices) or 1)
    return Failure(suite, spec["type"], column, meta["severity"], count, examples, check=meta["check"],
                   description=meta["description"], detail=detail, found=found)


def offending_rows(df: pl.DataFrame, indices: list[int], explain: str | None,
                   sources: dict[str, str]) -> pl.DataFrame:
    """`offending_row` for many rows at once, as the columns data_quality reads (why: the explain column)."""
    def col(name: str | None) -> pl.Expr:
        return pl.col(name).cast(pl.String) if name and name in df.columns else pl.lit(None, dtype=pl.String)

    first = pl.col("doc_id").replace_strict(sources, default=None, return_dtype=pl.String)
    source = col("source_path")
    return df[indices].select(
        col("doc_id").alias("doc_id"), col("fact_id").alias("fact_id"),
        pl.when(source.is_null() | (source == "")).then(first).otherwise(source).alias("source_path"),
        col(explain).alias("why"), col("fact_type").alias("fact_type"), col("indicator_code").alias("indicator_code"),
    ) if "doc_id" in df.columns else df[indices].select(
        col("doc_id").alias("doc_id"), col("fact_id").alias("fact_id"), source.alias("source_path"),
        col(explain).alias("why"), col("fact_type").alias("fact_type"), col("indicator_code").alias("indicator_code"))


def _exception(info: Any) -> str | None:
    """GX reports an exception either flat or keyed by the metric that raised it."""
    if not isinstance(info, dict):
        return None
    if "raised_exception" in info:
        return str(info.get("exception_message")) if info.get("raised_exception") else None
    return next((m for m in (_exception(v) for v in info.values()) if m), None)


def offending_row(df: pl.DataFrame, i: int, column: str | None, explain: str | None,
                  sources: dict[str, str]) -> dict[str, Any]:
    """What a reviewer needs about one offending row: where it is, the value, why, and the sentence."""
    r = df.row(i, named=True)
    doc = r.get("doc_id")
    return {
        "doc_id": doc,
        "fact_id": r.get("fact_id"),
        "source_path": r.get("source_path") or sources.get(doc or ""),
        "fact_type": r.get("fact_type"),
        "indicator_code": r.get("indicator_code"),
        **({column: r.get(column)} if column else {}),
        "why": r.get(explain) if explain else None,
        "sentence": r.get("sentence") or r.get("title"),
    }


def data_quality(failures: list[Failure]) -> pl.DataFrame:
    """One row per offending row of each failed warning expectation, in the seed's fixed order."""
    rows = []
    found = []
    for f in failures:
        if f.severity != "warning":
            continue
        if f.found is not None:
            why = pl.col("why")
            found.append(f.found.select(
                pl.lit(f"{f.suite}.{f.check}").alias("check_name"), pl.lit(f.severity).alias("severity"),
                "doc_id", "fact_id", "source_path",
                pl.when(why.is_null() | (why == "")).then(pl.lit(f.detail or f.description)).otherwise(why)
                .alias("message"), "fact_type", "indicator_code"))
            continue
        for r in f.rows or [{}]:
            rows.append({
                "check_name": f"{f.suite}.{f.check}", "severity": f.severity, "doc_id": r.get("doc_id"),
                "fact_id": r.get("fact_id"), "source_path": r.get("source_path"),
                "message": r.get("why") or f.detail or f.description,
                "fact_type": r.get("fact_type"), "indicator_code": r.get("indicator_code"),
            })
    if not found:
        return frame("data_quality", rows)
    return pl.concat([frame("data_quality", rows), *found], how="vertical_relaxed").cast(
        SCHEMAS["data_quality"]).sort(ORDER["data_quality"], nulls_last=True)


__all__ = ["GX_TYPE", "Failure", "GateResult", "data_quality", "load_suites", "to_pandas", "validate"]
