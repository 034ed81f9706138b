"""Console output for runs: a progress bar while files are read, a closing summary table, the reasons."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from ingest.batch import RunResult


Tick = Callable[[], None]


@contextmanager
def ingest_progress(console: Console | None = None, enabled: bool = True) -> Iterator[Callable[[int], Tick]]:
    """Yields `start(total) -> advance()`: the batch says how many files there are, then ticks once per file."""
    if not enabled:
        yield lambda total: (lambda: None)
        return
    console = console or Console(stderr=True)
    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:

        def start(total: int) -> Tick:
            task = bar.add_task("ingest", total=total)
            return lambda: bar.advance(task)

        yield start


def print_run(console: Console, result: RunResult) -> None:
    count = {s: sum(e.status == s for e in result.events) for s in ("loaded", "duplicate", "rejected")}
    table = Table(title="ingest")
    for col in ("loaded", "duplicates", "tampered", "rejected", "documents", "facts", "from cache",
                "seed files changed"):
        table.add_column(col, justify="right")
    table.add_row(str(count["loaded"]), str(count["duplicate"]), str(result.tampered), str(count["rejected"]),
                  str(result.documents), str(result.facts), str(result.cached), str(len(result.changed)))
    console.print(table)
    for e in result.events:
        if e.status == "rejected":
            console.print(f"[red]rejected[/] {escape(e.source_path)}: {escape(e.reason or '')}")
        elif e.status == "duplicate":
            console.print(f"[yellow]duplicate[/] {escape(e.source_path)}: {escape(e.reason or '')} (doc {e.doc_id})")
