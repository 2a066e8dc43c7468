"""The `--db` option and error exit shared by the analysts' and schedule commands.

They mirror flows/cli.py's `db_option`, `_fail` and `_existing_db`; they live here because
cli.py imports the analyst and serve modules to register them, so those cannot import cli.py
back (an import cycle whenever they are imported first, as tests do).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

DEFAULT_DB = "data/processed/zongjie.db"
db_option = click.option(
    "--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
    help="SQLite database file.",
)


def fail(message: str) -> None:
    """One line on stderr, exit status 2 (usage error), as every zongjie command does."""
    click.echo(f"zongjie: {message}", err=True)
    sys.exit(2)


def existing_db(db: str) -> str:
    if not Path(db).exists():
        fail(f"no database at {db}; run `zongjie ingest` first (or pass --db FILE)")
    return db
