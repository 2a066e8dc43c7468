"""`zongjie serve`: the ingest flow as a scheduled Prefect deployment (incremental runs)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from flows.options import db_option

DEFAULT_CRON = "0 3 * * 1"  # Mondays 03:00


def ingest_deployment(paths: list[str], db: str, cron: str | None = DEFAULT_CRON,
                      name: str = "scheduled"):  # type: ignore[no-untyped-def]
    """The `ingest-reports` flow as a RunnerDeployment on `cron`, with absolute paths.

    Paths are made absolute because the runner starts each flow run in a fresh process.
    Each run hashes every file and extracts only new or changed ones.
    """
    from flows.ingest import ingest_reports

    return ingest_reports.to_deployment(
        name=name,
        cron=cron,
        parameters={"paths": [str(Path(p).resolve()) for p in paths or ["data/raw"]],
                    "db": str(Path(db).resolve())},
        description="Incremental ingest of trade-union work reports into SQLite.",
        tags=["zongjie"],
    )


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@click.option("--cron", default=DEFAULT_CRON, show_default=True,
              help="Schedule, in cron syntax (server's time zone: UTC unless set).")
@click.option("--name", default="scheduled", show_default=True, help="Deployment name.")
def serve(paths: tuple[str, ...], db: str, cron: str, name: str) -> None:
    """Serve the ingest flow on a schedule; runs show in the Prefect UI. Ctrl-C stops it."""
    from prefect import serve as prefect_serve

    if not os.environ.get("PREFECT_API_URL"):
        from prefect.settings import get_current_settings

        if not get_current_settings().api.url:
            click.echo("zongjie: no Prefect server configured, so runs live only as long as this "
                       "process. For the UI: `prefect server start --host 127.0.0.1` and "
                       "`export PREFECT_API_URL=http://127.0.0.1:4200/api`.", err=True)
    deployment = ingest_deployment(list(paths), db, cron, name)
    click.echo(f"serving ingest-reports/{name} on '{cron}'", err=True)
    prefect_serve(deployment)
