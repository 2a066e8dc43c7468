"""Numeral cases in the style of other projects' suites (cn2an, JioNLP, ITN), written blind by
another session: tests/fixtures/numerals/cases.tsv."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.numbers import parse_number, parse_percent

FIXTURES = Path(__file__).parent / "fixtures"
# numerals: 194 cases (192 passed blind); numerals2: 200 more by another hand (186 blind);
# numerals3: 200 more after cn2an, JioNLP, nzh, chinese-number and ITN tests (185 blind);
# numerals4: 200 more, Arabic with separators, 大写 money, Traditional, percent forms (194 blind).
SETS = ("numerals", "numerals2", "numerals3", "numerals4")
# Where a set's writer chose the strict reading and this reader, by its documented decisions
# (numbers.py), the lenient one: a bare unit chain is a number (近百名, 千余人 need it), and a
# colloquial tail may switch scripts (3万五, like 1万2).
LENIENT = {("numerals2", x) for x in ("万亿", "百", "百万", "千万", "二十3", "3万五")} | {
    ("numerals3", x) for x in ("佰", "億", "2万零五")} | {
    ("numerals4", x) for x in ("佰元整", "萬億")}
ROWS = []
for name in SETS:
    with (FIXTURES / name / "cases.tsv").open(encoding="utf-8") as f:
        ROWS += [(name, r) for r in csv.DictReader(f, delimiter="\t")
                 # Phone-style 幺 belongs to speech ITN, not to written reports.
                 if "out of scope" not in r["note"] and (name, r["input"]) not in LENIENT]


@pytest.mark.parametrize(("name", "row"), ROWS,
                         ids=[f"{n}:{r['input'] or '(empty)'}" for n, r in ROWS])
def test_numeral_case(name: str, row: dict[str, str]) -> None:
    reader = parse_percent if ("percent" in row["note"] or "per-mille" in row["note"]) \
        else parse_number
    if row["expected"] == "REJECT":
        with pytest.raises(ValueError):
            reader(row["input"])
    else:
        assert reader(row["input"]) == Decimal(row["expected"])
