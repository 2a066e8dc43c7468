"""Figures out of the database for spreadsheets and dataframes: CSV (UTF-8 BOM) and Parquet.

Rows stream in batches, so an export's memory does not grow with the database.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

FORMATS = ("csv", "parquet")
BATCH = 5000

# One row per figure with its document, region and year resolved, and the indicator's 中文名.
EXPORT_SQL = """
SELECT f.id AS figure_id, f.indicator, i.name AS indicator_name, f.value, f.value_text,
       f.value_max, f.unit, f.qualifier, f.scope, f.status,
       COALESCE(f.period, d.year) AS year,
       COALESCE(f.province, d.province) AS province, COALESCE(f.city, d.city) AS city,
       COALESCE(f.county, d.county) AS county, COALESCE(f.adcode, d.adcode) AS adcode,
       d.org, d.name AS document, d.path AS document_path, f.document_id, f.page,
       f.start, f."end", f.text, f.sentence, f.flags, f.rule, d.rules_version, f.run_id
FROM figures f
JOIN documents d ON d.id = f.document_id
LEFT JOIN indicators i ON i.key = f.indicator
WHERE (:indicator = '' OR f.indicator = :indicator)
ORDER BY f.indicator, province, city, county, year, f.document_id, f.start
"""

# Arrow types by column: fixed, so an empty or all-null column still has its type.
_INTS = {"year", "page", "start", "end"}
_FLOATS = {"value", "value_max"}


class ExportError(ValueError):
    """An export that cannot be written; the message says what to pass instead."""


def iter_batches(db: sqlite_utils.Database, indicator: str | None = None
                 ) -> Iterator[tuple[list[str], list[tuple]]]:
    """(column names, rows) in batches of at most BATCH rows."""
    cursor = db.execute(EXPORT_SQL, {"indicator": indicator or ""})
    columns = [c[0] for c in cursor.description]
    while rows := cursor.fetchmany(BATCH):
        yield columns, rows


def export_columns(db: sqlite_utils.Database) -> list[str]:
    cursor = db.execute(EXPORT_SQL + " LIMIT 0", {"indicator": ""})
    return [c[0] for c in cursor.description]


def save_csv(db: sqlite_utils.Database, path: Path, indicator: str | None = None) -> int:
    """CSV with a UTF-8 byte-order mark, so Excel in a Chinese locale reads it right."""
    n = 0
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(export_columns(db))
        for _cols, rows in iter_batches(db, indicator):
            writer.writerows(rows)
            n += len(rows)
    return n


def _arrow_schema(columns: list[str]):
    import pyarrow as pa

    def typ(c: str) -> pa.DataType:
        return pa.int64() if c in _INTS else pa.float64() if c in _FLOATS else pa.string()

    return pa.schema([(c, typ(c)) for c in columns])


def save_parquet(db: sqlite_utils.Database, path: Path, indicator: str | None = None) -> int:
    """Parquet (zstd) with typed columns: numbers as numbers, the rest as strings."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema(export_columns(db))
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for cols, rows in iter_batches(db, indicator):
            arrays = [pa.array([r[k] for r in rows], type=schema.field(c).type)
                      for k, c in enumerate(cols)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
            n += len(rows)
    return n


def save_export(db: sqlite_utils.Database, path: Path, fmt: str | None = None,
                indicator: str | None = None) -> int:
    """Write the figures as `fmt` (default: from the suffix); returns the rows written."""
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return save_csv(db, path, indicator) if fmt == "csv" else save_parquet(db, path, indicator)
