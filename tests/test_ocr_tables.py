"""Ruled tables on page images: the grid found from the rules, words put into its cells, and the
real engine on a table drawn here (two-row merged heading, open sides, a light scan)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from extractors.figures import extract_figures
from extractors.normalize import MappedText, normalize_text
from extractors.ocr import ocr_image
from extractors.ocr_columns import Word
from extractors.ocr_tables import find_grids, table_rows
from extractors.rules_loader import load_rules

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from render_pages import NOTO_CJK, scan_like  # noqa: E402

# 单位 | 基层工会(个) over 总数 | 其中新建 | 会员(人): the heading's first row merges two columns.
XS = (100, 300, 450, 600, 800)
YS = (200, 250, 300, 350, 400)
HEAD = [("单位", 0, 0), ("基层工会(个)", 0, 1), ("会员(人)", 0, 3),
        ("总数", 1, 1), ("其中新建", 1, 2)]
BODY = [("甲镇", "168", "14", "17,120"), ("全县合计", "538", "52", "43,092")]


def draw_table(open_sides: bool = False) -> Image.Image:
    image = Image.new("L", (900, 600), 235)
    d = ImageDraw.Draw(image)
    for k, y in enumerate(YS):
        x0, x1 = (XS[1], XS[3]) if k == 1 else (XS[0], XS[-1])  # under 基层工会(个) only
        d.line([(x0, y), (x1, y)], fill=30, width=2)
    for k, x in enumerate(XS):
        if open_sides and k in (0, len(XS) - 1):
            continue
        for j in range(len(YS) - 1):
            if not (k == 2 and j == 0):  # 基层工会(个) spans 总数 and 其中新建
                d.line([(x, YS[j]), (x, YS[j + 1])], fill=30, width=2)
    return image


def words_for_table() -> list[Word]:
    out = []
    for text, j, i in HEAD:
        x = XS[i] + 10 if i != 1 or j else XS[1] + 60  # centred over two columns
        out.append(Word(text, 0.9, x, YS[j] + 12, x + 20 * len(text), YS[j] + 38))
    for j, row in enumerate(BODY, 2):
        for i, text in enumerate(row):
            out.append(Word(text, 0.9, XS[i] + 10, YS[j] + 12, XS[i] + 10 + 14 * len(text),
                            YS[j] + 38))
    # Tesseract glues a row's label to its first value across the rule: 甲镇168.
    glued = Word("甲镇168", 0.9, XS[0] + 10, YS[2] + 12, XS[1] + 60, YS[2] + 38)
    return [w for w in out if w.text not in ("甲镇", "168")] + [glued]


@pytest.mark.parametrize("open_sides", [False, True])
def test_the_grid_comes_from_the_rules(open_sides: bool) -> None:
    (grid,) = find_grids(np.asarray(draw_table(open_sides)))
    assert [abs(a - b) <= 2 for a, b in zip(grid.ys, YS, strict=True)] == [True] * len(YS)
    assert len(grid.xs) == len(XS)
    assert not grid.down[0][2]  # 总数 | 其中新建 share 基层工会(个) above them
    assert not grid.across[1][0] and grid.across[1][1]  # 单位 runs down two rows


def test_words_go_into_their_cells_merged_cells_as_a_pdf_gives_them() -> None:
    (grid,) = find_grids(np.asarray(draw_table()))
    rows, used = table_rows(grid, words_for_table())
    assert [r.text for r in rows] == [
        "| 单位 | 基层工会(个) |  | 会员(人) |",
        "|  | 总数 | 其中新建 |  |",
        "| 甲镇 | 168 | 14 | 17,120 |",
        "| 全县合计 | 538 | 52 | 43,092 |",
    ]
    assert len(used) == len(words_for_table())


def test_no_rules_no_table() -> None:
    image = Image.new("L", (900, 600), 235)
    ImageDraw.Draw(image).line([(100, 300), (800, 300)], fill=30, width=2)  # a lone rule
    assert find_grids(np.asarray(image)) == []


@pytest.mark.slow
def test_a_scanned_table_reads_as_rows_the_table_reader_knows() -> None:
    image = Image.new("L", (1240, 900), 250)
    d = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(NOTO_CJK), 26)
    d.text((120, 60), "县总工会2017年工会组织建设情况统计表", font=font, fill=20)
    xs, ys = (100, 330, 520, 720, 960, 1140), (150, 210, 270, 330, 390, 450)
    heads = [("单位", 0), ("基层工会(个)", 1), ("新建工会(个)", 2), ("会员(人)", 3),
             ("入会率(%)", 4)]
    rows = [("甲镇", "168", "14", "17,120", "92.7"), ("乙镇", "74", "9", "5,630", "90.6"),
            ("丙镇", "61", "8", "4,488", "89.2"), ("全县合计", "538", "52", "43,092", "91.8")]
    for y in ys:
        d.line([(xs[0], y), (xs[-1], y)], fill=20, width=2)
    for x in xs:
        d.line([(x, ys[0]), (x, ys[-1])], fill=20, width=2)
    for text, i in heads:
        d.text((xs[i] + 12, ys[0] + 14), text, font=font, fill=20)
    for j, row in enumerate(rows, 1):
        for i, text in enumerate(row):
            d.text((xs[i] + 12, ys[j] + 14), text, font=font, fill=20)
    page = ocr_image(scan_like(image, blur=0.5, noise=0.01, skew=0.3, seed=3), script="sc")
    lines = [ln.replace(" ", "") for ln in page.text.splitlines()]
    assert "|全县合计|538|52|43,092|91.8|" in lines
    text = normalize_text(MappedText.identity(page.text)).text
    found = {(f.indicator, float(f.value), f.scope) for f in extract_figures(text, load_rules())}
    assert ("members", 43092.0, "total") in found
    assert ("members", 17120.0, "subset") in found
    assert ("new_union_orgs", 52.0, "total") in found


@pytest.mark.slow
def test_a_blind_scans_table_is_read_cell_by_cell() -> None:
    # heldout34 03: 150 dpi grey, a heading merged over two columns on two rows, five rows.
    import json

    from extractors.pipeline import extract_path

    folder = ROOT / "tests" / "fixtures" / "heldout34"
    doc = "03_xiangyuan_table.png"
    gold = {(g["indicator"], round(float(g["value"]), 2))
            for g in map(json.loads, (folder / "gold.figures.jsonl").read_text().splitlines())
            if g["doc"] == doc}
    got = {(f.indicator, round(float(f.value), 2)) for f in extract_path(folder / doc).figures}
    assert len(gold & got) >= 0.95 * len(gold), sorted(gold - got)
    assert len(got - gold) <= 1, sorted(got - gold)
