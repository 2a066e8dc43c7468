"""Report year: heading years, the latest year told as done, plans and posting dates kept out."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from extractors.years import infer_year, published_year, year_mentions

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"


def seed(prefix: str) -> str:
    path = next(RAW.glob(f"{prefix}_*.txt"))
    return opencc.OpenCC("t2s").convert(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("text", "title", "published", "year"),
    [
        # a heading names the year
        ("今年以来,2003年成立的协会……", "大冶市总工会2010年工作总结", None, 2010),
        ("突出重点\n—建阳市总工会2004年上半年工作总结\n今年以来……", None, None, 2004),
        ("二〇一〇年工作总结\n一年来……", None, None, 2010),
        ("2012年度工会工作情况汇报\n……2010年建成", None, None, 2012),
        # a masked year is unknown, however many plain years follow
        ("—建阳市总工会20**年上半年工作总结\n1995年退休,1998年以来", None, None, None),
        ("1998年以来。20**年1月被评为先进集体。", None, None, None),
        ("××××年工作总结\n2008年,……", None, None, None),
        # otherwise the latest year told as done
        ("2010年,验收3家。2011年,拟验收10家。", None, None, 2010),
        ("力争到2020年形成体系。2017年,培训915人次。", None, None, 2017),
        ("计划于2015年完成。2013年建成3家。", None, None, 2013),
        ("到2015年,全市建会率达到95%。2012年建会1000家。", None, None, 2012),
        ("到2013年底已建成职工书屋20家。2012年……", None, None, 2013),
        ("提高到2013年的90%以上。2009年开始创建。", None, None, 2013),
        ("自2012年开始,我们开展创建。", None, None, 2012),
        ("2015年以来,市总工会会同市人社局检查。", None, None, 2015),
        ("2010—2012年开展“三年行动”,取得成效。", None, None, 2012),
        ("《2015—2020年发展规划》明确目标。2013年全面完成。", None, None, 2013),
        ("该乡在制定《2008年工作要点》时确定。2007年……", None, None, 2007),
        # 前年 set a rule that starts 2008: the report is from 2009 at least
        ("前年,在联席会议纪要中,规定从2008年开始纳入预算。2008年,我们开展检查。", None, None, 2009),
        ("去年,规定从2008年开始纳入预算。", None, None, 2008),
        # the posting date is no report year, only an upper bound
        ("时间:2022-03-24\n2014年5月,领导小组开展检查。", None, "2022-03-24", 2014),
        ("发布时间:2022年3月24日\n2013年,全市建会。", None, None, 2013),
        ("2021年开展活动。2025年建成。", None, "2022-01-01", 2021),
        # 今年 in an item posted once its year is under way is that year; in January it may be
        # a December report's
        ("今年以来,各项工作取得成效。", None, "2022-03-24", 2022),
        ("今年以来,各项工作取得成效。", None, "2022-01-05", None),
        ("今年以来,公司工会新建职工之家8个,自2016年以来累计投入200万元。", None, "2019-11-12",
         2019),
        # the year a finance report closes, the year a commendation is for
        ("关于2016年度经费收支决算和2017年度经费预算的审查报告\n2016年,收入8,642.6万元。", None,
         None, 2016),
        ("", "兴化市总工会关于表彰2008年度全市工会工作先进集体的决定", "2009-02-18", 2008),
        # a news item that names no year but 去年 was posted the year after
        ("去年以来,县总工会新建工会4个。去年全年受理案件215件。今年,将再建5个。", None,
         "2021-01-26", 2020),
        ("去年以来,县总工会新建工会4个。", None, None, None),
        ("去年新建工会4个。今年新建5个。", None, "2021-01-26", None),
        # a speech says which year it reports on, or is dated early in the year after it
        ("同志们:\n现在,我向全委会报告2016年工作,并对2017年工作作出部署。2017年1月,召开全会。",
         None, None, 2016),
        ("工作报告\n(2017年1月12日)\n各位代表:\n截至2016年底,会员47.3万人。", None, None, 2016),
        ("工作报告\n(2017年6月12日)\n各位代表:\n截至2016年底,会员47.3万人。", None, None, 2017),
        # …and its own year in the body is the year ahead; a plan dated so plans for its year
        ("讲话\n(2019年1月16日)\n同志们:\n2018年全县新建工会126个。县总工会提出,2019年全县新建"
         "工会100个以上。", None, None, 2018),
        ("秦皇岛市总工会2019年工作要点\n(2019年1月10日)\n2018年新建工会80个。2019年新建工会"
         "100个。", None, None, 2019),
        # the date closes the speaker's line
        ("讲话\n县总工会主席 刘德全(2019年1月24日)\n同志们:\n截至2018年12月底,会员4.86万人。",
         None, None, 2018),
        # 总结2021年全县工会工作, 安排部署2022年重点任务: the year it sums up
        ("1月18日,县总工会召开全委会议,总结2021年全县工会工作,安排部署2022年重点任务。", None,
         "2022-01-19", 2021),
        # 2017年全市将新建…: the year ahead; a press record's 【出处】 line dates the item only
        ("【出处】工人日报 2017年1月16日 第03版\n截至2016年底,会员312.4万人。2017年全市将新建"
         "基层工会3000个以上。", None, None, 2016),
        ("", None, None, None),
    ],
)
def test_infer_year(text: str, title: str | None, published: str | None, year: int | None) -> None:
    assert infer_year(text, title, published) == year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2011年,拟验收县级模范职工之家10家", [(2011, True, False)]),
        ("自2007年以来,已有1100名", [(2007, False, True)]),
        ("从2018年开始,以三年为周期", [(2018, False, True)]),
        ("2010年评选表彰了4名", [(2010, False, False)]),
        ("面积2955万平方米,共3765个,10.2013年", []),
        ("〔2010〕12号文件", []),
    ],
)
def test_year_mentions(text: str, expected: list[tuple[int, bool, bool]]) -> None:
    assert [(m.year, m.plan, m.since) for m in year_mentions(text)] == expected


@pytest.mark.parametrize(
    ("published", "year"), [("2022-03-24", 2022), ("2018年2月", 2018), (None, None), ("", None)]
)
def test_published_year(published: str | None, year: int | None) -> None:
    assert published_year(published) == year


@pytest.mark.parametrize(
    ("prefix", "published", "year"),
    [
        ("000", "2022-03-24", 2014),
        ("001", None, 2010),
        ("002", None, 2018),
        ("003", None, 2009),
        ("004", None, None),
    ],
)
def test_seed_years(prefix: str, published: str | None, year: int | None) -> None:
    assert infer_year(seed(prefix), published=published) == year
