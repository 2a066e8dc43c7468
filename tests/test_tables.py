"""Statistics tables: a unit in the row label, a year in the column heading."""

from __future__ import annotations

from decimal import Decimal

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
