"""Multi-report pages: split on bylines and place changes; a single report stays one span."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import opencc
import pytest

from extractors.reports import ReportSpan, document_region, split_reports
from schemas.document import Region

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"

ZHEJIANG_002 = [
    ("湖州市", None),
    ("宁波市", "鄞州区"),
    ("台州市", None),
    ("金华市", "东阳市"),
    ("绍兴市", "柯桥区"),
    ("丽水市", "庆元县"),
    ("金华市", "义乌市"),
    ("杭州市", None),  # 大江东产业集聚区: a functional zone, no county
]

HUBEI_PAGE = """\
送温暖进万家
武汉市总工会开展春节慰问活动
本报讯 记者张明 通讯员李华报道 近日,武汉市总工会开展送温暖活动。武汉市总工会将继续帮扶。

宜昌工会举办职工技能大赛
本报讯 通讯员王强报道 日前,宜昌市总工会举办第五届职工技能大赛,300名职工参赛。

首届职工运动会开幕
3月2日,襄阳市总工会举办首届职工运动会,2000名职工参加开幕式。
通讯员赵刚 摄影报道
十堰市总工会近日召开全委会,部署全年工作。十堰市总工会主席作报告。
"""


def seed(prefix: str) -> str:
    path = next(RAW.glob(f"{prefix}_*.txt"))
    return opencc.OpenCC("t2s").convert(path.read_text(encoding="utf-8"))


def tiles(spans: list[ReportSpan], n: int) -> bool:
    return (
        spans[0].start == 0
        and spans[-1].end == n
        and all(a.end == b.start for a, b in pairwise(spans))
    )


@pytest.mark.parametrize("year", [2018, None])
def test_newspaper_page_002(year: int | None) -> None:
    text = seed("002")
    spans = split_reports(text, year)
    assert [(s.region.city, s.region.county) for s in spans] == ZHEJIANG_002
    assert {s.region.province for s in spans} == {"浙江省"}
    assert tiles(spans, len(text))
    assert spans[0].headline and "湖州市总工会改革实施方案出台" in spans[0].headline
    assert spans[1].headline and "宁波鄞州工会" in spans[1].headline
    page = document_region(spans)
    assert (page.province, page.city, page.county, page.adcode) == ("浙江省", None, None, "330000")
    assert not page.inferred


def test_other_province_page() -> None:
    spans = split_reports(HUBEI_PAGE, 2018)
    assert [s.region.city for s in spans] == ["武汉市", "宜昌市", "襄阳市", "十堰市"]
    assert [s.headline for s in spans][:3] == [
        "送温暖进万家 武汉市总工会开展春节慰问活动",
        "宜昌工会举办职工技能大赛",
        "首届职工运动会开幕",
    ]
    assert HUBEI_PAGE[spans[3].start :].startswith("十堰市总工会近日")
    page = document_region(spans)
    assert (page.province, page.city, page.adcode) == ("湖北省", None, "420000")


@pytest.mark.parametrize(
    "text",
    [
        # 记者 in a sentence is no byline
        "台州市总工会有关负责人向记者表示,通过线上活动,让职工感受温暖。\n台州市总工会将继续开展。",
        "记者从市总工会获悉,今年全市新建工会100家。\n下一步,市总工会将继续推进。",
        "一、加强组织建设\n县总工会新建工会10家。\n二、维护职工权益\n接待来访13件。",
        "",
    ],
)
def test_single_report_negatives(text: str) -> None:
    spans = split_reports(text, 2010)
    assert len(spans) == 1 and (spans[0].start, spans[0].end) == (0, len(text))


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_single_report_seeds(prefix: str) -> None:
    text = seed(prefix)
    (span,) = split_reports(text, None)
    assert (span.start, span.end, span.headline) == (0, len(text), None)
    assert span.region.province


def test_document_region_common_part() -> None:
    a = ReportSpan(0, 1, None, Region("浙江省", "金华市", "东阳市", "330783"))
    b = ReportSpan(1, 2, None, Region("浙江省", "金华市", "义乌市", "330782", inferred=True))
    c = ReportSpan(2, 3, None, Region())
    assert document_region([a, b, c]) == Region(
        "浙江省", "金华市", None, "330700", False, "common:2 reports"
    )
    assert document_region([a]) == a.region
    assert document_region([c]) == Region()
    d = ReportSpan(0, 1, None, Region("湖北省", "黄石市", "大冶市", "420281"))
    assert document_region([a, d]).province is None


BULLETIN = """绵阳工会工作简报 2023年第6期
梓潼县总工会推动新就业形态劳动者入会
今年以来，梓潼县总工会新建基层工会15个，新发展会员1,420人。
（梓潼县总工会供稿）
盐亭县总工会打好根治欠薪组合拳
盐亭县总工会今年以来受理职工投诉41件，办结39件。
（盐亭县总工会供稿）
报：省总工会，市委、市政府
（共印85份）
"""


def test_supplied_by_credits_close_the_reports_of_a_bulletin() -> None:
    spans = split_reports(BULLETIN, 2023)
    assert [s.region.county for s in spans] == ["梓潼县", "盐亭县"]  # no third, empty report
    assert spans[1].end == len(BULLETIN)
