"""Ingest through the real Prefect flow: rows, idempotency, changes, bad input, parity."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from extractors.ingest import Counts, discover_files, extract_outcome, plan_file, save_outcomes
from extractors.pipeline import Options
from schemas.database import open_db
from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("prefect")]
VOLATILE = {"run_id", "ingested_at"}  # columns that say which run wrote a row, not what it holds


def dump(db_path: Path, table: str, drop: set[str] = VOLATILE) -> list[tuple]:
    con = sqlite3.connect(db_path)
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if r[1] not in drop]
    rows = con.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY 1").fetchall()
    con.close()
    return rows


def run_flow(paths: list[Path], db: Path, **kw) -> dict:
    from flows.ingest import ingest_reports

    return ingest_reports(paths=[str(p) for p in paths], db=str(db), **kw)


@pytest.fixture
def raw(tmp_path: Path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for s in SEEDS:
        shutil.copy(s, folder / s.name)
    return folder


def test_flow_loads_the_seeds(prefect_harness, raw: Path, tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    summary = run_flow([raw], db)
    assert summary["new"] == len(SEEDS) and summary["failed"] == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(SEEDS)
    assert con.execute("SELECT COUNT(*) FROM figures").fetchone()[0] == summary["figures"]
    (run,) = con.execute("SELECT flow_run_id, seen, new, figures, finished FROM runs").fetchall()
    assert run[0] and run[1:4] == (len(SEEDS), len(SEEDS), summary["figures"]) and run[4]
    assert con.execute(
        "SELECT COUNT(*) FROM regional_figures WHERE county = '大冶市' AND indicator = 'members'"
    ).fetchone()[0] == 1
    # Full-text search finds two-character words that plain FTS5 tokenizers miss.
    from extractors.search import search_documents

    names = {h["name"] for h in search_documents(open_db(db), "会员 入会率")}
    assert "001_4802b6d3a30cfb8a.txt" in names


def test_rerun_changes_nothing_and_says_unchanged(prefect_harness, raw: Path,
                                                  tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    run_flow([raw], db)
    before = {t: dump(db, t, VOLATILE) for t in ("documents", "figures", "checks")}
    full_before = dump(db, "figures", set())
    summary = run_flow([raw], db)
    assert summary["unchanged"] == len(SEEDS) and summary["new"] == summary["changed"] == 0
    assert {t: dump(db, t, VOLATILE) for t in before} == before
    assert dump(db, "figures", set()) == full_before  # not even the run ids moved


def test_changed_file_replaces_its_figures(prefect_harness, raw: Path, tmp_path: Path) -> None:
    db = tmp_path / "z.db"
    run_flow([raw], db)
    target = raw / SEEDS[1].name
    target.write_text(target.read_text(encoding="utf-8").replace("14251", "15251"),
                      encoding="utf-8")
    summary = run_flow([raw], db)
    assert summary["changed"] == 1 and summary["unchanged"] == len(SEEDS) - 1
    con = sqlite3.connect(db)
    values = {r[0] for r in con.execute("SELECT value FROM figures WHERE indicator='workers'")}
    assert 15251 in values and 14251 not in values
    assert con.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(SEEDS)


def _bad_inputs(folder: Path) -> dict[str, str]:
    """File name → words the failure reason must contain."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "undecodable.txt").write_bytes("工会会员".encode("gbk") + b"\xff\xff" * 60)
    (folder / "nothing.html").write_text("<html><body><div>  </div></body></html>")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a report")
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\n")
    fixtures = Path(__file__).parent / "fixtures" / "pdf"
    shutil.copy(fixtures / "encrypted.pdf", folder / "encrypted.pdf")
    with open(folder / "huge.txt", "wb") as f:
        f.write(("工会会员" * 1000 + "\n").encode() * 4400)  # ≈ 53 MB
    return {"empty.txt": "empty", "junk.txt": "binary", "undecodable.txt": "undecodable",
            "nothing.html": "no main text", "notes.docx": "unsupported",
            "truncated.pdf": "PDF", "encrypted.pdf": "encrypted",
            "huge.txt": "MB"}


def test_bad_input_is_recorded_and_the_run_goes_on(prefect_harness, raw: Path,
                                                   tmp_path: Path) -> None:
    expected = _bad_inputs(raw)
    db = tmp_path / "z.db"
    summary = run_flow([raw], db)
    assert summary["new"] == len(SEEDS)
    failed = {Path(p).name: reason for p, _stage, reason in summary["failures"]}
    assert set(failed) == set(expected)
    for name, words in expected.items():
        assert words in failed[name], (name, failed[name])
    con = sqlite3.connect(db)
    rows = con.execute("SELECT path, stage, reason FROM failures").fetchall()
    assert {Path(r[0]).name for r in rows} == set(expected)
    assert all(r[1] and r[2] for r in rows)


def test_vanished_file_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    f = tmp_path / "gone.txt"
    f.write_text("全县职工总数14251人。", encoding="utf-8")
    db = open_db(tmp_path / "z.db")
    planned = plan_file(db, f, Options())
    f.unlink()
    outcome = extract_outcome(planned, Options())
    assert outcome.status == "failed" and "vanished" in (outcome.reason or "")


def test_killed_run_keeps_what_was_committed(raw: Path, tmp_path: Path, monkeypatch) -> None:
    """A batch commits as one; a kill mid-batch loses that batch only, and a re-run ends it."""
    import extractors.ingest as ingest

    db_path = tmp_path / "z.db"
    db = open_db(db_path)
    files = list(discover_files([raw]))
    real_save = ingest.save_document
    calls = {"n": 0}

    def dying_save(db, result, run_id):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt  # the process is killed while saving the second batch
        return real_save(db, result, run_id)

    monkeypatch.setattr(ingest, "save_document", dying_save)
    outcomes = [extract_outcome(plan_file(db, f, Options()), Options()) for f in files]
    save_outcomes(db, outcomes[:2], "run-1", Counts())
    with pytest.raises(KeyboardInterrupt):
        save_outcomes(db, outcomes[2:], "run-1", Counts())
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 2
    assert not db.conn.in_transaction
    monkeypatch.setattr(ingest, "save_document", real_save)
    counts = save_outcomes(db, [extract_outcome(plan_file(db, f, Options()), Options())
                                for f in files], "run-2", Counts())
    assert (counts.unchanged, counts.new) == (2, len(files) - 2)
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == len(files)


def test_a_document_the_database_refuses_is_a_failure_not_a_lost_batch(
        raw: Path, tmp_path: Path, monkeypatch) -> None:
    import sqlite3

    import extractors.ingest as ingest
    from extractors.store import write_transaction

    db = open_db(tmp_path / "z.db")
    files = list(discover_files([raw]))
    real_save = ingest.save_document

    def refusing_save(db, result, run_id):  # type: ignore[no-untyped-def]
        if result.raw.path.endswith(files[1].name):
            with write_transaction(db):  # half written, then refused: rolled back alone
                real_save(db, result, run_id)
                raise sqlite3.IntegrityError("constraint failed")
        return real_save(db, result, run_id)

    monkeypatch.setattr(ingest, "save_document", refusing_save)
    outcomes = [extract_outcome(plan_file(db, f, Options()), Options()) for f in files]
    counts = save_outcomes(db, outcomes, "run-1", Counts())
    assert (counts.new, counts.failed) == (len(files) - 1, 1)
    paths = [r[0] for r in db.execute("SELECT path FROM documents")]
    assert len(paths) == len(files) - 1 and not any(p.endswith(files[1].name) for p in paths)
    reason = db.execute("SELECT stage, reason FROM failures").fetchone()
    assert reason == ("load", "IntegrityError: constraint failed")


def test_cli_and_flow_write_the_same_rows(prefect_harness, raw: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli import main

    via_flow = tmp_path / "flow.db"
    run_flow([raw], via_flow)
    via_cli = tmp_path / "cli.db"
    result = CliRunner().invoke(main, ["ingest", str(raw), "--db", str(via_cli), "--quiet"])
    assert result.exit_code == 0, result.output
    for table in ("documents", "figures", "checks", "document_tokens"):
        assert dump(via_cli, table) == dump(via_flow, table), table


def test_strict_exits_non_zero_on_failure(prefect_harness, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from flows.cli import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    args = ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "z.db"), "--quiet"]
    assert CliRunner().invoke(main, args).exit_code == 0
    strict = CliRunner().invoke(main, [*args, "--strict"])
    assert strict.exit_code == 1
    assert "empty.txt: empty file" in strict.output


def test_worker_processes_write_the_same_rows(prefect_harness, raw: Path, tmp_path: Path) -> None:
    in_process = tmp_path / "one.db"
    run_flow([raw], in_process, workers=1)
    pooled = tmp_path / "pool.db"
    summary = run_flow([raw], pooled, workers=2, batch_size=2)
    assert summary["new"] == len(SEEDS)
    for table in ("documents", "figures", "checks", "document_tokens"):
        assert dump(pooled, table) == dump(in_process, table), table
