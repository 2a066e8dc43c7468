"""Reading HTML pages: charset, main text without chrome, title, posting date, no-text pages."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from extractors import read_html as read_html_module
from extractors.errors import ReadError
from extractors.read_html import (
    HtmlText,
    clean_title,
    declared_charset,
    densest_block,
    read_html,
)

HTML = Path(__file__).parent / "fixtures" / "html"
# Any of these in the main text means chrome leaked: sidebar / prev-next / related figures,
# navigation, footer and share-bar words.
LEAKS = (
    "1200人",
    "420户",
    "99%",
    "6000人次",
    "75万元",
    "530户",
    "2.1万人",
    "150人",
    "800人",
    "350人",
    "2000人",
    "88%",
    "3.2万人",
    "500人",
    "51200人）",
    "77家",
    "上一篇",
    "下一篇",
    "上一則",
    "下一則",
    "相关文章",
    "相关阅读",
    "ICP",
    "版权所有",
    "版權所有",
    "Copyright",
    "打印",
    "关闭窗口",
    "分享到",
    "当前位置",
    "您现在的位置",
    "目前位置",
    "浏览次数",
    "點閱次數",
    "阅读：",
    "责任编辑",
    "免责声明",
    "标签",
    "网站地图",
    "政策法规",
    "访客",
    "地址：",
)
# A figure must not be read inside a longer one (4800人 is body, 800人 a related link).
_LEAK_RE = [re.compile(("(?<![\\d.,])" if w[0].isdigit() else "") + re.escape(w)) for w in LEAKS]


def leaks(text: str) -> list[str]:
    """The chrome words and figures found in a page's main text."""
    return [r.pattern for r in _LEAK_RE if r.search(text)]


CASES = {
    "gov_union_gb2312_label.html": dict(
        encoding="gb18030",
        title="青山区总工会2023年工作总结",
        published="2024-01-15",
        keep=(
            "全区工会会员总数达到8.6万人",
            "新发展会员4321人",
            "朱镕基精神学习小组",
            "发放助学金63万元",
            "培训职工3200人次",
            "下一步，我们将继续推荐优秀职工",
            "2024年1月10日",
        ),
    ),
    "trad_union_big5.html": dict(
        encoding="big5",
        title="臺北市產業總工會112年度工作報告",
        published="2024-02-20",
        keep=(
            "會員人數達到5萬6千人",
            "調解成功率為83.7%",
            "參訓學員1,650人次",
            "受益學生430人",
            "一、組織發展\n本會112年度",
        ),
    ),
    "county_inline_chrome_utf8.html": dict(
        encoding="utf-8",
        title="关于2022年度职工服务工作的总结",
        published="2023-01-06",
        keep=(
            "累计服务职工2.3万人次",
            "发放帮扶资金89.5万元",
            "挽回经济损失112万元",
            "下一步，县总工会将把服务职工作为首要任务",
        ),
    ),
    "county_mislabelled_gbk.html": dict(  # meta says utf-8, bytes are GBK
        encoding="gb18030",
        title="关于2022年度职工服务工作的总结",
        published="2023-01-06",
        keep=("累计服务职工2.3万人次", "发放帮扶资金89.5万元"),
    ),
    "district_data_table_utf8.html": dict(
        encoding="utf-8",
        title="南湖区总工会2022年工作总结",
        published=None,
        keep=("| 工会会员（人） | 51200 | 53800 |", "帮扶困难职工1034人次", "主要数据如下。"),
    ),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def page(request: pytest.FixtureRequest) -> tuple[str, HtmlText]:
    return request.param, read_html((HTML / request.param).read_bytes(), name=request.param)


def test_encoding_title_and_date(page: tuple[str, HtmlText]) -> None:
    name, got = page
    case = CASES[name]
    assert (got.encoding, got.title, got.published) == (
        case["encoding"],
        case["title"],
        case["published"],
    )


def test_main_text_is_kept(page: tuple[str, HtmlText]) -> None:
    name, got = page
    for fragment in CASES[name]["keep"]:
        assert fragment in got.text, fragment


def test_no_chrome_leaks(page: tuple[str, HtmlText]) -> None:
    _, got = page
    assert not leaks(got.text)


def test_paragraphs_are_lines(page: tuple[str, HtmlText]) -> None:
    _, got = page
    assert got.text == got.text.strip()
    assert "\n\n" not in got.text and got.text.count("\n") >= 3


def test_fixtures_cover_every_file() -> None:
    assert set(CASES) | {"no_main_text.html"} == {p.name for p in HTML.glob("*.html")}


@pytest.mark.parametrize(
    "data",
    [
        (HTML / "no_main_text.html").read_bytes(),
        b"<html><head><title>x</title></head><body></body></html>",
        b"<html><body><script>var a = '\xe5\xb7\xa5\xe4\xbc\x9a';</script></body></html>",
    ],
)
def test_no_main_text(data: bytes) -> None:
    with pytest.raises(ReadError, match="HTML with no main text"):
        read_html(data, name="x.html")


def test_empty_page_is_an_empty_file() -> None:
    with pytest.raises(ReadError, match="empty file"):
        read_html(b"  \n")


def test_fallback_when_trafilatura_finds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_html_module.trafilatura, "extract", lambda *a, **k: None)
    got = read_html((HTML / "trad_union_big5.html").read_bytes())
    assert "調解成功率為83.7%" in got.text
    assert "一、組織發展\n本會112年度" in got.text
    assert not leaks(got.text)


def test_densest_block_picks_the_article() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><div class='side'><a href='#'>会员1200人</a><br>"
        "<a href='#'>会员350人</a></div>"
        "<div id='c'><p>全年新建工会组织56家，新发展会员4321人，组建率达到92%。</p>"
        "<p>受理职工来信来访128件次，办结率100%，发放助学金63万元。</p></div>"
        "<div class='foot'>版权所有 某市总工会，地址：某路1号，电话：12345678</div></body></html>"
    )
    assert densest_block(tree) == (
        "全年新建工会组织56家，新发展会员4321人，组建率达到92%。\n"
        "受理职工来信来访128件次，办结率100%，发放助学金63万元。"
    )


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        (b'<meta charset="gb2312">', "gb2312"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=GBK" />', "GBK"),
        (b"<META HTTP-EQUIV='content-type' CONTENT='text/html;charset=big5'>", "big5"),
        (b"<meta name='keywords' content='charset'>", None),
        (b'<?xml version="1.0" encoding="gb2312"?>', "gb2312"),
        (b"<title>no meta</title>", None),
    ],
)
def test_declared_charset(head: bytes, charset: str | None) -> None:
    assert declared_charset(b"<html><head>" + head + b"</head></html>") == charset


@pytest.mark.parametrize(
    ("title", "clean"),
    [
        ("市工会工作总结_六六教师之家范文网", "市工会工作总结"),
        ("青山区总工会2023年工作总结_青山区总工会网", "青山区总工会2023年工作总结"),
        (
            "关于2022年度职工服务工作的总结 - 工会动态 - 江北县总工会",
            "关于2022年度职工服务工作的总结",
        ),
        ("中国工会网 | 某市总工会2021年工作报告", "某市总工会2021年工作报告"),
        ("打造工会大品牌", "打造工会大品牌"),
    ],
)
def test_clean_title(title: str, clean: str) -> None:
    assert clean_title(title) == clean


def test_bom_wins_over_a_stale_meta_label() -> None:
    # A page re-saved as UTF-8 by an editor keeps its old gb2312 meta; the BOM tells the truth.
    page = (HTML / "county_inline_chrome_utf8.html").read_text(encoding="utf-8")
    page = re.sub(r'charset="utf-8"', 'charset="gb2312"', page)
    got = read_html(b"\xef\xbb\xbf" + page.encode("utf-8"))
    assert got.encoding == "utf-8-sig" and "发放帮扶资金89.5万元" in got.text


_BODY = "<p>" + "今年以来，县总工会紧紧围绕全县中心工作，上半年新建基层工会组织42家。" * 3 + "</p>"


@pytest.mark.parametrize(
    ("head", "footer", "site"),
    [
        ("<title>县总工会上半年工作综述_工作动态_霍邱县总工会</title>", "", "霍邱县总工会"),
        ("<title>工作综述</title>", "<p>主办单位：霍邱县总工会　地址：城关镇</p>", "霍邱县总工会"),
        ("<title>工作综述</title>", "<p>版权所有 © 2022 霍邱县总工会</p>", "霍邱县总工会"),
        ('<meta property="og:site_name" content="霍邱县总工会"><title>综述</title>', "",
         "霍邱县总工会"),
        # a site run by a newspaper or a portal speaks for no union
        ("<title>县总工会上半年工作综述_中工网</title>", "<p>主办单位：工人日报社</p>", None),
    ],
)
def test_site_owner(head: str, footer: str, site: str | None) -> None:
    page = f"<html><head>{head}</head><body><article>{_BODY}</article>{footer}</body></html>"
    assert read_html(page.encode()).site == site
