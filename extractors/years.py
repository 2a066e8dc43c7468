"""Report year: the year a report covers, kept apart from the date its page was posted."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
# 2010年, 2010—2012年 (the range counts as its last year), 二〇一〇年.
YEAR = re.compile(
    r"(?<![\d.])((?:19|20)\d{2})(?:\s*[-—–~～至到]\s*((?:19|20)\d{2}))?\s*年"
    r"|([一二][〇零○九][〇零○一二三四五六七八九]{2})年"
)
MASKED_YEAR = re.compile(r"(?:19|20|二〇|二零)[*＊×✕Xx□○]{1,2}\s*年|[*＊×✕□]{2,4}\s*年")
_MASK_PROBE = re.compile(r"[*＊×✕Xx□○]\s*年")  # how every MASKED_YEAR ends: a quick first test
# A heading that says which year the report is for: 2010年工作总结, 20**年上半年工作总结.
_REPORT_NOUN = re.compile(r"[^。\n]{0,16}?(?:总结|汇报|报告|述职|情况)")
_CLAUSE_END = re.compile(r"[，,。；;！？!?\n：:]")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
# Words that make a year a plan, not something done: 拟, 力争到2020年, 2011年拟验收.
# 安排部署2022年重点任务: the year ahead being planned.
_PLAN_BEFORE = re.compile(
    r"拟|计划|力争|争取|预计|预期|目标|规划|确保|有望|将于|将在|将要|展望|届时|明年|安排|部署"
)
# 2017年全市将新建…: a bare 将 only after the jurisdiction, as 将 also means 把 (县总工会将…作为).
_PLAN_AFTER = re.compile(
    r"[^。；;！？!?\n]{0,12}?(?:拟|计划|力争|争取|预计|将于|将在|将要|将继续|将进一步|目标)"
    r"|[,，]?(?:全[省市县区州盟旗]|我[省市县区])(?:各级)?(?:工会)?(?:系统)?将(?!近)"
)
_PAST = re.compile(r"已|了|共有|累计")
# Site chrome carries the posting date, never the year reported.
# Every branch opens with a plain character, so a search jumps between those characters; a
# pattern-wide re.I (for copyright) made it try every position.
_CHROME = re.compile(
    r"时间[:：]|日期[:：]|发布|来源[:：]|出处|更新|浏览|版权|c(?i:opyright)|C(?i:opyright)|©")
_RELATIVE = {"前年": 2, "去年": 1}
_START = re.compile(r"\s*(?:开始|起|以来)")
# The date a speech was given, on a line of its own near the top: (2017年1月12日).
# Or closing the speaker's line: 主席 刘德全(2019年1月24日), (2009年4月28日,根据录音整理).
_HEAD_DATE = re.compile(
    r"^[ \t]*[(（]?[ \t]*((?:19|20)\d\d)年[ \t]*(\d{1,2})月[ \t]*\d{1,2}日[ \t]*[)）]?[ \t]*$"
    r"|[(（][ \t]*((?:19|20)\d\d)年[ \t]*(\d{1,2})月[ \t]*\d{1,2}日[^)）\n]{0,12}[)）][ \t]*$",
    re.M)
# 向全委会报告2016年工作: the year the speech reports on, said in so many words.
_REPORTS_ON = re.compile(
    r"(?:报告|总结|回顾)((?:19|20)\d\d)年(?:度)?(?:的)?(?:全[省市县区州盟旗]|我[省市县区])?(?:各级)?"
    r"(?:工会)?工作")
# A plan's title names the year it plans for: 秦皇岛市总工会2019年工作要点.
_PLAN_TITLE = re.compile(r"((?:19|20)\d\d)年[^\n]{0,8}?(?:要点|计划|安排|打算|思路)")
_CLOSED_YEAR = re.compile(
    r"((?:19|20)\d\d)年度?[^。\n]{0,12}?决算|表彰((?:19|20)\d\d)年度")
_HEAD_LINES = 8
_HEAD_CHARS = 600


@dataclass(frozen=True)
class YearMention:
    """One written year with what its clause says about it."""

    year: int
    start: int
    end: int
    plan: bool
    since: bool  # 从2008年开始, 自2007年以来: the year something started


def _value(m: re.Match[str]) -> int:
    if m.group(3):
        return int(m.group(3).translate(_CN_DIGITS))
    return int(m.group(2) or m.group(1))


def _heading(text: str, title: str | None) -> str:
    lines = [ln for ln in text[:_HEAD_CHARS].splitlines() if ln.strip()][:_HEAD_LINES]
    return "\n".join(([title] if title else []) + lines)


def _heading_year(heading: str) -> tuple[bool, int | None]:
    """(found, year) from a heading: 2010年工作总结 → 2010; 20**年上半年工作总结 → masked."""
    for m in MASKED_YEAR.finditer(heading):
        if _REPORT_NOUN.match(heading, m.end()):
            return True, None
    for m in YEAR.finditer(heading):
        if _REPORT_NOUN.match(heading, m.end()):
            return True, _value(m)
    return False, None


def _chrome_lines(text: str) -> list[tuple[int, int]]:
    if not _CHROME.search(text):
        return []  # the usual report: no line to find, so no need to split it into lines
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        if _CHROME.search(line):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _in_brackets(text: str, pos: int) -> bool:
    """Inside 《…》: a document's name (《2008年工作要点》) dates the document, not the work."""
    opened = text.rfind("《", 0, pos)
    return opened >= 0 and text.rfind("》", opened, pos) < 0 and text.find("》", pos) >= 0


def year_mentions(text: str) -> list[YearMention]:
    """Every written year outside chrome and document titles, marked plan or start."""
    chrome = _chrome_lines(text)
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    found = []
    for m in YEAR.finditer(text):
        s, e = m.span()
        if any(a <= s < b for a, b in chrome) or _in_brackets(text, s):
            continue
        k = bisect_left(ends, s)
        clause_start = ends[k - 1] + 1 if k else 0
        before = text[clause_start:s]
        after_end = ends[bisect_right(ends, e)] if bisect_right(ends, e) < len(ends) else len(text)
        plan = bool(_PLAN_BEFORE.search(before) or _PLAN_AFTER.match(text, e))
        # 到2015年，全市… is a target unless the clause says it is done (到2013年底已建成).
        if before.strip() == "到" and not _PAST.search(text, e, after_end):
            plan = True
        since = bool(_START.match(text, e)) or before.rstrip().endswith(("从", "自"))
        found.append(YearMention(_value(m), s, e, plan, since))
    return found


def _relative_floor(text: str, mentions: list[YearMention]) -> int | None:
    """前年…规定从2008年开始: a rule made the year before it starts, so the report is 2009."""
    floor = None
    for m in mentions:
        if not m.since or m.plan:
            continue
        a = max((x.end() for x in _SENTENCE_END.finditer(text, 0, m.start)), default=0)
        b_hit = _SENTENCE_END.search(text, m.end)
        sentence = text[a : b_hit.start() if b_hit else len(text)]
        for word, back in _RELATIVE.items():
            if word in sentence:
                bound = m.year - 1 + back
                floor = bound if floor is None else max(floor, bound)
    return floor


def _relative_to_posting(text: str, posted: int | None, month: int | None = None) -> int | None:
    """A news item that names no year (去年以来, 仁寿县总工会新建…) and speaks mostly of 去年
    reports the year before its posting (a closing 今年… plan does not outweigh it).

    One that speaks mostly of 今年 reports the year it was posted in, once that year is under
    way (from March): a report written in December may be posted in January.
    """
    if posted is None:
        return None
    last, this = text.count("去年"), text.count("今年")
    if last > this:
        return posted - 1
    if this > last and month is not None and month >= 3:
        return posted
    return None


def _published_month(published: str | None) -> int | None:
    m = re.match(r"\s*(?:19|20)\d{2}\D(\d{1,2})", published or "")
    return int(m.group(1)) if m else None


def published_year(published: str | None) -> int | None:
    """The year of an ISO-ish posting date (2022-03-24 → 2022)."""
    m = re.match(r"\s*((?:19|20)\d{2})", published or "")
    return int(m.group(1)) if m else None


def infer_year(text: str, title: str | None = None, published: str | None = None) -> int | None:
    """The year the report covers: a heading year, else the latest year it tells as done."""
    heading = _heading(text, title)
    # 2016年度…决算和2017年度经费预算的审查报告, 表彰2008年度…先进集体的决定: the year closed.
    closed = _CLOSED_YEAR.search(heading)
    if closed:
        return int(closed.group(1) or closed.group(2))
    found, year = _heading_year(heading)
    if found:
        return year
    if _MASK_PROBE.search(text) and any(not _PLAN_AFTER.match(text, m.end())
                                        for m in MASKED_YEAR.finditer(text)):
        return None  # the latest year it tells of is masked (20**年1月)
    cap = published_year(published)
    mentions = [m for m in year_mentions(text) if cap is None or m.year <= cap]
    done = [m.year for m in mentions if not m.plan]
    month = _published_month(published)
    if not done:
        return _relative_to_posting(text, cap, month) if not mentions else None
    best = max(done)
    said = _REPORTS_ON.search(text[:_HEAD_CHARS])
    if said and int(said.group(1)) in done:
        return int(said.group(1))
    # A speech or report dated early in the year under its title ((2017年1月12日)) reviews the
    # year before, when that is the latest year its body tells as done.
    # Its own year in the body is then the year ahead (县总工会提出,2019年全县新建…以上).
    head = _HEAD_DATE.search(text[:_HEAD_CHARS])
    plan = _PLAN_TITLE.search(_heading(text, title))
    head_year, head_month = (int(head.group(1) or head.group(3)),
                             int(head.group(2) or head.group(4))) if head else (None, 13)
    if head and head_year == best and head_month <= 3 and not (
            plan and int(plan.group(1)) == best):  # 《2019年工作要点》 dated 2019年1月
        body = [m.year for m in mentions if not m.plan and not head.start() <= m.start < head.end()]
        if best - 1 in body:
            best -= 1
    floor = _relative_floor(text, mentions)
    if floor is not None and floor > best and (cap is None or floor <= cap):
        best = floor
    if cap is not None and best < cap and _relative_to_posting(text, cap, month) == cap:
        best = cap  # a news item of 今年 posted in its year, telling of 2016年以来 as history
    return best
