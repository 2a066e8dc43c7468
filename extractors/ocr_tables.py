"""Ruled tables on page images: find the grid, put Tesseract's words into its cells.

Tesseract reads a scanned statistics table as lines that glue a row's label to its first value
(古韩镇168 14 18,460 …) and a heading on two rows (基层工会(个) over 总数 | 其中本年新建) as one
jumble, so no column can be told from the next. The rules are still on the image: long dark runs
across, and dark columns from one rule to the next. Each cell takes the words whose centres fall
in it, and the table comes out as `| a | b |` rows, merged cells as a text PDF's reader gives
them (the text in the first, empty cells after it), so the same table reader handles both.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extractors.ocr_columns import Word

# A horizontal rule is a dark run at least this share of the page width (text lines have gaps).
MIN_RULE_WIDTH = 0.25
# Rules of one table stand at most this many pixels apart per 100 px of page width (a row).
MAX_ROW_GAP = 12
# A vertical rule is dark over this share of a row's height, inside the row.
MIN_RULE_COVER = 0.85
_HAN_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff）)])(?=[\d—-])")
_DASHES = frozenset({"一", "-", "—", "–", "_", "~"})
_ANGLE = re.compile(r"〈(?=[^〈〉()（）]{1,4}[)）])")  # 基层工会〈个): Tesseract's ( before a unit
_RULE_MARKS = " ，,“”‘’'\"|丨｜!;；:：、"
# 入会率(9%): the (%) of a heading with its % misread.
_PERCENT_HEAD = re.compile(r"[(（]\s*9?\s*(?:[%％]|9g|g)\s*0?\s*[)）]")
# 5.630, 44;380 in a count cell: Tesseract read the thousands comma as a point or a semicolon.
_POINT_AS_COMMA = re.compile(r"^(\d{1,3})[.;；:](\d{3})$")


@dataclass(frozen=True)
class Rule:
    """A horizontal rule: the rows it covers (a scan turns it a little) and its extent."""

    y0: int
    y1: int
    x0: int
    x1: int

    @property
    def y(self) -> int:
        return (self.y0 + self.y1) // 2


@dataclass(frozen=True)
class Grid:
    """A ruled table: rule positions and which pieces of rule are drawn (for merged cells)."""

    ys: tuple[int, ...]  # horizontal rules, top to bottom
    xs: tuple[int, ...]  # vertical rules, left to right
    across: tuple[tuple[bool, ...], ...]  # across[j][i]: rule ys[j] drawn over column i
    down: tuple[tuple[bool, ...], ...]  # down[j][i]: rule xs[i] drawn down row j
    open: bool = False  # no vertical rules (a 三线表): columns and rows come from the words

    @property
    def box(self) -> tuple[int, int, int, int]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]


def _ink(gray: np.ndarray) -> np.ndarray:
    """Dark pixels: halfway between the paper and the darkest ink."""
    paper, ink = np.percentile(gray, 90), np.percentile(gray, 0.5)
    return gray < (paper + ink) / 2


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[start, end) of each run of True in a 1-D mask."""
    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _horizontal_rules(dark: np.ndarray, min_width: float, span: int) -> list[Rule]:
    """Dark runs at least `min_width` pixels long (found as runs of `span`), with their rows."""
    height = dark.shape[0]
    # A pixel lies on a run of `span` dark pixels: a window sum, from a running sum.
    c = np.cumsum(dark, axis=1, dtype=np.int32)
    full = (c[:, span:] - c[:, :-span]) == span
    rows = full.any(axis=1)
    rules = []
    for y0, y1 in _runs(rows):
        if y1 - y0 > max(12, height // 100):
            continue  # a black band (a photo, a bar), not a rule
        # The pixels the runs cover (a window starting at x covers x … x+span), across the
        # rows a turned rule steps through; a step's anti-aliased pixels leave a small gap.
        starts = full[y0:y1].any(axis=0)
        cover = _spread(starts[None, :], span, 1, (1, dark.shape[1]))[0]
        for a, b in _bridged(_runs(cover), 6):
            if b - a >= min_width:
                rules.append(Rule(y0, y1, a, b))
    return rules


def _bridged(runs: list[tuple[int, int]], gap: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in runs:
        if out and a - out[-1][1] <= gap:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _tables(rules: list[Rule], width: int) -> list[list[Rule]]:
    """Rules stacked closely with overlapping extents, three or more: one table each."""
    gap = MAX_ROW_GAP * width // 100
    out: list[list[Rule]] = []
    for r in sorted(rules, key=lambda r: r.y):
        for t in out:
            x0, x1 = min(q.x0 for q in t), max(q.x1 for q in t)
            # A 三线表 leaves its body unruled: below its top rule and heading rule, close
            # together, a rule of the same extent far below still closes the table.
            same = (len(t) == 2 and t[1].y - t[0].y <= gap and r.y - t[-1].y <= 3 * gap
                    and abs(r.x0 - x0) + abs(r.x1 - x1) < 0.03 * width)
            if (r.y - t[-1].y <= gap or same) and min(x1, r.x1) - max(x0, r.x0) > 0.2 * (x1 - x0):
                t.append(r)
                break
        else:
            out.append([r])
    return [t for t in out if len(t) >= 3]


def find_grids(gray: np.ndarray) -> list[Grid]:
    """The ruled tables on a page (a 2-D array of grey levels)."""
    dark = _ink(gray)
    width = dark.shape[1]
    grids = []
    for rules in _tables(_horizontal_rules(dark, MIN_RULE_WIDTH * width, max(20, width // 40)),
                         width):
        grid = _grid(dark, rules)
        if grid is not None:
            grids.append(grid)
    return grids


def _grid(dark: np.ndarray, long_rules: list[Rule]) -> Grid | None:
    x0, x1 = min(r.x0 for r in long_rules), max(r.x1 for r in long_rules)
    top, bottom = min(r.y0 for r in long_rules), max(r.y1 for r in long_rules)
    # Inside the table, shorter rules too: the line under a heading merged across columns.
    inner = dark[top:bottom, x0:x1]
    # Runs longer than a character's stroke: most of the lowest row's height (a row holds a
    # line of text and its padding, so a stroke is shorter than that).
    gaps = [b.y0 - a.y1 for a, b in itertools.pairwise(sorted(long_rules, key=lambda r: r.y0))]
    span = max(16, int(0.7 * min((g for g in gaps if g > 8), default=24)))
    rules = [Rule(r.y0 + top, r.y1 + top, r.x0 + x0, r.x1 + x0)
             for r in _horizontal_rules(inner, max(0.08 * (x1 - x0), 2 * span), span)]
    lines: list[Rule] = []
    for r in sorted(rules, key=lambda r: r.y0):  # pieces of one rule (split by a cell's text)
        if lines and r.y0 <= lines[-1].y1 + 1:
            last = lines[-1]
            lines[-1] = Rule(last.y0, max(last.y1, r.y1), min(last.x0, r.x0), max(last.x1, r.x1))
        else:
            lines.append(r)
    if len(lines) < 3:
        return None
    ys = [r.y for r in lines]
    # Vertical rules: pixel columns dark over most of a row, between two rules.
    found: list[list[int]] = []
    for upper, lower in itertools.pairwise(lines):
        a, b = upper.y1 + 2, lower.y0 - 1
        if b - a < 4:
            found.append([])
            continue
        cover = dark[a:b, max(0, x0 - 3):x1 + 4].mean(axis=0) >= MIN_RULE_COVER
        found.append([max(0, x0 - 3) + (s + e) // 2 for s, e in _runs(cover)])
    xs: list[int] = []
    for x in sorted(x for row in found for x in row):
        if xs and x - xs[-1] <= 4:
            continue
        xs.append(x)
    # A character's stroke can fill a short heading row from rule to rule: a vertical rule
    # runs down two rows at least (or the table has one).
    if len(found) > 1:
        xs = [x for x in xs if sum(any(abs(x - f) <= 4 for f in row) for row in found) >= 2]
    if not xs:
        # No vertical rules: a 三线表 (top, under the heading, bottom); its columns are where
        # the words leave gaps (open_columns).
        return Grid(tuple(ys), (x0, x1), tuple((True,) for _ in ys),
                    tuple((True, True) for _ in found), open=True)
    # A table open at the sides (yearbook style: no outer verticals) ends where its rules end.
    open_sides = {x for x in (x0, x1) if all(abs(x - f) > 8 for f in xs)}
    xs = sorted({*xs, *open_sides})
    if len(xs) < 3:
        return None
    down = tuple(tuple(x in open_sides or any(abs(x - f) <= 4 for f in row) for x in xs)
                 for row in found)
    across = []
    for r in lines:
        row = dark[max(0, r.y0 - 1):r.y1 + 2]
        across.append(tuple(bool(row[:, (a + 4):(b - 3)].any(axis=0).mean() > 0.8)
                            if b - a > 8 else True for a, b in itertools.pairwise(xs)))
    return Grid(tuple(ys), tuple(xs), tuple(across), down)


def without_rules(gray: np.ndarray, grid: Grid) -> np.ndarray:
    """The table's part of the page with its rules painted over in the paper's grey: Tesseract
    reads a cell's text alone better than text boxed in by lines."""
    x0, y0, x1, y1 = grid.box
    crop = gray[y0:y1 + 1, x0:x1 + 1].copy()
    dark = _ink(gray)[y0:y1 + 1, x0:x1 + 1]
    paper = np.uint8(np.percentile(gray, 90))
    rows = min((b - a for a, b in itertools.pairwise(grid.ys)), default=20)
    for axis, span in ((1, max(20, 2 * rows)), (0, max(12, int(0.8 * rows)))):
        # Pixels on a dark run longer than any stroke of a character, along the axis.
        c = np.cumsum(dark, axis=axis, dtype=np.int32)
        if axis == 1:
            full = (c[:, span:] - c[:, :-span]) == span
        else:
            full = (c[span:, :] - c[:-span, :]) == span
        crop[_spread(full, span, axis, dark.shape)] = paper
    return crop


def _spread(starts: np.ndarray, span: int, axis: int, shape: tuple[int, ...]) -> np.ndarray:
    """Pixels covered by runs of `span` along `axis` that start where `starts` is True (a
    running sum of the starts over the last `span` pixels)."""
    padded = np.zeros(shape, dtype=np.int32)
    padded[:starts.shape[0], :starts.shape[1]] = starts
    c = np.cumsum(padded, axis=axis)
    lagged = np.zeros_like(c)
    if axis == 1:
        lagged[:, span:] = c[:, :-span]
    else:
        lagged[span:, :] = c[:-span, :]
    return (c - lagged) > 0


def _anchor(grid: Grid, j: int, i: int) -> tuple[int, int]:
    """The top-left cell of the merged cell that holds (row j, column i)."""
    while i > 0 and not grid.down[j][i]:
        i -= 1  # no rule on the left: merged with the cell before
    while j > 0 and not grid.across[j][i]:
        j -= 1  # no rule above: merged with the cell above
    return j, i


def _split(word: Word, xs: Sequence[int]) -> list[Word]:
    """A word that runs over a column rule (古韩镇168): cut at the rule, at a Han-digit seam
    where there is one, else by character count."""
    inner = [x for x in xs if word.x0 + 2 < x < word.x1 - 2]
    if not inner or len(word.text) < 2:
        return [word]
    x = inner[0]
    seam = _HAN_DIGIT.search(word.text)
    k = seam.start() if seam else round(len(word.text) * (x - word.x0) / (word.x1 - word.x0))
    k = min(max(k, 1), len(word.text) - 1)
    left = Word(word.text[:k], word.score, word.x0, word.y0, x, word.y1)
    right = Word(word.text[k:], word.score, x, word.y0, word.x1, word.y1)
    return [left, *_split(right, xs)]


def _reading(words: list[Word]) -> list[Word]:
    """A cell's words line by line (a word joins a line its middle lies within), left to right."""
    if not words:
        return []
    # A word joins the line whose middle is within half a line's height of its own (a mark's
    # small box, ：, and a tall bracket alike), so a heading cell's two lines stay apart.
    half = sorted(w.y1 - w.y0 for w in words)[len(words) // 2] / 2
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.y0 + w.y1) / 2):
        mid = (w.y0 + w.y1) / 2
        if lines:
            mids = sorted((v.y0 + v.y1) / 2 for v in lines[-1])
            if abs(mid - mids[len(mids) // 2]) <= half:
                lines[-1].append(w)
                continue
        lines.append([w])
    return [w for line in lines for w in sorted(line, key=lambda w: w.x0)]


def _cell_text(words: list[Word]) -> str:
    text = ""
    for w in _reading(words):
        glue = " " if text and text[-1].isascii() and w.text[:1].isascii() else ""
        text += glue + w.text
    text = re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", text)
    # A rule beside the text read as a mark of its own: 基层工会(个)， 新建工会(个)“
    text = text.strip(_RULE_MARKS)
    if text in _DASHES:
        return "—"  # an empty cell's dash, read as 一
    text = _PERCENT_HEAD.sub("(%)", _ANGLE.sub("(", text.replace("〈(", "(")))
    return _POINT_AS_COMMA.sub(r"\1,\2", text).replace("|", "")


@dataclass(frozen=True)
class TableRow:
    text: str  # | a | b |
    score: float  # the mean confidence of its words
    box: tuple[int, int, int, int]


def open_grid(grid: Grid, words: Sequence[Word]) -> Grid | None:
    """A 三线表's grid from its words: a row per line of text, a column per gap that runs
    down every line of the body (wider than a character), the rules' rows kept."""
    x0, y0, x1, y1 = grid.box
    inside = [w for w in words if x0 < (w.x0 + w.x1) / 2 < x1 and y0 < (w.y0 + w.y1) / 2 < y1]
    if not inside:
        return None
    em = sorted(w.y1 - w.y0 for w in inside)[len(inside) // 2]
    ys = {*grid.ys}
    for top, bottom in itertools.pairwise(grid.ys):  # lines of text inside each band
        band = sorted((w for w in inside if top < (w.y0 + w.y1) / 2 < bottom),
                      key=lambda w: (w.y0 + w.y1) / 2)
        for a, b in itertools.pairwise(band):
            if (b.y0 + b.y1) / 2 - (a.y0 + a.y1) / 2 > 0.8 * em and b.y0 > a.y1 - 2:
                ys.add(int((a.y1 + b.y0) / 2))
    body = [w for w in inside if (w.y0 + w.y1) / 2 > grid.ys[1]]
    cover = np.zeros(x1 - x0 + 1, dtype=bool)
    for w in body:
        cover[max(0, w.x0 - x0):max(0, w.x1 - x0) + 1] = True
    xs = [x0]
    for gap0, gap1 in _runs(~cover):
        if gap0 > 0 and gap1 < len(cover) and gap1 - gap0 >= 1.2 * em:
            xs.append(x0 + (gap0 + gap1) // 2)
    xs.append(x1)
    if len(xs) < 3:
        return None
    ys_sorted = tuple(sorted(ys))
    return Grid(ys_sorted, tuple(xs), tuple(tuple(True for _ in xs[1:]) for _ in ys_sorted),
                tuple(tuple(True for _ in xs) for _ in ys_sorted[1:]))


def table_rows(grid: Grid, words: Sequence[Word]) -> tuple[list[TableRow], set[int]]:
    """The table's rows as `| a | b |` texts, and the indexes of the words they took."""
    if grid.open:
        found = open_grid(grid, words)
        if found is None:
            return [], set()
        grid = found
    x0, y0, x1, y1 = grid.box
    cells: dict[tuple[int, int], list[Word]] = {}
    used: set[int] = set()
    for n, word in enumerate(words):
        cx, cy = (word.x0 + word.x1) / 2, (word.y0 + word.y1) / 2
        if not (x0 < cx < x1 and y0 < cy < y1):
            continue
        used.add(n)
        for piece in _split(word, grid.xs):
            px, py = (piece.x0 + piece.x1) / 2, (piece.y0 + piece.y1) / 2
            j = max(0, sum(y <= py for y in grid.ys) - 1)
            i = max(0, sum(x <= px for x in grid.xs) - 1)
            j, i = min(j, len(grid.ys) - 2), min(i, len(grid.xs) - 2)
            cells.setdefault(_anchor(grid, j, i), []).append(piece)
    rows = []
    for j in range(len(grid.ys) - 1):
        texts = [_cell_text(cells.get((j, i), [])) for i in range(len(grid.xs) - 1)]
        scores = [w.score for i in range(len(grid.xs) - 1) for w in cells.get((j, i), [])]
        if any(texts):
            rows.append(TableRow("| " + " | ".join(texts) + " |", sum(scores) / len(scores),
                                 (x0, grid.ys[j], x1, grid.ys[j + 1])))
    return rows, used
