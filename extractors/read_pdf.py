"""Read a PDF page by page: the text layer where it is good, OCR where it is missing or junk."""

from __future__ import annotations

import itertools
import os
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.errors import NeedsOCR, ReadError
from schemas.document import Page

if TYPE_CHECKING:
    from pdfplumber.page import Page as PdfPage
    from pdfplumber.table import Table

OCR_DPI = 200
# A line is cut at gaps over SPLIT_EM (a 1 em column gap must show as a gutter); the pieces
# are joined again where no gutter runs between them and the gap is under CELL_EM.
SPLIT_EM = 0.9
GARBLED_SCORE = 0.6  # share of plausible Han below which a page's text layer is re-read
CELL_EM = 2.0
# A row of a statistics table (工会会员(人) 45,210 43,980 2.8) or its heading (2019年 2018年).
_TABLE_LINE = re.compile(
    r"\)\s*(?:[-+]?[\d,]+(?:\.\d+)?\s+)+[-+]?[\d,.]+\s*$|\d{4}年\s+\d{4}年")
# CJK Radicals Supplement (U+2E80-U+2EFF) → the unified ideograph each stands for, from
# Unicode's EquivalentUnifiedIdeograph.txt (tests check it against that file). Office and
# browser PDF exports emit these for ordinary characters (⻩ for 黄), and NFKC leaves them.
_SUPPLEMENT_FROM = (
    "⺁⺂⺃⺄⺅⺆⺇⺈⺉⺊⺋⺌⺍⺎⺏⺐⺑⺒⺓⺔⺕⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺮⺯⺰"
    "⺱⺲⺳⺴⺵⺶⺷⺸⺹⺺⺻⺼⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻇⻈⻉⻊⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻞⻟⻠⻡"
    "⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳"
)
_SUPPLEMENT_TO = (
    "厂乛乚乙亻冂𠘨刀刂卜㔾小小兀尣尢𡯂巳幺彑\U0002b739忄心扌攵旡日月歺母民氵氺灬爫爫丬牛犭王𤴔目示礻"
    "𥫗糹纟罓罒㓁冗𦉫羊𦍌𦍋耂肀聿肉𦥑艹艹艹虎衤覀西见角𧢲讠贝𧾷车辶辶辶邑钅長镸长门𨸏阝雨青韦页风飞食"
    "𩙿飠饣𩠐马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟"
)
# Kangxi radicals (U+2F00-U+2FD5) have NFKC decompositions; fold them one character at a
# time so offsets do not move and full-width punctuation is left to the Clean stage.
RADICALS = {
    **{cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)},
    **{ord(a): b for a, b in zip(_SUPPLEMENT_FROM, _SUPPLEMENT_TO, strict=True)},
    # NFKC makes Kangxi ⼾ the Traditional 戶, but Simplified PDFs emit it for 户 (慰问532户);
    # a Traditional document's 户 goes back to 戶 with the rest of its text (OpenCC).
    0x2F3E: "户",
}

# A page number alone on a line: 3, - 3 -, —3—, 第3页, 第 3 页 共 10 页, 3/10, Page 3 of 10.
PAGE_NUMBER = re.compile(
    r"^[\s\-—–·]*(?:\d{1,4}|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|page\s*\d{1,4}(?:\s*of\s*\d{1,4})?)[\s\-—–·]*$",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True)
class Segment:
    """A run of characters on one baseline, not crossing a wide gap."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    table: bool = False  # a ruled table's row, written as `| a | b |` like HTML tables


def fold_radicals(text: str) -> str:
    """Map Kangxi and supplement radicals to the ideographs they stand for: ⼯会 → 工会, ⻩ → 黄."""
    return text.translate(RADICALS)


def is_junk(text: str) -> bool:
    """A text layer that is not text: private-use glyphs, (cid:N), replacement chars, mojibake."""
    body = _CID.sub("\ue000", "".join(text.split()))
    if not body:
        return True
    bad = sum(
        1 for ch in body
        if "\ue000" <= ch <= "\uf8ff" or ch == "\ufffd" or unicodedata.category(ch) == "Cc"
        # Latin-1 and Latin Extended letters are what a font without a Unicode map decodes to.
        or "\u0080" <= ch <= "\u024f"
    )
    return bad > 0.3 * len(body)


def read_pdf(path: Path, *, ocr: bool = True) -> list[Page]:
    """Pages of a PDF, numbered from 1; pages with no usable text layer are OCR'd (or NeedsOCR)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            turned = [_turn(page) for page in pdf.pages]
            rows = [_page_rows(page) if turn is None else _rows(turn)
                    for page, turn in zip(pdf.pages, turned, strict=True)]
            # A page drawn sideways is read in its own frame: its height runs across.
            widths = [float(page.height if turn is not None else page.width)
                      for page, turn in zip(pdf.pages, turned, strict=True)]
            heights = [float(page.width if turn is not None else page.height)
                       for page, turn in zip(pdf.pages, turned, strict=True)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as e:
        raise ReadError(f"encrypted PDF: {type(e).__name__}") from e
    except PdfminerException as e:
        cause = e.args[0] if e.args else e
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise ReadError("encrypted PDF: a password is needed") from e
        raise ReadError(f"truncated or corrupt PDF: {cause!r}"[:300]) from e
    except Exception as e:  # pdfminer raises bare errors of many kinds on broken files
        raise ReadError(f"truncated or corrupt PDF: {type(e).__name__}: {e}"[:300]) from e
    if not rows:
        raise ReadError("truncated or corrupt PDF: no pages")
    rows = drop_running_lines(rows, heights)
    texts = [_page_text(r, w) for r, w in zip(rows, widths, strict=True)]
    texts = _repair_garbled(path, texts)
    bad = [n for n, t in enumerate(texts, 1) if is_junk(t)]
    if bad and not ocr:
        raise NeedsOCR(f"needs OCR: no usable text layer on page(s) {_ranges(bad)}")
    ocred = _ocr_pages(path, bad) if bad else {}
    return [
        ocred[n] if n in ocred else Page(n, fold_radicals(t), source="text")
        for n, t in enumerate(texts, 1)
    ]


def _repair_garbled(path: Path, texts: list[str]) -> list[str]:
    """Pages whose Han characters are mostly implausible (a CID font pdfminer maps wrongly,
    such as reportlab's MSung-Light) are read again by pdfium, whose text is kept if better."""
    from extractors.read_text import cjk_score

    scores = [cjk_score(fold_radicals(t)) for t in texts]
    suspect = [n for n, sc in enumerate(scores, 1) if sc < GARBLED_SCORE and texts[n - 1].strip()]
    if not suspect:
        return texts
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        other = {n: doc[n - 1].get_textpage().get_text_range().replace("\r\n", "\n")
                 for n in suspect}
    finally:
        doc.close()
    edges = Counter(ln for t in other.values() for ln in _edge_lines(t))
    out = list(texts)
    first = min(other)
    for n, t in other.items():
        # A running header is kept once, on the first page: it may be all that names the body.
        page_edges = set(_edge_lines(t)) if n != first else set()
        lines = [ln for ln in t.split("\n")
                 if ln.strip() and not PAGE_NUMBER.match(ln)
                 and not (edges[ln] > 1 and ln in page_edges)]
        better = "\n".join(lines)
        if cjk_score(better) > scores[n - 1] + 0.2:
            out[n - 1] = better
    return out


def _edge_lines(text: str) -> list[str]:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return lines[:2] + lines[-2:]


def _ocr_pages(path: Path, numbers: list[int]) -> dict[int, Page]:
    """Render the given pages with pdfium and OCR them; the first page's script is kept."""
    import pypdfium2 as pdfium

    from extractors.ocr import ocr_image, script_of

    out: dict[int, Page] = {}
    script = None
    doc = pdfium.PdfDocument(str(path))
    try:
        def render(n: int):
            # pdfium is not thread-safe: pages are rendered here, in the calling thread only.
            return doc[n - 1].render(scale=OCR_DPI / 72, grayscale=True).to_pil()

        todo = list(numbers)
        # The first page decides the script; then pages go to Tesseract in parallel (each OCR
        # is a subprocess, so threads suffice), a bounded number in flight to cap memory.
        while todo and script is None:
            n = todo.pop(0)
            out[n] = ocr_image(render(n), n, script=script)
            script = script_of(out[n])
        workers = ocr_workers()
        with ThreadPoolExecutor(max_workers=workers) as pool:
            in_flight: dict[int, Future[Page]] = {}
            for n in todo:
                in_flight[n] = pool.submit(ocr_image, render(n), n, script=script)
                if len(in_flight) >= 2 * workers:
                    first = min(in_flight)
                    out[first] = in_flight.pop(first).result()
            for n, fut in in_flight.items():
                out[n] = fut.result()
    finally:
        doc.close()
    return out


def ocr_workers() -> int:
    """Pages OCR'd at once: ZONGJIE_OCR_WORKERS, else one per core."""
    return max(1, int(os.environ.get("ZONGJIE_OCR_WORKERS") or os.cpu_count() or 1))


def _turn(page: PdfPage) -> list[dict] | None:
    """A page whose text runs up or down the sheet (a landscape table set on a portrait page,
    no /Rotate flag): its characters in the frame they are read in, else None.

    pdfplumber gives such text as rotated glyphs (matrix 0 1 -1 0: upward); read in page
    coordinates it comes out reversed (021,01 for 10,120).
    """
    chars = page.chars
    turned = [c for c in chars if not c.get("upright", True)]
    if not chars or 2 * len(turned) < len(chars):
        return None
    width, height = float(page.width), float(page.height)
    out = []
    for c in turned:
        b = float(c["matrix"][1])  # > 0: the baseline runs up the page; < 0: down it
        if b > 0:
            x0, x1, top, bottom = (height - float(c["bottom"]), height - float(c["top"]),
                                   float(c["x0"]), float(c["x1"]))
        else:
            x0, x1, top, bottom = (float(c["top"]), float(c["bottom"]),
                                   width - float(c["x1"]), width - float(c["x0"]))
        out.append({**c, "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    return out


def _page_rows(page: PdfPage) -> list[list[Segment]]:
    """A page's rows, top to bottom: ruled tables row by row, the other characters by baseline."""
    tables = _ruled_tables(page)
    if not tables:
        return _rows(page.chars)
    boxes = [t.bbox for t in tables]
    chars = [
        c for c in page.chars
        if not any(x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2
                   <= bottom for x0, top, x1, bottom in boxes)
    ]
    rows = _rows(chars)
    for t in tables:
        rows += _table_rows(t, page.chars)
    return sorted(rows, key=lambda r: r[0].top)


def _ruled_tables(page: PdfPage) -> list[Table]:
    """Tables drawn with cell borders (two columns at least); pages without ruling cost nothing."""
    if not page.rects and not page.lines:
        return []
    try:
        found = page.find_tables()
    except Exception:  # a malformed drawing must not lose the page's text
        return []
    return [t for t in found if len(t.rows) >= 2 and max(len(r.cells) for r in t.rows) >= 2]


def _table_rows(table: Table, chars: list[dict]) -> list[list[Segment]]:
    """One `| a | b |` segment per table row; a cell's wrapped lines are joined."""
    x0, top, x1, bottom = table.bbox
    sizes = [float(c["size"]) for c in chars
             if x0 <= c["x0"] <= x1 and top <= c["top"] <= bottom and c.get("size")]
    size = statistics.median(sizes) if sizes else 10.0
    out = []
    for row, cells in zip(table.rows, table.extract(), strict=True):
        texts = []
        for cell in cells:
            lines = [ln.strip() for ln in (cell or "").splitlines() if ln.strip()]
            text = lines[0] if lines else ""
            for ln in lines[1:]:
                text += _glue(text, ln) + ln
            texts.append(text.replace("|", "｜"))
        if not any(texts):
            continue
        out.append([Segment(
            text="| " + " | ".join(texts) + " |", x0=x0, x1=x1, top=float(row.bbox[1]),
            bottom=float(row.bbox[3]), size=size, table=True,
        )])
    return out


def _rows(chars: list[dict]) -> list[list[Segment]]:
    """Characters grouped into baselines (top to bottom), each cut into segments at wide gaps."""
    # Spaces are dropped (ideographic ones would hide an indent) and put back from gaps.
    chars = [c for c in chars if c.get("text") and not c["text"].isspace()]
    chars.sort(key=lambda c: (round(float(c["top"])), float(c["x0"])))
    rows: list[list[dict]] = []
    for c in chars:
        size = float(c["size"]) or 10.0
        if rows and abs(float(rows[-1][0]["top"]) - float(c["top"])) < 0.5 * size:
            rows[-1].append(c)
        else:
            rows.append([c])
    out = []
    for row in rows:
        row.sort(key=lambda c: float(c["x0"]))
        size = statistics.median(float(c["size"]) for c in row) or 10.0
        segs, cur = [], [row[0]]
        for c in row[1:]:
            # A gap over two ems is a column gutter or a table cell break, not a word space.
            if float(c["x0"]) - float(cur[-1]["x1"]) > SPLIT_EM * size:
                segs.append(_segment(cur))
                cur = []
            cur.append(c)
        segs.append(_segment(cur))
        segs = [s for s in segs if s.text.strip()]
        cells = _merge_close(segs)
        out.append([_unruled_table_row(cells)] if _is_unruled_table_row(cells) else segs)
    return [r for r in out if r]


def _merge_close(segs: list[Segment], gutters: Sequence[tuple[float, float]] = ()) -> list[Segment]:
    """Pieces of one line closer than CELL_EM and not across a column gutter, joined again."""
    out: list[Segment] = []
    for s in segs:
        prev = out[-1] if out else None
        # Across a gutter when the gap between them overlaps it: a justified line may
        # overhang its column's edge by a little.
        if prev is None or s.x0 - prev.x1 > CELL_EM * prev.size or any(
                prev.x1 < b and s.x0 > a for a, b in gutters):
            out.append(s)
            continue
        space = " " if prev.text[-1:].isascii() or s.text[:1].isascii() else ""
        out[-1] = Segment(
            text=prev.text + space + s.text, x0=prev.x0, x1=s.x1, top=min(prev.top, s.top),
            bottom=max(prev.bottom, s.bottom), size=prev.size, table=prev.table,
        )
    return out


# A cell of a statistics table: a number (1,136; +77; 91.7; 12%), a dash, or a year heading.
_VALUE_CELL = re.compile(r"[-+]?[\d,]+(?:\.\d+)?%?|[—–-]|(?:19|20)\d\d年?")


def _is_unruled_table_row(segs: list[Segment]) -> bool:
    """A baseline cut by wide gaps into a label and two or more value cells: a table row drawn
    without rules (columns kept apart by padding), not columns of prose."""
    if len(segs) < 3:
        return False
    values = sum(bool(_VALUE_CELL.fullmatch(s.text.strip())) for s in segs[1:])
    return values >= 2 and values >= len(segs) - 2


def _unruled_table_row(segs: list[Segment]) -> Segment:
    return Segment(
        text="| " + " | ".join(s.text.strip() for s in segs) + " |",
        x0=segs[0].x0, x1=segs[-1].x1, top=min(s.top for s in segs),
        bottom=max(s.bottom for s in segs), size=statistics.median(s.size for s in segs),
        table=True,
    )


# Digits set with letter-spacing (1 2 , 3 4 6 人, 2 0 1 2 年, 1 2. 3 9万): one character, one
# space, on and on; two table cells (45,210 43,980) are never single characters apart.
_LETTER_SPACED = re.compile(
    r"(?<![\d,.])\d(?: ?[,.] ?\d| \d){2,}(?![\d])"
    r"|(?<![\d,.] )(?<![\d,.])\d \d(?= ?[年月日万亿%个人名家件户次起元])")


def _segment(chars: list[dict]) -> Segment:
    text = chars[0]["text"]
    for a, b in itertools.pairwise(chars):
        gap = float(b["x0"]) - float(a["x1"])
        # A space where there was one: after Latin text, or between a number and its neighbour
        # (table cells: 45,210 43,980), where a narrow gap still separates two values.
        numeric = a["text"].isdigit() or b["text"].isdigit()
        limit = (0.12 if numeric else 0.25) * float(a["size"])
        text += (" " if gap > limit and (a["text"].isascii() or numeric) else "") + b["text"]
    if " " in text:
        spaced = _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text)
        if spaced != text:  # letter-spaced digits also stand a space off their 年, 个, 人
            spaced = re.sub(r"(?<=\d) (?=[\u4e00-\u9fff%])", "", spaced)
        text = spaced
    return Segment(
        text=text,
        x0=min(float(c["x0"]) for c in chars),
        x1=max(float(c["x1"]) for c in chars),
        top=min(float(c["top"]) for c in chars),
        bottom=max(float(c["bottom"]) for c in chars),
        size=statistics.median(float(c["size"]) for c in chars) or 10.0,
    )


def _row_key(row: list[Segment]) -> str:
    return re.sub(r"\d+", "#", "".join("".join(s.text for s in row).split()))


def drop_running_lines(
    pages: list[list[list[Segment]]], heights: list[float]
) -> list[list[list[Segment]]]:
    """Drop bare page numbers and lines repeated across pages in the top or bottom margin."""
    edge: Counter[str] = Counter()
    for rows, h in zip(pages, heights, strict=True):
        for i in _edge_rows(rows, h):
            edge[_row_key(rows[i])] += 1
    need = max(2, (len(pages) + 1) // 2)
    out = []
    for n, (rows, h) in enumerate(zip(pages, heights, strict=True)):
        drop = {
            i for i in _edge_rows(rows, h)
            if PAGE_NUMBER.match("".join(s.text for s in rows[i]))
            or edge[_row_key(rows[i])] >= need
            # A bulletin's running head after page 1 (麻城工会简报· 2022年第9期), repeated or not:
            # page 1 carries the masthead instead.
            or (n and rows[i][0].top < 0.12 * h
                and any(_ISSUE_HEAD.search(s.text) for s in rows[i]))
        }
        out.append([r for i, r in enumerate(rows) if i not in drop])
    return out


_ISSUE_HEAD = re.compile(
    r"(?:简报|简讯|通讯|快报|动态|信息|专刊|会刊|工作交流)[^。，,；;]{0,12}第\s*\d+\s*期"
    r"|第\s*\d+\s*期[^。，,；;]{0,12}(?:简报|简讯|通讯|快报|动态|专刊|会刊)")


def _edge_rows(rows: list[list[Segment]], height: float) -> list[int]:
    """Up to two rows at each end of the page that lie in its top or bottom 12 %."""
    top = [i for i in range(min(2, len(rows))) if rows[i][0].bottom < 0.12 * height]
    bottom = [i for i in range(max(0, len(rows) - 2), len(rows)) if rows[i][0].top > 0.88 * height]
    # A table heading repeated at the top of each page is not a running header.
    return sorted(i for i in {*top, *bottom} if not rows[i][0].table)


def _gutters(segs: list[Segment], width: float) -> list[tuple[float, float]]:
    """Vertical white strips that separate columns, from where narrow segments' characters lie."""
    narrow = [s for s in segs if s.x1 - s.x0 < 0.6 * width]
    if len(narrow) < 6:
        return []
    left, right = min(s.x0 for s in segs), max(s.x1 for s in segs)
    covered = [0] * (int(right - left) + 2)
    for s in narrow:
        for x in range(int(s.x0 - left), int(s.x1 - left) + 1):
            covered[x] += 1
    size = statistics.median(s.size for s in narrow)

    def strips(few: int, min_width: float) -> list[tuple[float, float]]:
        found, start = [], None
        for x, n in enumerate([*covered, len(narrow) + 1]):  # a sentinel closes the last strip
            if n <= few and start is None:
                start = x
            elif n > few and start is not None:
                a, b = left + start, left + x
                # A gutter is wider than a word space and has real text on both sides.
                if b - a > min_width and sum(s.x1 <= a for s in narrow) >= 3 \
                        and sum(s.x0 >= b for s in narrow) >= 3:
                    found.append((a, b))
                start = None
        return found

    # A centred title or folio may cross the gutter: a strip with only a few of them is white.
    gutters = strips(max(1, len(narrow) // 10), size)
    # …but on a page of columns a short one (a third column with a few lines at the top) is
    # as sparse as that: there a strip that nothing crosses, with text on both sides, is a
    # gutter too, even where a line overhangs it to half an em. (Not on a one-column page,
    # whose few short lines, a signature or a date, leave such strips by chance.)
    if gutters:
        gutters += [g for g in strips(0, size / 2)
                    if not any(a < g[1] and g[0] < b for a, b in gutters)]
    return sorted(gutters)


def _reading_order(rows: list[list[Segment]], width: float) -> list[tuple[int, Segment]]:
    """Segments as read: column by column between full-width lines; (column, segment) pairs."""
    segs = [s for row in rows for s in row]
    gutters = _gutters(segs, width)
    segs = [s for row in rows for s in _merge_close(row, gutters)]
    if not gutters:
        return [(0, s) for s in segs]
    out: list[tuple[int, Segment]] = []
    band: list[tuple[int, Segment]] = []
    for s in segs:
        if any(s.x0 < a and s.x1 > b for a, b in gutters):
            out += sorted(band, key=lambda cs: cs[0])  # stable: top to bottom within a column
            band = []
            out.append((-1, s))
        else:
            band.append((sum(s.x0 >= b for _, b in gutters), s))
    return out + sorted(band, key=lambda cs: cs[0])


# A footnote opens with its mark: ① … ⑳, a superscript or plain digit, 注.
_FOOTNOTE_MARK = re.compile(r"[\u2460-\u2473¹²³\u2074-\u2079*]|\d{1,2}(?![\d,.，年月日%])|注[:：]?")
_SENTENCE_DONE = frozenset("。！？!?；;：:”」』）)")


def _page_text(rows: list[list[Segment]], width: float) -> str:
    """A page's text in reading order, lines broken by the layout joined into paragraphs.

    Footnotes at the foot (small type, opening with their mark) go before the page's last
    paragraph when that paragraph runs on to the next page, so the sentence stays whole.
    """
    ordered = _reading_order(rows, width)
    if not ordered:
        return ""
    sizes = sorted(s.size for _, s in ordered)
    small = 0.85 * sizes[len(sizes) // 2]
    k = len(ordered)
    while k > 0 and ordered[k - 1][1].size < small and not ordered[k - 1][1].table:
        k -= 1
    foot = ordered[k:]
    if not foot or k == 0 or not _FOOTNOTE_MARK.match(foot[0][1].text.strip()):
        return _joined(ordered)
    body = _joined(ordered[:k])
    notes = "\n".join(s.text.strip() for _, s in foot)
    if body[-1:] in _SENTENCE_DONE:
        return body + "\n" + notes
    last = body.rfind("\n") + 1
    return body[:last] + notes + "\n" + body[last:]


def _joined(ordered: list[tuple[int, Segment]]) -> str:
    # A column's edges are where most of its lines start and end: a centred title or an
    # indented first line must not move them.
    bounds = {
        col: _edges([s for c, s in ordered if c == col]) for col in {c for c, _ in ordered}
    }
    text = ""
    prev: tuple[int, Segment] | None = None
    for col, s in ordered:
        body = s.text.strip()
        if prev is not None:
            pcol, p = prev
            left = bounds[col][0]
            # A paragraph goes on across a column break when the last line was full.
            new_para = (
                s.x0 > left + 1.2 * s.size  # indented first line
                or p.x1 < bounds[pcol][1] - 1.5 * p.size  # previous line stopped short
                or (col == pcol and s.top - p.bottom > 1.2 * s.size)  # a blank line between
                or p.table or s.table
                or bool(_TABLE_LINE.search(p.text) or _TABLE_LINE.search(body))  # table rows
            )
            text += "\n" if new_para else _glue(text, body)
        text += body
        prev = (col, s)
    return text


def _edges(segs: list[Segment]) -> tuple[float, float]:
    xs0, xs1 = sorted(s.x0 for s in segs), sorted(s.x1 for s in segs)
    return xs0[len(xs0) // 4], xs1[(3 * len(xs1)) // 4]


def _glue(prev: str, nxt: str) -> str:
    """Nothing between lines of Chinese, nor inside a number that wrapped (新就业形态劳动者1,1 /
    27人: Chinese text breaks anywhere); a space where a Latin word wrapped."""
    if prev[-1:].isdigit() and nxt[:1].isdigit():
        return ""
    return " " if prev[-1:].isascii() and prev[-1:].isalnum() and nxt[:1].isascii() else ""


def _ranges(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")
