"""`python -m ingest …`: run, extract, gate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import cast

import typer
from rich.console import Console
from rich.markup import escape

from ingest import ROOT, SEEDS

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Ingest Chinese economic reports into seeds/.")
console = Console(stderr=True)


@app.command()
def run(
    reports: Path = typer.Argument(ROOT / "reports", help="Folder of raw reports."),
    seeds: Path = typer.Option(SEEDS, help="Where the seed files are written."),
    jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Worker processes (0: one per core)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Process every file again, ignoring .cache/ingest."),
    fmt: str = typer.Option("csv", "--format", help="Seed file format: csv (what dbt reads) or parquet."),
    file_timeout: float = typer.Option(60.0, "--file-timeout", min=0,
                                       help="Seconds one file may take to read, clean and extract (0: no limit)."),
    wait: bool = typer.Option(False, "--wait", help="If another run is writing the seed folder, wait for it."),
    full: bool = typer.Option(False, "--full", help="Rebuild and gate every document (and write Data Docs) even "
                              "when the last run's record would let a Parquet run redo only what changed."),
    status: Path | None = typer.Option(None, "--status", help="Also write the outcome as JSON to this file (whether "
                                       "the gate passed, the files not loaded): what scripts/pipeline.py reads."),
) -> None:
    """Ingest every file under REPORTS, gate the batch, write seeds/*.csv (or *.parquet)."""
    import signal

    from ingest.batch import run as run_batch
    from ingest.cache import CACHE_DIR
    from ingest.lock import Busy
    from ingest.read import ReadError
    from ingest.report import print_run
    from ingest.write import FORMATS, Format, SeedWriteError

    if fmt not in FORMATS:
        console.print(f"[red]error[/]: --format {escape(fmt)}: choose one of {', '.join(FORMATS)}")
        raise typer.Exit(2)
    # A file-size limit (ulimit -f) then fails the write with EFBIG, reported below, instead of killing the run.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    try:
        result = run_batch(reports, seeds, workers=jobs or None, cache_dir=None if no_cache else CACHE_DIR,
                           fmt=cast(Format, fmt), file_timeout=file_timeout, wait=wait,
                           incremental=not full)
    except (ReadError, SeedWriteError, Busy) as exc:  # the folders themselves: missing, unwritable, or busy
        console.print(f"[red]error[/]: {escape(str(exc))}", soft_wrap=True)
        raise typer.Exit(2) from None
    result.gate.print(console)
    print_run(console, result)
    if status is not None:
        outcome = {"gate_passed": result.gate.passed, "changed": result.changed,
                   "not_loaded": [[e.source_path, e.status, e.reason] for e in result.not_loaded]}
        status.parent.mkdir(parents=True, exist_ok=True)
        status.write_text(json.dumps(outcome, ensure_ascii=False) + "\n", encoding="utf-8")
    if not result.gate.passed or result.not_loaded:
        raise typer.Exit(1)


@app.command()
def extract(paths: list[Path] = typer.Argument(..., help="Report files.")) -> None:
    """Print each document's header and facts as JSON Lines."""
    from ingest.extract import extract as extract_facts
    from ingest.pipeline import load_document
    from ingest.read import ReadError

    failed = False
    for path in paths:
        try:
            doc = load_document(path, str(path))
        except (ReadError, OSError) as exc:
            console.print(f"[red]error[/]: {exc}")
            failed = True
            continue
        sys.stdout.write(json.dumps(doc.header(), ensure_ascii=False) + "\n")
        for fact in extract_facts(doc):
            sys.stdout.write(json.dumps(fact.record(), ensure_ascii=False) + "\n")
    if failed:
        raise typer.Exit(1)


@app.command()
def gate(seeds: Path = typer.Option(SEEDS, help="Seed folder to re-validate.")) -> None:
    """Re-validate the current seeds (CSV, or Parquet where there is no CSV) against the suites in expectations/."""
    import polars as pl

    from ingest.gate import docs_folder, validate
    from ingest.tables import SCHEMAS

    tables = {}
    for name, schema in SCHEMAS.items():
        path = seeds / f"{name}.csv"
        if not path.exists():
            path = path.with_suffix(".parquet")  # seeds written with --format parquet
        if not path.exists():
            continue
        try:
            tables[name] = (pl.read_parquet(path).cast(schema) if path.suffix == ".parquet"
                            else pl.read_csv(path, schema=schema))
        except (pl.exceptions.PolarsError, OSError) as exc:
            # A hand edit that breaks a column's type is a refusal too, named by file, not a traceback.
            console.print(f"[red]critical[/] {path}: cannot be read with its declared columns and types: {exc}")
            raise typer.Exit(1) from exc
    result = validate(tables, seeds=seeds, docs=docs_folder(seeds))
    result.print(console)
    if not result.passed:
        raise typer.Exit(1)
