"""Console output for runs: a progress bar while files are read, a closing summary table, the reasons."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ingest.gate import GateResult
from ingest.tables import Event

Tick = Callable[[], None]
NOT_LOADED = ("rejected", "ambiguous_region", "unknown_region")  # event statuses of files that did not load


@dataclass
class RunResult:
    documents: int
    facts: int
    events: list[Event]
    gate: GateResult
    changed: list[str]
    tampered: int = 0  # documents flagged as tampered (spam removed)
    cached: int = 0  # files whose result came from the cache
    settled: str | None = None  # what was finished or cleared of an interrupted run in the seed folder

    @property
    def not_loaded(self) -> list[Event]:
        """The files that did not load, each with its reason: they make the run's exit code non-zero."""
        return [e for e in self.events if e.status in NOT_LOADED]


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
    count = {s: sum(e.status == s for e in result.events) for s in ("loaded", "duplicate", *NOT_LOADED)}
    rows = [("loaded", count["loaded"]), ("duplicates", count["duplicate"]), ("tampered", result.tampered),
            ("rejected", count["rejected"]),
            *((s.replace("_", " "), count[s]) for s in NOT_LOADED[1:] if count[s]),
            ("documents", result.documents), ("facts", result.facts),
            ("from cache", result.cached), ("seed files changed", len(result.changed))]
    table = Table(title="ingest", show_header=False)
    table.add_column("what")
    table.add_column("files", justify="right")
    for name, n in rows:
        style = "red" if name in ("rejected", "ambiguous region", "unknown region") and n else \
            "yellow" if name == "tampered" and n else ""
        table.add_row(name, str(n), style=style)
    console.print(table)
    if result.settled:
        console.print(f"[yellow]seed folder[/]: {escape(result.settled)}")
    for e in result.events:
        if e.status in NOT_LOADED:
            console.print(f"[red]{e.status.replace('_', ' ')}[/] {escape(e.source_path)}: {escape(e.reason or '')}")
        elif e.status == "duplicate":
            console.print(f"[yellow]duplicate[/] {escape(e.source_path)}: {escape(e.reason or '')} (doc {e.doc_id})")
