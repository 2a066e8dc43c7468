"""Numeral cases in the style of other projects' suites (cn2an, JioNLP, ITN), written blind by
another session: tests/fixtures/numerals/cases.tsv."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.numbers import parse_number, parse_percent

CASES = Path(__file__).parent / "fixtures" / "numerals" / "cases.tsv"
with CASES.open(encoding="utf-8") as f:
    ROWS = [r for r in csv.DictReader(f, delimiter="\t")
            # Phone-style 幺 belongs to speech ITN, not to written reports.
            if "out of scope" not in r["note"]]


@pytest.mark.parametrize("row", ROWS, ids=[r["input"] or "(empty)" for r in ROWS])
def test_numeral_case(row: dict[str, str]) -> None:
    reader = parse_percent if ("percent" in row["note"] or "per-mille" in row["note"]) \
        else parse_number
    if row["expected"] == "REJECT":
        with pytest.raises(ValueError):
            reader(row["input"])
    else:
        assert reader(row["input"]) == Decimal(row["expected"])
