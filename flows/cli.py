"""The `zongjie` command: each subcommand opens the database, calls the library, reports."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from extractors.ingest import DEFAULT_BATCH
from flows.options import db_option
from flows.options import existing_db as _existing_db
from flows.options import fail as _fail
from flows.settings import configure_offline

configure_offline()

@click.group()
@click.version_option(package_name="zongjie")
def main() -> None:
    """zongjie: figures from trade-union work reports, into SQLite."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@db_option
@click.option("--strict", is_flag=True, help="Exit non-zero if any file fails.")
@click.option("--no-ocr", is_flag=True, help="Record scans as 'needs OCR' instead of reading.")
@click.option("--max-mb", default=20.0, show_default=True, help="Largest file accepted.")
@click.option("--batch-size", default=DEFAULT_BATCH, show_default=True, help="Documents per task.")
@click.option("--quiet", is_flag=True, help="No progress bar or summary.")
@click.option("--runner", type=click.Choice(["default", "dask"]), default="default",
              show_default=True,
              help="Where extraction runs: worker processes here, or a Dask cluster.")
@click.option("--address", help="Dask scheduler (tcp://host:8786); default: a local cluster.")
@click.option("--workers", type=int, default=None,
              help="Worker processes for extraction (default: one per core).")
def ingest(paths: tuple[str, ...], db: str, strict: bool, no_ocr: bool, max_mb: float,
           batch_size: int, quiet: bool, runner: str, address: str | None,
           workers: int | None) -> None:
    """Run the `ingest-reports` Prefect flow on files and folders (default: data/raw)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from flows import ingest as ingest_flow

    for p in paths:
        if not Path(p).exists():
            click.echo(f"{p}: no such file or folder", err=True)
    console = Console(stderr=True)
    progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[failed]} failed"), console=console,
                        disable=quiet or not console.is_terminal)
    with progress:
        bar = progress.add_task("ingest", total=None, failed=0)

        def hook(done: int, total: int, failed: int) -> None:
            progress.update(bar, completed=done, total=total, failed=failed)

        ingest_flow.progress_hook = hook
        summary = ingest_flow.with_runner(runner, address)(
            paths=list(paths) or ["data/raw"], db=db, ocr=not no_ocr, max_mb=max_mb,
            batch_size=batch_size, workers=workers,
        )
    for path, _stage, reason in summary["failures"]:  # type: ignore[union-attr]
        click.echo(f"{path}: {reason}", err=True)
    if not quiet:
        from flows.report import print_summary

        print_summary(db, summary)
    if strict and summary["failed"]:
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl",
              show_default=True)
@click.option("--no-ocr", is_flag=True, help="Do not OCR scans.")
def extract(files: tuple[str, ...], fmt: str, no_ocr: bool) -> None:
    """Print the figures of files without touching any database."""
    from extractors.errors import TerminalError
    from extractors.pipeline import Options, extract_path, figure_record

    options = Options(ocr=not no_ocr)
    rows = []
    failed = 0
    for name in files:
        path = Path(name)
        try:
            result = extract_path(path, options)
        except TerminalError as e:
            click.echo(f"{path}: {e.reason}", err=True)
            failed += 1
            continue
        for fig in result.figures:
            rec = figure_record(path.name, fig)
            if fmt == "jsonl":
                click.echo(json.dumps(rec, ensure_ascii=False))
            else:
                rows.append(rec)
    if fmt == "table":
        from rich.console import Console
        from rich.table import Table

        table = Table("doc", "indicator", "value", "unit", "qualifier", "scope", "status",
                      "period", "text")
        for r in rows:
            table.add_row(*(str(r[k]) if r[k] is not None else "" for k in
                            ("doc", "indicator", "value", "unit", "qualifier", "scope",
                             "status", "period", "text")))
        # Piped output is not cut to 80 columns: the table is meant to be read whole.
        Console(width=None if sys.stdout.isatty() else 240).print(table)
    if failed and failed == len(files):
        sys.exit(1)


@main.command()
@click.argument("words", nargs=-1, required=True)
@db_option
@click.option("--limit", default=20, show_default=True)
def search(words: tuple[str, ...], db: str, limit: int) -> None:
    """Find documents by full-text search (the query is segmented like the index)."""
    from extractors.search import search_documents
    from schemas.database import open_db

    hits = search_documents(open_db(_existing_db(db)), " ".join(words), limit=limit)
    if not hits:
        click.echo("no documents match", err=True)
        sys.exit(1)
    for h in hits:
        place = h["county"] or h["city"] or h["province"] or "?"
        click.echo(f"{h['name']}\t{place}\t{h['year'] or '?'}\t{h['snippet']}")


@main.command()
@click.argument("figure_id")
@db_option
def explain(figure_id: str, db: str) -> None:
    """Show where a figure came from: sentence, rule, region, year and cross-checks."""
    from flows.report import explain_figure
    from schemas.database import open_db

    if not explain_figure(open_db(_existing_db(db)), figure_id):
        _fail(f"no figure with id {figure_id!r} (ids are in the figures table)")


from flows import analyst, serve  # noqa: E402

main.add_command(analyst.compare)
main.add_command(analyst.browse)
main.add_command(analyst.export)
main.add_command(serve.serve)


if __name__ == "__main__":
    main()
