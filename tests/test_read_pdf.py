"""PDF text layer: radicals folded, columns in order, running lines dropped, bad files named."""

from __future__ import annotations

import io
import sys
import unicodedata
from pathlib import Path

import pytest

from extractors.errors import NeedsOCR, ReadError
from extractors.read_pdf import PAGE_NUMBER, RADICALS, fold_radicals, is_junk, read_pdf

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "pdf"
SEED = ROOT / "data" / "raw" / "001_4802b6d3a30cfb8a.txt"
UNICODE_DATA = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")
sys.path.insert(0, str(ROOT / "scripts"))

from render_pages import paragraphs_of  # noqa: E402


def seed_paragraphs() -> list[str]:
    """The paragraphs the fixtures were written from (scripts/render_pages.py --fixtures)."""
    return [p for p in paragraphs_of(SEED.read_text(encoding="utf-8")) if len(p) > 30]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("⼯会", "工会"),  # Kangxi radical U+2F2F
        ("⻩河", "黄河"),  # supplement U+2EE9, which NFKC leaves alone
        ("⻓江", "长江"),
        ("⻘年", "青年"),
        ("⼈数", "人数"),
        ("532⼾", "532户"),  # NFKC would give the Traditional 戶
        ("工会会员", "工会会员"),  # ordinary text is untouched
        ("，。", "，。"),  # full-width punctuation is the Clean stage's business
    ],
)
def test_fold_radicals(text: str, expected: str) -> None:
    assert fold_radicals(text) == expected
    assert len(fold_radicals(text)) == len(text)


def test_nfkc_misses_the_supplement() -> None:
    assert unicodedata.normalize("NFKC", "⻩") == "⻩"


@pytest.mark.skipif(not UNICODE_DATA.exists(), reason="Debian package unicode-data not installed")
def test_radical_table_is_unicode_data() -> None:
    expected = {}
    for line in UNICODE_DATA.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        src, dst = (x.strip() for x in line.split(";"))
        lo, _, hi = src.partition("..")
        for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
            if 0x2E80 <= cp <= 0x2FDF:
                expected[cp] = chr(int(dst, 16))
    expected[0x2F3E] = "户"  # the one deliberate exception: Unicode's 戶, Simplified PDFs' 户
    assert {cp: RADICALS[cp] for cp in expected} == expected


@pytest.mark.parametrize(
    ("line", "is_folio"),
    [
        ("3", True),
        ("- 3 -", True),
        ("—12—", True),
        ("第3页", True),
        ("第 3 页 共 10 页", True),
        ("3/10", True),
        ("Page 3 of 10", True),
        ("3个", False),
        ("第3章", False),
        ("2023年", False),
        ("全市共有3256个基层工会", False),
        ("12345", False),
    ],
)
def test_page_number_lines(line: str, is_folio: bool) -> None:
    assert bool(PAGE_NUMBER.match(line)) is is_folio


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        ("", True),
        ("\ue001\ue002\ue003\ue004工", True),  # private-use glyphs
        ("(cid:12)(cid:13)(cid:14)", True),
        ("¹¤»á»áÔ±", True),  # GBK bytes decoded as Latin-1
        ("全市共有基层工会组织3256个", False),
        ("Annual report of the trade union, 2023", False),
    ],
)
def test_is_junk(text: str, junk: bool) -> None:
    assert is_junk(text) is junk


def test_single_column_pages_keep_numbers_and_drop_running_lines() -> None:
    pages = read_pdf(FIXTURES / "single_header_folio.pdf", ocr=False)
    paras = seed_paragraphs()
    assert [p.number for p in pages] == [1, 2, 3]
    assert all(p.source == "text" for p in pages)
    for i, page in enumerate(pages):
        # Each paragraph comes back whole: lines broken by the layout are joined, no spaces.
        assert page.text.split("\n") == paras[3 * i : 3 * i + 3]
        assert "工作简报" not in page.text
        assert f"- {i + 1} -" not in page.text


def test_two_columns_are_read_column_by_column() -> None:
    (page,) = read_pdf(FIXTURES / "two_column.pdf", ocr=False)
    lines = page.text.split("\n")
    assert "第1页" not in page.text
    # One page: the header cannot be told from a title, so it stays as the first line.
    assert lines == ["工作简报", *seed_paragraphs()[:13]]


def test_ruled_table_rows_come_out_as_cell_rows_across_a_page_break() -> None:
    # Chromium prints each cell as its own text run: read by baseline, a year table came out
    # one cell a line and its growth column after the table (heldout15, blind F1 0.843).
    one, two = read_pdf(FIXTURES.parent / "heldout15" / "03_anji_yearbook.pdf", ocr=False)
    assert "| 基层工会组织（个） | 1,862 | 1,905 | 1,948 | 2.3 |" in one.text.split("\n")
    # The heading repeated at the top of page 2 is the table's, not a running header.
    head = "| 指标 | 2018年 | 2019年 | 2020年 | 2020年比上年增长（%） |"
    assert two.text.split("\n")[:2] == [head, "| 职工之家（个） | 286 | 302 | 318 | 5.3 |"]
    assert "资料来源：安吉县总工会组织部、经审办。" in two.text.split("\n")


HELDOUT17 = FIXTURES.parent / "heldout17"


def test_unruled_table_rows_are_rows_not_columns() -> None:
    # Columns kept apart by padding only: the value columns are not text columns (blind 0.656).
    (page,) = read_pdf(HELDOUT17 / "01_shaodong_yearbook.pdf", ocr=False)
    lines = page.text.split("\n")
    assert "| 指标 | 2016年 | 2017年 | 2018年 | 2018年比上年增减 |" in lines  # 指　标 is one cell
    assert "| 基层工会组织（个） | 1,136 | 1,207 | 1,284 | +77 |" in lines


def test_three_columns_under_two_ems_apart_are_read_column_by_column() -> None:
    (page,) = read_pdf(HELDOUT17 / "03_mianyang_newsletter.pdf", ocr=False)
    assert ("聚焦精准帮扶服务。开展货车司机、快递员道路交通安全和职业技能培训320人次；"
            "对生活困难的23名货车司机、快递员建档帮扶，发放帮扶金4.6万元。") in page.text
    assert "参与调处劳资纠纷12起，帮助 287 名农民工追回欠薪326.5万元。" in page.text


def test_a_short_third_column_and_a_line_overhanging_a_gutter() -> None:
    # A yearbook page whose third column holds a few lines at the top only, and a justified
    # line that overhangs the first gutter by a point (blind heldout25: 13 figures missed).
    (page,) = read_pdf(FIXTURES.parent / "heldout25" / "02_suichang_yearbook.pdf", ocr=False)
    assert ("【维权服务】县总工会职工法律服务中心全年受理职工诉求案件74件，办结72件，结案率97.3%；"
            "参与调处劳动争议19起，") in page.text
    assert "资助困难职工子女52名，发放助学金15.6万元。" in page.text


def test_a_number_that_wraps_is_one_number() -> None:
    # Chinese text breaks anywhere, inside a number too: 1,1 / 27人 is 1,127人 (blind heldout25).
    text = "".join(p.text for p in read_pdf(FIXTURES.parent / "heldout25"
                                            / "01_macheng_newsletter.pdf", ocr=False))
    assert "新就业形态劳动者1,127人" in text
    # Page 2's running head (麻城工会简报· 2022年第9期) is not read into the sentence it splits.
    assert "为21名患重大疾病的职工发放医疗救助金8.4万元。" in text


def test_a_page_drawn_sideways_is_read_in_its_own_frame() -> None:
    # A landscape table set on a portrait page with no /Rotate (blind heldout38 05): pdfplumber
    # gives its glyphs turned, read in page coordinates 10,120 came out as 021,01.
    pages = read_pdf(FIXTURES.parent / "heldout38" / "05_jingning_rotated_table_2010.pdf",
                     ocr=False)
    assert "| 县直机关事业单位 | 126 | 9,860 | 10,120 | 412 |" in pages[1].text
    assert "表1 静宁县基层工会组织及会员情况统计表" in pages[1].text


def test_letter_spaced_digits_are_one_number() -> None:
    # Digits in a Latin font with letter-spacing (blind heldout42 04): 1 , 1 4 6 is 1,146.
    text = "".join(p.text for p in read_pdf(
        FIXTURES.parent / "heldout42" / "04_dehui_spaced_digits_2012.pdf", ocr=False))
    assert "截至2012年12月末，全市建立基层工会组织1,146个，工会会员12.39万人" in text


def test_footnotes_do_not_split_a_sentence_that_runs_on_to_the_next_page() -> None:
    # Page 1 ends “金秋助学”资助困难职工 / its footnotes / page 2 opens 子女204名 (blind heldout25).
    pages = read_pdf(FIXTURES.parent / "heldout25" / "03_fengning_speech.pdf", ocr=False)
    text = "".join(p.text for p in pages)
    assert "“金秋助学”资助困难职工子女204名" in text.replace("\n", "")
    assert "含通过“线上入会”平台入会的新就业形态劳动者1,356人。" in pages[0].text


def test_a_cid_font_pdfminer_misreads_is_read_again_by_pdfium() -> None:
    # reportlab's MSung-Light: pdfplumber gives unrelated characters (blind heldout22: 0 of 28).
    pages = read_pdf(FIXTURES.parent / "heldout22" / "03_santai_speech_trad.pdf", ocr=False)
    assert pages[0].text.startswith("三台縣總工會第十六屆二次全委（擴大）會議文件\n凝心聚力建新功")
    assert all("三台縣總工會第十六屆" not in p.text for p in pages[1:])  # the running header once
    assert not any(line.strip() == "- 2 -" for line in pages[1].text.split("\n"))


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("encrypted.pdf", None, "encrypted PDF"),
        ("truncated.pdf", None, "truncated or corrupt PDF"),
        ("junk.pdf", b"\x00\x01 not a pdf at all" * 50, "truncated or corrupt PDF"),
        ("empty.pdf", b"", "truncated or corrupt PDF"),
    ],
)
def test_bad_pdfs_raise_read_error(tmp_path: Path, name: str, data: bytes | None,
                                   reason: str) -> None:
    path = FIXTURES / name
    if data is not None:
        path = tmp_path / name
        path.write_bytes(data)
    with pytest.raises(ReadError, match=reason):
        read_pdf(path)


def _image_pdf(tmp_path: Path, text: str) -> Path:
    from render_pages import render_text_pages, save_image_pdf

    path = tmp_path / "scan.pdf"
    save_image_pdf(render_text_pages(text, max_pages=1), path)
    return path


def test_image_only_pdf_without_ocr_needs_ocr(tmp_path: Path) -> None:
    with pytest.raises(NeedsOCR, match=r"page\(s\) 1"):
        read_pdf(_image_pdf(tmp_path, "全市共有基层工会组织3256个。"), ocr=False)


@pytest.mark.slow
def test_mixed_pdf_uses_text_layer_and_ocr(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    scan = _image_pdf(tmp_path, "全市共有基层工会组织3256个，会员45.6万人。")
    mixed = pdfium.PdfDocument(str(FIXTURES / "single_header_folio.pdf"))
    mixed.import_pages(pdfium.PdfDocument(str(scan)))
    buf = io.BytesIO()
    mixed.save(buf)
    path = tmp_path / "mixed.pdf"
    path.write_bytes(buf.getvalue())
    pages = read_pdf(path)
    assert [p.source for p in pages] == ["text", "text", "text", "ocr"]
    assert pages[3].number == 4
    assert "3256个" in pages[3].text and "45.6万人" in pages[3].text
    assert pages[3].confidence is not None and pages[3].boxes
