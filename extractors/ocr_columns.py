"""Put Tesseract's lines of a multi-column page back into reading order, a column at a time.

On newspaper pages with a narrow gutter, Tesseract's layout analysis often reads straight across
the columns: one "line" holds the left column's line and then the right column's, and the two
reports come out interleaved line by line (heldout14's 三明日报, heldout19's 常德日报). The word
boxes still show the gutter: a wide gap at the same x on line after line, with prose on both
sides. Such a run of lines (a band) is split at the gutter and read left column first; each side
is split again if it holds a gutter of its own (three columns). A table's cells also leave wide
gaps, but not with prose on both sides, so tables are left as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple


class Word(NamedTuple):
    """One Tesseract word: its text, confidence (0..1) and box in page pixels."""

    text: str
    score: float
    x0: int
    y0: int
    x1: int
    y1: int


Row = list[Word]  # one line's words, as Tesseract gave them

# A gutter is wider than this many character heights: words of one column line stand at most
# about an em apart, even in a justified line next to full-width punctuation.
GAP_EM = 1.5
# Each side of a gutter must be prose: at least this many Han characters on that line.
MIN_SIDE_HAN = 4
# A band needs the gutter on at least this many lines; two could be a heading and a date.
MIN_ROWS = 3
# More than this many character heights of blank space above a line end the band: lines of a
# column, and its paragraphs, stand closer.
MAX_LEAD_EM = 2.0
# A vertical rule in the gutter, read as a glyph of its own.
# Tesseract may glue a quote mark to it (“|).
_RULE = re.compile(r"[“”‘’\"']?[|丨｜!lI1][“”‘’\"']?")
HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _han(words: Sequence[Word]) -> int:
    return sum(len(HAN_CHAR.findall(w.text)) for w in words)


def _gaps(row: Row, em: float) -> list[tuple[int, int]]:
    """The (x_from, x_to) gaps in a row wide enough to be a gutter, with prose on both sides."""
    words = sorted((w for w in row if not _is_rule(w, row, em)), key=lambda w: w.x0)
    found = []
    for i in range(1, len(words)):
        a, b = words[i - 1].x1, words[i].x0
        if b - a > GAP_EM * em and _han(words[:i]) >= MIN_SIDE_HAN \
                and _han(words[i:]) >= MIN_SIDE_HAN:
            found.append((a, b))
    return found


def _is_rule(w: Word, row: Row, em: float) -> bool:
    """A lone thin glyph with wide space on both sides: the gutter's rule, not text."""
    if not _RULE.fullmatch(w.text) or w.x1 - w.x0 > 1.5 * em:
        return False
    left = max((v.x1 for v in row if v.x1 <= w.x0), default=None)
    right = min((v.x0 for v in row if v.x0 >= w.x1), default=None)
    return (left is None or w.x0 - left > em / 4) and (right is None or right - w.x1 > em / 4)


def _crosses(row: Row, a: float, b: float, em: float) -> bool:
    """Whether a word of the row stands in the gutter [a, b] (a heading across the columns).

    The gutter is as narrow as the widest gap allows, so a column's edge may touch it.
    """
    return any(w.x0 < b - em / 2 and w.x1 > a + em / 2 for w in row)


def split_columns(rows: list[tuple[int, Row]], em: float) -> list[list[Row]]:
    """Tesseract's (block, words) rows of one page, regrouped into blocks in reading order.

    Rows outside any band keep Tesseract's blocks. A band, which may run across Tesseract's
    blocks, comes back as its left column's block(s), then its right column's.
    """
    groups: list[list[Row]] = []
    block_of_last: int | None = None  # the Tesseract block the last group came from
    words = [r for _, r in rows]
    i = 0
    while i < len(rows):
        band, gutter = _band_at(words, i, em)
        if gutter is None:
            block, row = rows[i]
            if groups and block == block_of_last:
                groups[-1].append(row)
            else:
                groups.append([row])
            block_of_last = block
            i += 1
            continue
        mid = (gutter[0] + gutter[1]) / 2
        for left in (True, False):
            side = [[w for w in r if ((w.x0 + w.x1) / 2 < mid) == left
                     and not _in_gutter(w, r, gutter, em)] for r in band]
            # One column is one block: Tesseract's block breaks inside it were made across it.
            groups.extend(split_columns([(-1, r) for r in side if r], em))
        block_of_last = None
        i += len(band)
    return groups


def _top(row: Row) -> int:
    return min(w.y0 for w in row)


def _bottom(row: Row) -> int:
    return max(w.y1 for w in row)


def _in_gutter(w: Word, row: Row, gutter: tuple[float, float], em: float) -> bool:
    return w.x1 > gutter[0] - em and w.x0 < gutter[1] + em and _is_rule(w, row, em)


def _band_at(rows: list[Row], i: int, em: float) -> tuple[list[Row], tuple[float, float] | None]:
    """The band that starts at rows[i] and its gutter, or ([], None) when none starts there."""
    for a, b in _gaps(rows[i], em):
        band, with_gap = [rows[i]], 1
        for row in rows[i + 1:]:
            if _top(row) - _bottom(band[-1]) > MAX_LEAD_EM * em:
                break  # blank space: a photo, or the end of the columns
            overlap = [(max(a, x), min(b, y)) for x, y in _gaps(row, em) if x < b and y > a]
            if overlap:
                a, b = max(overlap, key=lambda g: g[1] - g[0])
                with_gap += 1
            elif _crosses([w for w in row if not _is_rule(w, row, em)], a, b, em):
                break  # a heading or a box across the columns
            band.append(row)
        if with_gap >= MIN_ROWS:
            return band, (a, b)
    return [], None


# A block wider than this share of the page's text is a heading or box across the columns.
WIDE_SHARE = 0.6
# A column of prose holds at least this many Han characters between two wide blocks.
MIN_COLUMN_HAN = 20


def order_columns(groups: list[list[Row]]) -> list[list[Row]]:
    """Blocks in reading order: between blocks that run across the columns, a column's blocks
    one after another, left column first.

    Tesseract may find the columns and still read their ends alternately (the bottom of
    column 2, then of column 3, then column 2 again). Blocks of one column overlap in x, so
    they cluster; a run of clusters that each hold prose is read cluster by cluster.
    """
    # A block that is only a rule glyph (a stroke of the gutter's rule) carries no text.
    groups = [g for g in groups if not all(_RULE.fullmatch(w.text) for r in g for w in r)]
    if len(groups) < 3:
        return groups
    boxes = [_box(g) for g in groups]
    left = min(b[0] for b in boxes)
    width = max(b[2] for b in boxes) - left
    out: list[list[Row]] = []
    run: list[int] = []
    for k, (x0, _, x1, _) in enumerate(boxes):
        if x1 - x0 > WIDE_SHARE * width:
            out += _by_column(groups, boxes, run)
            out.append(groups[k])
            run = []
        else:
            run.append(k)
    return out + _by_column(groups, boxes, run)


def _box(group: list[Row]) -> tuple[int, int, int, int]:
    words = [w for r in group for w in r]
    return (min(w.x0 for w in words), min(w.y0 for w in words),
            max(w.x1 for w in words), max(w.y1 for w in words))


def _by_column(groups: list[list[Row]], boxes: list[tuple[int, int, int, int]],
               run: list[int]) -> list[list[Row]]:
    """The run's blocks, column by column when it holds two columns of prose or more."""
    clusters: list[list[int]] = []
    for k in sorted(run, key=lambda k: boxes[k][0]):
        for c in clusters:
            if any(_overlap(boxes[j], boxes[k]) for j in c):
                c.append(k)
                break
        else:
            clusters.append([k])
    prose = [c for c in clusters if sum(_han([w for r in groups[k] for w in r]) for k in c)
             >= MIN_COLUMN_HAN]
    if len(prose) < 2 or len(prose) < len(clusters):
        return [groups[k] for k in run]  # one column, or columns of cells: as Tesseract read
    # A block above every other column's blocks (a byline) comes before them all, one below
    # them all (the page's foot line) after them all.
    cluster_of = {k: n for n, c in enumerate(clusters) for k in c}
    others = {k: [j for j in run if cluster_of[j] != cluster_of[k]] for k in run}
    head = {k for k in run if all(boxes[k][3] < boxes[j][1] for j in others[k])}
    foot = {k for k in run if all(boxes[k][1] > boxes[j][3] for j in others[k])}
    ordered = [k for c in sorted(clusters, key=lambda c: min(boxes[k][0] for k in c))
               for k in sorted(c, key=lambda k: boxes[k][1]) if k not in head | foot]
    return [groups[k] for k in (sorted(head, key=lambda k: boxes[k][1]) + ordered
                                + sorted(foot, key=lambda k: boxes[k][1]))]


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    """Whether two blocks share most of the narrower one's width (one column)."""
    inter = min(a[2], b[2]) - max(a[0], b[0])
    return inter > 0.5 * min(a[2] - a[0], b[2] - b[0])
