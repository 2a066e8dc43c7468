"""Reporting body and region: names resolved as of the year, no places made of ordinary words."""

from __future__ import annotations

import json
import time
from pathlib import Path

import opencc
import pytest

from extractors.regions import (
    OrgMatch,
    at_year,
    find_org,
    load_areacodes,
    names_place_below,
    resolve_region,
    tells_superior_whole,
    told_by_other_union,
)
from schemas.document import Region

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
GOLD = Path("/work/shared/eval/gold/seeds.docs.jsonl")


def seed(prefix: str) -> str:
    """A seed as the pipeline hands it over: Simplified (003 is Traditional on disk)."""
    path = next(RAW.glob(f"{prefix}_*.txt"))
    return opencc.OpenCC("t2s").convert(path.read_text(encoding="utf-8"))


def triple(text: str, year: int | None) -> tuple[str | None, str | None, str | None]:
    r = resolve_region(text, year)
    return r.province, r.city, r.county


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("湖北省大冶市总工会\n\n大冶是全国闻名的青铜文化故里", "大冶市总工会"),
        ("突出重点\n  —建阳市总工会20**年上半年工作总结", "建阳市总工会"),
        ("新年伊始,宁波鄞州区总工会积极改革技工人才培养模式", "鄞州区总工会"),
        ("“每个人都能找到自己的影子。”大江东总工会相关负责人说", "大江东总工会"),
        ("恩施州总工会召开全委会", "恩施州总工会"),
        ("东阳总工会为环卫工人新建休息点", "东阳市总工会"),
        # masked, generic or not a place: no body named
        ("立足实际谋创先—**县总工会开展创先争优活动工作汇报", None),
        ("××市总工会2012年工作总结", None),
        ("县总工会积极参与推荐考察", None),
        ("2015年以来,市总工会会同市人社局开展检查", None),
        ("根据省总工会《关于推进经费集中核算的通知》要求", None),
        ("在今年县政府和县总工会召开的联席会议上", None),  # 和县 is a county, not here
        ("宁波鄞州工会实施“百千万”工程", None),  # X工会 is not X总工会
    ],
)
def test_find_org(text: str, org: str | None) -> None:
    found = find_org(text)
    assert (found.name if found else None) == org
    if found:
        assert found.start >= 0 and text[found.start : found.end].endswith("工会")


def test_find_org_prefers_the_title() -> None:
    text = "在黄石市总工会的指导下,黄石市总工会要求……黄石市总工会"
    assert find_org(text, title="大冶市总工会2013年工作总结") == OrgMatch("大冶市总工会", -1, -1)
    assert find_org(text + "大冶市总工会", title="大冶市总工会") == OrgMatch(
        "大冶市总工会", len(text), len(text) + 6
    )
    # The body named as the one giving guidance (在…指导下) is not the one reporting.
    assert find_org(text) == OrgMatch("黄石市总工会", 12, 18)
    assert find_org("在县委和潍坊市总工会的坚强领导下,我县工会…") is None


@pytest.mark.parametrize(
    ("text", "year", "expected", "adcode"),
    [
        ("大冶市总工会2013年工作总结", 2013, ("湖北省", "黄石市", "大冶市"), "420281"),
        ("大冶县总工会1990年工作总结", 1990, ("湖北省", "黄石市", "大冶县"), "420221"),
        ("建阳市总工会上半年工作总结", 2004, ("福建省", "南平市", "建阳市"), "350784"),
        ("建阳市总工会上半年工作总结", None, ("福建省", "南平市", "建阳市"), "350784"),
        ("建阳区总工会2016年工作总结", 2016, ("福建省", "南平市", "建阳区"), "350703"),
        ("鹤峰县总工会工作总结", 2009, ("湖北省", "恩施土家族苗族自治州", "鹤峰县"), "422828"),
        ("鹤峰县总工会工作总结", 1990, ("湖北省", "鄂西土家族苗族自治州", "鹤峰县"), "422828"),
        ("湖州市总工会改革实施方案出台", 2018, ("浙江省", "湖州市", None), "330500"),
        ("塔城地区总工会工作总结", 2010, ("新疆维吾尔自治区", "塔城地区", None), "654200"),
        ("北京市海淀区总工会工作总结", 2010, ("北京市", "北京市", "海淀区"), "110108"),
        ("北京市总工会工作总结", 2010, ("北京市", "北京市", None), "110000"),
        ("山东阳谷县总工会工作总结", 2010, ("山东省", "聊城市", "阳谷县"), "371521"),
        ("宁波鄞州工会实施“百千万”工程", 2018, ("浙江省", "宁波市", "鄞州区"), "330212"),
        # the same name in two provinces: the province named elsewhere decides
        (
            "朝阳区总工会召开会议。长春市委、吉林省总工会领导出席。",
            2010,
            ("吉林省", "长春市", "朝阳区"),
            "220104",
        ),
        (
            "朝阳区总工会召开会议。北京市委领导出席。",
            2010,
            ("北京市", "北京市", "朝阳区"),
            "110105",
        ),
        ("大江东总工会要为外来务工人员推出H5", 2018, ("浙江省", "杭州市", None), "330100"),
    ],
)
def test_resolve_region_by_org(
    text: str, year: int | None, expected: tuple[str | None, ...], adcode: str
) -> None:
    r = resolve_region(text, year)
    assert (r.province, r.city, r.county) == expected
    assert r.adcode == adcode
    assert r.method and r.method.startswith("org:")
    assert not r.inferred


@pytest.mark.parametrize(
    "text",
    [
        "县委高度重视,县总工会积极参与,全县职工踊跃参加。",
        "我们会同县工商局、县劳动和社会保障局开展执法调查。县委县政府高度重视。",
        "在今年县政府和县总工会召开的联席会议上,我县通报了情况。",
        "全市各级工会在市委的领导下,市总工会城乡统筹,新区建设。",
        "深入开展“安康杯”竞赛活动,职工医疗互助保障,比如公安局。",
        "党政机关、事业单位100%建立工会,行政和事业单位,长治久安。",
        "发展新会员203人,灯谜庆元宵,准噶尔经济开发区。",
        "",
    ],
)
def test_no_region_from_generic_words(text: str) -> None:
    r = resolve_region(text, 2010)
    assert (r.province, r.city, r.county, r.adcode) == (None, None, None, None)


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("山东阳谷县", ["山东", "阳谷县"]),
        ("湖北省大冶市总工会", ["湖北省", "大冶市"]),
        ("行政和事业单位", []),
        ("夏萍乡、燕子乡", []),
        ("东阳路上的东阳市农商银行", ["东阳市"]),
        ("在托里镇建立职工书屋", ["托里"]),
        ("会员入会率", []),
        ("大同市城区和郊区", ["大同市", "城区"]),
    ],
)
def test_scan_boundaries(text: str, surfaces: list[str]) -> None:
    assert [m.surface for m in load_areacodes().scan(text, 2010)] == surfaces


def test_town_named_after_county_counts() -> None:
    (m,) = load_areacodes().scan("在托里镇建立", 2010)
    assert m.town and m.evidence == "托里镇" and m.areas[0].code == "654224"


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        # a masked county pinned by towns and firms named after it
        (
            "**县总工会工作汇报。我县在托里镇建立书屋。新疆托里铜金矿、托里国苑公司。",
            ("新疆维吾尔自治区", "塔城地区", "托里县"),
            "inferred:",
        ),
        # one hint is not enough
        ("**县总工会工作汇报。我县在托里镇建立书屋。", (None, None, None), "masked:"),
        # two counties named equally: ambiguous
        (
            "**县总工会工作汇报。我县在托里镇、额敏县、托里县、额敏镇开展。",
            (None, None, None),
            "masked:",
        ),
    ],
)
def test_masked(text: str, expected: tuple[str | None, ...], method: str) -> None:
    r = resolve_region(text, 2010)
    assert (r.province, r.city, r.county) == expected
    assert r.method and r.method.startswith(method)
    assert r.inferred == (expected[2] is not None)


@pytest.mark.parametrize(
    ("text", "expected", "method"),
    [
        (
            "我县高度重视。县委、县政府要求,按照《鹤峰县人民政府关于签订集体合同的通知》落实。",
            ("湖北省", "恩施土家族苗族自治州", "鹤峰县"),
            "issuer:鹤峰县人民政府",
        ),
        # an upper-level issuer is not the report's own place
        (
            "我县高度重视。县委要求,按照《湖北省人民政府关于签订集体合同的通知》落实。",
            (None, None, None),
            None,
        ),
        (
            "东阳城乡共有环卫工人。东阳市农商银行响应,东阳市农业银行加入。",
            ("浙江省", "金华市", "东阳市"),
            "mentions:东阳市×3",
        ),
    ],
)
def test_weaker_evidence(text: str, expected: tuple[str | None, ...], method: str | None) -> None:
    r = resolve_region(text, 2018 if "东阳" in text else 2009)
    assert (r.province, r.city, r.county) == expected
    assert r.method == method


def test_at_year_prefers_versions_in_use() -> None:
    idx = load_areacodes()
    areas, kind, stale = idx.lookup("建阳", 2004)
    assert kind == "short" and not stale and [a.code for a in areas] == ["350784"]
    areas, _, _ = idx.lookup("建阳", None)
    assert [a.code for a in areas] == ["350703"]
    areas, stale = at_year(idx.lookup("建阳市", None)[0], 2020)
    assert stale and [a.code for a in areas] == ["350784"]


SEEDS = [
    ("000", 2014, ("湖北省", "黄石市", "大冶市"), False, "大冶市总工会"),
    ("001", 2010, ("新疆维吾尔自治区", "塔城地区", "托里县"), True, None),
    ("003", 2009, ("湖北省", "恩施土家族苗族自治州", "鹤峰县"), False, None),
    ("004", None, ("福建省", "南平市", "建阳市"), False, "建阳市总工会"),
]


@pytest.mark.parametrize(("prefix", "year", "expected", "inferred", "org"), SEEDS)
def test_seed_regions(
    prefix: str, year: int | None, expected: tuple[str, ...], inferred: bool, org: str | None
) -> None:
    text = seed(prefix)
    r = resolve_region(text, year)
    assert (r.province, r.city, r.county) == expected
    assert r.inferred == inferred
    found = find_org(text)
    assert (found.name if found else None) == org


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold not mounted")
def test_seed_regions_match_gold() -> None:
    rows = {json.loads(line)["doc"][:3]: json.loads(line) for line in GOLD.open()}
    for prefix, year, expected, inferred, _ in SEEDS:
        g = rows[prefix]
        assert expected == tuple(g["region"][k] for k in ("province", "city", "county"))
        assert inferred == g["region_inferred"]
        assert year == g["year"]


def test_resolution_is_fast() -> None:
    text = seed("001")  # 12 KB
    resolve_region(text, 2010)
    best = min(_timed(lambda: resolve_region(text, 2010)) for _ in range(5))
    assert best < 0.010


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - start


_SITE_PAGE = (
    "<html><head><title>县总工会上半年工作综述_工作动态_{site}</title></head><body><article><p>"
    + "今年以来，县总工会在县委和{superior}总工会的坚强领导下，紧紧围绕全县中心工作，"
    "扎实推进各项工作。上半年，全县新建基层工会组织42家，发展会员3215人。" * 2
    + "</p></article><p>主办单位：{site}</p></body></html>"
)


@pytest.mark.parametrize(
    ("site", "superior", "county", "org"),
    [
        # the text names only its superior; the site names the county body
        ("霍邱县总工会", "六安市", "霍邱县", "霍邱县总工会"),
        # a site in another city than the text's superior says nothing about this report
        ("桐城市总工会", "六安市", None, None),
    ],
)
def test_unnamed_body_on_its_own_site(tmp_path: Path, site: str, superior: str,
                                      county: str | None, org: str | None) -> None:
    from extractors.pipeline import extract_path

    page = tmp_path / "page.html"
    page.write_text(_SITE_PAGE.format(site=site, superior=superior), encoding="utf-8")
    result = extract_path(page)
    assert (result.region.city, result.region.county, result.org) == ("六安市", county, org)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("东台年鉴（2021）　· 216 ·\n工　会\n【概况】2020年末，全市有基层工会组织1962个。",
         ("江苏省", "盐城市", "东台市")),
        ("《龙海年鉴》2020\n市总工会\n概况 2019年末，全市有基层工会组织1256个。",
         ("福建省", "漳州市", "龙海市")),
        # a yearbook named after no division says nothing
        ("中国工会年鉴（2021）\n【概况】全国有基层工会组织280万个。", (None, None, None)),
    ],
)
def test_a_yearbook_is_named_after_its_division(text: str, expected: tuple) -> None:
    r = resolve_region(text, 2020)
    assert (r.province, r.city, r.county) == expected


def test_the_title_names_a_body_deeper_than_its_superior_in_the_text(tmp_path: Path) -> None:
    from extractors.pipeline import extract_path

    page = tmp_path / "plan.html"
    body = "全县各级工会要认真落实县委和晋中市总工会的部署要求，全年新建工会组织50个以上。" * 3
    page.write_text(f"<html><head><title>平遥县总工会2023年工作要点 - 通知公告</title></head>"
                    f"<body><article><p>{body}</p></article></body></html>", encoding="utf-8")
    result = extract_path(page)
    assert (result.region.city, result.region.county) == ("晋中市", "平遥县")


def test_a_short_name_after_a_city_it_is_not_in_is_a_word() -> None:
    # 沙市市江汉纺织器材厂: a factory in 沙市市 (1990), not 武汉's 江汉区
    r = resolve_region("沙市市档案馆 工业企业档案\n沙市市江汉纺织器材厂工会\n一九九〇年工作总结\n"
                       "全厂职工二千八百六十四人。", 1990)
    assert (r.city, r.county) == ("沙市市", None)


CHIPING = Region("山东省", "聊城市", "茌平县", "371523")


@pytest.mark.parametrize(
    ("before", "other"),
    [
        ("聊城市总工会全年为全市困难职工发放救助资金", True),  # the superior's
        ("山东省总工会下拨帮扶资金", True),
        ("在交流会上,江门市总工会副主席表示,全市今年将再新建工会", True),  # another province
        ("据全国总工会通报,全国工会全年新发展会员超过", True),
        ("在聊城市总工会的支持下,县总工会新建工会", False),  # the report's own union acts
        ("聊城市总工会与茌平县总工会联合慰问职工", False),
        ("茌平县总工会全年新建工会", False),  # the report's own
        ("全县新建工会", False),
        ("东阿县总工会新建工会", False),  # a neighbour: maybe a second report on the page
    ],
)
def test_a_superior_unions_figures_are_not_the_reports(before: str, other: bool) -> None:
    assert told_by_other_union(before, CHIPING, 2017) is other


def test_an_inferred_region_judges_no_union() -> None:
    region = Region("山东省", "聊城市", "茌平县", "371523", inferred=True)
    assert not told_by_other_union("聊城市总工会发放救助资金", region, 2017)


JILIN = Region("吉林省", None, None, "220000")
SHANGQIU = Region("河南省", "商丘市", None, "411400")


@pytest.mark.parametrize(
    ("clause", "region", "below"),
    [
        ("延边州新建基层工会", JILIN, True),
        ("长春市(含公主岭市)、吉林市新发展会员分别为", JILIN, True),
        ("永城市、夏邑县分别资助", SHANGQIU, True),
        ("全省新建基层工会", JILIN, False),
        ("在延边州召开现场会后,全省新建基层工会", JILIN, False),  # the whole, said after
        ("黑龙江省新建基层工会", JILIN, False),  # not inside the region
        ("永城市新建工会", Region("河南省", "商丘市", "永城市", "411481"), False),  # a county
    ],
)
def test_a_division_below_the_report_makes_a_part(clause: str, region: Region,
                                                   below: bool) -> None:
    assert names_place_below(clause, region, 2020) is below


ZHUSHAN = Region("湖北省", "十堰市", "竹山县", "420323")
HUAIBEI = Region("安徽省", "淮北市", None, "340600")
TENGZHOU = Region("山东省", "枣庄市", "滕州市", "370481")


@pytest.mark.parametrize(
    ("clause", "region", "superior"),
    [
        ("据市总工会通报,去年全市新建基层工会", ZHUSHAN, True),  # a county's 全市: the city's
        ("全省工会系统去年共新建基层工会", HUAIBEI, True),
        ("全县新建基层工会", ZHUSHAN, False),
        ("全市新建基层工会", HUAIBEI, False),  # a city's own whole
        ("全市新建基层工会", TENGZHOU, False),  # a county-level city's own whole
        ("县总工会在全市率先建立", ZHUSHAN, False),
        ("居全省第五位,新建", HUAIBEI, False),
    ],
)
def test_the_superiors_whole_is_not_the_reports(clause: str, region: Region,
                                                superior: bool) -> None:
    assert tells_superior_whole(clause, region) is superior


def test_an_inferred_region_needs_its_own_level_words() -> None:
    region = Region("湖北省", "十堰市", "竹山县", "420323", inferred=True)
    assert not tells_superior_whole("去年全市新建", region, "县总工会新建工会")
    assert tells_superior_whole("去年全市新建", region, "全县新建工会46个")


def test_a_municipalitys_own_union_is_no_superior() -> None:
    tianjin = Region("天津市", "天津市", None, "120000")
    assert not told_by_other_union("天津市总工会有关负责人表示,2017年全市将新建", tianjin, 2017)
    assert told_by_other_union("北京市总工会表示,全市新建", tianjin, 2017)


def test_a_documents_recipient_is_not_its_author() -> None:
    # 版记 of a 红头 report (blind heldout43 05): 抄送 names whom it went to.
    text = ("县总工会在县委的领导下，扎实推进各项工作。特此报告。\n抄送：双鸭山市总工会。\n"
            "集贤县总工会办公室2012年7月6日印发")
    region = resolve_region(text, 2012)
    assert (region.city, region.county) == ("双鸭山市", "集贤县")
