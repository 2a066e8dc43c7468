"""OCR one page image into a Page with Tesseract (Debian's chi_sim / chi_tra data), offline.

Chosen over RapidOCR by measurement on rendered report pages (bench/OCR.md): on Simplified pages
the two are close, on Traditional ones RapidOCR's PP-OCRv4 model drops or misreads 8-10 % of the
characters, and Tesseract is faster per page on one core.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.errors import NeedsOCR
from extractors.normalize import PERCENT_GLYPH, UNIT_COLUMN_ROW_END
from extractors.ocr_columns import HAN_CHAR, Word, order_columns, split_columns
from extractors.ocr_tables import find_grids, table_rows, without_rules
from schemas.document import Box, Page

if TYPE_CHECKING:
    from PIL import Image

# Tesseract's language data per script (Traditional pages need chi_tra: chi_sim reads them
# into Simplified, and the original must be kept as printed).
LANGS = {"sc": "chi_sim", "tc": "chi_tra"}
# A page whose mean word confidence is below this is flagged, never dropped (clean and
# scan-like renderings score 0.85-0.95).
LOW_CONFIDENCE = 0.70
# Below this the page is probably turned: ask Tesseract's orientation detector.
TRY_ROTATION = 0.55
TIMEOUT_S = 120

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2018-\u201d\u2014\u2026"
_SPACE_IN_CJK = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}])[ \t]+|[ \t]+(?=[{HAN}{CJK_PUNCT}])")
# Digits misread as letters: a run with at least one real digit, followed by a unit or 万/亿,
# is a number, so O/o are 0 and l/I/| are 1 there.
_UNIT = r"万亿千百十元人名个家次件户所项场期批座套台%％‰年月日天届"
_NUMBER_RUN = re.compile(
    rf"(?<![A-Za-z])(?=[0-9OolI|.,]*[0-9])[0-9OolI|][0-9OolI|.,]*(?=[{_UNIT}])"
)
_DIGIT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1"})


@dataclass(frozen=True)
class Line:
    """One recognised text line: its text, score (0..1), block and box in page pixels."""

    text: str
    score: float
    block: int
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Engine:
    """The Tesseract binary and its installed languages, found once per process."""

    binary: str
    langs: frozenset[str]

    def run(self, image: Image.Image, *args: str) -> str:
        """Run tesseract on `image` (PNG on stdin) and return what it prints."""
        buf = io.BytesIO()
        image.save(buf, "PNG")
        # One thread per process: pages run in parallel, and OpenMP threads fighting over
        # two cores made a page 5x slower (measured).
        env = {**os.environ, "OMP_THREAD_LIMIT": os.environ.get("ZONGJIE_OCR_THREADS", "1")}
        try:
            done = subprocess.run(
                [self.binary, "stdin", "stdout", *args],
                input=buf.getvalue(), capture_output=True, env=env, timeout=TIMEOUT_S, check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise NeedsOCR(f"tesseract took over {TIMEOUT_S} s on one page") from e
        if done.returncode:
            raise NeedsOCR(f"tesseract failed: {done.stderr.decode(errors='replace')[-300:]}")
        return done.stdout.decode("utf-8", errors="replace")


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The OCR engine, looked up once per process; NeedsOCR says what to install if missing."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise NeedsOCR("OCR engine missing: apt-get install tesseract-ocr tesseract-ocr-chi-sim "
                       "tesseract-ocr-chi-tra (scripts/apt-packages.txt)")
    out = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, check=False)
    langs = frozenset(out.stdout.split()[1:]) if out.returncode == 0 else frozenset()
    missing = sorted({*LANGS.values(), "osd"} - langs)
    if missing:
        raise NeedsOCR(f"Tesseract language data missing: {', '.join(missing)}")
    return Engine(binary, langs)


def _words(tsv: str, dx: int = 0, dy: int = 0) -> dict[tuple[int, int, int], list[Word]]:
    """Tesseract's words by (block, paragraph, line), boxes moved by (dx, dy)."""
    rows: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) != 12 or cols[0] != "5" or not cols[11].strip():
            continue
        x, y, w, h = (int(v) for v in cols[6:10])
        key = (int(cols[2]), int(cols[3]), int(cols[4]))
        score = max(0.0, float(cols[10])) / 100
        rows[key].append(Word(cols[11].strip(), score, x + dx, y + dy, x + w + dx, y + h + dy))
    return rows


def ocr_lines(image: Image.Image, lang: str) -> list[Line]:
    """Recognised lines of an upright page image, in reading order (columns one by one)."""
    rows = _words(get_engine().run(image, "-l", lang, "--psm", "3", "tsv"))
    tables = _table_lines(image, rows, lang)
    heights = sorted(w.y1 - w.y0 for ws in rows.values() for w in ws if HAN_CHAR.search(w.text))
    em = heights[len(heights) // 2] if heights else 1
    groups = order_columns(split_columns([(block, ws) for (block, _, _), ws in rows.items()], em))
    lines = [_line(ws, n) for n, group in enumerate(groups, 1) for ws in group if ws]
    return _with_tables(lines, tables)


def _table_lines(image: Image.Image, rows: dict[tuple[int, int, int], list[Word]],
                 lang: str) -> list[Line]:
    """Ruled tables as `| a | b |` lines; their words leave `rows` (Tesseract's jumble of them).

    Where the page's layout analysis dropped most of a table's cells (a table across a page of
    two columns), the table is read again on its own, its rules painted over; where it did
    not, its own reading is the better one (measured on the scan sets).
    """
    import numpy as np
    from PIL import Image as PILImage

    gray = np.asarray(image)
    out: list[Line] = []
    for grid in find_grids(gray):
        x0, y0, x1, y1 = grid.box

        def inside(w: Word) -> bool:
            return x0 < (w.x0 + w.x1) / 2 < x1 and y0 < (w.y0 + w.y1) / 2 < y1  # noqa: B023

        words = [w for ws in rows.values() for w in ws if inside(w)]
        cells = (len(grid.ys) - 1) * (len(grid.xs) - 1)
        if len(words) < cells / 2:
            crop = PILImage.fromarray(without_rules(gray, grid))
            words = [w for ws in _words(get_engine().run(crop, "-l", lang, "--psm", "3", "tsv"),
                                        x0, y0).values() for w in ws]
        found, _used = table_rows(grid, words)
        out += [Line(r.text, r.score, 0, *r.box) for r in found]
        for key in list(rows):  # the page's own reading of the table goes
            left = [w for w in rows[key] if not inside(w)]
            if left:
                rows[key] = left
            else:
                del rows[key]
    return out


def _with_tables(lines: list[Line], tables: list[Line]) -> list[Line]:
    """Table rows where the table stands (before the first line below its top), and blocks
    renumbered so that text after a table is a block of its own (assemble keeps blocks whole)."""
    out = list(lines)
    for row in sorted(tables, key=lambda r: r.y0, reverse=True):
        at = next((i for i, ln in enumerate(out) if ln.y0 >= row.y0
                   and min(ln.x1, row.x1) > max(ln.x0, row.x0)), len(out))
        out.insert(at, replace(row, block=-1))
    renumbered: list[Line] = []
    block, prev = 0, None
    for ln in out:
        if prev is None or ln.block != prev:
            block += 1
        prev = ln.block
        renumbered.append(replace(ln, block=block))
    return renumbered


def _line(ws: list[Word], block: int) -> Line:
    n = sum(len(w.text) for w in ws)
    return Line(
        text=" ".join(w.text for w in ws),
        score=sum(w.score * len(w.text) for w in ws) / n,
        block=block,
        x0=min(w.x0 for w in ws), y0=min(w.y0 for w in ws),
        x1=max(w.x1 for w in ws), y1=max(w.y1 for w in ws),
    )


def detect_script(image: Image.Image) -> tuple[str, float]:
    """Simplified or Traditional: the model that reads the page's top more surely, and its score."""
    # The top quarter: a smaller band (a sixth) misjudged Simplified pages in the benchmark.
    band = image.crop((0, 0, image.width, max(1, image.height // 4)))
    scores = {}
    for script, lang in LANGS.items():
        lines = ocr_lines(band, lang)
        n = sum(len(ln.text) for ln in lines)
        scores[script] = sum(ln.score * len(ln.text) for ln in lines) / n if n else 0.0
    best = max(scores, key=lambda k: scores[k])
    return best, scores[best]


def detect_rotation(image: Image.Image) -> int:
    """Degrees the page is turned clockwise (0/90/180/270), by Tesseract's orientation model."""
    try:
        out = get_engine().run(image, "--psm", "0")
    except NeedsOCR:  # too little text to tell: take it as upright
        return 0
    # Tesseract prints the clockwise turn that fixes the page; the page is turned the other way.
    m = re.search(r"Rotate: (\d+)", out)
    return (360 - int(m.group(1))) % 360 if m else 0


def fix_digits(text: str) -> tuple[str, int]:
    """Read O/o as 0 and l/I/| as 1 inside numbers that a unit makes certain: 1O0人 → 100人."""
    count = 0

    def repl(m: re.Match[str]) -> str:
        nonlocal count
        fixed = m.group().translate(_DIGIT_FIX)
        count += fixed != m.group()
        return fixed

    return _NUMBER_RUN.sub(repl, text), count


# Tesseract's misreadings of a degraded % and a thousands comma, seen on scans and faxes:
# 90.69%0 / 82.5%6 for 90.6% / 82.5% (normalize's PERCENT_GLYPH, fixed per line here so that
# boxes keep their offsets), and 1.580户 for 1,580户 (a count of people or households is never
# fractional), or 1;960人次 for 1,960人次. 82.59% for 82.5% is left alone: it cannot be told
# from a real 82.59%.
_COMMA_AS_POINT = re.compile(
    r"(?<![\d.;])(\d{1,3})(?:[.;](?=\d{3}\s*(?:人次|人|名|户|个|家|件|起|位))"
    r"|;(?=\d{3}[ \t]+\d))(\d{3})")  # 44;380 42,760: a table row


# Chinese is never hyphenated, so a - that ends a line after a Han character is a stroke at
# the column's edge (新建工会组- / 织1,326家). A ] glued to a count (入会2.1] 万人) stays: it is
# a speck there but a misread 1 in 会员总数2.4]万人 (2.41万), and a wrong value is worse than none.
_HYPHEN_AT_END = re.compile(r"(?<=[\u4e00-\u9fff])\s*-\s*$")


# A comma and a point together between digits (2,.640人次): one of them is a speck.
# 18:6万元: a decimal point read as a colon (a time, 10:30, has no 万 after it).
_COLON_AS_POINT = re.compile(r"(?<=\d)[:：](?=\d{1,2}[万亿])")
_COMMA_POINT = re.compile(r"(?<=\d),\.(?=\d{3}(?!\d))|(?<=\d)\.,(?=\d{3}(?!\d))")


CONFUSIONS_FILE = Path(__file__).parent / "rules" / "ocr_confusions.yaml"


@lru_cache(maxsize=1)
def _confusions() -> tuple[re.Pattern[str], dict[str, str]]:
    import yaml

    entries = yaml.safe_load(CONFUSIONS_FILE.read_text(encoding="utf-8"))["confusions"]
    fixes = {e["read"]: e["meant"] for e in entries}
    for read, meant in fixes.items():
        if len(read) != len(meant):  # one character for one: the line's boxes stay
            raise ValueError(f"{CONFUSIONS_FILE.name}: {read} → {meant} changes the length")
    branches = [(f"(?<![{re.escape(e['not_after'])}])" if e.get("not_after") else "")
                + re.escape(e["read"]) for e in sorted(entries, key=lambda e: -len(e["read"]))]
    return re.compile("|".join(branches)), fixes


def fix_words(text: str) -> str:
    """Words OCR misreads in these reports (奈问 for 慰问), from extractors/rules."""
    pattern, fixes = _confusions()
    return pattern.sub(lambda m: fixes[m.group()], text)


def fix_marks(text: str) -> str:
    """Undo OCR's misread marks in one line: %, thousands comma, a hyphen at the end."""
    if ",." in text or ".," in text:
        text = _COMMA_POINT.sub(",", text)
    if "%" in text:
        text = PERCENT_GLYPH.sub("%", text)
    if "-" in text:
        text = _HYPHEN_AT_END.sub("", text)
    if ":" in text:
        text = _COLON_AS_POINT.sub(".", text)
    if "." not in text and ";" not in text:
        return text
    return _COMMA_AS_POINT.sub(r"\1,\2", text)


def squeeze_spaces(text: str) -> str:
    """Drop the spaces OCR puts next to Han characters and CJK punctuation: 工 会 → 工会."""
    return _SPACE_IN_CJK.sub("", text)


# Tesseract reads a full-width ( before a short unit as 〈: 基层工会〈个) → 基层工会(个).
_ANGLE_FOR_PAREN = re.compile(r"〈(?=[^〈〉()（）\n]{1,4}[)）])")
# A table row: two numbers at the end (基层工会(个) 391 403), or a unit-column row glued
# together by Tesseract (职工总数人112,460 2.3).
_TABLE_ROW = re.compile(rf"(?:\s+[\d,.]+%?){{2,}}\s*\S?$|[\u4e00-\u9fff)）]{UNIT_COLUMN_ROW_END}")


def _join(prev: str, nxt: str) -> str:
    """What goes between two lines of one paragraph: nothing next to Han, a space between words."""
    if prev and nxt and prev[-1].isascii() and nxt[0].isascii() and prev[-1].isalnum():
        return " "
    return ""


def assemble(lines: list[Line]) -> tuple[str, list[tuple[int, int, Line]]]:
    """Join lines into paragraphs: a new block, an indented line or a short one breaks one."""
    text, spans = "", []
    by_block: dict[int, list[Line]] = defaultdict(list)
    for ln in lines:
        by_block[ln.block].append(ln)
    for block in by_block.values():
        # One character's width (Han text is monospaced): box height overstates it.
        em = sorted((ln.x1 - ln.x0) / max(1, len(ln.text.replace(" ", ""))) for ln in block)
        height = em[len(em) // 2]
        # Where most lines start and end: a centred title or an indent must not move them.
        xs0, xs1 = sorted(ln.x0 for ln in block), sorted(ln.x1 for ln in block)
        left, right = xs0[len(xs0) // 4], xs1[(3 * len(xs1)) // 4]
        prev: Line | None = None
        prev_row = False
        for ln in block:
            body = squeeze_spaces(ln.text)
            # A table row (基层工会(个) 391 403 3.1, | a | b |) is a line of its own, as printed.
            row = bool(_TABLE_ROW.search(ln.text)) or ln.text.startswith("| ")
            if prev is None:
                text += "\n" if text else ""
            else:
                indented = ln.x0 > left + 1.2 * height
                short = prev.x1 < right - 1.5 * height
                text += "\n" if indented or short or row or prev_row else _join(text, body)
            spans.append((len(text), len(text) + len(body), ln))
            text += body
            prev, prev_row = ln, row
    return text, spans


def _unrotate(
    box: tuple[float, float, float, float], angle: int, w: int, h: int
) -> tuple[float, float, float, float]:
    """Map a box on the upright image back to the image as scanned (`w`×`h`, turned `angle`)."""
    x0, y0, x1, y1 = box
    if angle == 90:  # upright = scan turned 90° counter-clockwise
        return (w - y1, x0, w - y0, x1)
    if angle == 180:
        return (w - x1, h - y1, w - x0, h - y0)
    if angle == 270:
        return (y0, h - x1, y1, h - x0)
    return box


def ocr_image(image: Image.Image, page_number: int = 1, *, script: str | None = None) -> Page:
    """OCR one page image: paragraphs, mean confidence, a pixel box per line, flags.

    `script` ("sc"/"tc") skips detection; the page's flags say which was used ("script:tc").
    """
    from PIL import Image as PILImage

    page = image.convert("L")
    w, h = page.size
    # A turned page reads badly in both models: check its orientation before reading it all.
    score = 1.0
    if script is None:
        script, score = detect_script(page)
    lines = ocr_lines(page, LANGS[script]) if score >= TRY_ROTATION else []
    angle = 0
    if score < TRY_ROTATION or _mean_score(lines) < TRY_ROTATION or _mostly_tall(lines):
        angle = detect_rotation(page)
        if angle:
            turn = {90: PILImage.Transpose.ROTATE_90, 180: PILImage.Transpose.ROTATE_180,
                    270: PILImage.Transpose.ROTATE_270}[angle]
            page = page.transpose(turn)
            script, _ = detect_script(page)
        if angle or not lines:
            lines = ocr_lines(page, LANGS[script])
    lines = [replace(ln, text=fix_marks(ln.text)) for ln in lines]
    text, spans = assemble(lines)
    text = fix_words(text)  # after the spaces between Han characters are gone
    text, fixed = fix_digits(text)
    text = _ANGLE_FOR_PAREN.sub("(", text)
    flags = [f"script:{script}"]
    if angle:
        flags.append(f"rotated:{angle}")
    if fixed:
        flags.append("digits_fixed")
    boxes = tuple(
        Box(start, end, *_unrotate((ln.x0, ln.y0, ln.x1, ln.y1), angle, w, h), confidence=ln.score)
        for start, end, ln in spans
    )
    confidence = _mean_score(lines) if lines else None
    if confidence is None:
        flags.append("no_text")
    elif confidence < LOW_CONFIDENCE:
        flags.append("low_confidence")
    return Page(page_number, text, source="ocr", confidence=confidence, boxes=boxes,
                flags=tuple(flags))


def script_of(page: Page) -> str | None:
    """The script an OCR'd page was read as ("sc"/"tc"), from its flags; None for a blank page."""
    if not page.text:
        return None
    return next((f[7:] for f in page.flags if f.startswith("script:")), None)


def _mostly_tall(lines: list[Line]) -> bool:
    """Tesseract reads a page turned 90° as vertical lines: most boxes taller than wide."""
    long = [ln for ln in lines if len(ln.text) >= 4]
    return bool(long) and sum(ln.y1 - ln.y0 > ln.x1 - ln.x0 for ln in long) > len(long) / 2


def _mean_score(lines: list[Line]) -> float:
    n = sum(len(ln.text) for ln in lines)
    return sum(ln.score * len(ln.text) for ln in lines) / n if n else 0.0
