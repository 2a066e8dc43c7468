"""Every command has --help and is documented; errors are one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flows.cli import main
from tests.conftest import SEEDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0 and "Usage" in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"zongjie {command}" in README


def test_expected_commands_exist() -> None:
    assert {"ingest", "extract", "search", "explain"} <= set(COMMANDS)


def test_extract_prints_jsonl_with_the_contract_fields() -> None:
    result = CliRunner().invoke(main, ["extract", str(SEEDS[1])])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert rows and all(r["doc"] == SEEDS[1].name for r in rows)
    for field in ("indicator", "value", "value_max", "qualifier", "scope", "status", "period",
                  "text", "unit", "start", "end", "rule"):
        assert field in rows[0]


def test_extract_table() -> None:
    result = CliRunner().invoke(main, ["extract", str(SEEDS[0]), "--format", "table"])
    assert result.exit_code == 0 and "workers" in result.output


def test_extract_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(main, ["extract", str(empty), str(SEEDS[0])])
    assert result.exit_code == 0
    assert f"{empty}: empty file" in result.output


@pytest.mark.parametrize("args", [["search", "工会"], ["explain", "abc"]])
def test_missing_database_is_one_clear_line(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "run `zongjie ingest` first" in result.output
