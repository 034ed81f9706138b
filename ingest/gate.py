"""The quality gate: Great Expectations suites (plain JSON in expectations/) decide what loads.

GX is imported here only, lazily: it takes seconds to import and the app must never pay for it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
from rich.console import Console

from ingest import ROOT

SUITES = ROOT / "expectations"


@dataclass
class Failure:
    suite: str
    expectation: str
    column: str | None
    severity: str
    unexpected_count: int
    examples: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GateResult:
    failures: list[Failure]

    data_quality: pl.DataFrame | None = None  # warning rows for the data_quality seed; None keeps the built table

    @property
    def passed(self) -> bool:
        return not any(f.severity == "critical" for f in self.failures)

    def print(self, console: Console) -> None:
        if not self.failures:
            console.print("[green]gate passed[/]: every expectation met")
            return
        for f in self.failures:
            colour = "red" if f.severity == "critical" else "yellow"
            where = f"{f.suite}: {f.expectation}({f.column})"
            console.print(f"[{colour}]{f.severity}[/] {where} — {f.unexpected_count} rows")
            for row in f.examples:
                console.print(f"    doc={row.get('doc_id')} {row.get('fact_id') or ''} {row.get('sentence') or ''}")
        if not self.passed:
            console.print("[red]batch refused[/]: no seed file was changed")


def load_suites(folder: Path = SUITES) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def validate(tables: dict[str, pl.DataFrame], folder: Path = SUITES) -> GateResult:
    import great_expectations as gx
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_pandas("ingest")
    failures: list[Failure] = []
    for name, spec in load_suites(folder).items():
        table = tables.get(spec.get("table", name))
        if table is None:
            continue
        batch_def = source.add_dataframe_asset(name).add_batch_definition_whole_dataframe(name)
        suite = gx.ExpectationSuite(name=name)
        severities = []
        for e in spec["expectations"]:
            suite.add_expectation(ExpectationConfiguration(type=e["type"], kwargs=e["kwargs"]).to_domain_obj())
            severities.append(e.get("meta", {}).get("severity", "critical"))
        df = table.to_pandas()
        result = batch_def.get_batch(batch_parameters={"dataframe": df}).validate(
            suite, result_format={"result_format": "COMPLETE"}
        )
        for res, sev in zip(result.results, severities, strict=True):
            if res.success:
                continue
            cfg = res.expectation_config
            idx = (res.result or {}).get("unexpected_index_list") or []
            examples = [df.iloc[i].to_dict() for i in idx[:5] if isinstance(i, int)]
            failures.append(Failure(name, cfg.type, cfg.kwargs.get("column"), sev,
                                    int((res.result or {}).get("unexpected_count") or 0), examples))
    return GateResult(failures)
