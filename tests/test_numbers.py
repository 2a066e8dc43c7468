"""Number reading: exact values, strict rejections, the span NUMBER_PATTERN finds in a sentence."""

from __future__ import annotations

import contextlib
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extractors.numbers import (
    NUMBER_PATTERN,
    PERCENT_PATTERN,
    parse_number,
    parse_percent,
    to_chinese,
)

NUMBER = re.compile(NUMBER_PATTERN)
PERCENT = re.compile(PERCENT_PATTERN)

VALID = [
    # Arabic, separators, full-width, PDF spaces, signs
    ("0", "0"),
    ("7", "7"),
    ("1280", "1280"),
    ("1,280", "1280"),
    ("1，280", "1280"),
    ("12,345,678", "12345678"),
    ("233,333，333,434.344", "233333333434.344"),
    ("82，225.00", "82225"),
    ("15.9", "15.9"),
    ("0.6", "0.6"),
    ("92.19", "92.19"),
    ("１２８０", "1280"),
    ("１，２８０．５", "1280.5"),
    ("2 139", "2139"),
    ("1 280.5", "1280.5"),
    ("12 345 678", "12345678"),
    ("2\u00a0139", "2139"),
    ("+5", "5"),
    ("-5", "-5"),
    ("−3.5", "-3.5"),
    ("－12", "-12"),
    ("负5", "-5"),
    ("  42 ", "42"),
    # Arabic with multipliers
    ("15.9万", "159000"),
    ("14.8万", "148000"),
    ("22.4万", "224000"),
    ("0.6万", "6000"),
    ("1.2亿", "120000000"),
    ("35.1亿", "3510000000"),
    ("10.1万", "101000"),
    ("-10.1万", "-101000"),
    ("3千", "3000"),
    ("5百", "500"),
    ("3万", "30000"),
    ("100万", "1000000"),
    ("1,280万", "12800000"),
    ("13138万", "131380000"),
    ("2万亿", "2000000000000"),
    ("1.2万亿", "1200000000000"),
    ("5百万", "5000000"),
    ("1.5千万", "15000000"),
    ("3千万亿", "3000000000000000"),
    ("0.00015万", "1.5"),
    ("１５．９万", "159000"),
    ("15.9萬", "159000"),
    # Chinese numerals
    ("零", "0"),
    ("〇", "0"),
    ("一", "1"),
    ("两", "2"),
    ("十", "10"),
    ("十一", "11"),
    ("一十一", "11"),
    ("二十", "20"),
    ("二十一", "21"),
    ("九十九", "99"),
    ("一百", "100"),
    ("一百零一", "101"),
    ("一百零五", "105"),
    ("一百一十", "110"),
    ("一百一十一", "111"),
    ("一千", "1000"),
    ("一千零一", "1001"),
    ("一千零五", "1005"),
    ("一千零一十", "1010"),
    ("一千零十", "1010"),
    ("一千零一十一", "1011"),
    ("一千一百", "1100"),
    ("一千一百零一", "1101"),
    ("一千零五十", "1050"),
    ("一千五十", "1050"),
    ("两千", "2000"),
    ("两百", "200"),
    ("两万三千", "23000"),
    ("两万三千五", "23500"),
    ("十万", "100000"),
    ("十万零一", "100001"),
    ("一十万零一", "100001"),
    ("十九万六千", "196000"),
    ("一万零一", "10001"),
    ("一万零一十一", "10011"),
    ("一万零一百一十一", "10111"),
    ("一万一千一百一十一", "11111"),
    ("一百万零一", "1000001"),
    ("一千万零一", "10000001"),
    ("一千零一万一千零一", "10011001"),
    ("一千零一万零一", "10010001"),
    ("六十四万零一百四十三", "640143"),
    ("二十五万三千二百", "253200"),
    ("一亿", "100000000"),
    ("十亿", "1000000000"),
    ("一亿零一", "100000001"),
    ("一亿零五十万", "100500000"),
    ("一亿零十万", "100100000"),
    ("一亿一千万", "110000000"),
    ("一十亿零一", "1000000001"),
    ("一百亿零一", "10000000001"),
    ("一千亿零一", "100000000001"),
    ("一千零一亿一千零一万一千零一", "100110011001"),
    ("一千亿一千万一千零一", "100010001001"),
    ("一千一百一十一亿一千一百一十一万一千一百一十一", "111111111111"),
    ("一千一百一十一万一千一百一十一亿一千一百一十一万一千一百一十一", "1111111111111111"),
    ("一万亿", "1000000000000"),
    ("一万二千亿零三", "1200000000003"),
    # colloquial tails (one unit lower)
    ("三百五", "350"),
    ("一百二", "120"),
    ("两千六", "2600"),
    ("三万五", "35000"),
    ("一万二", "12000"),
    ("一亿五", "150000000"),
    # decimals with 点
    ("零点五", "0.5"),
    ("零点一", "0.1"),
    ("零点零一", "0.01"),
    ("零点零零零零零零零零零零零零零零一", "0.000000000000001"),
    ("零点零", "0"),
    ("三点一四", "3.14"),
    ("九十二点一九", "92.19"),
    ("一百点123", "100.123"),
    ("一万二千点五", "12000.5"),
    ("三点五万", "35000"),
    ("十五点九万", "159000"),
    ("一点二亿", "120000000"),
    ("一七二零点一三四", "1720.134"),
    ("负零点一零", "-0.1"),
    # signs on Chinese
    ("负十", "-10"),
    ("负一", "-1"),
    ("负十一", "-11"),
    ("负一十一", "-11"),
    ("负一七二零", "-1720"),
    ("负零", "0"),
    # 大写 and Traditional
    ("壹", "1"),
    ("拾", "10"),
    ("拾壹", "11"),
    ("壹拾壹", "11"),
    ("壹佰壹拾壹", "111"),
    ("壹仟壹佰壹拾壹", "1111"),
    ("壹万壹仟壹佰壹拾壹", "11111"),
    ("壹亿壹仟壹佰壹拾壹万壹仟壹佰壹拾壹", "111111111"),
    ("壹佰贰拾叁", "123"),
    ("貳佰參拾陸", "236"),
    ("肆佰叁拾萬", "4300000"),
    ("壹万二千三百四十五", "12345"),
    ("兩萬", "20000"),
    ("三億", "300000000"),
    ("拾万零壹", "100001"),
    ("壹拾壹元整", "11"),
    ("壹佰壹拾壹圆整", "111"),
    ("肆佰叁拾萬圓整", "4300000"),
    # digit by digit
    ("二〇一〇", "2010"),
    ("二○一○", "2010"),
    ("一九九八", "1998"),
    ("二零二三", "2023"),
    ("一一", "11"),
    ("一二三", "123"),
    ("壹壹", "11"),
    ("一〇〇", "100"),
    # 廿 卅
    ("廿", "20"),
    ("廿二", "22"),
    ("卅", "30"),
    ("卅五", "35"),
    # mixed Arabic and Chinese
    ("3万4千", "34000"),
    ("2万5", "25000"),
    ("2万500", "20500"),
    ("2万5000", "25000"),
    ("1千2百", "1200"),
    ("5万零3百", "50300"),
    ("100万三千", "1003000"),
    ("200亿零四千230", "20000004230"),
    ("1亿2000万", "120000000"),
    ("3亿零5万", "300050000"),
    # bare units
    ("百", "100"),
    ("千", "1000"),
    ("万", "10000"),
    ("亿", "100000000"),
    ("百万", "1000000"),
    ("千万", "10000000"),
    ("万亿", "1000000000000"),
]

INVALID = [
    "",
    "   ",
    "**",
    "xx",
    "XX",
    "×× ",
    "20**",
    "2x",
    "是",
    "一是",
    "个",
    "元",
    "15.9万人",
    "3%",
    "12 34",
    "1 2",
    "21 39",
    "1,28",
    "1,2800",
    "1  280",
    "1.2.3",
    "15.",
    ".5",
    "10..1万",
    "10.1万零100",
    "1.5万3千",
    "--5",
    "+-5",
    "负-5",
    "- 5",
    "零点",
    "点零",
    "点一",
    "零点点",
    "零点零大",
    "3点5",
    "两点五",
    "百点一",
    "百十一",
    "十一十二",
    "负十一十二",
    "十七十八",
    "一百二十三四",
    "两十",
    "二十两",
    "一两",
    "一千零",
    "一千零零一",
    "一千零五百",
    "一万零五千",
    "一亿零五千万",
    "二十零五",
    "一万万",
    "亿亿",
    "一亿亿",
    "万五",
    "百五",
    "三五万",
    "十二三",
    "三分之一",
    "3/4",
    "½",
    "①",
    "٣",
    "十0",
    "0十",
    "2万05",
    "四千零230",
    "12百",
]

SEARCH = [
    ("全市共有职工15.9万人", ["15.9万"]),
    ("工会会员14.8万人，会员数13138人", ["14.8万", "13138"]),
    ("会员入会率达到92.19%", ["92.19"]),
    ("工会组织1,756家", ["1,756"]),
    ("会员 2 139 人", ["2 139"]),
    ("共有１２８０名会员", ["１２８０"]),
    ("十九万六千名职工", ["十九万六千"]),
    ("共3万4千人", ["3万4千"]),
    ("一亿零五十万元", ["一亿零五十万"]),
    ("培训学员近百名", ["百"]),
    ("千余人参加", ["千"]),
    ("3万余人次", ["3万"]),
    ("30多万人", ["30"]),
    ("400人左右", ["400"]),
    ("20**年", []),
    ("20xx年", []),
    ("xx人", []),
    ("××人", []),
    ("**万元", []),
    ("二〇**年", []),
    ("2月65438+", ["2", "65438"]),
    ("二〇一〇年", ["二〇一〇"]),
    ("3-5家", ["3", "5"]),
    ("增长-3.5%", ["-3.5"]),
    ("负增长", []),
    ("三五万人", []),
    ("七八十人", []),
    ("十一五规划", []),
    ("三分之一的职工", []),
    ("3/4的会员", []),
    ("2023.10.5", []),
    ("5G网络", []),
    ("统一3万", ["3万"]),
    ("数百名职工", []),
    ("几十家企业", []),
    ("十几家企业", []),
    ("十余家企业", ["十"]),
    ("成千上万", []),
    ("逾百人", ["百"]),
    ("万分感谢", []),
    ("百分之九十二点一九", ["九十二点一九"]),
    ("一是加强", ["一"]),
    ("零点五个百分点", ["零点五"]),
    ("1.5千万元", ["1.5千万"]),
    ("共2万亿元", ["2万亿"]),
    ("慰问壹拾壹人", ["壹拾壹"]),
    ("增至100万千瓦", ["100万"]),
]

TO_CHINESE = [
    (0, "零"),
    (7, "七"),
    (10, "十"),
    (15, "十五"),
    (20, "二十"),
    (101, "一百零一"),
    (110, "一百一十"),
    (1005, "一千零五"),
    (1010, "一千零一十"),
    (2000, "二千"),
    (10001, "一万零一"),
    (10010, "一万零一十"),
    (100000, "十万"),
    (196000, "十九万六千"),
    (100500000, "一亿零五十万"),
    (100100000, "一亿零一十万"),
    (1000000000000, "一万亿"),
    (-12, "负十二"),
]


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_parse_number_valid(text: str, expected: str) -> None:
    got = parse_number(text)
    assert isinstance(got, Decimal)
    assert got == Decimal(expected)


@pytest.mark.parametrize("text", INVALID)
def test_parse_number_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(("text", "expected"), VALID)
def test_pattern_fullmatches_every_valid_number(text: str, expected: str) -> None:
    text = text.strip()
    if text.endswith("整"):  # cheque style: the pattern never swallows 元
        text = text[:-2]
    assert NUMBER.fullmatch(text), text


@pytest.mark.parametrize(("sentence", "spans"), SEARCH)
def test_pattern_in_sentence(sentence: str, spans: list[str]) -> None:
    assert [m.group() for m in NUMBER.finditer(sentence)] == spans


def test_pattern_has_no_groups_and_no_empty_match() -> None:
    assert NUMBER.groups == 0 and PERCENT.groups == 0
    assert NUMBER.search("") is None
    assert all(m.group() for m in NUMBER.finditer("的。，是 个 人"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("92.19%", "92.19"),
        ("92.19％", "92.19"),
        ("98 %", "98"),
        ("百分之九十二点一九", "92.19"),
        ("百分之百", "100"),
        ("百分之一百", "100"),
        ("百分之五十", "50"),
        ("百分之0.5", "0.5"),
        ("-3%", "-3"),
        ("负百分之五", "-5"),
        ("5‰", "0.5"),
        ("千分之三", "0.3"),
    ],
)
def test_parse_percent(text: str, expected: str) -> None:
    assert parse_percent(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text", ["92.19", "%", "百分之", "百分之-5", "92.19%%", "百分之xx", "三分之一"]
)
def test_parse_percent_invalid(text: str) -> None:
    with pytest.raises(ValueError):
        parse_percent(text)


def test_percent_pattern_in_sentence() -> None:
    text = "入会率92.19%，建制率达百分之九十以上，百分之百覆盖，增长5 ‰"
    assert [m.group() for m in PERCENT.finditer(text)] == [
        "92.19%",
        "百分之九十",
        "百分之百",
        "5 ‰",
    ]


@pytest.mark.parametrize(("n", "text"), TO_CHINESE)
def test_to_chinese(n: int, text: str) -> None:
    assert to_chinese(n) == text


def test_to_chinese_rejects_what_parse_cannot_read() -> None:
    with pytest.raises(ValueError):
        to_chinese(10**16)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_round_trip_chinese(n: int) -> None:
    text = to_chinese(n)
    assert "两" not in text
    assert parse_number(text) == n
    assert NUMBER.fullmatch(text)


@given(st.integers(min_value=-(10**16) + 1, max_value=10**16 - 1))
def test_round_trip_chinese_wide(n: int) -> None:
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_round_trip_arabic(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**6))
def test_round_trip_decimal(whole: int, frac: int) -> None:
    text = f"{whole:,}.{frac:06d}"
    assert parse_number(text) == Decimal(f"{whole}.{frac:06d}")
    assert NUMBER.fullmatch(text)


@given(st.text(alphabet="零一二两三四五六七八九十百千万亿点0123456789,.% 负-x*人年", max_size=20))
def test_every_match_is_non_empty_and_parse_fails_cleanly(text: str) -> None:
    for m in NUMBER.finditer(text):
        assert m.group()
        with contextlib.suppress(ValueError):
            parse_number(m.group())
