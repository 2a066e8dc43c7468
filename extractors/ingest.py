"""The ingest steps as plain functions: find files, plan what changed, extract, save.

The Prefect flow (flows/ingest.py) orchestrates exactly these; tests and the benchmark call
them directly.
"""

from __future__ import annotations

import logging
import multiprocessing
import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from extractors.errors import TerminalError, TransientError
from extractors.pipeline import DocumentResult, Options, extract_path
from extractors.read import read_bytes, sha256_bytes
from extractors.store import known_document, record_failure, save_document, write_transaction

log = logging.getLogger("zongjie")

# Documents per Prefect task run. Each task run costs ~50 ms of CPU in the API server and as
# much in the flow process (measured: 1.1 vs 0.6 ms/doc of server CPU at 100 vs 250), while
# four batches in flight of 250 documents hold well under 100 MB.
DEFAULT_BATCH = 250


@dataclass
class Outcome:
    """What became of one file in a run."""

    path: str
    status: str  # new | changed | unchanged | failed
    sha256: str | None = None
    result: DocumentResult | None = None
    stage: str | None = None
    reason: str | None = None


@dataclass
class Counts:
    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    figures: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # path, stage, reason

    def as_row(self) -> dict[str, int]:
        return {k: getattr(self, k) for k in
                ("seen", "new", "changed", "unchanged", "failed", "figures")}


def discover_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under the given files and folders (recursively), sorted, hidden files skipped."""
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield f
        else:
            yield p


def plan_file(db: sqlite_utils.Database, path: Path, options: Options) -> Outcome:
    """Hash the file and decide whether it needs extracting (cheap: no parsing)."""
    try:
        digest = sha256_bytes(read_bytes(path, options.max_bytes))
    except TerminalError as e:
        return Outcome(str(path), "failed", stage=e.stage, reason=e.reason)
    return Outcome(str(path), known_document(db, str(path), digest), sha256=digest)


def extract_outcome(planned: Outcome, options: Options) -> Outcome:
    """Run the CPU stages for one planned file; bad input becomes a failed Outcome."""
    if planned.status in ("unchanged", "failed"):
        return planned
    try:
        result = extract_path(Path(planned.path), options)
    except TransientError:
        raise
    except TerminalError as e:
        return Outcome(planned.path, "failed", planned.sha256, stage=e.stage, reason=e.reason)
    except (OSError, ValueError, RuntimeError, LookupError, MemoryError) as e:
        # Libraries (pdfminer, PIL, lxml) raise their own errors on broken files.
        reason = f"{type(e).__name__}: {e}"
        return Outcome(planned.path, "failed", planned.sha256, stage="extract", reason=reason)
    return Outcome(planned.path, planned.status, result.raw.sha256, result=result)


def _warm_up() -> None:
    """Load rules, dictionaries and the division index once per worker, not per document."""
    from extractors.pipeline import extract_document  # noqa: F401
    from extractors.regions import load_areacodes
    from extractors.rules_loader import load_rules
    from extractors.segment import search_tokens

    load_rules()
    load_areacodes()
    search_tokens("工会")


@contextmanager
def extraction_pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for the CPU stages (None for one worker: extract in this process).

    Spawned, not forked: the parent runs Prefect's threads, which a fork would copy mid-flight.
    """
    if workers <= 1:
        yield None
        return
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_warm_up) as pool:
        yield pool


def extract_outcomes(planned: list[Outcome], options: Options,
                     pool: ProcessPoolExecutor | None = None) -> list[Outcome]:
    """extract_outcome over a batch, in the pool's processes when there is one."""
    if pool is None or len(planned) < 2:
        return [extract_outcome(p, options) for p in planned]
    return list(pool.map(extract_outcome, planned, [options] * len(planned), chunksize=4))


def save_outcomes(db: sqlite_utils.Database, outcomes: Iterable[Outcome], run_id: str,
                  counts: Counts) -> Counts:
    """Write a batch in one transaction, each outcome in its own savepoint, and count them.

    One commit per batch: FTS5 flushes its pending terms at commit, so fewer commits cost less.
    """
    with write_transaction(db):
        for o in outcomes:
            _save_outcome(db, o, run_id, counts)
    return counts


def _save_outcome(db: sqlite_utils.Database, o: Outcome, run_id: str, counts: Counts) -> None:
    counts.seen += 1
    if o.status == "unchanged":
        counts.unchanged += 1
        return
    if o.status != "failed" and o.result is not None:
        try:
            # save_document's own write is a savepoint here: a refused document leaves no trace.
            counts.figures += save_document(db, o.result, run_id)
        except sqlite3.DatabaseError as e:
            o = Outcome(o.path, "failed", o.sha256, stage="load",
                        reason=f"{type(e).__name__}: {e}")
        else:
            if o.status == "new":
                counts.new += 1
            else:
                counts.changed += 1
            return
    counts.failed += 1
    stage, reason = o.stage or "extract", o.reason or "unknown error"
    counts.failures.append((o.path, stage, reason))
    log.warning("%s: %s", o.path, reason)
    record_failure(db, o.path, stage, reason, run_id, o.sha256)
