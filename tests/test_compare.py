"""`zongjie compare`: one value per region and year, marks, source counts, PNG and HTML charts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from extractors.compare import (
    CJK_FONTS,
    CompareError,
    chart_title,
    cjk_font,
    compare_indicator,
    find_indicator,
    render_chart,
    render_html,
)
from flows.cli import main
from tests.analyst_db import build_db


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("compare") / "t.db")


@pytest.fixture()
def db(db_path: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(db_path)


@pytest.mark.parametrize(
    ("indicator", "level", "year", "expected"),
    [
        # subset and target figures never count; two sources agreeing count once, with 2 docs
        ("members", "county", None, [("大冶市", 2014, "148000", 2, 1),
                                     ("阳新县", 2015, "≥100000", 1, 1),
                                     ("阳新县", 2014, "≈90000", 1, 1),
                                     ("建阳区", 2014, "21000", 2, 2)]),  # sources disagree
        ("members", "county", 2015, [("阳新县", 2015, "≥100000", 1, 1)]),
        ("members", "county", 2013, []),
        ("members", "city", None, [("黄石市", 2014, "500000", 1, 1)]),  # not the counties' sum
        ("members", "province", None, [("湖北省", 2014, "8000000", 1, 1)]),
        ("会员数", "province", 2014, [("湖北省", 2014, "8000000", 1, 1)]),  # Chinese name
        ("入会率", "county", None, [("大冶市", 2014, "95.5%", 1, 1),
                                    ("阳新县", 2014, "≥90%", 1, 1)]),
        ("membership_rate", "province", None, [("湖北省", 2014, "≤99%", 1, 1)]),
        ("cases_received", "county", None, [("大冶市", 2014, "120", 1, 1),
                                            ("建阳区", 2014, "30", 1, 1)]),
        ("workers", "county", None, []),
    ],
)
def test_compare_rows(db: sqlite_utils.Database, indicator: str, level: str, year: int | None,
                      expected: list[tuple]) -> None:
    rows = compare_indicator(db, indicator, level, year)
    got = [(r.county or r.city or r.province, r.year, r.display_value(), r.documents, r.values)
           for r in rows]
    assert got == expected


@pytest.mark.parametrize(("indicator", "level", "message"), [
    ("no_such_thing", "county", "unknown indicator"),
    ("members", "township", "unknown level"),
    ("", "county", "unknown indicator"),
])
def test_compare_rejects(db: sqlite_utils.Database, indicator: str, level: str,
                         message: str) -> None:
    with pytest.raises(CompareError, match=message):
        compare_indicator(db, indicator, level)


@pytest.mark.parametrize(("qualifier", "mark"), [
    ("exact", ""), ("approx", "≈"), ("at_least", "≥"), ("at_most", "≤")])
def test_marks(db: sqlite_utils.Database, qualifier: str, mark: str) -> None:
    from extractors.compare import ComparisonRow

    row = ComparisonRow("p", None, None, 2014, 5.0, None, "人", qualifier, 1, 1)
    assert row.display_value() == f"{mark}5"


def test_png_chart_has_han_glyphs(db: sqlite_utils.Database, tmp_path: Path) -> None:
    assert cjk_font() in CJK_FONTS
    rows = compare_indicator(db, "members")
    out = tmp_path / "c.png"
    render_chart(rows, chart_title(find_indicator("members"), "county", None), out)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_png_chart_fails_without_a_cjk_font(db: sqlite_utils.Database, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # The glyph check must bite: with a Latin-only font the chart is refused, not drawn as boxes.
    monkeypatch.setattr("extractors.compare.cjk_font", lambda: "DejaVu Sans")
    with pytest.raises(UserWarning, match="Glyph"):
        render_chart(compare_indicator(db, "members"), "会员数", tmp_path / "c.png")


def test_html_chart_is_self_contained(db: sqlite_utils.Database) -> None:
    rows = compare_indicator(db, "members")
    page = render_html(rows, "会员数 <比较>")
    assert page.count('class="bar"') == len(rows) == 4
    assert "≈90000" in page and "≥100000" in page and "建阳区" in page
    assert "&lt;比较&gt;" in page and "<比较>" not in page  # escaped
    urls = re.findall(r'(?:src|href)=["\']?([^"\' >]+)', page)
    assert urls == []  # no CDN, no network: the page opens offline
    assert "<script" not in page


def test_render_chart_rejects_other_suffix(tmp_path: Path) -> None:
    with pytest.raises(CompareError, match=r"\.png or \.html"):
        render_chart([], "t", tmp_path / "c.svg")


def test_cli_compare(db_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    chart = tmp_path / "c.html"
    r = runner.invoke(main, ["compare", "members", "--db", str(db_path), "--chart", str(chart)])
    assert r.exit_code == 0, r.output
    assert "大冶市" in r.output and "≈90000" in r.output and "2 ≠" in r.output
    assert chart.exists() and "阳新县" in chart.read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "message"), [
    (["compare", "nope"], "unknown indicator"),
    (["compare", "members", "--year", "1990"], "no county-level figures"),
    (["compare", "members", "--chart", "x.svg"], "must be .png or .html"),
])
def test_cli_compare_errors(db_path: Path, args: list[str], message: str) -> None:
    r = CliRunner().invoke(main, [*args, "--db", str(db_path)])
    assert r.exit_code == 2 and message in r.output


def test_cli_compare_without_database(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["compare", "members", "--db", str(tmp_path / "none.db")])
    assert r.exit_code == 2 and "zongjie ingest" in r.output
