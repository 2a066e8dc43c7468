"""`zongjie export`: CSV with a UTF-8 BOM (Excel, Chinese locale) and typed Parquet."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import sqlite_utils
from click.testing import CliRunner

from extractors import export
from extractors.export import ExportError, save_export
from flows.cli import main
from tests.analyst_db import FIGURES, build_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("export") / "t.db")


@pytest.fixture()
def db(db_path: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(db_path)


def _count(indicator: str | None) -> int:
    return sum(1 for f in FIGURES if indicator in (None, f[1]))


@pytest.mark.parametrize("indicator", [None, "members", "membership_rate", "no_such_key"])
def test_csv_has_bom_and_every_figure(db: sqlite_utils.Database, tmp_path: Path,
                                      indicator: str | None) -> None:
    out = tmp_path / "f.csv"
    n = save_export(db, out, indicator=indicator)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    assert raw.count(b"\xef\xbb\xbf") == 1
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert n == len(rows) == _count(indicator)
    if rows:
        assert set(rows[0]) >= {"figure_id", "indicator", "indicator_name", "value", "unit",
                                "qualifier", "year", "province", "county", "document"}


def test_csv_keeps_chinese_and_resolves_region(db: sqlite_utils.Database, tmp_path: Path) -> None:
    out = tmp_path / "f.csv"
    save_export(db, out, indicator="members")
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    jy = [r for r in rows if r["county"] == "建阳区"]
    assert {r["indicator_name"] for r in jy} == {"会员数"}
    assert sorted(float(r["value"]) for r in jy) == [20000.0, 21000.0]
    assert {r["year"] for r in jy} == {"2014"}


def test_parquet_types_and_rows(db: sqlite_utils.Database, tmp_path: Path) -> None:
    out = tmp_path / "f.parquet"
    n = save_export(db, out)
    table = pq.read_table(out)
    assert table.num_rows == n == len(FIGURES)
    assert table.schema.field("value").type == pa.float64()
    assert table.schema.field("year").type == pa.int64()
    assert table.schema.field("province").type == pa.string()
    assert "湖北省" in table.column("province").to_pylist()


def test_parquet_streams_in_batches(db: sqlite_utils.Database, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "BATCH", 3)
    out = tmp_path / "f.parquet"
    assert save_export(db, out) == len(FIGURES)
    meta = pq.ParquetFile(out).metadata
    assert meta.num_row_groups == -(-len(FIGURES) // 3)  # one row group per batch


def test_empty_export_still_has_a_typed_header(tmp_path: Path) -> None:
    from schemas.database import open_db

    db = open_db(tmp_path / "empty.db")
    assert save_export(db, tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").schema.field("value").type == pa.float64()
    assert save_export(db, tmp_path / "e.csv") == 0
    assert (tmp_path / "e.csv").read_text(encoding="utf-8-sig").startswith("figure_id,")


@pytest.mark.parametrize(("name", "fmt"), [("f.xlsx", None), ("f.csv", "json"), ("f", None)])
def test_unknown_format(db: sqlite_utils.Database, tmp_path: Path, name: str,
                        fmt: str | None) -> None:
    with pytest.raises(ExportError, match="unknown format"):
        save_export(db, tmp_path / name, fmt)


@pytest.mark.parametrize(("args", "code", "text"), [
    (["--output", "{tmp}/out.csv"], 0, f"{len(FIGURES)} figures written"),
    (["--output", "{tmp}/out.data", "--format", "parquet"], 0, "figures written"),
    (["--output", "{tmp}/out.xlsx"], 2, "unknown format"),
    (["--output", "{tmp}/out.csv", "--format", "xml"], 2, "Invalid value"),
])
def test_cli_export(db_path: Path, tmp_path: Path, args: list[str], code: int, text: str) -> None:
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    r = CliRunner().invoke(main, ["export", "--db", str(db_path), *args])
    assert r.exit_code == code, r.output
    assert text in r.output
