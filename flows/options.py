"""The `--db` option and error exit shared by every command (defined once, here).

They live apart from flows/cli.py because cli.py imports the analyst and serve modules to
register them, so those cannot import cli.py back.
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
