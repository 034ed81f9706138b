"""Console output for runs and gate results (rich tables)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from ingest.batch import RunResult


def print_run(console: Console, result: RunResult) -> None:
    table = Table(title="ingest")
    for col in ("loaded", "duplicate", "rejected", "documents", "facts", "seed files changed"):
        table.add_column(col)
    count = {s: sum(e.status == s for e in result.events) for s in ("loaded", "duplicate", "rejected")}
    table.add_row(*(str(count[s]) for s in count), str(result.documents), str(result.facts), str(len(result.changed)))
    console.print(table)
    for e in result.events:
        if e.status == "rejected":
            console.print(f"[red]rejected[/] {e.source_path}: {e.reason}")
