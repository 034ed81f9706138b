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
    """The closing summary (one row per count, so it reads in any terminal width), then every file that did not
    load as itself: rejected ones with the reason, duplicates with the report they repeat."""
    count = {s: sum(e.status == s for e in result.events) for s in ("loaded", "duplicate", "rejected")}
    rows = [("loaded", count["loaded"]), ("duplicates", count["duplicate"]), ("tampered", result.tampered),
            ("rejected", count["rejected"]), ("documents", result.documents), ("facts", result.facts),
            ("from cache", result.cached), ("seed files changed", len(result.changed))]
    table = Table(title="ingest", show_header=False)
    table.add_column("what")
    table.add_column("files", justify="right")
    for name, n in rows:
        style = "red" if name == "rejected" and n else "yellow" if name == "tampered" and n else ""
        table.add_row(name, str(n), style=style)
    console.print(table)
    for e in result.events:
        if e.status == "rejected":
            console.print(f"[red]rejected[/] {escape(e.source_path)}: {escape(e.reason or '')}")
        elif e.status == "duplicate":
            console.print(f"[yellow]duplicate[/] {escape(e.source_path)}: {escape(e.reason or '')} (doc {e.doc_id})")
