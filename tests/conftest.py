"""Shared fixtures: paths, the gold files, one Prefect test harness for the whole session."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SHARED = ROOT.parent / "shared"
GOLD_FIGURES = SHARED / "eval" / "gold" / "seeds.figures.jsonl"
GOLD_DOCS = SHARED / "eval" / "gold" / "seeds.docs.jsonl"
SCORE_PY = SHARED / "eval" / "score.py"
SEEDS = sorted(RAW.glob("*.txt"))

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="session")
def gold_figures() -> list[dict]:
    if not GOLD_FIGURES.exists():
        pytest.skip("../shared/eval/gold is not beside this checkout")
    return read_jsonl(GOLD_FIGURES)


@pytest.fixture(scope="session")
def gold_docs() -> list[dict]:
    if not GOLD_DOCS.exists():
        pytest.skip("../shared/eval/gold is not beside this checkout")
    return read_jsonl(GOLD_DOCS)


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for every test that runs a flow (it costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
