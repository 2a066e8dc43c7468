"""Write documents, figures, runs and failures; every write is idempotent and per document.

One document is saved in one transaction, so a run killed half-way loses nothing committed
and the next run finds the rest still to do.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache

import sqlite_utils

from extractors.checks import run_checks
from extractors.errors import TransientError
from extractors.pipeline import DocumentResult, figure_id
from extractors.segment import search_tokens
from schemas.database import load_tables

CODE_VERSION = "0.1.0"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Known:
    """What the database already holds for a path."""

    id: str | None
    rules_version: str | None


def known_document(db: sqlite_utils.Database, path: str, sha256: str) -> str:
    """'new', 'changed' or 'unchanged' for a file about to be (re)ingested."""
    row = db.execute(
        "SELECT id, rules_version FROM documents WHERE id = ? OR path = ? "
        "ORDER BY id = ? DESC LIMIT 1",
        [sha256, path, sha256],
    ).fetchone()
    if row is None:
        return "new"
    from extractors.rules_loader import load_rules

    if row[0] == sha256 and row[1] == load_rules().version:
        return "unchanged"
    return "changed"


def _num(v: Decimal | None) -> float | None:
    return float(v) if v is not None else None


def document_row(result: DocumentResult, run_id: str) -> dict[str, object]:
    raw, region = result.raw, result.region
    return {
        "id": raw.sha256,
        "name": raw.name,
        "path": raw.path,
        "format": raw.format,
        "encoding": raw.encoding,
        "script": result.script,
        "pages": len(raw.pages),
        "title": raw.title,
        "org": result.org,
        "province": region.province,
        "city": region.city,
        "county": region.county,
        "adcode": region.adcode,
        "region_inferred": int(region.inferred),
        "region_method": region.method,
        "year": result.year,
        "published": result.published,
        "text": result.text,
        "original": result.original,
        "n_chars": len(result.text),
        "n_figures": len(result.figures),
        "rules_version": result.rules_version,
        "run_id": run_id,
        "ingested_at": now(),
    }


def figure_rows(result: DocumentResult, run_id: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for f in result.figures:
        region = f.region
        rows.append(
            {
                "id": figure_id(result.id, f),
                "document_id": result.id,
                "indicator": f.indicator,
                "value": _num(f.value),
                "value_text": str(f.value),
                "value_max": _num(f.value_max),
                "unit": f.unit,
                "qualifier": f.qualifier,
                "scope": f.scope,
                "status": f.status,
                "period": f.period,
                "text": f.text,
                "sentence": f.sentence,
                "start": f.start,
                "end": f.end,
                "orig_start": f.orig_start,
                "orig_end": f.orig_end,
                "page": f.page,
                "bbox": (
                    f"{f.box.x0:.0f},{f.box.y0:.0f},{f.box.x1:.0f},{f.box.y1:.0f}"
                    if f.box else None
                ),
                "province": region.province if region else None,
                "city": region.city if region else None,
                "county": region.county if region else None,
                "adcode": region.adcode if region else None,
                "flags": ",".join(f.flags) or None,
                "rule": f.rule,
                "run_id": run_id,
            }
        )
    return rows


def page_rows(result: DocumentResult) -> list[dict[str, object]]:
    return [{"id": f"{result.id}:{p.number}", "document_id": result.id, "page": p.number,
             "source": p.source, "confidence": p.confidence, "flags": ",".join(p.flags) or None,
             "n_chars": len(p.text)} for p in result.raw.pages]


def save_document(db: sqlite_utils.Database, result: DocumentResult, run_id: str) -> int:
    """Replace whatever the database holds for this file with `result`; returns figures saved."""
    doc = document_row(result, run_id)
    figs = figure_rows(result, run_id)
    checks = run_checks(result.id, figs)
    # Each figure also carries its cross-check ids in `flags`, so analysts can filter on them.
    flagged: dict[str, list[str]] = {}
    for c in checks:
        for fid in str(c["figure_ids"]).split(","):
            flagged.setdefault(fid, []).append(str(c["check_id"]))
    for row in figs:
        extra = flagged.get(str(row["id"]))
        if extra:
            row["flags"] = ",".join(filter(None, [row["flags"], *extra]))  # type: ignore[list-item]
    tokens = result.tokens or search_tokens(result.text)
    with write_transaction(db):
        conn = db.conn
        stale = [r[0] for r in conn.execute(
            "SELECT id FROM documents WHERE path = ? OR id = ?", [doc["path"], doc["id"]])]
        for old in stale:
            for table in ("figures", "checks", "document_tokens", "pages"):
                conn.execute(f"DELETE FROM {table} WHERE document_id = ?", [old])
            conn.execute("DELETE FROM documents WHERE id = ?", [old])
        _insert(db, "documents", [doc])
        _insert(db, "figures", figs)
        _insert(db, "checks", checks)
        _insert(db, "document_tokens", [{"document_id": doc["id"], "tokens": tokens}])
        _insert(db, "pages", page_rows(result))
    return len(figs)


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One all-or-nothing write that takes the write lock up front.

    BEGIN IMMEDIATE waits (busy_timeout) for another run's writer to finish instead of failing
    later with "database is locked" when a read transaction tries to turn into a write.
    Inside an open transaction (a batch) it is a savepoint: all-or-nothing within the batch.
    """
    conn = db.conn
    if conn.in_transaction:
        conn.execute("SAVEPOINT one_write")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK TO one_write")
            conn.execute("RELEASE one_write")
            raise
        conn.execute("RELEASE one_write")
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as e:
        raise TransientError(f"database busy: {e}", stage="load") from e
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


@cache
def _insert_sql(table: str) -> tuple[str, tuple[str, ...]]:
    columns = tuple(c.name for c in load_tables()[table].columns)
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f'INSERT OR REPLACE INTO "{table}" ({names}) VALUES ({marks})', columns


def _insert(db: sqlite_utils.Database, table: str, rows: list[dict[str, object]]) -> None:
    """Rows of the tables.yaml shape, by one prepared statement (the hot path of a run)."""
    if rows:
        sql, columns = _insert_sql(table)
        db.conn.executemany(sql, [tuple(r.get(c) for c in columns) for r in rows])


def record_failure(db: sqlite_utils.Database, path: str, stage: str, reason: str, run_id: str,
                   sha256: str | None = None) -> None:
    fid = hashlib.sha256(f"{path}|{run_id}".encode()).hexdigest()[:20]
    with write_transaction(db):
        _insert(db, "failures", [{"id": fid, "path": path, "sha256": sha256, "stage": stage,
                                  "reason": reason, "run_id": run_id, "at": now()}])


def start_run(db: sqlite_utils.Database, run_id: str, flow_run_id: str | None,
              rules_version: str) -> None:
    with write_transaction(db):
        _insert(db, "runs", [{"id": run_id, "flow_run_id": flow_run_id, "started": now(),
                              "rules_version": rules_version, "code_version": CODE_VERSION}])


def finish_run(db: sqlite_utils.Database, run_id: str, counts: dict[str, int]) -> None:
    sets = ", ".join(f'"{k}" = ?' for k in ("finished", *counts))
    with write_transaction(db):
        db.conn.execute(f"UPDATE runs SET {sets} WHERE id = ?",
                        [now(), *counts.values(), run_id])
