"""Multi-column pages: Tesseract's rows read across the gutter are put back column by column."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.ocr_columns import Word, order_columns, split_columns

EM = 20  # character height in these made-up pages
FIXTURES = Path(__file__).parent / "fixtures"


def row(y: int, *parts: tuple[int, str]) -> list[Word]:
    """One Tesseract row: each part is (x where it starts, its text), a word per character."""
    words = []
    for x, text in parts:
        for k, ch in enumerate(text):
            words.append(Word(ch, 0.9, x + k * EM, y, x + (k + 1) * EM, y + EM))
    return words


def texts(rows: list[list[Word]]) -> list[list[str]]:
    return [["".join(w.text for w in r) for r in g]
            for g in split_columns([(1, r) for r in rows], EM)]


LEFT = ["本报讯今年以来全县新建工会", "组织一百个会员达到两万人", "职工入会率超过九成以上"]
RIGHT = ["本报讯县总工会受理劳动争议", "案件八十件调解成功七十件", "涉及金额五百多万元其中"]
TWO_COLUMNS = [  # left column at x=0..400, gutter, right column from x=460
    row(0, (0, "本报讯今年以来全县新建工会"), (460, "本报讯县总工会受理劳动争议")),
    row(30, (0, "组织一百个会员达到两万人"), (460, "案件八十件调解成功七十件")),
    row(60, (0, "职工入会率超过九成以上"), (460, "涉及金额五百多万元其中")),
    row(90, (460, "法院委派调解案件三十件")),  # the left column has ended
]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (TWO_COLUMNS, [LEFT, [*RIGHT, "法院委派调解案件三十件"]]),
        # A heading across both columns stays above them, a block of its own.
        ([row(-60, (100, "全县工会工作取得新进展新成效再创佳绩")), *TWO_COLUMNS[:3]],
         [["全县工会工作取得新进展新成效再创佳绩"], LEFT, RIGHT]),
        # The gutter's rule read as a glyph of its own is dropped, not glued to a column.
        ([row(0, (0, LEFT[0]), (425, "|"), (460, RIGHT[0])), *TWO_COLUMNS[1:3]], [LEFT, RIGHT]),
    ],
)
def test_columns_are_read_one_after_the_other(rows: list[list[Word]],
                                              expected: list[list[str]]) -> None:
    assert texts(rows) == expected


@pytest.mark.parametrize(
    "rows",
    [
        # Two rows with a gap are not yet columns (a dateline and an editor's name).
        TWO_COLUMNS[:2],
        # A table: wide gaps, but numbers on one side, not prose.
        [row(0, (0, "基层工会个"), (300, "391"), (460, "403")),
         row(30, (0, "工会会员人"), (300, "37902"), (460, "38615")),
         row(60, (0, "女会员人数"), (300, "16240"), (460, "16877"))],
        # One column of prose: no gap anywhere.
        [row(y, (0, "全年新建基层工会组织四十六个新发展会员")) for y in (0, 30, 60, 90)],
        # Rows a photo apart: the gap in each is not one gutter down a column.
        [row(0, (0, "本报讯今年以来全县新建工会"), (460, "本报讯县总工会受理劳动争议")),
         row(300, (0, "组织一百个会员达到两万人"), (460, "案件八十件调解成功七十件")),
         row(600, (0, "职工入会率超过九成以上"), (460, "涉及金额五百多万元其中"))],
    ],
)
def test_no_columns_no_change(rows: list[list[Word]]) -> None:
    assert texts(rows) == [["".join(w.text for w in r) for r in rows]]


def block(x: int, y: int, *lines: str) -> list[list[Word]]:
    return [row(y + 30 * k, (x, text)) for k, text in enumerate(lines)]


def texts_of(groups: list[list[list[Word]]]) -> list[str]:
    return ["".join(w.text for r in g for w in r) for g in groups]


def test_column_ends_read_alternately_are_put_back_column_by_column() -> None:
    # Tesseract found the columns but read their ends in turn: col 2, col 3, col 2, col 3.
    head = block(0, -40, "全县工会工作取得新进展" * 4)  # 44 characters: across all three
    c1 = block(0, 60, "本报讯今年以来全县新建工会", "组织一百个会员达到两万人")
    byline = block(320, 30, "本报记者某某")  # over column 2, above every column's text
    c2a = block(320, 60, "维权服务更加有力受理案件")
    c2b = block(320, 120, "八十件调解成功七十件涉及")
    c3a = block(640, 60, "技能提升培训职工两千余人")
    c3b = block(640, 120, "次举办技能大赛评出能手")
    foot = block(0, 400, "本版责编某某")
    groups = [head, c1, byline, c2a, c3a, c2b, c3b, foot]
    assert texts_of(order_columns(groups)) == texts_of(
        [head, byline, c1, c2a, c2b, c3a, c3b, foot])


def test_blocks_of_one_column_or_of_table_cells_keep_tesseracts_order() -> None:
    prose = [block(0, 0, "全年新建基层工会组织四十六个新发展会员"),
             block(0, 60, "县总工会受理职工来信来访案件六十三件")]
    assert order_columns(prose) == prose
    cells = [block(0, 0, "基层工会"), block(300, 0, "391"), block(0, 30, "工会会员"),
             block(300, 30, "37902")]
    assert order_columns(cells) == cells


def test_tesseract_blocks_outside_columns_stay_apart() -> None:
    a, b = row(0, (0, "抚松县总工会")), row(40, (0, "全年发放帮扶资金三百万元"))
    assert split_columns([(1, a), (2, b)], EM) == [[a], [b]]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("image", "passage"),
    [
        # 三明日报: two reports side by side; Tesseract alone read them interleaved line by line.
        ("heldout14/03_sanming_paper.png",
         "全县现有职工2.3万人,建立基层工会组织312个,会员达2.1万人"),
        ("heldout19/03_changde_paper.png", "新发展会员3,100余人,其中新就业形态劳动者1,260人"),
    ],
)
def test_newspaper_columns_on_real_scans(image: str, passage: str) -> None:
    from extractors.pipeline import extract_path

    assert passage in extract_path(FIXTURES / image).text
