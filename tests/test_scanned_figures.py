"""Figures from scans carry their page and the box of their text on the page image."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from extractors.pipeline import extract_path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from render_pages import render_text_pages, save_image_pdf, scan_like  # noqa: E402

pytestmark = pytest.mark.slow
REPORT = (
    "全县职工总数14251人,会员数13138人,会员入会率达到92.19%。\n"
    "去年以来,共接待职工上访13件,协调解决13件。\n"
    "追回拖欠工资22.4万元。"
)
EXPECTED = {("workers", 14251), ("members", 13138), ("membership_rate", 92.19),
            ("cases_received", 13), ("cases_resolved", 13), ("wages_recovered", 224000)}


@pytest.mark.parametrize("kind", ["pdf", "png", "scan-pdf"])
def test_figures_from_a_scan(tmp_path: Path, kind: str) -> None:
    images = render_text_pages(REPORT, max_pages=1)
    if kind == "scan-pdf":
        images = [scan_like(im) for im in images]
    path = tmp_path / ("page.png" if kind == "png" else "page.pdf")
    if kind == "png":
        images[0].save(path)
    else:
        save_image_pdf(images, path)
    result = extract_path(path)
    assert result.raw.pages[0].source == "ocr"
    got = {(f.indicator, float(f.value)) for f in result.figures}
    assert got >= EXPECTED, EXPECTED - got
    from extractors.store import page_rows

    (row,) = page_rows(result)
    assert row["source"] == "ocr" and 0 < float(row["confidence"]) <= 1  # type: ignore[arg-type]
    width, height = images[0].size
    for f in result.figures:
        assert f.page == 1 and f.box is not None
        assert 0 <= f.box.x0 < f.box.x1 <= width and 0 <= f.box.y0 < f.box.y1 <= height
