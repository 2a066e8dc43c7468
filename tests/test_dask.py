"""`--runner dask`: extraction on a 2-worker local Dask cluster gives the default runner's rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prefect")]
VOLATILE = {"run_id", "ingested_at"}  # which run wrote a row, not what it holds


def dump(db_path: Path, table: str) -> list[tuple]:
    con = sqlite3.connect(db_path)
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in VOLATILE]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1").fetchall()
    con.close()
    return rows


def test_dask_runner_writes_the_same_rows(prefect_harness, tmp_path: Path) -> None:
    from flows.ingest import with_runner

    paths = [str(s) for s in SEEDS]
    default = with_runner("default")(paths=paths, db=str(tmp_path / "threads.db"), batch_size=2)
    dask = with_runner("dask", workers=2)(paths=paths, db=str(tmp_path / "dask.db"),
                                         batch_size=2)
    assert dask["new"] == default["new"] == len(SEEDS) and dask["failed"] == 0
    for table in ("figures", "documents", "checks"):
        assert dump(tmp_path / "dask.db", table) == dump(tmp_path / "threads.db", table), table
    assert dump(tmp_path / "dask.db", "figures")  # not two empty tables


@pytest.mark.parametrize(("runner", "message"), [("spark", "unknown runner"), ("", "unknown")])
def test_unknown_runner(runner: str, message: str) -> None:
    from flows.ingest import with_runner

    with pytest.raises(ValueError, match=message):
        with_runner(runner)


def test_dask_runner_choice(prefect_harness) -> None:
    from prefect_dask import DaskTaskRunner

    from flows.ingest import ingest_reports, with_runner

    assert with_runner("default") is ingest_reports
    remote = with_runner("dask", address="tcp://127.0.0.1:8786").task_runner
    assert isinstance(remote, DaskTaskRunner) and remote.address == "tcp://127.0.0.1:8786"
    local = with_runner("dask", workers=3).task_runner
    assert local.cluster_kwargs["n_workers"] == 3
