"""Clean text for matching while keeping a map from every clean character to the original.

Each step returns a new `MappedText`; `origin[i]` is the offset in the *original* text of the
character the clean text holds at `i`, so a figure found in clean text can be shown in the
source as it was read.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from itertools import pairwise

# Radical-supplement forms (U+2E80–U+2EFF) that NFKC leaves alone but PDF text layers emit for
# ordinary characters; the Kangxi radicals (U+2F00–U+2FDF) are folded by NFKC itself.
_RADICAL_SUPPLEMENT = {
    "⺀": "冫", "⺁": "厂", "⺃": "乚", "⺅": "亻", "⺇": "几", "⺈": "⺈", "⺊": "卜", "⺌": "小",
    "⺍": "小", "⺎": "兀", "⺏": "尣", "⺐": "尢", "⺑": "尣", "⺒": "巳", "⺓": "幺", "⺔": "彑",
    "⺖": "忄", "⺗": "心", "⺘": "扌", "⺙": "攵", "⺛": "旡", "⺜": "日", "⺝": "月", "⺞": "歺",
    "⺟": "母", "⺠": "民", "⺡": "氵", "⺢": "氺", "⺣": "灬", "⺤": "爫", "⺥": "爫", "⺦": "丬",
    "⺧": "牛", "⺨": "犭", "⺩": "王", "⺪": "疋", "⺫": "罒", "⺬": "示", "⺭": "礻", "⺮": "竹",
    "⺯": "糸", "⺰": "纟", "⺱": "罒", "⺲": "罒", "⺳": "网", "⺴": "罒", "⺵": "罒", "⺶": "羊",
    "⺷": "羊", "⺸": "羊", "⺹": "耂", "⺺": "聿", "⺻": "聿", "⺼": "月", "⺽": "臼", "⺾": "艹",
    "⺿": "艹", "⻀": "艹", "⻁": "虎", "⻂": "衤", "⻃": "覀", "⻄": "西", "⻅": "见", "⻆": "角",
    "⻇": "角", "⻈": "讠", "⻉": "贝", "⻊": "足", "⻋": "车", "⻌": "辶", "⻍": "辶", "⻎": "辶",
    "⻏": "阝", "⻐": "金", "⻑": "長", "⻒": "长", "⻓": "长", "⻔": "门", "⻕": "阝", "⻖": "阝",
    "⻗": "雨", "⻘": "青", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻝": "食", "⻞": "食",
    "⻟": "食", "⻠": "饣", "⻡": "首", "⻢": "马", "⻣": "骨", "⻤": "鬼", "⻥": "鱼", "⻦": "鸟",
    "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻫": "齐", "⻬": "齐", "⻭": "齿", "⻮": "齿",
    "⻯": "龙", "⻰": "龙", "⻱": "龟", "⻲": "龟", "⻳": "龟",
    # Kangxi ⼾ folds to 戶 under NFKC, but browsers emit it for the ordinary 户 (慰问532户).
    "\u2f3e": "户",
}

# 大写 numerals: 壹 stays a numeral only next to another 大写 numeral or a unit; otherwise it is
# a scanned/paraphrased 一 (壹些, 壹名) and must read as the plain word.
_DAXIE_CONTEXT = set("壹贰叁肆伍陆柒捌玖拾佰仟万亿元圆角")
# 參 (and 叄, and 参 once OpenCC has been at it) written for 叁 in 大写 amounts: 壹佰參拾肆萬元,
# Big5 having no 叁. Only between 大写 places, so 1.2万参保职工 stays as it is.
_DAXIE_THREE = re.compile("[參叄参](?=[拾佰仟])|(?<=[拾佰仟零])[參叄参](?=[万萬亿億元圆圓])")

_TERMINAL = set("。!?！？;；:：”」』)）】")
_LIST_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d+(?:、|\.(?!\d+\s*(?:[%％‰]|[万亿]?[个人名家件元户起次])))"
    r"|第[一二三四五六七八九十]+)"  # 97.1% on the next line is a number cut from its keyword
)
_BYLINE_START = re.compile(r"^\s*(?:本报讯|本报[^\s]{0,6}电|■|●|◆|\(?记者|\(?通讯员|【)")
_SIGNATURE = re.compile(r"^[一-龥]{1,12}(?:人民政府|总工会|工会|委员会|办公室|总工会办公室)$")
# 职工总数人112,460 2.3, 新建基层工会个63一: how a unit-column table row ends as OCR gives it
# (a number and a change cell, — read as 一) after its label; OCR keeps such rows as lines too.
UNIT_COLUMN_ROW_END = r"\s*\d[\d,]*(?:\.\d+)?(?:\s+[-+]?[\d,.]+%?|\s*[一—-])\s*$"
_SPACED_ROW = re.compile(
    r"\)\s*(?:[-+]?[\d,]+(?:\.\d+)?\s+){1,}[-+]?[\d,.]+\s*$|\s\d{4}年\s+\d{4}年"
    rf"|[\u4e00-\u9fff]{UNIT_COLUMN_ROW_END}")
_MASTHEAD = re.compile(r"第\s*\d+\s*版|责任编辑|星期[一二三四五六日天]\s*$")
_INNER_PUNCT = re.compile(r"[,，、;；]")
# A line that ends with two or more numbers apart (48,650 47,120 3.2) is a table row.
_NUMBERS_END = re.compile(r"\d[\d,.]*%?(?:[ \t]+[-+−]?\d[\d,.]*%?)+[ \t]*$")
# A line that opens with these continues the sentence of the line before.
_CONTINUATION = frozenset(",，、;；。)）”")


@dataclass(frozen=True)
class MappedText:
    """Text plus, for each of its characters, the offset of the original character."""

    text: str
    origin: array  # array('l'), len(origin) == len(text)
    original_length: int

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, _offsets(0, len(text)), len(text))

    def derive(self, text: str, index: list[int] | array) -> MappedText:
        """A new text whose char i came from char index[i] of this text."""
        origin = self.origin
        return MappedText(text, array("l", [origin[i] for i in index]), self.original_length)

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the original text."""
        if not self.text:
            return 0, 0
        start = min(max(start, 0), len(self.text) - 1)
        end = min(max(end, start + 1), len(self.text))
        return int(self.origin[start]), int(self.origin[end - 1]) + 1


_RANGE = array("l", range(1 << 16))  # offsets 0…65535, sliced: a copy in C, not a loop


def _offsets(a: int, b: int) -> array:
    """array('l', range(a, b)), for the usual short text by slicing a shared one."""
    return _RANGE[a:b] if b <= len(_RANGE) else array("l", range(a, b))


def keep_spans(text: str, spans: list[tuple[int, int]]) -> MappedText:
    """The map for a text made of the kept ranges `spans` of `text` (e.g. after chrome removal)."""
    kept = "".join(text[a:b] for a, b in spans)
    index = array("l")
    for a, b in spans:
        index.extend(_offsets(a, b))
    return MappedText(kept, index, len(text))


# Circled numbers ①…⑳ mark footnotes (92.7%③, 挽回经济损失(万元)②) and list items: NFKC
# would make them digits glued to the figure or the heading (万元2), so they go.
_CIRCLED = frozenset(map(chr, range(0x2460, 0x2474)))


def _fold_char_uncached(c: str) -> str:
    # NFKC turns the ideographic space into a plain one and keeps 。、; that is what we want.
    if c in _CIRCLED:
        return ""
    return unicodedata.normalize("NFKC", _RADICAL_SUPPLEMENT.get(c, c))


_fold_char = cache(_fold_char_uncached)


@cache
def _foldable() -> frozenset[str]:
    """Every character `_fold_char` changes, in the BMP and the supplementary ideographs."""
    return frozenset(chr(c) for c in range(0x30000)
                     if not 0xD800 <= c < 0xE000 and _fold_char_uncached(chr(c)) != chr(c))


def normalize_width(mt: MappedText) -> MappedText:
    """Full-width → half-width digits, letters and punctuation; radicals → ideographs (NFKC)."""
    text = mt.text
    changed = _foldable().intersection(text)
    if not changed:
        return mt
    single = {ord(c): _fold_char(c) for c in changed if len(_fold_char(c)) == 1}
    if single:
        # The usual case (，→, ５→5): one character for one, so the map stays as it is.
        text = text.translate(single)
        mt = MappedText(text, mt.origin, mt.original_length)
    multi = sorted(c for c in changed if len(_fold_char(c)) != 1)
    if not multi:
        return mt
    # A few characters fold to several (… → ...): splice those, each new char mapped to its source.
    pattern = re.compile("|".join(map(re.escape, multi)))
    return splice(mt, pattern, lambda m: _fold_char(m.group()))


def splice(mt: MappedText, pattern: re.Pattern[str],
           replace: Callable[[re.Match[str]], str], group: int = 0) -> MappedText:
    """Replace each match of `pattern` (or its `group`); new characters map to the start of
    what they replace."""
    text, origin = mt.text, mt.origin
    out: list[str] = []
    new_origin = array("l")
    pos = 0
    for m in pattern.finditer(text):
        start, end = m.span(group)
        out.append(text[pos:start])
        new_origin.extend(origin[pos:start])  # slices of the map: no per-char Python loop
        new = replace(m)
        out.append(new)
        new_origin.extend([origin[start]] * len(new))
        pos = end
    out.append(text[pos:])
    new_origin.extend(origin[pos:])
    return MappedText("".join(out), new_origin, mt.original_length)


def normalize_daxie_yi(mt: MappedText) -> MappedText:
    """壹 used as the word 一 (壹些, 壹名) becomes 一; 壹 inside 大写 amounts stays; 參 written
    for 叁 there becomes 叁."""
    text = mt.text
    if (("拾" in text or "佰" in text or "仟" in text)
            and ("參" in text or "叄" in text or "参" in text) and _DAXIE_THREE.search(text)):
        text = _DAXIE_THREE.sub("叁", text)  # one character for one: the map stays
        mt = MappedText(text, mt.origin, mt.original_length)
    if "壹" not in text:
        return mt
    chars = list(text)
    for i, c in enumerate(chars):
        if c != "壹":
            continue
        prev = text[i - 1] if i else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if prev not in _DAXIE_CONTEXT and nxt not in _DAXIE_CONTEXT:
            chars[i] = "一"
    return MappedText("".join(chars), mt.origin, mt.original_length)


# A report's title ends with what kind of paper it is (…2021年上半年工作总结及下半年工作计划).
_TITLE_END = re.compile(
    r"(?:总结|计划|要点|汇报|报告|讲话|发言|材料|介绍|综述|纪实|通报|规划|意见|方案)\s*$")


def _should_join(line: str, next_line: str, inside: bool, blank: bool = False) -> bool:
    """Join a layout-broken line to the next: it ends mid-sentence and is body text, not a title.

    `blank`: a blank line stands between the two.
    """
    s = line.rstrip()
    if not s or not next_line.strip():
        return False
    if s[-1] in _TERMINAL:
        return False
    if blank and _TITLE_END.search(s) and next_line.lstrip()[:1] not in _CONTINUATION:
        return False  # a title, set off by a blank line, over its body
    if _LIST_START.match(next_line) or _BYLINE_START.match(next_line):
        return False  # the line before a byline (本报讯…) is a headline
    if _SIGNATURE.match(next_line.strip()):
        return False  # 攸县人民政府 / 大冶市总工会 on a line of its own: a signature or issuer
    if s.lstrip().startswith("|") or next_line.lstrip().startswith("|"):
        return False  # rows of a table
    if _SPACED_ROW.search(s) or _NUMBERS_END.search(s):
        return False  # 工会会员(人) 45,210 43,980 2.8 / 职工总数人48,650 47,120 3.2: a table row
    if _MASTHEAD.search(s):
        return False  # 河南工人日报 2022年7月20日 星期三 第3版: the page's own line
    marker = _LIST_START.match(s)
    if marker and len(s) < 30:
        return False  # a numbered heading (一、组建工作稳步推进) stands on its own line
    # Headlines and headings are short and carry no inner punctuation; body lines do.
    body = s[marker.end():] if marker else s
    return inside or len(s) >= 24 or bool(_INNER_PUNCT.search(body))


def join_broken_lines(mt: MappedText) -> MappedText:
    """Remove line breaks (and blank lines) that split one sentence, as OCR and columns do."""
    text = mt.text
    if "\n" not in text:
        return mt
    lines = text.split("\n")
    # Pair each non-empty line with the next non-empty one; blank lines between may be removed.
    out: list[str] = []
    pos = 0
    starts = []
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    nonempty = [k for k, ln in enumerate(lines) if ln.strip()]
    join_after: set[int] = set()
    inside = False
    for a, b in pairwise(nonempty):
        if _should_join(lines[a], lines[b], inside, blank=b > a + 1):
            join_after.add(a)
            inside = True
        else:
            inside = False
    origin = mt.origin
    new_origin = array("l")
    k = 0
    while k < len(lines):
        ln = lines[k]
        base = starts[k]
        if k in join_after:
            body = ln.rstrip()
            out.append(body)
            new_origin.extend(origin[base : base + len(body)])
            # Skip the blank lines up to the next non-empty line, and its leading indent.
            k += 1
            while k < len(lines) and not lines[k].strip():
                k += 1
            if k < len(lines):
                lead = len(lines[k]) - len(lines[k].lstrip())
                lines[k] = lines[k][lead:]
                starts[k] += lead
            continue
        out.append(ln)
        # The line and its newline: one slice of the map.
        newline = 1 if k < len(lines) - 1 else 0
        if newline:
            out.append("\n")
        new_origin.extend(origin[base : base + len(ln) + newline])
        k += 1
    return MappedText("".join(out), new_origin, mt.original_length)


_DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)[一_](?=\d)")
# The same test starting at the dash: digits are everywhere in a report, dashes are not.
_DASH_PROBE = re.compile(r"[一_](?<=\d[一_])(?=\d)")
_SPLIT_NUMBER = re.compile(
    # Each branch consumes the first space, then looks behind it: the shared leading space lets
    # the search skip to spaces instead of trying four lookbehinds at every character.
    r" (?<=\d ) *(?=[.%])| (?<=\d\. ) *(?=\d)"
    # OCR splits a short number with one space (培训职工1 2万余人, 截至2 017年底): a number
    # between two Han characters or a unit; table rows (会员(人) 391 403) have spaces around.
    r"| (?<=[\u4e00-\u9fff]\d )(?<!\d\d )(?=\d{1,3}(?:\.\d+)?[\u4e00-\u9fff%])"
    r"| (?<=[\u4e00-\u9fff]\d\d )(?<!\d\d\d )(?=\d{1,2}(?:\.\d+)?[\u4e00-\u9fff%])"
    # 4.17 万人, 4.17&nbsp;万人: a page that spaces the multiplier from its number.
    r"| (?<=\d ) *(?=[万亿](?:[人元名个家件户]|余|多))")
# Text that came OCR'd (a scan's invisible text layer, an OCR'd .txt) reads 1 as l, I or | and
# 0 as O inside a number that a unit makes certain (基层工会组织4l2个, 3l个, 2,87O人次); a code
# such as l0l0 has no unit after it, ISO9001 a letter before it.
_OCR_DIGIT = re.compile(
    r"(?<![A-Za-z])(?=[0-9OolI|.,]*[0-9])(?=[0-9.,]*[OolI|])[0-9OolI|][0-9OolI|.,]*"
    r"(?=[万亿千百十元人名个家次件户所项场期批座套台%])")
_OCR_DIGIT_VALUE = str.maketrans("lI|Oo", "11100")
# What every repair holds, a letter beside a digit, found by a scan that skips to the letters:
# the repair's own pattern is slow to fail.
_OCR_DIGIT_PROBE = re.compile(r"[OolI|](?:(?<=\d[OolI|])|(?=\d))")
# …and a few marks and units next to a number: 4.68方人, 213.6万兀, 1.79万入, 92.6°/o, 1 ,326,
# エ会 (a katakana エ for 工).
# Each branch opens with its character, so a search skips to those (方 is a common word).
_OCR_UNIT = re.compile(
    r"方(?<=\d方)(?=[人元])|兀(?<=\d兀)|兀(?<=\d万兀)|入(?<=\d万入)(?![会党团股学职库户住选围驻])"
    r"|入(?<=\d入)(?=[,，。;；、次])")  # 2,460入, 新发展会员…: a count of people before a break
_OCR_UNIT_VALUE = {"方": "万", "兀": "元", "入": "人"}
_OCR_PERCENT = re.compile(
    r"°(?<=\d°)\s*/\s*[o0O]|(?<=\d)\s+°\s*/\s*[o0O]| ,(?<=\d ,)(?=\d{3}(?!\d))")
# OCR reads a % with no % left as 96, 94, 90 or 9: 入会率达到9296 is 92%, 建制率达到8794 87%,
# 建制率达到83.490 83.4%, 工资集体协商建制率达到859以上 85%. Only right after a rate (in either
# script: this runs before conversion), only where no % follows, and only where the number
# could not be a rate as read: an integer over 100, or three decimals.
_PERCENT_MISREAD = re.compile(
    r"(?<=率)([^\d\s,，。;；:：、]{0,4}\s*(?:[1-9]\d(?=9)|\d{1,2}\.\d(?=9\d)))(9\d?)"
    r"(?![\d.%])(?![万亿千百十人名个家次件户元年月日天项場场期批所座台套])")

# OCR reads a degraded % glyph as 9%0, %6, %8 or %e: a % never has a digit or letter glued
# after it, so the extra marks go (90.69%0 → 90.6%, 82.5%6 → 82.5%).
PERCENT_GLYPH = re.compile(r"(?:9(?<=\d9)%0|%(?<=\d%)[0-9a-z])(?![0-9A-Za-z.%])")
# …and reads 90% as 909% after a rate: no rate is over 100, so a two-digit rate plus 9 is one.
_PERCENT_AS_9 = re.compile(
    r"(?<=率)([^\d\s,，。;；]{0,4}\s*[1-9]\d)9(?=%)")  # 穩定在: before the script is converted
# …and as 870% for 87%, but only after the rates that cannot pass 100 (a 完成率 of 110% is real)
# and only where the rate as fixed is a likely one (120% is no 12%).
_AS_0_BODY = r"([^\d\s,，。;；]{0,4}\s*[5-9]\d)0(?=%)"
_PERCENT_AS_0 = re.compile(
    r"(?<=(?:入会|入會|建制|签订|簽訂|覆盖|覆蓋|结案|結案|办结|辦結|成功)率)" + _AS_0_BODY)


def _literal_probe(pattern: re.Pattern[str], mark: str) -> re.Pattern[str]:
    """The pattern with its leading (?<=mark) as a plain `mark`: it finds a match exactly when
    the pattern does, and a search can jump from one `mark` to the next instead of trying the
    lookbehind at every character."""
    return re.compile(pattern.pattern.replace(f"(?<={mark})", mark, 1))


_PERCENT_MISREAD_PROBE = _literal_probe(_PERCENT_MISREAD, "率")
_PERCENT_AS_9_PROBE = _literal_probe(_PERCENT_AS_9, "率")
_PERCENT_AS_0_PROBE = re.compile("率" + _AS_0_BODY)  # the same body: the two cannot drift


# 〇 typed for 0 among Arabic digits (办结７〇件次, 2〇〇7年): a run of digits and 〇 with at least
# one Arabic digit is an Arabic number. (一〇八, all Chinese numerals, is left to the reader.)
_ZERO_RUN = re.compile(r"[\d〇○]*\d[\d〇○]*")
_ZEROS = str.maketrans("〇○", "00")


def repair_numbers(mt: MappedText) -> MappedText:
    """Fix what OCR and text layers do to numbers: 5一8个 (a dash read as 一), 21 .9万."""
    text = mt.text
    if "〇" in text or "○" in text:
        # One character for one: the map stays.
        text = _ZERO_RUN.sub(lambda m: m.group().translate(_ZEROS), text)
        mt = MappedText(text, mt.origin, mt.original_length)
    if "9" in text and _PERCENT_MISREAD_PROBE.search(text):
        mt = splice(mt, _PERCENT_MISREAD, lambda m: "%", group=2)
        text = mt.text
    if "%" in text and (PERCENT_GLYPH.search(text) or _PERCENT_AS_9_PROBE.search(text)
                        or _PERCENT_AS_0_PROBE.search(text)):
        mt = splice(mt, PERCENT_GLYPH, lambda m: "%")
        mt = splice(mt, _PERCENT_AS_9, lambda m: m.group(1))
        mt = splice(mt, _PERCENT_AS_0, lambda m: m.group(1))
        text = mt.text
    if _OCR_DIGIT_PROBE.search(text) and _OCR_DIGIT.search(text):
        text = _OCR_DIGIT.sub(lambda m: m.group().translate(_OCR_DIGIT_VALUE), text)
        mt = MappedText(text, mt.origin, mt.original_length)  # one for one: the map stays
    if _OCR_UNIT.search(text):
        text = _OCR_UNIT.sub(lambda m: _OCR_UNIT_VALUE[m.group()], text)
        mt = MappedText(text, mt.origin, mt.original_length)
    if "エ" in text:
        text = text.replace("エ", "工")
        mt = MappedText(text, mt.origin, mt.original_length)
    if ("°" in text or " ," in text) and _OCR_PERCENT.search(text):
        mt = splice(mt, _OCR_PERCENT, lambda m: "%" if "°" in m.group() else ",")
        text = mt.text
    if _DASH_PROBE.search(text):
        # One character for one: the map stays. 一 is never a digit between Arabic digits.
        text = _DASH_BETWEEN_DIGITS.sub("—", text)
        mt = MappedText(text, mt.origin, mt.original_length)
    if not _SPLIT_NUMBER.search(text):
        return mt
    return splice(mt, _SPLIT_NUMBER, lambda m: "")  # drop the spaces inside the number


def normalize_text(mt: MappedText) -> MappedText:
    """All cleaning steps in order (script conversion comes after, in `script.py`)."""
    return repair_numbers(join_broken_lines(normalize_daxie_yi(normalize_width(mt))))


def align(source: str, target: str) -> list[int]:
    """For each char of `target`, the index of the `source` char it came from (best effort)."""
    if len(source) == len(target):
        return list(range(len(target)))
    index: list[int] = []
    sm = SequenceMatcher(None, source, target, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            index.extend(range(i1, i2))
        else:
            span = max(i2 - i1, 1)
            for j in range(j2 - j1):
                index.append(min(i1 + j * span // max(j2 - j1, 1), max(i2 - 1, i1)))
    return [min(i, len(source) - 1) for i in index] if source else [0] * len(target)
