"""The SQLite shape (tables.yaml) applied to a database: tables, full-text index, views."""

from __future__ import annotations

import sqlite3
import time
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlite_utils
import yaml

from schemas.catalogue import CATALOGUE_PATH, load_catalogue

TABLES_PATH = Path(__file__).with_name("tables.yaml")
_TYPES = {"text": str, "integer": int, "real": float}

REGIONAL_FIGURES_SQL = """
CREATE VIEW IF NOT EXISTS regional_figures AS
SELECT f.indicator,
       COALESCE(f.province, d.province) AS province,
       COALESCE(f.city, d.city) AS city,
       COALESCE(f.county, d.county) AS county,
       COALESCE(f.adcode, d.adcode) AS adcode,
       COALESCE(f.period, d.year) AS year,
       f.value, f.value_max, f.unit, f.qualifier,
       d.name AS document, f.id AS figure_id, f.text
FROM figures f JOIN documents d ON d.id = f.document_id
WHERE f.scope = 'total' AND f.status = 'actual'
"""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    pk: str
    columns: tuple[Column, ...]


@cache
def load_tables(path: Path = TABLES_PATH) -> dict[str, Table]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    tables = {}
    for name, spec in data["tables"].items():
        cols = []
        for col, (typ, desc) in spec["columns"].items():
            if typ not in _TYPES:
                raise ValueError(f"{path.name}: table {name} column {col}: unknown type {typ!r}")
            cols.append(Column(col, typ, str(desc)))
        tables[name] = Table(name, str(spec["description"]), spec["pk"], tuple(cols))
    return tables


def open_db(path: Path | str) -> sqlite_utils.Database:
    """Open (creating) the database with settings that let two runs share it safely."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(str(path))
    db.conn.execute("PRAGMA busy_timeout = 60000")
    db.conn.execute("PRAGMA journal_mode = WAL")
    db.conn.execute("PRAGMA synchronous = NORMAL")
    db.conn.execute("PRAGMA foreign_keys = ON")
    ensure_schema(db)
    return db


@cache
def schema_stamp() -> int:
    """A number that changes when tables.yaml or the catalogue does (kept in user_version)."""
    data = TABLES_PATH.read_bytes() + CATALOGUE_PATH.read_bytes()
    return zlib.crc32(data) & 0x7FFFFFFF


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create what is missing; cheap when the database is current, safe when runs race."""
    stamp = schema_stamp()
    if db.execute("PRAGMA user_version").fetchone()[0] == stamp:
        return
    for attempt in range(6):
        try:
            _create_schema(db)
            break
        except sqlite3.OperationalError as e:
            # Another run is creating the same tables right now: wait, look again.
            if attempt == 5 or not ("already exists" in str(e) or "locked" in str(e)):
                raise
            time.sleep(0.2 * (attempt + 1))
    db.execute(f"PRAGMA user_version = {stamp}")


def _create_schema(db: sqlite_utils.Database) -> None:
    tables = load_tables()
    with db.conn:
        for table in tables.values():
            t = db.table(table.name)
            if not t.exists():
                t.create(
                    {c.name: _TYPES[c.type] for c in table.columns},
                    pk=table.pk,
                    not_null={table.pk},
                )
            else:
                missing = [c for c in table.columns if c.name not in t.columns_dict]
                for c in missing:
                    t.add_column(c.name, _TYPES[c.type])
        db.table("figures").create_index(["document_id"], if_not_exists=True)
        db.table("figures").create_index(["indicator"], if_not_exists=True)
        db.table("documents").create_index(["path"], if_not_exists=True)
        db.table("checks").create_index(["document_id"], if_not_exists=True)
        db.table("pages").create_index(["document_id"], if_not_exists=True)
        db.conn.execute(REGIONAL_FIGURES_SQL)
        catalogue = load_catalogue()
        db.table("indicators").upsert_all(
            [
                {"key": i.key, "name": i.name, "unit": i.unit, "description": i.description}
                for i in catalogue.indicators.values()
            ],
            pk="key",
        )
    tokens = db.table("document_tokens")
    if not tokens.detect_fts():
        tokens.enable_fts(["tokens"], create_triggers=True, tokenize="unicode61")
