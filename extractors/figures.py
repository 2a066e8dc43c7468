"""Find figures in clean Simplified text: quantities first, then the rule that names each.

*Extract* (find quantity spans with offsets) is kept apart from *parse* (numbers.py turns one
span into a Decimal). A quantity becomes a figure when a rule of figures.yaml fires on it, or
when it continues or breaks down a figure of the same sentence (与去年同期的12件次; 其中…29个).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache

from extractors.numbers import NUMBER_PATTERN, parse_number, parse_percent
from extractors.rules_loader import Rule, RuleSet, load_rules
from extractors.tables import find_table_values, label_units
from schemas.catalogue import load_catalogue
from schemas.document import Figure

_HARD = ",，;；。!?！？\n【】"  # a colon joins a label to its value (会员数:13138人)
_SENTENCE_END = re.compile(r"[。!?！？\n]")
_CLAUSE_BREAK = re.compile(f"[{re.escape(_HARD)}]")
_SCOPE_WINDOW = 40  # how far back in its sentence a sector or place word sets a figure's scope
_WINDOW = 40  # characters of context either side of a number that a rule may look at

_PRE = {
    "将近": "approx", "接近": "approx", "大约": "approx", "近": "approx", "约": "approx",
    "大概": "approx", "超过": "at_least", "逾": "at_least", "多达": "at_least",
    "突破": "at_least",
    "不足": "at_most", "不到": "at_most", "低于": "at_most", "少于": "at_most",
    "不少于": "at_least", "不低于": "at_least", "不下于": "at_least",
    "不超过": "at_most", "不多于": "at_most", "不高于": "at_most",
}
_POST = {
    "以上": "at_least", "多": "at_least", "余": "at_least", "之多": "at_least",
    "左右": "approx", "上下": "approx", "以下": "at_most", "以内": "at_most",
}
_MULTIPLIER_CHARS = "百千万萬亿億"
_BARE_MULTIPLIER = re.compile(f"[{_MULTIPLIER_CHARS}]+")  # 十 alone is ten, a number
_LABEL_UNITS = {"万人": "人", "人": "人", "人次": "人次", "名": "名", "个": "个", "家": "家",
                "件": "件", "件次": "件次", "起": "起", "元": "元", "万元": "元", "亿元": "元",
                "%": "%"}
_LABEL_FACTOR = {"万人": Decimal(10**4), "万元": Decimal(10**4), "亿元": Decimal(10**8)}
_LABEL_UNIT = re.compile(rf"\(({label_units()})\)\s*:?\s*$")
_CELL_END = re.compile(r"\s*(?:$|[\s,，;；。|])")
_PRE_LENGTHS = sorted({len(w) for w in _PRE}, reverse=True)  # longest first: 不低于 before 低于
_MULTIPLIER = {"千": Decimal(1000), "万": Decimal(10**4), "百万": Decimal(10**6),
               "千万": Decimal(10**7), "亿": Decimal(10**8), "万亿": Decimal(10**12)}
# 其中农民工3100人; 新发展会员6,120人(含农民工4000余人): a part of the figure before it.
_PART = re.compile(r"其中|[(（](?:含|包括)")
_PER_HEAD = re.compile(r"每人|每户|每名|每位|人均|户均|标准")
_RANGE_SEP = r"(?:[—―]+|－|-|–|~|～|至|到)"
# 七成 is 70 %, 九成五 95 %: a tenth after a single digit, not inside a word (一成不变, 统一成立).
_TENTHS = re.compile(
    r"成(?P<half>[一二三四五六七八九](?![一-龥]))?(?=$|[^一-龥]|以上|以下|左右|多|的)")
_TENTH_DIGIT = {c: n for n, c in enumerate("〇一二三四五六七八九")} | {str(n): n for n in range(10)}
_RESPECTIVELY = re.compile(r"([^,，;；。]{2,40}?)分别(?:为|是|达到|达|有)\s*$")
_LABEL_SPLIT = re.compile(r"[、和及与]|以及")
# A label that is a place (永城市, 夏邑县, 延边州): it names whose figure, not what it counts.
_PLACE_LABEL = re.compile(
    r"\s*[一-龥]{1,8}?(?:省|市|县|区|州|旗|盟|镇|乡|街道)(?:\([^)]{0,12}\))?\s*")
_LIST_JOIN = re.compile(r"\s*(?:[、和及与]|以及)?\s*")  # 5件次、12件次: only right after one
_CONTINUE = re.compile(
    r"(?:(?:比|与|较|同比)?[^,，;；]{0,6}?(?:去年|上年|前年|同期|上一年|年初"
    r"|(?<=[比与较])(?:19|20)\d\d年|(?<=[比与较])[一二][〇零○九][〇零○一二三四五六七八九]{2}年)"
    r"[^,，;；]{0,6}?的?$)"
    r"|(?:(?:提高到|上升到|增加到|增至|升至|扩大到|达到|提升到|由)[^,，;；]{0,8}?的?$)"
    # 计划新建基层工会40家，实际完成52家: the outcome of the figure just planned
    r"|(?:^(?:实际|已经?|目前已)?(?:完成|达成)了?$)"
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十]+[部分章节、])"
)
_QIZHONG_CLAUSE = re.compile(r"其中[,，:：]?[^,，;；。]*[,，]")
_LABEL_LEAD = re.compile(r"\s*(?:其中|另有|包括)?[、,，:：\s]*")
_YEAR = re.compile(r"((?:19|20)\d\d|[一二][〇零○九][〇零○一二三四五六七八九]{2})年")
_CN_DIGIT = str.maketrans("〇零○一二三四五六七八九", "00012345678" "9")
_START_YEAR = re.compile(r"(?:度)?(?:以来|开始|起|至今)")  # used with .match(text, pos)
_START_YEAR_BEFORE = re.compile(r"(?:自|从|始于)")
_BOUND_YEAR = re.compile(r"(?:底|末)?的")
_AS_OF = re.compile(r"截至|截止|到")
_DATE_AFTER = re.compile(r"[0-9一二三四五六七八九十]{1,2}月")
_HEADING_WORDS = 24
_CLAUSE_OPEN = re.compile(r"(?:.*[,，:：;；\s】)）])?(?:到|截至|截止|至|在|于)?\s*", re.S)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int  # end of the unit and any trailing qualifier
    num_start: int
    value: Decimal
    value_max: Decimal | None
    unit: str  # the unit word as written (人次, 家, %, 元)
    unit_class: str
    qualifier: str


@dataclass
class _Hit:
    rule: Rule
    key_start: int  # where the naming words begin (absolute offset)
    key_end: int


@dataclass(frozen=True)
class _QuantityPatterns:
    number: re.Pattern[str]
    tail: re.Pattern[str]  # matched where a number ends: range, qualifier, unit
    pre: tuple[str, ...]  # qualifiers written before a number, longest first
    unit_class: dict[str, str]


@cache
def _patterns() -> _QuantityPatterns:
    unit_class = load_rules().unit_class
    words = sorted(unit_class, key=len, reverse=True)
    units = "|".join(re.escape(w) for w in words if w != "%")
    post = "|".join(sorted(_POST, key=len, reverse=True))
    num = f"(?:{NUMBER_PATTERN})"
    tail = (
        rf"(?:\s*%(?:\s*{_RANGE_SEP}\s*(?P<pnum2>{num})\s*%)?"  # 9% / 9%~15%
        rf"|\s*{_RANGE_SEP}\s*(?P<pnum3>{num})\s*%"  # 9~15%
        rf"|(?:\s*{_RANGE_SEP}\s*(?P<num2>{num}))?\s*(?P<mid>余|多)?"
        rf"(?P<mult>(?<=[余多])(?:万亿|千万|百万|万|亿|千))?\s*(?P<unit>{units}))"
        rf"(?P<post>{post})?"
    )
    return _QuantityPatterns(
        number=re.compile(num),
        tail=re.compile(tail),
        pre=tuple(sorted(_PRE, key=len, reverse=True)),
        unit_class=unit_class,
    )


@cache
def _unit_range(unit: str) -> re.Pattern[str]:
    """The high end of a range that repeats its unit: 至180个 after 150个."""
    return re.compile(rf"\s*{_RANGE_SEP}\s*({NUMBER_PATTERN})\s*{re.escape(unit)}")


# What every _unit_range match starts with: tried first, since compiling the number pattern
# for each unit costs a worker process a second, and few quantities are followed by a range.
_RANGE_AHEAD = re.compile(rf"\s*{_RANGE_SEP}")


def _num(text: str) -> Decimal:
    return parse_number(re.sub(r"\s+", "", text) if " " in text else text)


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every number with a catalogue unit (人, 家, 件, %, 元 …), with its qualifier and range.

    Numbers are found first (a pattern that fails fast on running text), then the unit and
    qualifiers are matched where each number ends: far cheaper than one big pattern.
    """
    pats = _patterns()
    consumed = 0
    for m in pats.number.finditer(text):
        num_start = m.start()
        if num_start < consumed:
            continue  # the high end of a range already read
        if (m.group()[0] in _MULTIPLIER_CHARS and _BARE_MULTIPLIER.fullmatch(m.group())
                and not any(text[max(0, num_start - n):num_start] in _PRE for n in _PRE_LENGTHS)):
            continue  # 万元 in 资金(万元), 万名 in 万名职工: a unit or a manner of speaking
        chinese_percent = text.startswith("百分之", num_start - 3) and num_start >= 3
        tail = None if chinese_percent else pats.tail.match(text, m.end())
        label = None
        tenths = None
        if tail is None and m.group() in _TENTH_DIGIT and not chinese_percent:
            tenths = _TENTHS.match(text, m.end())
        if tail is None and not chinese_percent and tenths is None:
            # A table or yearbook cell: 会员数(人) 13138, 帮扶资金(万元):126.5
            lo = max(0, num_start - 10)
            label = _LABEL_UNIT.search(text, lo, num_start) if ")" in text[lo:num_start] else None
            if label is None or not _CELL_END.match(text, m.end()):
                continue
        try:
            value = _num(m.group())
            value_max = None
            mid = post = None
            if tenths is not None:
                half = tenths.group("half")
                value = Decimal(10 * _TENTH_DIGIT[m.group()] + (_TENTH_DIGIT[half] if half else 0))
                unit, begin = "%", num_start
                after = re.match(f"(?:{'|'.join(_POST)})", text[tenths.end():tenths.end() + 2])
                post = after.group() if after else None
                end = tenths.end() + (after.end() if after else 0)
            elif label is not None:
                word = label.group(1)
                unit, begin, end = _LABEL_UNITS.get(word, word), num_start, m.end()
                value *= _LABEL_FACTOR.get(label.group(1), 1)
            elif chinese_percent:
                unit, begin = "%", num_start - 3
                value = parse_percent("百分之" + m.group())
                after = re.match(f"(?:{'|'.join(_POST)})", text[m.end():m.end() + 2])
                post, end = (after.group(), m.end() + after.end()) if after else (None, m.end())
            else:
                assert tail is not None
                g = tail.groupdict()
                begin, end, post = num_start, tail.end(), g["post"]
                second = g["pnum2"] or g["pnum3"] or g["num2"]
                value_max = _num(second) if second else None
                unit, mid = (g["unit"], g["mid"]) if g["unit"] else ("%", None)
                if g["mult"]:  # 30多万人: the multiplier follows the qualifier
                    factor = _MULTIPLIER[g["mult"]]
                    value *= factor
                    value_max = value_max * factor if value_max is not None else None
                if (value_max is None and g["unit"] and not g["mid"] and not g["post"]
                        and _RANGE_AHEAD.match(text, end)):
                    upper = _unit_range(unit).match(text, end)  # 150个至180个
                    if upper is not None:
                        value_max, end = _num(upper.group(1)), upper.end()
        except (ValueError, ArithmeticError):
            continue
        pre = next((text[begin - n:begin] for n in _PRE_LENGTHS
                    if begin >= n and text[begin - n:begin] in _PRE), None)
        if pre:
            begin -= len(pre)
        if value_max is not None and value_max <= value:
            value_max = None
        qualifier = "exact"
        for word, table in ((pre, _PRE), (mid, _POST), (post, _POST)):
            if word:
                qualifier = table[word]
        consumed = end
        yield Quantity(
            start=begin,
            end=end,
            num_start=num_start,
            value=value,
            value_max=value_max,
            unit=unit,
            unit_class=pats.unit_class[unit],
            qualifier=qualifier,
        )


def _labels(group: str, at: int) -> list[tuple[str, int]]:
    """The labels of a 分别为 list (女会员和农民工会员), each with its offset in the text."""
    out, pos = [], 0
    for m in _LABEL_SPLIT.finditer(group):
        if m.start() > pos:
            out.append((group[pos:m.start()], at + pos))
        pos = m.end()
    if pos < len(group):
        out.append((group[pos:], at + pos))
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _window_start(text: str, floor: int, pos: int) -> int:
    """Start of the text a rule may read before `pos`: the clause, the previous quantity."""
    start = max(floor, pos - _WINDOW)
    last = None
    for m in _CLAUSE_BREAK.finditer(text, start, pos):
        last = m.end()
    return last if last is not None else start


def _after_end(text: str, pos: int, ceiling: int) -> int:
    m = _CLAUSE_BREAK.search(text, pos, min(ceiling, pos + _WINDOW))
    return m.start() if m else min(ceiling, pos + _WINDOW)


@cache
def _rules_for_unit(rules: RuleSet, unit: str) -> tuple[Rule, ...]:
    return tuple(r for r in rules.rules if unit in r.units)


def _match_rules(rules: RuleSet, q: Quantity, before: str, before_at: int, after: str,
                 after_at: int, sentence: tuple[str, int] | None = None) -> _Hit | None:
    """The best rule for `q`; `sentence` (text, start) gives `sentence:` rules their words."""
    best: tuple[tuple[int, int, int], _Hit] | None = None
    for rule in _rules_for_unit(rules, q.unit):
        if rule.exclude is not None and rule.exclude.search(before):
            continue
        if rule.sentence is not None and (
                sentence is None or not rule.sentence.search(sentence[0][sentence[1]:q.start])):
            continue
        hit: _Hit | None = None
        distance = 0
        if rule.before is not None:
            if rule.before_probe is None or not rule.before_probe.search(before):
                continue
            m = rule.before.search(before)
            if m is None:
                continue
            # The leftmost match is found first; step right to the keyword nearest the number,
            # keeping the longest keyword among those equally near (基层工会 over 工会).
            best_m = m
            while True:
                nxt = rule.before.search(before, m.start() + 1)
                if nxt is None:
                    break
                m = nxt
                if len(m.group("gap")) < len(best_m.group("gap")):
                    best_m = m
            m = best_m
            distance = len(m.group("gap"))
            hit = _Hit(rule, before_at + m.start(), before_at + m.start("gap"))
        if rule.after is not None:
            a = rule.after.search(after)
            if a is None:
                continue
            if hit is None:
                hit = _Hit(rule, after_at, after_at + a.end())
            else:
                hit = _Hit(rule, hit.key_start, after_at + a.end())
        if hit is None:  # a rule of the sentence alone: its words are in an earlier clause
            hit = _Hit(rule, after_at, after_at)
        score = (rule.priority, -distance, hit.key_end - hit.key_start)
        if best is None or score > best[0]:
            best = (score, hit)
    return best[1] if best else None


def _blocked(rules: RuleSet, before: str, after: str) -> bool:
    return bool((rules.block_before is not None and rules.block_before.search(before))
                or (after and rules.block_after is not None and rules.block_after.search(after)))


def _named(rules: RuleSet, before: str) -> bool:
    """Whether the words before the number name something a rule knows (even if rejected)."""
    return any(r.before_probe is not None and r.before_probe.search(before) for r in rules.rules)


def _period(text: str, s_start: int, clause_start: int, pos: int) -> int | None:
    """The year the figure is for: the nearest year in its clause (由2012年的1580个增加到
    2017年的2460个), else a year that opens its sentence (2010年,对18名…); never a start year
    (自2007年以来) or a date (2012年3月)."""
    def years(lo: int, hi: int) -> list[re.Match[str]]:
        # 截至2021年6月底 is as of a date in 2021: a date only when nothing says "as of".
        return [m for m in _YEAR.finditer(text, lo, hi)
                if not _START_YEAR.match(text, m.end())
                and not _START_YEAR_BEFORE.search(text, max(lo, m.start() - 2), m.start())
                and (not _DATE_AFTER.match(text, m.end())
                     or _AS_OF.search(text, max(lo, m.start() - 3), m.start()))]

    # 由2010年的78%提高到93.2%: a year bound by 的 to an earlier number is that number's.
    def bound_elsewhere(m: re.Match[str]) -> bool:
        bound = _BOUND_YEAR.match(text, m.end())
        return bound is not None and bool(re.search(r"\d", text[bound.end():pos]))

    in_clause = [m for m in years(clause_start, pos) if not bound_elsewhere(m)]
    if in_clause:
        return _year_value(in_clause[-1])
    # A year that opens a clause (2017年,全市…; 到2022年,…) sets the topic of what follows
    # in its sentence (annotators differ on whether it crosses a ；: it does here).
    lo = s_start
    topic = [m for m in years(lo, pos)
             if _CLAUSE_OPEN.fullmatch(text, max(lo, m.start() - 3), m.start())
             or m.start() == lo or not text[lo:m.start()].strip()]
    if topic:
        return _year_value(topic[-1])
    # 基层工会由2012年的1580个增加到2017年的2460个，会员由26.3万人增加到38.7万人: the clauses
    # after the first pair compare the same two years.
    pair = _FROM_TO_YEARS.search(text, s_start, clause_start)
    if pair is not None:
        own = text[clause_start:pos]
        if _TO_VERB.search(own):
            return int(pair.group(2))
        if own.rstrip().endswith("由"):
            return int(pair.group(1))
    return None


_FROM_TO_YEARS = re.compile(
    r"由((?:19|20)\d\d)年[^,，;；。]{0,20}?(?:增加|提高|增长|上升|扩大|发展|提升)(?:到|至)"
    r"((?:19|20)\d\d)年")
_TO_VERB = re.compile(r"由[^,，;；。]{1,16}?(?:增加|提高|增长|上升|扩大|发展|提升)(?:到|至)\s*$")


def _year_value(m: re.Match[str]) -> int:
    return int(m.group(1).translate(_CN_DIGIT))


def _scope_window(text: str, s_start: int, pos: int, key_end: int) -> str:
    """The sentence before the figure (≤ 40 chars, not across ；), plus its naming words."""
    start = max(s_start, pos - _SCOPE_WINDOW)
    semi = max(text.rfind(";", start, pos), text.rfind("；", start, pos))
    start = semi + 1 if semi >= 0 else start
    # 印发《关于加强新就业形态劳动者建会入会工作的实施意见》,全年新建…: a document's name says
    # what it is about, not whom the figure counts.
    close = text.rfind("》", start, pos)
    start = close + 1 if close >= 0 else start
    # The sector of a 其中-clause (其中非公企业工会19个,) stays in that clause.
    for m in _QIZHONG_CLAUSE.finditer(text, start, pos):
        start = m.end()
    return text[start:max(pos, key_end)]


def _scope(rules: RuleSet, indicator: str, prefix: str, part: bool) -> str:
    if part:
        return "subset"
    group = rules.keyword_groups.get(indicator)
    if group is not None:
        prefix = group.sub("", prefix)
    strong = None
    for strong in rules.subset.finditer(prefix):  # noqa: B007 - want the last
        continue
    totals = [m.start() for m in rules.total.finditer(prefix)]
    if strong is not None:
        # 非公企业…,全县新发展会员126人: a jurisdiction word after the sector word wins.
        return "total" if totals and totals[-1] >= strong.end() else "subset"
    if rules.weak_subset.search(prefix) and not totals:
        return "subset"
    return "total"


def _status(rules: RuleSet, sentence_prefix: str, clause_prefix: str, in_plans: bool) -> str:
    if in_plans or rules.target.search(clause_prefix):
        return "target"
    marker = None
    for marker in rules.target_lead.finditer(sentence_prefix):  # noqa: B007 - want the last
        continue
    if marker is not None and not rules.done.search(sentence_prefix, marker.end()):
        return "target"
    return "actual"


def _is_heading(sentence: str) -> bool:
    """A section heading: a numbered line (一、 (二) 3.) or a short line without numbers."""
    s = sentence.strip()
    if not s:
        return False
    # A short line with no number but a year is a heading too (2013年工作打算); a short
    # sentence of prose (一九九六年，是实施“九五”计划的第一年。) is not.
    return bool(_HEADING.match(s)) or (
        len(s) <= 20 and not re.search(r"\d", _YEAR.sub("", s))
        and s[-1] not in "。！？!?" and "，" not in s and "," not in s)


@dataclass
class _Heads:
    """Figures of the current sentence that later quantities may continue or break down."""

    by_unit: dict[str, tuple[Figure, int]] = field(default_factory=dict)  # head, its end
    by_indicator: dict[str, tuple[Figure, int]] = field(default_factory=dict)
    last: dict[str, Figure] = field(default_factory=dict)  # unit class → latest figure
    every: dict[str, list[tuple[Figure, int]]] = field(default_factory=dict)  # all heads

    def add(self, fig: Figure, unit_class: str, end: int, head: bool) -> None:
        self.last[unit_class] = fig
        if head:
            self.by_unit[unit_class] = (fig, end)
            self.by_indicator[fig.indicator] = (fig, end)
            self.every.setdefault(unit_class, []).append((fig, end))

    def rebind_by_sum(self, parts: list[Quantity]) -> None:
        """受理518件，办结509件。其中，劳动报酬类326件、劳动合同类97件、社会保险类95件: parts
        that add up to an earlier head break that one down, not the latest."""
        for unit_class, heads in self.every.items():
            values = [q.value for q in parts if q.unit_class == unit_class]
            latest = self.by_unit.get(unit_class)
            if len(values) < 2 or latest is None or len(heads) < 2:
                continue
            total = sum(values)
            if latest[0].value == total:
                continue
            match = [h for h in heads if h[0].value == total and h[0].value_max is None]
            if len(match) == 1:
                self.by_unit[unit_class] = match[0]
                self.last[unit_class] = match[0][0]


def _past_semicolon(text: str, head: tuple[Figure, int] | None, pos: int) -> bool:
    """A ；after the last 其中 ends the breakdown for numbers no rule names."""
    if head is None:
        return False
    qizhong = text.rfind("其中", head[1], pos)
    return max(text.rfind(";", qizhong, pos), text.rfind("；", qizhong, pos)) > qizhong


def _other_agent(rules: RuleSet, indicator: str, text: str, s_start: int, pos: int) -> bool:
    """仲裁委受理劳动争议案件4562件: counted by another body, not the union."""
    if rules.other_agents is None or indicator not in rules.agent_indicators:
        return False
    agent = None
    for agent in rules.other_agents.finditer(text, s_start, pos):  # noqa: B007 - want the last
        continue
    if agent is None:
        return False
    clause = max(max(text.rfind(c, s_start, agent.start()) for c in ",，;；") + 1, s_start)
    if rules.agent_joint is not None and rules.agent_joint.search(text, clause, agent.start()):
        return False  # 会同市人社局、市人民法院开展调解: done with the body, so the union's too
    return "工会" not in text[clause:pos]


@cache
def _families(rules: RuleSet, indicator: str) -> frozenset[str]:
    return frozenset(r.family for r in rules.rules if r.indicator == indicator and r.family)


def _family(rules: RuleSet, rule_id: str) -> str | None:
    return next((r.family for r in rules.rules if r.id == rule_id.split("+")[0]), None)


# A title line ends with the kind of paper it is, or with its date in brackets.
_ENDS_WITH_KIND = re.compile(r"(?:要点|计划|安排|打算|方案|总结|汇报|回顾|报告)[\s)）》”]*$")


def _plan_document(rules: RuleSet, text: str, title: str | None) -> tuple[bool, int | None]:
    """工作要点, 工作计划: every figure is a target (a 总结 that ends with plans is not).

    Returns whether the document is a plan, and the year it plans for (2019年工作要点)."""
    lines = [ln.strip() for ln in text.split("\n")[:8] if ln.strip()][:6]
    heads = [title or "", *(ln for ln in lines[:1] if not _HEADING.match(ln))]
    # The title may sit under an issuer's lines (中共凯里市总工会党组 / 凯工发〔2024〕3号): a
    # short line further down that ends with the kind of paper (…2024年工作要点) is the title,
    # not one that reports a plan's issue (湖州市总工会改革实施方案出台).
    if not any(rules.plan_title.search(h) or rules.review_title.search(h) for h in heads):
        for k, ln in enumerate(lines):
            if len(ln) > 40 or "。" in ln or _HEADING.match(ln):
                break  # the body has begun: a plan's heading there is a section's
            if k and _ENDS_WITH_KIND.search(ln) and (rules.plan_title.search(ln[-12:])
                                                     or rules.review_title.search(ln[-12:])):
                heads.append(ln)
    for first in (h[:60] for h in heads if h):
        if rules.plan_title.search(first) and not rules.review_title.search(first):
            # 三年行动计划(2018—2020年) plans from its first year on.
            span = re.search(r"((?:19|20)\d\d)\s*[—–\-~～至到]+\s*(?:19|20)\d\d", first)
            year = span or _YEAR.search(first)
            return True, (int(year.group(1).translate(_CN_DIGIT)) if year else None)
    return False, None


def extract_figures(text: str, rules: RuleSet | None = None,
                    title: str | None = None, foreign: bool | None = None) -> list[Figure]:
    """All figures of a clean text, in text order, with attributes and provenance.

    `foreign`: the text is another body's report (is_foreign_report), if the caller knows.
    """
    rules = rules or load_rules()
    catalogue = load_catalogue()
    figures: list[Figure] = []
    quantities = list(find_quantities(text))
    qi = 0
    heads = _Heads()
    plan_document, plan_year = _plan_document(rules, text, title)
    in_plans = plan_document  # inside a section headed 明年工作打算 and the like
    for s_start, s_end in _sentences(text):
        sentence_q: list[Quantity] = []
        while qi < len(quantities) and quantities[qi].start < s_end:
            if quantities[qi].start >= s_start:
                sentence_q.append(quantities[qi])
            qi += 1
        sentence = text[s_start:s_end]
        if _is_heading(sentence) and not plan_document:
            # Only the heading's own words count, not a body glued to it.
            in_plans = bool(rules.plan_heading.search(sentence.strip()[:_HEADING_WORDS]))
        if not sentence_q:
            continue
        # A sentence that opens with 其中 breaks down the figures of the sentence before it.
        if not sentence.lstrip().startswith("其中"):
            heads = _Heads()
        else:
            heads.rebind_by_sum(sentence_q)
        prev_end = s_start
        spread: list[tuple[str, int]] | None = None  # labels of a 分别为 list, with offsets
        spread_lead = ("", 0)  # the words before that list, with their offset
        spread_at = 0
        for q in sentence_q:
            w_start = _window_start(text, prev_end, q.start)
            before = text[w_start:q.start]
            after = text[q.end:_after_end(text, q.end, s_end)]
            prev_q_end, prev_end = prev_end, q.end
            # 女会员和农民工会员分别为3.1万人和2.47万人: the k-th label names the k-th number.
            respectively = _RESPECTIVELY.search(before) if "分别" in before else None
            if respectively:
                labels = _labels(respectively.group(1), w_start + respectively.start(1))
                spread = labels if len(labels) > 1 else None
                spread_at = 0
                # 各县新建工会数，永城市、夏邑县分别为68个、53个: labels that are places
                # take their noun from the clause before the list.
                group_at = w_start + respectively.start(1)
                lead_from = max(s_start, group_at - _WINDOW)
                spread_lead = (text[lead_from:group_at].rstrip(",，: ："), lead_from)
            elif spread and w_start == prev_q_end and _LIST_JOIN.fullmatch(before):
                spread_at += 1
            else:
                spread = None
            before_at = w_start
            if spread and spread_at < len(spread):
                before, before_at = spread[spread_at]
            if _blocked(rules, before, after):
                if _PER_HEAD.search(before):
                    # 每户慰问标准由去年的600元提高到800元: what follows a per-person amount
                    # continues it, not the figure before it.
                    heads.last.pop(q.unit_class, None)
                continue
            head = heads.by_unit.get(q.unit_class)
            part = head is not None and _PART.search(text, head[1], q.start) is not None
            hit = _match_rules(rules, q, before, before_at, after, q.end, (text, s_start))
            if hit is None and spread and spread_at < len(spread) - 1:
                # 区域性、行业性工会联合会分别为14个和9个: the last label's noun is shared.
                last, last_at = spread[-1]
                hit = _match_rules(rules, q, last, last_at, after, q.end, (text, s_start))
            if hit is None and spread and spread_at < len(spread) and spread_lead[0] \
                    and all(_PLACE_LABEL.fullmatch(lab) for lab, _ in spread):
                hit = _match_rules(rules, q, spread_lead[0], spread_lead[1], after, q.end,
                                   (text, s_start))
            inherited = False
            if hit is not None:
                indicator = hit.rule.indicator
                if hit.rule.otherwise and hit.rule.otherwise[0].search(text, s_start, q.start):
                    indicator = hit.rule.otherwise[1]
                # 其中组建私营企业工会99家 under 共建立…420家: a part of the total, same indicator.
                if (part and head is not None and hit.rule.family is not None
                        and hit.rule.defers
                        and _family(rules, head[0].rule) == hit.rule.family):
                    indicator = head[0].indicator
                elif part and head is not None and not hit.rule.defers \
                        and indicator != head[0].indicator \
                        and _past_semicolon(text, head, q.start):
                    # 会员…其中女会员…;全年新建工会103个,其中非公企业工会91个: words that name
                    # their own indicator start a new total, not a part of the one above.
                    part = False
                key_start, key_end, rule_id = hit.key_start, hit.key_end, hit.rule.id
            elif (q.unit_class in heads.last
                  and ((part and not _past_semicolon(text, head, q.start))
                       or _CONTINUE.search(before)
                       or (w_start == prev_q_end and _LIST_JOIN.fullmatch(before)))
                  and not _named(rules, before)):
                parent = head[0] if part and head is not None else heads.last[q.unit_class]
                indicator, inherited = parent.indicator, True
                family = _family(rules, parent.rule)
                rule_base = parent.rule.split("+")[0]
                for name, verb in rules.part_verbs.items():
                    if family and verb.search(before) and family in _families(rules, name):
                        indicator, rule_base = name, f"part_verbs.{name}"
                uncounted = rules.parts_not_counted.get(indicator)
                if uncounted is not None and uncounted.search(before):
                    continue
                # The label of a part (其中行政机关29个) is the words since the clause began.
                label = _LABEL_LEAD.match(before)
                key_start = w_start + (label.end() if label else 0) if part else q.start
                key_end = q.end
                rule_id = f"{rule_base}+{'part' if part else 'continued'}"
            else:
                continue
            if _other_agent(rules, indicator, text, s_start, q.start):
                continue
            # A part of a total of the same indicator is a subset (本级受理68件 of 全市受理217件).
            same = heads.by_indicator.get(indicator)
            is_part = same is not None and _PART.search(text, same[1], q.start) is not None
            if inherited and not part:
                scope = heads.last[q.unit_class].scope
            else:
                scope = _scope(rules, indicator, _scope_window(text, s_start, q.start, key_end),
                               is_part)
            span_start, span_end = min(key_start, q.start), max(key_end, q.end)
            clause_start = _window_start(text, s_start, q.start)
            period = _period(text, s_start, clause_start, q.start)
            status = _status(rules, text[s_start:q.start], text[clause_start:q.start], in_plans)
            if rules.target_after.search(after):
                status = "target"
            if (status == "target" and plan_year and period and period < plan_year
                    and not rules.target.search(text[clause_start:q.start])):
                status = "actual"  # a plan's review of the year before (2018年,全市新建…)
            fig = Figure(
                indicator=indicator,
                value=q.value,
                value_max=q.value_max,
                unit=catalogue.indicators[indicator].unit,
                qualifier=q.qualifier,
                scope=scope,
                status=status,
                period=period,
                text=text[span_start:span_end],
                sentence=sentence.strip(),
                start=span_start,
                end=span_end,
                rule=rule_id,
            )
            figures.append(fig)
            heads.add(fig, q.unit_class, q.end, head=not inherited and not part)
    # A table value the prose pass also read (label(unit) right before it) is kept once, as
    # the table reads it: with its column's year.
    table = _table_figures(text, rules)
    rows = {(t.start, text.find("\n", t.start) % (len(text) + 1)) for t in table}
    figures = [f for f in figures
               if not any(a <= f.start < (b if b > a else len(text)) for a, b in rows)]
    # The prose that repeats a table's figure (全年新建工会组织448个 under 新建工会(个) 448) states
    # the same fact: it is kept once, as the table gives it, with its column's year.
    tabled = {(t.indicator, t.value) for t in table}
    figures = [f for f in figures if f.period is not None or f.status != "actual"
               or (f.indicator, f.value) not in tabled]
    figures += table
    others = _other_body_entries(rules, text)
    if others:
        figures = [f for f in figures if not any(a <= f.start < b for a, b in others)]
    if foreign if foreign is not None else is_foreign_report(text, title, rules):
        figures = [f for f in figures if _union_says(rules, text, f.start)]
    company = rules.enterprise_title.search(text) if rules.enterprise_title else None
    if company is not None and rules.enterprise_bulletin is not None \
            and rules.enterprise_bulletin.search(text, 0, company.start()):
        figures = [_company_scope(rules, text, f) if f.start > company.end() else f
                   for f in figures]
    return sorted(figures, key=lambda f: (f.start, f.end))


def is_foreign_report(text: str, title: str | None = None, rules: RuleSet | None = None) -> bool:
    """A report by another body than a union: its title or first lines say so."""
    rules = rules or load_rules()
    if rules.foreign_title is None:
        return False
    head = "\n".join(x for x in ((title or ""), text[:300]) if x)
    return any(rules.foreign_title.search(line) and "工会" not in line
               for line in head.splitlines()[:6])


def sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in "。!?！？\n") + 1


def _company_scope(rules: RuleSet, text: str, fig: Figure) -> Figure:
    """In an enterprise union's 经验介绍 a figure is the company's unless 全县/全市 says not."""
    if fig.scope == "subset" or rules.total.search(text, sentence_start(text, fig.start),
                                                   fig.start):
        return fig
    return replace(fig, scope="subset")


def _union_says(rules: RuleSet, text: str, pos: int) -> bool:
    """A union is the last body named before `pos` in its sentence."""
    prefix = text[sentence_start(text, pos):pos]
    union = prefix.rfind("工会")
    if union < 0:
        return False
    other = [m.start() for m in rules.foreign_body.finditer(prefix)] if rules.foreign_body else []
    return not other or union > other[-1]


def _other_body_entries(rules: RuleSet, text: str) -> list[tuple[int, int]]:
    """Spans of a yearbook page's entries for other bodies (县妇联 … up to the next entry)."""
    if rules.entry_heading is None:
        return []
    spans, start = [], None
    for m in rules.entry_heading.finditer(text):
        if start is not None:
            spans.append((start, m.start()))
            start = None
        if m.group("other"):
            start = m.start()
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _table_figures(text: str, rules: RuleSet) -> list[Figure]:
    """Statistics table rows (工会会员(人) | 79,532 | 77,105), each value for its column's year."""
    if "|" not in text and "(" not in text and "单位" not in text:
        return []  # no table of any kind find_table_values reads (单位: a unit column's head)
    catalogue = load_catalogue()
    out: list[Figure] = []
    for cell in find_table_values(text):
        unit_class = rules.unit_class.get(cell.unit)
        if unit_class is None:
            continue
        q = Quantity(cell.start, cell.end, cell.start, cell.value, None, cell.unit, unit_class,
                     "exact")
        label = _LABEL_LEAD.sub("", cell.label, count=1)
        hit = _match_rules(rules, q, label, cell.label_start, "", cell.end)
        part_of = None
        if hit is None and cell.label.lstrip().startswith("其中"):
            # 其中:新就业形态劳动者 | 人 | 385 under 新发展会员: the row above's indicator, a part.
            above = [f for f in out if f.start < cell.label_start and f.period == cell.year
                     and rules.unit_class.get(f.unit) == unit_class]
            part_of = above[-1] if above else None
        if hit is not None:
            indicator, rule_id = hit.rule.indicator, f"{hit.rule.id}+table"
        elif part_of is not None:
            indicator, rule_id = part_of.indicator, f"{part_of.rule.split('+')[0]}+table-part"
        else:
            continue
        if _blocked(rules, label, ""):
            continue
        line_start = text.rfind("\n", 0, cell.start) + 1
        line_end = text.find("\n", cell.end)
        out.append(Figure(
            indicator=indicator, value=cell.value, value_max=None,
            unit=catalogue.indicators[indicator].unit, qualifier="exact",
            scope="subset" if part_of is not None else (
                cell.scope or _scope(rules, indicator, label, False)),
            status=cell.status, period=cell.year,
            text=text[cell.label_start:cell.end],
            sentence=text[line_start:line_end if line_end >= 0 else len(text)].strip(),
            start=cell.label_start, end=cell.end, rule=rule_id,
        ))
    return out
