"""`zongjie browse` in a real headless Chromium: pages load, canned queries give the right rows.

Datasette is started by the real command on a free loopback port; Chromium renders each page
(`--dump-dom`) and one screenshot is taken, as a person would see it.
"""

from __future__ import annotations

import html
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from flows.analyst import datasette_metadata
from tests.analyst_db import build_db

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("browser")]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of `zongjie browse` on a test database; the server is stopped afterwards."""
    folder = tmp_path_factory.mktemp("browse")
    db = build_db(folder / "unions.db")
    port = _free_port()
    log = open(folder / "datasette.log", "wb")  # noqa: SIM115  (kept open for the server)
    proc = subprocess.Popen(
        [sys.executable, "-c", "from flows.cli import main; main()", "browse", "--db", str(db),
         "--port", str(port), "--no-open"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("datasette did not start:\n"
                                + (folder / "datasette.log").read_text(errors="replace"))
                time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def _chromium(tmp_path: Path, *args: str) -> str:
    if not CHROMIUM:
        pytest.fail("chromium is not installed (scripts/apt-packages.txt lists it)")
    profile = tmp_path / f"profile-{time.monotonic_ns()}"
    out = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                         capture_output=True, text=True, timeout=90, check=True)
    return out.stdout


def _dom(tmp_path: Path, url: str) -> str:
    return _chromium(tmp_path, "--virtual-time-budget=5000", "--dump-dom", url)


def _cells(dom: str, column: str) -> list[str]:
    """Text of a column's cells in Datasette's results table (class col-<name>)."""
    cells = re.findall(rf'<td class="[^"]*\bcol-{column}\b[^"]*"[^>]*>(.*?)</td>', dom, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells]


def test_canned_compare_query_rows_and_screenshot(site: str, tmp_path: Path) -> None:
    url = f"{site}/unions/compare_counties?indicator=members&year="
    dom = _dom(tmp_path, url)
    assert "Compare an indicator across counties" in dom
    assert _cells(dom, "county") == ["大冶市", "阳新县", "阳新县", "建阳区"]
    assert _cells(dom, "qualifier") == ["exact", "at_least", "approx", "exact"]
    assert _cells(dom, "mark") == ["", "≥", "≈", ""]
    assert _cells(dom, "documents") == ["2", "1", "1", "2"]
    shot = tmp_path / "compare.png"
    _chromium(tmp_path, "--window-size=1280,900", f"--screenshot={shot}", url)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


@pytest.mark.parametrize(("query", "column", "expected"), [
    ("membership_rate_ranking", "region", ["湖北省", "大冶市", "阳新县"]),
    ("cases_received_vs_closed", "computed_rate_pct", ["98.3", "133.3"]),
    ("flagged_figures", "check_id", ["cases_resolved_gt_cases_received"] * 2),
    # Traditional, unsegmented input: folded and segmented like the index
    ("full_text_search?q=" + quote("會員"), "document", None),
    ("full_text_search?q=" + quote("建阳区总工会"), "document", ["g.txt"]),
    ("full_text_search?q=" + quote("不存在的词语"), "document", []),
    ("full_text_search?q=", "document", []),
])
def test_canned_queries(site: str, tmp_path: Path, query: str, column: str,
                        expected: list[str] | None) -> None:
    dom = _dom(tmp_path, f"{site}/unions/{query}")
    assert "error" not in _cells(dom, column)
    got = _cells(dom, column)
    if expected is None:  # every document mentions 会员
        assert len(got) == 8
    else:
        assert got == expected


def test_facets_and_catalogue_descriptions(site: str, tmp_path: Path) -> None:
    dom = _dom(tmp_path, f"{site}/unions/regional_figures")
    assert 'data-column="indicator"' in dom and 'data-column="province"' in dom
    dom = _dom(tmp_path, f"{site}/unions/figures")
    assert "会员数" in dom and "入会率" in dom  # the glossary from indicators.yaml


def test_chart_page(site: str, tmp_path: Path) -> None:
    dom = _dom(tmp_path, f"{site}/-/zongjie/compare?indicator=membership_rate&level=county")
    assert dom.count('class="bar"') == 2 and "≥90%" in dom
    dom = _dom(tmp_path, f"{site}/-/zongjie/compare?indicator=nope")
    assert "unknown indicator" in dom


def test_metadata_from_catalogue_and_tables() -> None:
    meta = datasette_metadata("z")
    tables = meta["databases"]["z"]["tables"]
    assert tables["figures"]["columns"]["qualifier"].startswith("exact, approx")
    assert tables["regional_figures"]["columns"]["county"]  # copied from tables.yaml
    assert tables["regional_figures"]["facets"] == ["indicator", "province", "year"]
    queries = meta["databases"]["z"]["queries"]
    assert set(queries) == {"compare_counties", "membership_rate_ranking",
                            "cases_received_vs_closed", "flagged_figures", "full_text_search"}
    assert "regional_figures" in queries["compare_counties"]["sql"]
    assert "/z/indicators" in queries["compare_counties"]["description_html"]
