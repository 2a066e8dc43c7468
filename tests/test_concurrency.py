"""Two ingest runs overlapping on one database: no corruption, no duplicates, no 'locked'."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prefect")]
COPIES = 6  # per seed: enough documents that the two runs' writes interleave

RUN = """
import sys
from flows.ingest import ingest_reports
s = ingest_reports(paths=sys.argv[1:-1], db=sys.argv[-1], batch_size=1)
print("SUMMARY", s["seen"], s["new"], s["changed"], s["unchanged"], s["failed"])
"""


def _corpus(folder: Path) -> int:
    """Copies of the seeds with their numbers shifted, so every file is a distinct document."""
    folder.mkdir()
    n = 0
    for k in range(COPIES):
        for s in SEEDS:
            text = s.read_text(encoding="utf-8")
            text = re.sub(r"\d+", lambda m, k=k: str(int(m.group()) + k), text)
            (folder / f"{k}_{s.name}").write_text(text, encoding="utf-8")
            n += 1
    return n


def test_overlapping_runs(prefect_harness, tmp_path: Path) -> None:
    from prefect.settings import PREFECT_API_URL

    raw = tmp_path / "raw"
    n = _corpus(raw)
    files = sorted(str(p) for p in raw.iterdir())
    db = tmp_path / "z.db"
    # The scheduled case: the database exists. (Two runs *creating* one at the same instant can
    # still collide in ensure_schema; reported to the schema's owner.)
    from schemas.database import open_db

    open_db(db).conn.close()
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value())}
    # Run A takes every file in order, run B the same files backwards: they meet in the middle
    # and both write the same documents at about the same time.
    procs = [
        subprocess.Popen([sys.executable, "-c", RUN, *order, str(db)], env=env, text=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for order in (files, files[::-1])
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err[-3000:]
        # A busy database may cost a save-batch retry (TransientError); it must never fail a run.
        assert "Finished in state Failed" not in err and "OperationalError" not in err
        seen, new, changed, unchanged, failed = map(int, out.split("SUMMARY")[1].split())
        assert seen == n and failed == 0 and new + changed + unchanged == n

    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*), COUNT(DISTINCT path) FROM documents").fetchone() == (n, n)
    # every document's figures once: as many rows as it says it has, no span twice
    assert con.execute(
        "SELECT COUNT(*) FROM documents d WHERE n_figures != "
        "(SELECT COUNT(*) FROM figures f WHERE f.document_id = d.id)").fetchone()[0] == 0
    assert con.execute(
        "SELECT COUNT(*) FROM (SELECT document_id, indicator, start, \"end\", COUNT(*) AS c "
        "FROM figures GROUP BY 1, 2, 3, 4 HAVING c > 1)").fetchone()[0] == 0
    assert con.execute("SELECT COUNT(*) FROM document_tokens").fetchone()[0] == n
    assert con.execute("SELECT COUNT(*) FROM failures").fetchone()[0] == 0
    assert con.execute("SELECT COUNT(*) FROM runs WHERE finished IS NOT NULL").fetchone()[0] == 2
    assert con.execute("SELECT COUNT(*) FROM figures").fetchone()[0] > n  # not vacuous
