"""OCR: digit repair, space squeezing, and the real engine on pages rendered here."""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

import pytest

from extractors.errors import ReadError
from extractors.ocr import fix_digits, fix_marks, fix_words, ocr_image, squeeze_spaces
from extractors.read_image import read_image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from render_pages import layout, page_texts, render_text_pages, scan_like  # noqa: E402

SC = (
    "全市共有基层工会组织3256个，会员总数达到45.6万人，比上年增长3.2%，其中农民工会员8600人。\n"
    "全年发放救助资金1280万元，帮扶困难职工2300户次，金秋助学资助困难职工子女560名。"
)
TC = (
    "全市共有基層工會組織3256個，會員總數達到45.6萬人，比上年增長3.2%，其中農民工會員8600人。\n"
    "全年發放救助資金1280萬元，幫扶困難職工2300戶次，金秋助學資助困難職工子女560名。"
)


@pytest.mark.parametrize(
    ("text", "expected", "fixed"),
    [
        ("会员1O0人", "会员100人", 1),
        ("资金l2万元", "资金12万元", 1),
        ("2O1O年", "2010年", 1),
        ("3.5l万元", "3.51万元", 1),
        ("增长I5%", "增长15%", 1),
        ("共1280万元", "共1280万元", 0),  # nothing to fix
        ("O型血", "O型血", 0),  # no real digit: not a number
        ("ISO9001认证", "ISO9001认证", 0),  # letters before it: a code, not a number
        ("IOS系统", "IOS系统", 0),
        ("l0l0 code", "l0l0 code", 0),  # no unit after it
    ],
)
def test_fix_digits(text: str, expected: str, fixed: int) -> None:
    assert fix_digits(text) == (expected, fixed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("工 会 会 员", "工会会员"),
        ("共 3256 个", "共3256个"),
        ("会员 ， 职工", "会员，职工"),
        ("Word Excel", "Word Excel"),
        ("PPT 2010", "PPT 2010"),
    ],
)
def test_squeeze_spaces(text: str, expected: str) -> None:
    assert squeeze_spaces(text) == expected


def cer(got: str, truth: str) -> float:
    """Character error rate after NFKC and without whitespace (what matters for figures)."""
    a, b = (re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)) for s in (got, truth))
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / max(1, len(b))


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "script", "scan", "max_cer"),
    [(SC, "sc", False, 0.02), (SC, "sc", True, 0.05), (TC, "tc", False, 0.03)],
)
def test_ocr_rendered_page(text: str, script: str, scan: bool, max_cer: float) -> None:
    image = render_text_pages(text, script=script)[0]
    if scan:
        image = scan_like(image, seed=1)
    page = ocr_image(image, 7)
    assert page.number == 7 and page.source == "ocr"
    assert f"script:{script}" in page.flags
    assert cer(page.text, page_texts(text, script=script)[0]) <= max_cer
    # Paragraphs come back as lines, without the spaces OCR puts between Han characters.
    assert page.text.count("\n") == 1 and " " not in page.text
    assert page.confidence is not None and page.confidence > 0.7
    assert "low_confidence" not in page.flags


@pytest.mark.slow
def test_boxes_point_at_the_line_on_the_image() -> None:
    image = render_text_pages(SC)[0]
    page = ocr_image(image)
    _, _, pages = layout(SC)
    at = page.text.index("1280")
    (box,) = [b for b in page.boxes if b.start <= at < b.end]
    # The box holding "1280" covers the line it was drawn on (y is the line's top).
    drawn = next(ln for ln in pages[0] if "1280" in ln[2])
    assert box.y0 - 5 <= drawn[1] + 20 <= box.y1 + 5
    assert 0 <= box.x0 < box.x1 <= image.width
    assert all(page.text[b.start : b.end] for b in page.boxes)


@pytest.mark.slow
@pytest.mark.parametrize("turn", [90, 180, 270])
def test_rotated_page_is_turned_back(turn: int) -> None:
    image = render_text_pages(SC)[0]
    # PIL turns counter-clockwise; the flag says the clockwise turn of the page.
    page = ocr_image(image.rotate(-turn, expand=True))
    assert f"rotated:{turn}" in page.flags
    assert cer(page.text, page_texts(SC)[0]) <= 0.03
    assert all(b.x1 <= image.height + 1 for b in page.boxes) if turn != 180 else True


@pytest.mark.slow
def test_unreadable_page_is_flagged_not_dropped() -> None:
    image = scan_like(render_text_pages(SC)[0], blur=3.2, noise=0.3, skew=0)
    page = ocr_image(image)
    assert "low_confidence" in page.flags or "no_text" in page.flags
    assert page.number == 1


@pytest.mark.slow
def test_multipage_tiff_gives_one_page_each(tmp_path: Path) -> None:
    first, second = (render_text_pages(t)[0] for t in (SC, "困难职工帮扶2300户次。"))
    path = tmp_path / "scan.tiff"
    first.save(path, save_all=True, append_images=[second], compression="tiff_lzw")
    pages = read_image(path)
    assert [p.number for p in pages] == [1, 2]
    assert "2300户次" in pages[1].text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.png", b"", "unreadable or truncated image"),
        ("scan.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "unreadable or truncated image"),
        ("scan.gif", b"GIF89a", "not a page image"),
    ],
)
def test_bad_images_raise_read_error(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason):
        read_image(path)


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        ("慰问困难职工1.580户", "慰问困难职工1,580户"),  # a household count is never fractional
        ("会员1.58万人", "会员1.58万人"),  # 万 makes the point a decimal point
        ("已培训1;960人次。", "已培训1,960人次。"),  # a semicolon between digits is a comma
        ("惠及2,.640人次", "惠及2,640人次"),  # a comma and a speck
        ("工会会员 人 44;380 42,760 3.8", "工会会员 人 44,380 42,760 3.8"),  # in a table row
        ("会员(万人) 8.260 8.100", "会员(万人) 8.260 8.100"),  # a point stays a point there
        ("增长2.,5%", "增长2.,5%"),  # not a thousands group: left as read
        ("共3个;960人参加", "共3个;960人参加"),  # after a unit it ends a clause
        ("入会率达到90.69%0。", "入会率达到90.6%。"),
        ("结案率97.3%e,", "结案率97.3%,"),
        ("建制率82.59%", "建制率82.59%"),  # ambiguous: left as read
        ("全 市 新 建 工会 组 -", "全 市 新 建 工会 组"),  # a stroke at the column's edge
        ("入会2.1] 万 人", "入会2.1] 万 人"),  # a speck, or a misread 1 (2.4]万 for 2.41万)
        ("2019-", "2019-"),  # after a digit a dash may open a range on the next line
        ("京-沪", "京-沪"),  # inside a line a - between Han characters is left as read
        ("资助62名困难职工子女18:6万元", "资助62名困难职工子女18.6万元"),  # a point read as :
        ("上午10:30召开", "上午10:30召开"),  # a time stays
    ],
)
def test_fix_marks(line: str, fixed: str) -> None:
    assert fix_marks(line) == fixed


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("走访奈问高温一线职工", "走访慰问高温一线职工"),  # Tesseract's 慰 as 奈
        ("调处务动争议9起", "调处劳动争议9起"),
        ("折合人民市97.6迈元", "折合人民币97.6万元"),
        ("出了问题唯你是问。", "出了问题唯你是问。"),  # a real phrase: never a confusion
        ("无奈问道", "无奈问道"),  # …though 奈问 stands inside it
    ],
)
def test_fix_words(text: str, fixed: str) -> None:
    assert fix_words(text) == fixed
