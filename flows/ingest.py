"""The `ingest-reports` Prefect flow: a thin orchestration over extractors.ingest."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flows.settings import configure_offline

configure_offline()

from prefect import Flow, flow, get_run_logger, task  # noqa: E402
from prefect.artifacts import create_table_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402
from prefect.runtime import flow_run  # noqa: E402
from prefect.utilities.annotations import quote  # noqa: E402

from extractors.errors import TransientError  # noqa: E402
from extractors.ingest import (  # noqa: E402
    DEFAULT_BATCH,
    Counts,
    Outcome,
    discover_files,
    extract_outcomes,
    extraction_pool,
    plan_file,
    save_outcomes,
)
from extractors.pipeline import Options  # noqa: E402
from extractors.rules_loader import load_rules  # noqa: E402
from extractors.store import finish_run, start_run  # noqa: E402
from schemas.database import open_db  # noqa: E402

DEFAULT_DB = "data/processed/zongjie.db"
IN_FLIGHT = 4

# Set by the CLI to draw a progress bar; called with (done, total, failed) after each batch.
ProgressHook = Callable[[int, int, int], None]
progress_hook: ProgressHook | None = None


def _transient(task, task_run, state) -> bool:  # type: ignore[no-untyped-def]
    """Retry only what may pass (a busy database); bad input is recorded, not retried."""
    try:
        state.result()
    except TransientError:
        return True
    except Exception:
        return False
    return False


@task(name="extract-batch", retries=2, retry_delay_seconds=1, retry_condition_fn=_transient,
      cache_policy=NO_CACHE)
def extract_batch(planned: list[Outcome], options: Options) -> list[Outcome]:
    return extract_outcomes(planned, options, _pool)


# The worker processes of the default runner, set by the flow for the length of a run.
_pool: ProcessPoolExecutor | None = None


@task(name="save-batch", retries=3, retry_delay_seconds=2, retry_condition_fn=_transient,
      cache_policy=NO_CACHE)
def save_batch(db_path: str, outcomes: list[Outcome], run_id: str, counts: Counts) -> Counts:
    return save_outcomes(open_db(db_path), outcomes, run_id, counts)


@flow(name="ingest-reports", validate_parameters=False)
def ingest_reports(
    paths: list[str] | None = None,
    db: str = DEFAULT_DB,
    ocr: bool = True,
    max_mb: float = 20,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
) -> dict[str, object]:
    """Ingest report files and folders into the SQLite database; re-running is safe.

    `workers` processes run the CPU stages (default: one per core; a Dask runner brings its
    own); the flow process alone writes SQLite.
    """
    logger = get_run_logger()
    rules = load_rules()  # a bad rules file stops the run before any document is read
    options = Options(ocr=ocr, max_bytes=int(max_mb * 1024 * 1024))
    flow_run_id = flow_run.id
    run_id = str(flow_run_id or uuid.uuid4())
    database = open_db(db)
    start_run(database, run_id, flow_run_id, rules.version)

    # --- plan: hash every file; unchanged ones cost only that hash
    files = list(discover_files(paths or ["data/raw"]))
    planned = [plan_file(database, f, options) for f in files]
    todo = [p for p in planned if p.status in ("new", "changed")]
    counts = save_outcomes(database, [p for p in planned if p not in todo], run_id, Counts())
    logger.info("%d files: %d to extract, %d unchanged", len(files), len(todo), counts.unchanged)

    # --- extract and load, batch by batch; one writer
    # A bounded window of batches in flight keeps memory flat however many files there are.
    batches = [todo[i:i + batch_size] for i in range(0, len(todo), batch_size)]
    n_workers = workers if workers is not None else os.cpu_count() or 1
    if len(todo) <= batch_size or _on_dask():
        n_workers = 1  # a handful of files does not pay for starting processes
    global _pool
    with extraction_pool(n_workers) as _pool:
        in_flight = [extract_batch.submit(b, options) for b in batches[:IN_FLIGHT]]
        for k in range(len(batches)):
            done = in_flight.pop(0).result()
            if k + IN_FLIGHT < len(batches):
                in_flight.append(extract_batch.submit(batches[k + IN_FLIGHT], options))
            # quote(): Prefect need not walk thousands of figures looking for futures.
            counts = save_batch(db, quote(done), run_id, quote(counts))
            logger.info("%d/%d files done, %d failed", counts.seen, len(files), counts.failed)
            if progress_hook:
                progress_hook(counts.seen, len(files), counts.failed)
    _pool = None
    for path, stage, reason in counts.failures:
        logger.warning("%s: %s (%s)", path, reason, stage)

    finish_run(database, run_id, counts.as_row())
    create_table_artifact(
        key="ingest-summary",
        table=[{"measure": k, "value": v} for k, v in counts.as_row().items()],
        description=f"zongjie ingest into {Path(db).name}",
    )
    return {"run_id": run_id, **counts.as_row(),
            "failures": [list(f) for f in counts.failures]}


def _on_dask() -> bool:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return ctx is not None and type(ctx.task_runner).__name__ == "DaskTaskRunner"


def with_runner(runner: str = "default", address: str | None = None,
                workers: int | None = None) -> Flow[..., dict[str, object]]:
    """The flow on the chosen task runner: `dask` sends extract_batch to a Dask cluster.

    save_batch is called, not submitted, so this process alone writes SQLite either way.
    """
    if runner == "default":
        return ingest_reports
    if runner != "dask":
        raise ValueError(f"unknown runner {runner!r}; use default or dask")
    from prefect_dask import DaskTaskRunner

    if address:  # an existing cluster: `dask scheduler` + `dask worker tcp://…` on the nodes
        return ingest_reports.with_options(task_runner=DaskTaskRunner(address=address))
    cluster: dict[str, object] = {"processes": True, "threads_per_worker": 1,
                                  "dashboard_address": None}
    if workers:
        cluster["n_workers"] = workers
    return ingest_reports.with_options(task_runner=DaskTaskRunner(cluster_kwargs=cluster))
