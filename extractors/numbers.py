"""Read one number as written in a Chinese report (15.9万, 1,280, 一千零五, 壹佰, 二〇一〇) exactly.

Decisions, so that callers and tests agree:
- Values are exact `Decimal`s, never floats; 15.9万 is Decimal('159000').
- Colloquial tails count one unit lower: 三百五 → 350, 一万二 → 12000, 2万5 → 25000; a tail of
  two or more Arabic digits is literal: 2万500 → 20500, 四千230 → 4230.
- 零 must mark a gap (一千零五十 ok, 一千零五百 rejected; 十万零五千 ok: the 万 place is empty);
  a missing 零 is tolerated (一千五十).
- A bare unit chain is a number: 百 → 100, 千万 → 10**7, 万亿 → 10**12; 百十一 is rejected.
- 十 without a digit after 百 is read as lenient readers do: 一百十 → 110 (一千十 is rejected).
- Chinese digit strings read digit by digit: 二〇一〇 → 2010, 一一 → 11 (两 never: 一两 is vague).
- A space inside an Arabic number is a thousands separator only: 2 139, 1 280.5 (not 21 39).
- Fractions (三分之一, 3/4) are rejected: they are not exact decimals, and rules rarely need them.
- Cheque style 壹佰元整 / 壹佰圆整 is accepted (the 元整 ends the number), and a 大写 amount's
  角 and 分 are its decimals (壹佰元伍角 → 100.5, 贰拾元零伍分 → 20.05); other units are not.
- 零下五 is −5; 幺 is 一 in a digit string (幺二三); 万分之三 is 0.03 %; 百分之三五 is a range.
"""

from __future__ import annotations

import re
from decimal import Decimal

__all__ = [
    "NUMBER_FIRST_CHARS", "NUMBER_PATTERN", "PERCENT_PATTERN", "parse_number", "parse_percent",
    "to_chinese",
]

# --- character classes (raw text: full-width, Traditional and 大写 forms included) -------------
_NZ = "一二三四五六七八九壹贰貳叁叄參肆伍陆陸柒捌玖"  # nonzero digits, 两 kept apart
_LIANG = "两兩"
_ZERO = "零〇○"
_AD = "[0-9０-９]"
_SD = f"[{_NZ}{_LIANG}1-9１-９]"  # one digit that may carry a unit: 三千, 3千, 两万
_CZ = f"[{_ZERO}]"
_CDIG = f"[{_NZ}{_ZERO}]"  # digit by digit (二〇一〇) and after 点
_CN_ANY = f"{_NZ}{_LIANG}{_ZERO}"
_SPACE = "[ \u00a0\u2009\u202f\u3000]"
_AINT = rf"(?:{_AD}{{1,3}}(?:[,，]{_AD}{{3}})+|{_AD}{{1,3}}(?:{_SPACE}{_AD}{{3}})+|{_AD}+)"
_TENS = f"(?:{_SD}?[十拾]|[廿卅卌])"
_ONE = f"(?:[{_NZ}{_LIANG}]|{_AINT})"  # last digit of a section, or a literal Arabic tail
_SEC_U = (
    f"(?:{_SD}[千仟](?:{_CZ}?{_SD}[百佰])?(?:{_CZ}?{_TENS})?(?:{_CZ}?{_ONE})?"
    f"|{_SD}[百佰](?:{_CZ}?{_TENS})?(?:{_CZ}?{_ONE})?"
    f"|{_TENS}{_SD}?)"
)
_SEC = f"(?:{_SEC_U}|{_AINT}|{_SD})"
_WAN = f"(?:{_SEC}[万萬](?:{_CZ}?{_SEC})?)"
_YI = f"(?:(?:{_WAN}|{_SEC})[亿億](?:{_CZ}?(?:{_WAN}|{_SEC}))?)"
_GEN = f"(?:{_YI}|{_WAN}|{_SEC_U})"
_MULT = "(?:[十拾百佰千仟][万萬]?[亿億]?|[万萬][亿億]?|[亿億])"
_BARE = "(?:[百佰千仟][万萬]?[亿億]?|[万萬][亿億]?|[亿億])"
_BODY = (
    f"(?:{_AINT}[.．]{_AD}+{_MULT}"  # 15.9万, 1.5千万
    f"|(?:{_GEN}|{_CDIG}+)[点點](?:{_CDIG}+|{_AD}+){_MULT}?"  # 三点一四, 十五点九万
    f"|{_GEN}"  # 十九万六千, 3万4千, 一亿零五十万
    f"|{_CDIG}{{2,}}(?![十拾百佰千仟万萬亿億])"  # 一九九八
    f"|{_AINT}(?:[.．]{_AD}+)?"  # 1,280.5
    f"|[{_CN_ANY}]"
    f"|{_BARE}(?!分))"  # 近百名, 千余人; 百分点 and 万分 are words
)
_MASK = "*＊xX×ｘＸ"
# A number does not start inside a digit run, a mask (20**), a word (5G), or a fraction (三分之一).
_LB = rf"(?<![0-9０-９.．/／{_MASK}A-Za-z])(?<![^百千]分之)"
_UNITS = "十拾百佰千仟万萬亿億廿卅卌"
# 三五万, 七八十, 十一五 are not numbers; nor are 数百, 几十, 成千上万, 30多万 a bare 百/十/万.
_LB_CN = f"(?<![{_CN_ANY}{_UNITS}])(?:(?![{_UNITS}])|(?<![多余几数上成]))"
_LA = rf"(?![0-9０-９{_MASK}A-Za-z{_CN_ANY}几]|[.．/／][0-9０-９]|分之)"  # 十几: vague
_SIGN = "(?:(?<![0-9０-９A-Za-z])[-+−－]|[负負])"
# Every character a number can start with: lets larger patterns fail fast on running text.
NUMBER_FIRST_CHARS = f"-+−－负負0-9０-９{_CN_ANY}{_UNITS}"
_FIRST = f"(?=[{NUMBER_FIRST_CHARS}])"  # fail fast: 15x quicker on running text
NUMBER_PATTERN = f"{_FIRST}{_LB}{_SIGN}?(?:(?=[0-9０-９])|{_LB_CN}){_BODY}{_LA}"
PERCENT_PATTERN = f"(?:{_LB}{_SIGN}?[百千]分之(?:{_BODY}){_LA}|(?:{NUMBER_PATTERN})\\s*[%％﹪‰‱])"

# --- parsing (on normalised text: ASCII digits, Simplified lower-case numerals) --------------
_TRANS = str.maketrans(
    "０１２３４５６７８９，．＋－−﹣％﹪\u00a0\u2009\u202f\u3000"
    "壹贰貳叁叄參肆伍陆陸柒捌玖拾佰仟萬億兩〇○圓負點",
    "0123456789,.+---%%    一二二三三三四五六六七八九十百千万亿两零零圆负点",
)
_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
_ARABIC_MULT = re.compile(r"([0-9,. ]+)([十百千]?万?亿?)")
_DIGITS = re.compile("[零一二三四五六七八九]+")
_FRAC = re.compile("([零一二三四五六七八九]+|[0-9]+)((?:[百千]?万)?亿?)")
_BARE_RE = re.compile("[百千]?万?亿?")
_TOKEN = re.compile(r"([0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)|(.)")
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_POWER = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}
_TENS_VALUE = {"廿": 20, "卅": 30, "卌": 40}
_CHEQUE = ("元整", "圆整")
_SPACE_BEFORE_MULT = re.compile(r"(?<=[0-9])\s+(?=[十百千万亿])")
_PHONE_DIGITS = frozenset("幺零一二三四五六七八九")
# A 大写 cheque amount with 角 and 分: 壹佰元伍角, 贰拾元零伍分, 伍元伍角整, 柒佰元正.
# 零 before 角 stands for an empty 元 place (叁拾元零伍角), never after a digit (叁拾伍元零伍角).
_MONEY = re.compile(
    "(.+?)[元圆](?:(零)?([一二三四五六七八九])角)?(?:零?([一二三四五六七八九])分|[整正])?")
_DAXIE_CHARS = frozenset("壹贰貳叁叄參肆伍陆陸柒捌玖拾佰仟")


def _shift(value: Decimal, power: int) -> Decimal:
    """value × 10**power without rounding (Decimal arithmetic would round past 28 digits)."""
    sign, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    exponent += power
    if exponent >= 0:
        whole = int("".join(map(str, digits))) * 10**exponent
        return Decimal(-whole if sign else whole)
    return Decimal((sign, digits, exponent))


def _chain(units: str) -> int:
    return sum(_POWER[u] for u in units)


def _arabic(s: str) -> int:
    return int(s.replace(",", "").replace(" ", ""))


def _parse_sec(s: str, lead: bool) -> int:
    """One section below 万 (一千零五, 3千2百) or one Arabic integer (1,280 before 万)."""
    if _ARABIC.fullmatch(s) and "." not in s:
        return _arabic(s)
    total, last, pending, zero, pos = 0, 10**4, None, False, 0
    while pos < len(s):
        m = _TOKEN.match(s, pos)
        assert m is not None
        arabic, char = m.group(1), m.group(2)
        first, pos = pos == 0, m.end()
        if arabic is not None or (char in _CN_VALUE and char != "零"):
            if arabic and arabic[0] == "0":
                raise ValueError(f"Arabic 0 inside a Chinese numeral in {s!r}")
            if pending is not None:
                raise ValueError(f"two digits in a row in {s!r}")
            pending = arabic or char
        elif char == "零":
            if pending is not None or zero or last == 10**4:
                raise ValueError(f"misplaced 零 in {s!r}")
            zero = True
        elif (char in _POWER and _POWER[char] < 4) or char in _TENS_VALUE:
            unit = 10 if char in _TENS_VALUE else 10 ** _POWER[char]
            if unit >= last or (zero and unit * 10 >= last):
                raise ValueError(f"units out of order in {s!r}")
            if char in _TENS_VALUE:
                if pending is not None:
                    raise ValueError(f"digit before {char} in {s!r}")
                coef = _TENS_VALUE[char] // 10
            elif pending is None:
                # 十 with no digit: at the start (十五), after 零 (一千零十), or after 百 as
                # lenient readers (JioNLP, chinese2digits) take it: 一百十 → 110.
                if unit != 10 or not ((first and lead) or zero or last == 100):
                    raise ValueError(f"{char} without a digit in {s!r}")
                coef = 1
            elif len(pending) > 1 or (pending == "两" and unit == 10):
                raise ValueError(f"{pending}{char} is not a numeral")
            else:
                coef = _CN_VALUE.get(pending, None) or int(pending)
            total, last, pending, zero = total + coef * unit, unit, None, False
        else:
            raise ValueError(f"{char!r} is not part of a number in {s!r}")
    if pending is None:
        if zero:
            raise ValueError(f"trailing 零 in {s!r}")
        return total
    digit = _CN_VALUE[pending] if pending in _CN_VALUE else _arabic(pending)
    if last == 10**4:
        return digit
    if pending == "两" and (zero or last == 10):
        raise ValueError(f"两 cannot be a last digit in {s!r}")
    if len(pending) > 1:  # a literal Arabic tail: 四千230
        if digit >= (last // 10 if zero else last) or last == 10:
            raise ValueError(f"Arabic tail {pending!r} does not fit in {s!r}")
        return total + digit
    if zero:
        if last == 10:
            raise ValueError(f"零 before the last digit after 十 in {s!r}")
        return total + digit
    return total + (digit if last == 10 else digit * last // 10)  # 三百五 → 350


def _parse_tail(s: str, unit: int, lower: int, head: int) -> int:
    """What follows 万 (unit 10**4) or 亿 (10**8): 零 + a gap, a colloquial digit, or the rest.

    `head` is the value before the unit: 十万零五千 has its gap in the 万 place (head 10).
    """
    if not s:
        return 0
    parse = _parse_sec if lower == 0 else _parse_wan
    if s[0] == "零":
        value = parse(s[1:], True) if len(s) > 1 else 0
        if not (0 < value < unit and (value < unit // 10 or head % 10 == 0)):
            raise ValueError(f"零 marks no gap in {s!r}")
        return value
    if len(s) == 1 and s != "0" and (s in _CN_VALUE or s.isdigit()):
        return (_CN_VALUE.get(s) or int(s)) * unit // 10  # 一万二 → 12000
    if s[0] == "0":
        raise ValueError(f"leading 0 in {s!r}")
    value = parse(s, False)
    if not 0 < value < unit:
        raise ValueError(f"{s!r} does not fit below {unit}")
    return value


def _parse_wan(s: str, lead: bool) -> int:
    if s.count("万") > 1:
        raise ValueError(f"万 twice in {s!r}")
    head, sep, tail = s.partition("万")
    if not sep:
        return _parse_sec(s, lead)
    if not head:
        raise ValueError(f"万 without a coefficient in {s!r}")
    coef = _parse_sec(head, lead)
    return coef * 10**4 + _parse_tail(tail, 10**4, 0, coef)


def _parse_int(s: str) -> int:
    """A whole number in Chinese, Arabic or both: 十九万六千, 3万4千, 二〇一〇, 百万."""
    if s == "零":
        return 0
    if len(s) > 1 and _DIGITS.fullmatch(s):
        return int("".join(str(_CN_VALUE[c]) for c in s))
    if s and _BARE_RE.fullmatch(s):
        return 10 ** _chain(s)
    if s.count("亿") > 1:
        raise ValueError(f"亿 twice in {s!r}")
    head, sep, tail = s.partition("亿")
    if not sep:
        return _parse_wan(s, True)
    if not head:
        raise ValueError(f"亿 without a coefficient in {s!r}")
    coef = _parse_wan(head, True)
    return coef * 10**8 + _parse_tail(tail, 10**8, 1, coef)


def _parse_unsigned(s: str) -> Decimal:
    if not s:
        raise ValueError("empty number")
    if _ARABIC.fullmatch(s):
        return Decimal(s.replace(",", "").replace(" ", ""))
    m = _ARABIC_MULT.fullmatch(s)
    if m and "." in m.group(1) and _ARABIC.fullmatch(m.group(1)) and m.group(2):
        return _shift(Decimal(m.group(1).replace(",", "").replace(" ", "")), _chain(m.group(2)))
    if "点" in s:
        whole, _, rest = s.partition("点")
        frac = _FRAC.fullmatch(rest)
        if frac is None or whole == "两" or _ARABIC.fullmatch(whole) or _BARE_RE.fullmatch(whole):
            raise ValueError(f"{s!r}: 点 needs a Chinese whole part and digits after it")
        digits = frac.group(1)
        if not digits.isdigit():
            digits = "".join(str(_CN_VALUE[c]) for c in digits)
        if frac.group(2) and ("万" in whole or "亿" in whole):
            raise ValueError(f"{s!r}: a unit after a decimal that already has 万/亿")
        return _shift(Decimal(f"{_parse_int(whole)}.{digits}"), _chain(frac.group(2)))
    return Decimal(_parse_int(s))


def _normalise(text: str) -> tuple[bool, str]:
    daxie = not _DAXIE_CHARS.isdisjoint(text)
    if daxie and "参" in text:
        text = text.replace("参", "叁")  # 参拾: the simplified 参 written for 叁 in 大写
    s = text.strip().translate(_TRANS)
    negative = False
    if s[:1] in ("+", "-", "负"):
        negative, s = s[0] != "+", s[1:]
    elif s.startswith("零下") and len(s) > 2:
        negative, s = True, s[2:]  # 零下五: below zero
    if " " in s:
        s = _SPACE_BEFORE_MULT.sub("", s)  # 3.5 万, as text layers space it
    if "幺" in s and set(s) <= _PHONE_DIGITS:
        s = s.replace("幺", "一")  # 幺二三: 一 as read out in digit strings
    # 元整 closes a 大写 cheque amount (壹佰元整, 零元整); after 一百 it is a unit word.
    for suffix in _CHEQUE:
        if s.endswith(suffix) and len(s) > len(suffix) and (daxie or s == "零" + suffix):
            s = s[: -len(suffix)]
    return negative, s


def _signed(negative: bool, value: Decimal) -> Decimal:
    return -value if negative and value else value


def parse_number(text: str) -> Decimal:
    """Exactly one number to a Decimal: '15.9万' → 159000, '一千零五' → 1005, '负十' → -10.

    Raises ValueError for anything else (empty, masked 20**, two numbers, fractions 三分之一).
    """
    if text.isdigit() and text.isascii():
        return Decimal(text)  # most numbers (126): what the steps below give, sooner
    negative, s = _normalise(text)
    if ("元" in s or "圆" in s) and not _DAXIE_CHARS.isdisjoint(text):
        money = _MONEY.fullmatch(s)
        if money is not None:
            gap, jiao, fen = money.group(2), money.group(3), money.group(4)
            if gap and money.group(1)[-1:] in _CN_VALUE:
                raise ValueError(f"{text!r}: 零 before 角 after a filled 元 place")
            value = _parse_unsigned(money.group(1))
            value += Decimal(_CN_VALUE[jiao]) / 10 if jiao else 0
            value += Decimal(_CN_VALUE[fen]) / 100 if fen else 0
            return _signed(negative, value)
    return _signed(negative, _parse_unsigned(s))


def parse_percent(text: str) -> Decimal:
    """A percentage to its percent value: '92.19%' / '百分之九十二点一九' → 92.19, '5‰' → 0.5."""
    negative, s = _normalise(text)
    power = 0
    if s.endswith(("%", "‰", "‱")):
        power, s = {"%": 0, "‰": -1, "‱": -2}[s[-1]], s[:-1].rstrip()
    elif s.startswith(("百分之", "千分之", "万分之")):
        power, s = {"百": 0, "千": -1, "万": -2}[s[0]], s[3:]
        if _DIGITS.fullmatch(s) and len(s) > 1 and "零" not in s:
            raise ValueError(f"{text!r}: 三五 after 百分之 is a range, not 35")
    else:
        raise ValueError(f"{text!r} is not a percentage")
    if s[:1] in ("+", "-", "负"):
        raise ValueError(f"{text!r}: sign inside a percentage")
    return _signed(negative, _shift(_parse_unsigned(s), power))


def _section_cn(n: int, lead: bool) -> str:
    out, zero, started = [], False, False
    for power, unit in ((3, "千"), (2, "百"), (1, "十"), (0, "")):
        digit = n // 10**power % 10
        if digit == 0:
            zero = zero or started
            continue
        if zero:
            out.append("零")
            zero = False
        if not (lead and not started and power == 1 and digit == 1):  # 十五, not 一十五
            out.append("零一二三四五六七八九"[digit])
        out.append(unit)
        started = True
    return "".join(out)


def _to_cn(n: int, lead: bool) -> str:
    for power, unit in ((8, "亿"), (4, "万")):
        if n >= 10**power:
            head, rest = divmod(n, 10**power)
            text = _to_cn(head, lead) + unit
            if rest:
                text += ("零" if rest < 10 ** (power - 1) else "") + _to_cn(rest, False)
            return text
    return _section_cn(n, lead)


def to_chinese(n: int) -> str:
    """Canonical Chinese numeral: 1005 → 一千零五, 100000 → 十万, -12 → 负十二 (no 两)."""
    if abs(n) >= 10**16:
        raise ValueError(f"{n} needs 亿亿, which parse_number rejects")
    if n == 0:
        return "零"
    return ("负" if n < 0 else "") + _to_cn(abs(n), True)
