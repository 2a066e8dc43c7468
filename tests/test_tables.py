"""Statistics tables: a unit in the row label, a year in the column heading."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.figures import extract_figures
from extractors.tables import find_table_values

TABLE = """全年主要指标见下表。
| 指标 | 2016年 | 2015年 | 增长(%) |
|---|---|---|---|
| 工会会员(人) | 79,532 | 77,105 | 3.1 |
| 其中:女会员(人) | 31,208 | 30,116 | 3.6 |
| 帮扶资金(万元) | 215.5 | 180 | 19.7 |
| 入会率(%) | 92.0 | 90.8 | — |
| 职工书屋(个) | 12 | 10 | 20 |
"""


def test_table_values_take_the_column_year_and_skip_changes() -> None:
    got = [(v.label, v.value, v.unit, v.year) for v in find_table_values(TABLE)]
    assert ("工会会员", Decimal("79532"), "人", 2016) in got
    assert ("工会会员", Decimal("77105"), "人", 2015) in got
    assert ("帮扶资金", Decimal("2155000.0"), "元", 2016) in got
    assert not [g for g in got if g[1] == Decimal("3.1")]  # the 增长 column is a change


def test_table_rows_become_figures_by_the_same_rules() -> None:
    figs = {(f.indicator, f.value, f.period) for f in extract_figures(TABLE)}
    assert ("members", Decimal("79532"), 2016) in figs
    assert ("female_members", Decimal("30116"), 2015) in figs
    assert ("membership_rate", Decimal("92.0"), 2016) in figs
    assert not [f for f in figs if f[1] in (Decimal(12), Decimal(10))]  # 职工书屋: no rule


def test_prose_repeating_a_table_value_is_kept_once_as_the_table_gives_it() -> None:
    text = TABLE + "全县工会会员79532人,入会率92%。\n力争全县工会会员达到79532人。"
    figs = [(f.indicator, f.value, f.period, f.status) for f in extract_figures(text)]
    members = [f for f in figs if f[:2] == ("members", Decimal("79532"))]
    # The prose's actual figure is the table's; a target of the same size is another figure.
    assert members == [("members", Decimal("79532"), 2016, "actual"),
                       ("members", Decimal("79532"), None, "target")]
    # 入会率92% is the table's 92.0 for 2016.
    assert [f for f in figs if f[0] == "membership_rate" and f[1] == 92] == [
        ("membership_rate", Decimal("92.0"), 2016, "actual")]


def test_headings_on_two_rows_are_one_heading() -> None:
    # 完成情况 over 2023年 | 2022年, 增减% merged down: the change column stays a change column.
    text = ("| 指标 | 单位 | 完成情况 |  | 增减% |\n|  |  | 2023年 | 2022年 |  |\n"
            "| 一、组织建设 |  |  |  |  |\n| 基层工会组织 | 个 | 986 | 962 | 2.5 |\n"
            "| 工会会员 | 万人 | 7.38 | 7.21 | 2.4 |\n")
    got = {(f.indicator, f.value, f.period) for f in extract_figures(text)}
    assert got == {("union_orgs", Decimal(986), 2023), ("union_orgs", Decimal(962), 2022),
                   ("members", Decimal("73800.00"), 2023), ("members", Decimal("72100.00"), 2022)}


def test_a_category_column_before_the_label_and_unit() -> None:
    text = ("| 类别 | 指标 | 单位 | 2020年 | 2019年 |\n| 组织建设 | 新建基层工会 | 个 | 38 | 42 |\n"
            "|  | 工会会员 | 万人 | 4.26 | 4.03 |\n")
    got = {(f.indicator, f.value, f.period) for f in extract_figures(text)}
    assert got == {("new_union_orgs", Decimal(38), 2020), ("new_union_orgs", Decimal(42), 2019),
                   ("members", Decimal("42600.00"), 2020), ("members", Decimal("40300.00"), 2019)}


def test_a_heading_broken_off_into_lines_above_the_rows() -> None:
    # A text layer gave the heading cells as lines: one label(unit) for each value column.
    text = ("统计表\n乡镇\n基层工会(个)会员(人)\n"
            "| 双溪镇 | 74 | 4,862 |\n| 仁首镇 | 41 | 2,518 |\n| 合计 | 115 | 7,380 |\n")
    got = {(f.indicator, int(f.value), f.scope) for f in extract_figures(text)}
    assert ("union_orgs", 74, "subset") in got and ("members", 2518, "subset") in got
    assert ("members", 7380, "total") in got


def test_rows_written_without_their_closing_bar() -> None:
    text = ("| 指标 | 单位 | 2022年 | 2021年 | 增减%\n| 工会会员 | 人 | 44,380 | 42,760 | 3.8\n"
            "| 追回欠薪 | 万元 | 163.4 | 198.7 | -17.8\n")
    got = {(f.indicator, int(f.value), f.period) for f in extract_figures(text)}
    assert got == {("members", 44380, 2022), ("members", 42760, 2021),
                   ("wages_recovered", 1634000, 2022), ("wages_recovered", 1987000, 2021)}
    assert find_table_values("一行 | 不是表格") == []  # a bar inside prose is no row


def test_a_unit_column_table_as_ocr_lines_with_two_years() -> None:
    # OCR gives no bars and no brackets: the 单位 heading and its years carry the table.
    text = ("主要指标见下表。\n指标单位2022年2021年增减%\n职工总数人48,650 47,120 3.2\n"
            "工会会员人44,380 42,760 3.8\n追回欠薪万元163.4 198.7 -17.8\n")
    got = {(f.indicator, int(f.value), f.period) for f in extract_figures(text)}
    assert got == {("workers", 48650, 2022), ("workers", 47120, 2021),
                   ("members", 44380, 2022), ("members", 42760, 2021),
                   ("wages_recovered", 1634000, 2022), ("wages_recovered", 1987000, 2021)}


def test_text_without_tables_has_no_table_values() -> None:
    assert find_table_values("全县工会会员3000人。| 不是表格") == []


PDF_TABLE = """主要指标
指标 2016年 2015年 增长(%)
职工总数(人) 86,410 84,950 1.7
工会会员(人) 79,532 77,105 3.1
入会率(%) 92.0 90.8 —
"""


def test_pdf_text_layer_table_rows() -> None:
    got = {(v.label, v.value, v.year) for v in find_table_values(PDF_TABLE)}
    assert ("职工总数", Decimal("86410"), 2016) in got
    assert ("工会会员", Decimal("77105"), 2015) in got
    assert not [g for g in got if g[1] in (Decimal("1.7"), Decimal("3.1"))]
    figs = {(f.indicator, f.value, f.period) for f in extract_figures(PDF_TABLE)}
    assert ("membership_rate", Decimal("90.8"), 2015) in figs


# Years as rows, indicators as columns, a heading merged over two sub-headings (colspan).
BY_YEAR = """附表 2017―2019年工会组织和会员情况
| 年 份 | 基层工会(个) |  | 会员(人) |  |  | 职工入会率(%) | 备 注 |
|  | 总数 | 其中当年新建 | 总数 | 女会员 | 农民工会员 |  |  |
| 2017年 | 986 | 58 | 103,420 | 41,260 | 47,830 | 87.9 | — |
| 2018年 | 1,043 | 62 | 109,875 | 44,012 | 51,304 | 89.6 | 按新口径 |
"""
# Places as rows after a 序号 column; the 合计 row (empty 序号 cell) is the total.
BY_PLACE = """\
| 序号 | 乡镇(单位) | 职工人数(人) | 会员人数(人) | 帮扶资金(万元) | 经费拨付(万元) |
| 1 | 贡江镇 | 18,420 | 16,932 | 25.2 | 36.8 |
| 2 | 铁山垅镇 | 3,615 | 3,208 | 8.6 | 7.2 |
|  | 合计 | 22,035 | 20,140 | 33.8 | 44.0 |
"""


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (BY_YEAR, {("union_orgs", Decimal(986), "total", 2017),
                   ("new_union_orgs", Decimal(58), "total", 2017),
                   ("members", Decimal(109875), "total", 2018),
                   ("female_members", Decimal(44012), "total", 2018),
                   ("migrant_members", Decimal(47830), "total", 2017),
                   ("membership_rate", Decimal("89.6"), "total", 2018)}),
        (BY_PLACE, {("workers", Decimal(18420), "subset", None),
                    ("members", Decimal(3208), "subset", None),
                    ("aid_amount", Decimal("252000.0"), "subset", None),
                    ("workers", Decimal(22035), "total", None),
                    ("aid_amount", Decimal("338000.0"), "total", None)}),
    ],
    ids=["years-by-row", "places-by-row"],
)
def test_tables_with_indicators_as_columns(table: str, expected: set) -> None:
    figs = {(f.indicator, f.value, f.scope, f.period) for f in extract_figures(table)}
    assert expected <= figs, expected - figs
    # 备注 and 经费 columns are no figures; nor is a year or a 序号.
    values = {f[1] for f in figs}
    assert not values & {Decimal("36.8"), Decimal(368000), Decimal(2017), Decimal(1), Decimal(2)}


def test_a_row_with_an_empty_first_cell_is_not_a_rule_line() -> None:
    got = {(v.label, v.value) for v in find_table_values(BY_PLACE)}
    assert ("职工人数", Decimal(22035)) in got



UNIT_COLUMN = """表2 2021年舒城县工会工作主要指标
项目单位数量比上年增减(%)
职工总数人112,460 2.3
新发展会员人和715一
帮扶救助资金元3,186,500 6.2
【维权服务】全年受理职工来信来访57件。
"""


@pytest.mark.parametrize(
    "table",
    [UNIT_COLUMN,
     "| 项目 | 单位 | 2021年 | 比上年增减(%) |\n| 职工总数 | 人 | 112,460 | 2.3 |\n"
     "| 帮扶救助资金 | 元 | 3,186,500 | 6.2 |\n",
     # A change typeset with U+2212 (−4.1) is still a number: the row is no heading.
     "| 项目 | 单位 | 2021年 | 比上年增减(%) |\n| 职工总数 | 人 | 112,460 | \u22124.1 |\n"
     "| 帮扶救助资金 | 元 | 3,186,500 | \u20132.3 |\n| 职工技能培训 | 人次 | 6,320 | 6.2 |\n"],
    ids=["ocr-lines", "pipe-rows", "unicode-minus"],
)
def test_a_unit_column_names_the_unit(table: str) -> None:
    figs = {(f.indicator, f.value, f.period) for f in extract_figures(table)}
    assert ("workers", Decimal(112460), 2021) in figs
    assert ("aid_amount", Decimal(3186500), 2021) in figs
    assert not [f for f in figs
                if f[1] in (Decimal("2.3"), Decimal("6.2"), Decimal(715), Decimal("4.1"))]


def test_another_bodys_yearbook_entry_is_not_the_unions() -> None:
    page = ("县总工会\n【帮扶救助】慰问困难职工1935人。\n县妇联\n【概况】培训农村妇女2,600人次;"
            "救助患病妇女72人。\n县总工会\n【培训】培训职工800人次。")
    got = [(f.indicator, f.value) for f in extract_figures(page)]
    assert got == [("aid_recipients", Decimal(1935)), ("trainees", Decimal(800))]



def test_a_part_row_takes_the_indicator_of_the_row_above() -> None:
    table = ("| 指标 | 单位 | 2022年上半年 | 2023年上半年 | 增减% |\n"
             "| 新发展会员 | 人 | 2,316 | 2,874 | 24.1 |\n"
             "| 其中:新就业形态劳动者 | 人 | 385 | 612 | 59.0 |\n")
    figs = {(f.indicator, f.value, f.scope, f.period) for f in extract_figures(table)}
    assert ("new_members", Decimal(612), "subset", 2023) in figs
    assert ("new_members", Decimal(2316), "total", 2022) in figs


CAPTIONED = """元旦春节期间走访慰问,情况见下表。
| 2015年元旦春节送温暖情况(单位:户、万元) |  |  |  |
| 类别 | 慰问情况 |  | 备注 |
|  | 户数 | 金额 |  |
| 困难职工 | 1,360 | 68.0 | 含建档困难职工 |
| 困难劳模 | 42 | 8.4 | 每户2000元 |
| 合计 | 1,402 | 76.4 |  |
"""


def test_a_caption_names_the_units_of_the_value_columns_in_turn() -> None:
    figs = {(f.indicator, f.value, f.scope, f.period) for f in extract_figures(CAPTIONED)}
    assert figs == {
        ("aid_recipients", Decimal("1360"), "subset", 2015),
        ("aid_amount", Decimal("680000.0"), "subset", 2015),
        ("aid_recipients", Decimal("42"), "subset", 2015),
        ("aid_amount", Decimal("84000.0"), "subset", 2015),
        ("aid_recipients", Decimal("1402"), "total", 2015),
        ("aid_amount", Decimal("764000.0"), "total", 2015),
    }


def test_a_caption_whose_units_do_not_fit_the_columns_gives_nothing() -> None:
    table = CAPTIONED.replace("单位:户、万元", "单位:户、万元、人")
    assert not extract_figures(table)


TARGETS = """主要指标完成情况如下:
| 单位:个、人、人次、户 |  |  |  |  |
| 指标 | 单位 | 2022年 |  | 完成率(%) |
|  |  | 目标任务 | 完成数 |  |
| 新建基层工会 | 个 | 60 | 64 | 106.7 |
| 新发展会员 | 人 | 4,000 | 4,352 | 108.8 |
"""


def test_a_target_column_is_a_target_and_a_completion_rate_no_figure() -> None:
    figs = {(f.indicator, f.value, f.status, f.period) for f in extract_figures(TARGETS)}
    assert figs == {
        ("new_union_orgs", Decimal("60"), "target", 2022),
        ("new_union_orgs", Decimal("64"), "actual", 2022),
        ("new_members", Decimal("4000"), "target", 2022),
        ("new_members", Decimal("4352"), "actual", 2022),
    }
