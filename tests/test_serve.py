"""`zongjie serve`: the deployment registers on its cron schedule, a triggered run completes."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prefect")]


def test_deployment_runs_on_a_local_server(prefect_harness, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect import get_client
    from prefect.deployments import run_deployment
    from prefect.runner import Runner

    from flows.serve import ingest_deployment

    raw = tmp_path / "raw"
    raw.mkdir()
    for s in SEEDS[:2]:
        shutil.copy(s, raw / s.name)
    db = tmp_path / "z.db"
    monkeypatch.chdir(tmp_path)  # paths are stored absolute: the run must not depend on cwd
    deployment = ingest_deployment([str(raw)], str(db), cron="0 3 * * 1", name="test")
    assert deployment.parameters == {"paths": [str(raw.resolve())], "db": str(db.resolve())}

    runner = Runner(name="zongjie-test", query_seconds=1, limit=1)
    deployment_id = runner.add_deployment(deployment)
    flow_run = run_deployment(deployment_id, timeout=0)  # scheduled now, not waited for
    asyncio.run(runner.start(run_once=True))  # picks the run up and executes it

    async def read():  # type: ignore[no-untyped-def]
        async with get_client() as client:
            return (await client.read_flow_run(flow_run.id),
                    await client.read_deployment(deployment_id))

    run, dep = asyncio.run(read())
    assert run.state is not None and run.state.is_completed(), run.state
    assert [s.schedule.cron for s in dep.schedules] == ["0 3 * * 1"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    assert con.execute("SELECT flow_run_id FROM runs").fetchone()[0] == str(flow_run.id)


@pytest.mark.parametrize(("args", "message"), [
    (["serve", "/no/such/folder"], "does not exist"),
    (["serve", "--help"], "--cron"),
])
def test_serve_cli_arguments(args: list[str], message: str) -> None:
    from flows.cli import main

    r = CliRunner().invoke(main, args)
    assert message in r.output
