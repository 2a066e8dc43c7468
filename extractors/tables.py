"""Statistics tables in report text (HTML tables come out of the reader as `| a | b |` rows).

A yearbook table names what a row counts in its first cell, with the unit in brackets
(工会会员(人)), and the year each value is for in the column heading (2016年). This finds the
value cells of such rows; the figure rules then decide what each label means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from extractors.numbers import parse_number
from schemas.catalogue import load_catalogue


def label_units() -> str:
    """Unit words a table label may carry in brackets: the catalogue's, and 万人/万元/亿元."""
    words = {w for u in load_catalogue().units.values() for w in u.words} | set(_UNITS)
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_UNITS = {"万人": ("人", 10**4), "万元": ("元", 10**4), "亿元": ("元", 10**8)}
_UNIT_ALT = label_units()

# A row opens with | and has two cells at least; some writers leave off the closing |.
_ROW = re.compile(r"^[ \t]*\|(?:.+\|[ \t]*$|[^|\n]+\|[^\n]*[^|\s][ \t]*$)", re.M)
_LABEL = re.compile(rf"^(?P<label>.*?)\((?P<unit>{_UNIT_ALT})\)\s*$")
_BARE_UNIT = re.compile(rf"(?:{_UNIT_ALT}|%)")
# A change column's minus may be typeset as U+2212 or an en dash (−4.1): still a number.
_SIGN = "[-+\u2212\u2013]"
_NUMERIC = re.compile(rf"^\s*{_SIGN}?[\d,]+(?:\.\d+)?\s*$")
_CHANGE = re.compile(r"增长|增减|同比|比上年|增幅|下降|变化|±")
_YEAR = re.compile(r"((?:19|20)\d\d)")
# A column of ratios beside counts (完成率(%) | 占比): not a figure of the row's unit.
_RATIO_HEAD = re.compile(r"率|%|占比|比重")
# A column of targets (目标任务 | 计划数 beside 完成数): the row's figure as planned.
_TARGET_HEAD = re.compile(r"目标|计划|任务数|任务(?!完成)")


@dataclass(frozen=True)
class TableValue:
    label: str  # the row's label without its unit: 工会会员
    label_start: int
    label_end: int  # end of the label cell, unit included
    start: int  # the value's offsets in the text
    end: int
    value: Decimal
    unit: str
    year: int | None  # from the column heading (or the row's, in a table of years by row)
    scope: str | None = None  # set by the row of a table of places: 合计 total, 贡江镇 subset
    status: str = "actual"  # target under a 目标任务 heading


# Thousands grouped by three after a first group of one to three, not 0,712 or 1,1206 (what OCR
# makes of 6,712 and 1,126): a cell so misread is no figure, rather than a wrong one.
_GROUPED = re.compile(rf"{_SIGN}?[1-9]\d{{0,2}}(?:,\d{{3}})+(?:\.\d+)?")


def _cell_value(cell: str) -> Decimal:
    cell = cell.strip()
    if "," in cell and not _GROUPED.fullmatch(cell):
        raise ValueError(f"{cell!r}: not a grouped number")
    return parse_number(cell.replace(",", ""))


def _cells(line: str, offset: int) -> list[tuple[str, int, int]]:
    """(text, start, end) of each cell of a `| a | b |` line, offsets into the text."""
    cells = []
    pos = line.index("|") + 1
    while True:
        nxt = line.find("|", pos)
        if nxt < 0:
            break
        raw = line[pos:nxt]
        lead = len(raw) - len(raw.lstrip())
        cells.append((raw.strip(), offset + pos + lead, offset + pos + lead + len(raw.strip())))
        pos = nxt + 1
    tail = line[pos:]
    if tail.strip():  # the last cell of a row written without its closing |
        lead = len(tail) - len(tail.lstrip())
        cells.append((tail.strip(), offset + pos + lead, offset + pos + lead + len(tail.strip())))
    return cells


# A table row as PDF text layers give it: label(unit) then numbers separated by spaces.
_SPACED_ROW = re.compile(
    rf"^[ \t]*(?P<label>[^\d\n|]{{2,30}}?\((?:{_UNIT_ALT})\))"
    rf"(?P<values>(?:[ \t]+{_SIGN}?[\d,]+(?:\.\d+)?|[ \t]+[—-]){{2,}})[ \t]*$", re.M)
_SPACED_HEAD = re.compile(r"^[^\n\d]{0,12}(?:[ \t]+\S+){2,}[ \t]*$")


def _spaced_values(text: str) -> list[TableValue]:
    """Rows of a table read from a PDF text layer: 职工总数(人) 86,410 84,950 1.7."""
    out: list[TableValue] = []
    for m in _SPACED_ROW.finditer(text):
        label = _LABEL.match(m.group("label").strip())
        if label is None:
            continue
        # The heading is the nearest line above that is not itself a row: 指标 2016年 2015年 增长(%)
        head_cells: list[str] = []
        pos = m.start()
        for _ in range(12):  # up the rows, over a page break's blank lines, to the heading
            if pos <= 0:
                break
            prev_start = text.rfind("\n", 0, pos - 1) + 1
            line = text[prev_start:pos - 1] if pos - 1 > prev_start else ""
            if not _SPACED_ROW.fullmatch(line) and _YEAR.search(line):
                # 2018年增长(%) run together by the text layer: a year ends a cell.
                head_cells = re.sub(r"((?:19|20)\d\d年)(?=\S)", r"\1 ", line).split()
                break
            if len(line) > 80:
                break
            pos = prev_start
        unit, factor = _UNITS.get(label.group("unit"), (label.group("unit"), 1))
        found = list(re.finditer(rf"{_SIGN}?[\d,]+(?:\.\d+)?|[—-](?=\s|$)", m.group("values")))
        # The heading's last cells name the row's values, right-aligned: whatever the text
        # layer glued before the heading (a title) does not shift the columns.
        heads = head_cells[-len(found):] if len(head_cells) >= len(found) else []
        for k, vm in enumerate(found):
            head = heads[k] if heads else ""
            if _CHANGE.search(head) or not re.search(r"\d", vm.group()):
                continue
            try:
                value = _cell_value(vm.group()) * factor
            except ValueError:
                continue
            start = m.start("values") + vm.start()
            year = _YEAR.search(head)
            out.append(TableValue(
                label=label.group("label").strip(), label_start=m.start("label"),
                label_end=m.end("label"), start=start, end=start + len(vm.group()),
                value=value, unit=unit, year=int(year.group(1)) if year else None,
            ))
    return out


_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|全[县市区省州旗盟]|总数|汇总)")
_ROW_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?度?")
_TOTAL_WORDS = ("总数", "合计", "小计", "总计", "数量", "人数", "个数", "计")


def _blocks(text: str) -> list[list[list[tuple[str, int, int]]]]:
    """The `| a | b |` tables of a text, as rows of cells; markdown rule lines dropped."""
    blocks: list[list[list[tuple[str, int, int]]]] = []
    last_end = -2
    for m in _ROW.finditer(text):
        if m.start() > last_end + 1:
            blocks.append([])
        last_end = m.end()
        cells = _cells(m.group(0), m.start())
        if cells and not _is_rule(cells):
            blocks[-1].append(cells)
    return [b for b in blocks if b]


def _is_rule(cells: list[tuple[str, int, int]]) -> bool:
    """A markdown rule line |---|---|, not a row whose first cell is empty (|  | 合计 | 61 |)."""
    return all(set(c[0]) <= set("-: ") for c in cells) and any("-" in c[0] for c in cells)


def _compose(parent: str, child: str) -> str:
    """A merged heading over its sub-headings: 基层工会 + 其中当年新建 → 当年新建基层工会."""
    child = re.sub(r"^其中\s*[:：]?", "", child).strip()
    if not child:
        return parent
    if child in _TOTAL_WORDS:
        return parent + child
    noun = re.sub(r"(?:人数|总数|数量|数)$", "", parent)
    if parent in child or parent[-2:] in child or (noun and noun in child):
        return child  # 会员 over 女会员; 会员人数 over 其中农民工会员
    return child + parent


def _column_labels(heads: list[list[str]], width: int) -> list[tuple[str, str] | None]:
    """(label, unit word) per column from one heading row, or two when headings are merged."""
    top = [*heads[0], *[""] * width][:width]
    sub = [*heads[1], *[""] * width][:width] if len(heads) > 1 else [""] * width
    labels: list[tuple[str, str] | None] = []
    for k in range(width):
        parent, child = top[k], sub[k]
        if not parent and child:  # under a heading merged across columns (colspan)
            parent = next((top[j] for j in range(k - 1, -1, -1) if top[j]), "")
        own, inner = _LABEL.match(parent), _LABEL.match(child)
        if inner is not None:
            labels.append((_compose(own.group("label") if own else parent, inner.group("label")),
                           inner.group("unit")))
        elif own is not None:
            labels.append((_compose(own.group("label").strip(), child), own.group("unit")))
        else:
            labels.append(None)
    return labels


def _column_values(block: list[list[tuple[str, int, int]]]) -> list[TableValue]:
    """A table whose headings name the indicators (会员人数(人) | 入会率(%)) and whose rows are
    years (2017年: that year's figures) or places (贡江镇: a subset; 合计: the total)."""
    heads = []
    for cells in block:
        if any(_NUMERIC.match(c[0]) for c in cells[1:]):
            break
        heads.append([c[0] for c in cells])
    if not heads or len(heads) > 3 or len(heads) == len(block):
        return []
    width = max(len(r) for r in block)
    labels = _column_labels(heads[-2:], width)
    label_cols = [k for k, lab in enumerate(labels) if lab]
    rows = block[len(heads):]
    numeric = [k for k in label_cols
               if sum(k < len(r) and bool(_NUMERIC.match(r[k][0])) for r in rows) * 2 > len(rows)]
    # One labelled column is enough when it holds numbers down the table (单位 | 本年新建基层
    # 工会(个) | 主要做法及成效): the other columns are words.
    if not label_cols or min(label_cols) == 0 or (len(label_cols) < 2 and not numeric):
        return []
    key_col = min(label_cols) - 1  # the row's name: 年份, 乡镇 (after a 序号 column)
    out = []
    for cells in block[len(heads):]:
        if len(cells) <= key_col:
            continue
        key, key_start, key_end = cells[key_col]
        if not key or _NUMERIC.match(key):
            continue
        year = _ROW_YEAR.fullmatch(key.replace(" ", ""))
        scope = "total" if year or _TOTAL_ROW.match(key.replace(" ", "")) else "subset"
        for k in label_cols:
            if k >= len(cells) or not _NUMERIC.match(cells[k][0]):
                continue
            label, word = labels[k]  # type: ignore[misc]
            unit, factor = _UNITS.get(word, (word, 1))
            try:
                value = _cell_value(cells[k][0]) * factor
            except ValueError:
                continue
            out.append(TableValue(
                label=label, label_start=key_start, label_end=key_end, start=cells[k][1],
                end=cells[k][2], value=value, unit=unit,
                year=int(year.group(1)) if year else None, scope=scope,
            ))
    return out


def find_table_values(text: str) -> list[TableValue]:
    """Value cells under year (or plain value) columns of rows labelled with a unit."""
    blocks = _blocks(text) if "|" in text else []
    return (_spaced_values(text)
            + [v for b in blocks for v in _dated(text, b, _column_values(_headed(text, b)))]
            + [v for b in blocks for v in _dated(text, b, _row_values(b))]
            + [v for b in blocks for v in _caption_values(text, b)] + _unit_column_values(text))


# 表2　2021年舒城县工会工作主要指标: a caption that dates the whole table.
_CAPTION = re.compile(r"^\s*(?:表\s*\d|[^\n|]{0,30}(?:统计表|情况表|指标|一览表|情况\s*$))")


def _line_above(text: str, block: list[list[tuple[str, int, int]]]) -> str:
    """The line of text right above a table's first row (its caption, if it has one)."""
    line_start = text.rfind("\n", 0, max(0, block[0][0][1] - 1)) + 1
    return text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:line_start]


def _dated(text: str, block: list[list[tuple[str, int, int]]],
           values: list[TableValue]) -> list[TableValue]:
    """Values whose columns name no year take the one year their caption names."""
    if not values or all(v.year is not None for v in values):
        return values
    caption = _line_above(text, block)
    first = [c[0] for c in block[0] if c[0].strip()]
    if len(first) == 1 and len(block[0]) > 1:
        caption = first[0]  # | 2019年“两节”送温暖资金发放情况 |  |  |: a caption row
    years = set(_YEAR.findall(caption)) if _CAPTION.match(caption) else set()
    if len(years) != 1:
        return values
    year = int(years.pop())
    return [v if v.year is not None else replace(v, year=year) for v in values]


# 2015年元旦春节送温暖情况(单位:户、万元): the caption names each value column's unit in turn.
_RUN_HEADS = re.compile(r"[一-龥]{0,6}?(?:人数|金额|户数|人次|资金|次数|个数)")
# 单位:人(次)、万元: 人(次) is 人次.
_CAPTION_UNIT = rf"(?:{_UNIT_ALT})(?:\(次\)|（次）)?"
_CAPTION_UNITS = re.compile(
    rf"单位\s*[:：]\s*({_CAPTION_UNIT}(?:\s*[、,，/]\s*{_CAPTION_UNIT})+)\s*\)?")


def _caption_values(text: str, block: list[list[tuple[str, int, int]]]) -> list[TableValue]:
    """A table of groups (困难职工 | 1,360 | 68.0) whose caption, in its first row or on the
    line above, lists the units of its value columns in order (单位:户、万元)."""
    above = _line_above(text, block)
    first = " ".join(c[0] for c in block[0])
    caption = first if _CAPTION_UNITS.search(first) else above
    units = _CAPTION_UNITS.search(caption)
    if units is None:
        return []
    words = [re.sub(r"[(（]次[)）]", "次", w) for w in re.split(r"\s*[、,，/]\s*", units.group(1))]
    skip = 1 if caption is first else 0  # the caption's own row
    heads: list[list[str]] = []
    for cells in block[skip:]:
        if any(_NUMERIC.match(c[0]) for c in cells[1:]):
            break
        heads.append([c[0] for c in cells])
    rows = block[skip + len(heads):]
    if not rows or any(c == "单位" for h in heads for c in h):
        return []  # a unit column of its own (指标 | 单位 | …) is _row_values' table
    width = max(len(r) for r in rows)
    numeric = [sum(k < len(r) and bool(_NUMERIC.match(r[k][0])) for r in rows)
               for k in range(width)]
    value_cols = [k for k in range(1, width) if 2 * numeric[k] > len(rows)]
    if len(value_cols) != len(words):
        return []
    header = [""] * width
    for h in heads:
        header = _stack(header, h)
    title = caption[:units.start()].rstrip("(（ ") if caption is first else caption.strip()
    # 单位:人(次)、万元类别帮扶人数帮扶金额: a text layer ran the heading row into the caption;
    # the words that end in 人数, 金额 … name the value columns in turn.
    tail = _RUN_HEADS.findall(caption[units.end():])
    if not heads and len(tail) == len(value_cols):
        for k, word in zip(value_cols, tail, strict=True):
            header[k] = word
        title = caption[:units.start()].rstrip("(（ ")
    year = _YEAR.search(title) or _YEAR.search(above)
    out = []
    for cells in rows:
        key, key_start, _key_end = cells[0]
        if not key or _NUMERIC.match(key):
            continue
        scope = "total" if _TOTAL_ROW.match(key.replace(" ", "")) else "subset"
        for k, word in zip(value_cols, words, strict=True):
            if k >= len(cells) or not _NUMERIC.match(cells[k][0]):
                continue
            unit, factor = _UNITS.get(word, (word, 1))
            try:
                value = _cell_value(cells[k][0]) * factor
            except ValueError:
                continue
            head = header[k] if k < len(header) else ""
            out.append(TableValue(
                label=f"{title}{key}{head}", label_start=key_start, label_end=cells[0][2],
                start=cells[k][1], end=cells[k][2], value=value, unit=unit,
                year=int(year.group(1)) if year else None, scope=scope,
            ))
    return out


_HEAD_LABEL = re.compile(rf"([^\s()|,，。:：]{{2,12}}?)\(({_UNIT_ALT}|%)\)")
_HEAD_LINES = 4


def _headed(text: str, block: list[list[tuple[str, int, int]]]) -> list[list[tuple[str, int, int]]]:
    """A block of value rows whose heading a text layer broke off into lines of text above it
    (乡镇 / 基层工会(个)会员(人) / 职工书屋(个)建档困难职工(户)): the heading put back as a row,
    when those lines name one label(unit) for each value column."""
    first = block[0]
    if len(first) < 3 or not all(_NUMERIC.match(c[0]) for c in first[1:]):
        return block  # the block has a heading row of its own
    above = text[:first[0][1]].rstrip("| \t").split("\n")[-_HEAD_LINES - 1:-1]
    labels = [f"{m.group(1)}({m.group(2)})" for ln in above for m in _HEAD_LABEL.finditer(ln)]
    if len(labels) != len(first) - 1:
        return block
    return [[("", -1, -1), *((lab, -1, -1) for lab in labels)], *block]


def _stack(top: list[str], below: list[str]) -> list[str]:
    """Two heading rows as one: each column's cells joined, an empty one taking the other's."""
    width = max(len(top), len(below))
    top, below = [*top, *[""] * width][:width], [*below, *[""] * width][:width]
    # 2022年 merged over 目标任务 | 完成数: an empty cell between two sub-headings is the
    # merged heading's, on its left.
    for k in range(1, width):
        if not top[k] and below[k] and top[k - 1] and below[k - 1]:
            top[k] = top[k - 1]
    return [a + b for a, b in zip(top, below, strict=True)]


def _row_values(block: list[list[tuple[str, int, int]]]) -> list[TableValue]:
    """Rows labelled with their unit (工会会员(人) | 79,532), each value for its column's year."""
    out: list[TableValue] = []
    header: list[str] = []
    in_header = False
    for cells in block:
        # 工会会员 | 人 | 104,218: the unit in a column of its own (项目 | 单位 | 数量), after a
        # category column too (组织建设 | 新建基层工会 | 个 | 38, the category merged down).
        lead = 1 if (len(cells) >= 4 and _BARE_UNIT.fullmatch(cells[2][0])
                     and not _BARE_UNIT.fullmatch(cells[1][0])) else 0
        unit_col = len(cells) >= 3 + lead and _BARE_UNIT.fullmatch(cells[1 + lead][0]) is not None
        first = 2 + lead if unit_col else 1
        values = cells[first:]
        # A row with its unit in the unit column holds values, whatever OCR made of one (和715).
        if not unit_col and values and not all(
                _NUMERIC.match(c[0]) or c[0] in ("", "—", "-") for c in values):
            # A heading row: 指标 | 2016年 | 2015年 | 增长(%). Headings on two rows (完成情况 over
            # 2023年 | 2022年, 增减% merged down) are one heading, column by column.
            row = [c[0] for c in cells]
            header = _stack(header, row) if in_header else row
            in_header = True
            continue
        in_header = False
        label = _LABEL.match(cells[0][0])
        if unit_col:
            label_text, unit_word = cells[lead][0], cells[1 + lead][0]
        elif label is not None:
            label_text, unit_word = label.group("label"), label.group("unit")
        else:
            continue
        unit, factor = _UNITS.get(unit_word, (unit_word, 1))
        for k, (cell, start, end) in enumerate(values, start=first):
            head = header[k] if k < len(header) else ""
            if not _NUMERIC.match(cell) or _CHANGE.search(head) or (
                    unit != "%" and _RATIO_HEAD.search(head)):
                continue
            try:
                value = _cell_value(cell) * factor
            except ValueError:
                continue
            year = _YEAR.search(head)
            out.append(TableValue(
                label=label_text.strip(), label_start=cells[lead if unit_col else 0][1],
                label_end=cells[lead if unit_col else 0][2], start=start, end=end, value=value,
                unit=unit, year=int(year.group(1)) if year else None,
                status="target" if _TARGET_HEAD.search(head) else "actual",
            ))
    return out


# The same table as a text layer or OCR gives it: 职工总数 人 112,460 2.3 (or 职工总数人112,460).
_UNIT_COL_ROW = re.compile(
    rf"^[ \t]*(?P<label>[^\d\n|()]{{2,30}}?)[ \t]*(?P<unit>{_UNIT_ALT}|%)[ \t]*"
    rf"(?P<value>[-+]?\d[\d,]*(?:\.\d+)?)(?:[ \t]+{_SIGN}?[\d,.]+%?|[ \t]*[—一-])*[ \t]*$", re.M)
# 项目 单位 2022年 2021年, also spaced out to align a typed table (  项    目      单位    1999年).
_UNIT_HEAD = re.compile(r"^[^\d\n]{0,30}单位[^\n]{0,40}$", re.M)


def _unit_column_values(text: str) -> list[TableValue]:
    """Rows under a heading that names a 单位 column: the first value is the row's figure.

    The year is the heading's, or the table title's on the line above (2021年…主要指标).
    """
    if "单位" not in text:
        return []
    out = []
    for head in _UNIT_HEAD.finditer(text):
        title_start = text.rfind("\n", 0, max(0, head.start() - 1)) + 1
        year = _YEAR.search(head.group()) or _YEAR.search(text, title_start, head.start())
        years = [int(y) for y in _YEAR.findall(head.group())]
        pos = head.end() + 1
        for _ in range(40):  # rows until the prose resumes; an unreadable row is skipped
            eol = text.find("\n", pos)
            line_end = eol if eol >= 0 else len(text)
            # A row is short once the spaces that align its columns count as one.
            if pos >= len(text) or len(" ".join(text[pos:line_end].split())) > 40 \
                    or text.startswith("【", pos):
                break
            m = _UNIT_COL_ROW.match(text, pos, line_end)
            row_end, pos = line_end, line_end + 1
            if m is None:
                continue
            unit, factor = _UNITS.get(m.group("unit"), (m.group("unit"), 1))
            # One value per year the heading names (2022年 2021年 增减%), else the first alone.
            cells = list(_VALUE.finditer(text, m.start("value"), row_end))[:max(1, len(years))]
            for k, cell in enumerate(cells):
                try:
                    value = _cell_value(cell.group()) * factor
                except ValueError:
                    continue
                cell_year = years[k] if len(years) > 1 else (int(year.group(1)) if year else None)
                out.append(TableValue(
                    label=m.group("label").strip(), label_start=m.start("label"),
                    label_end=m.end("unit"), start=cell.start(), end=cell.end(),
                    value=value, unit=unit, year=cell_year,
                ))
    return out


_VALUE = re.compile(r"(?<![\d.,])[-+]?\d[\d,]*(?:\.\d+)?")
