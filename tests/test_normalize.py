"""Cleaning keeps a map back to the original: every step, every character."""

from __future__ import annotations

import pytest

from extractors.normalize import MappedText, keep_spans, normalize_text, normalize_width
from extractors.script import detect_script, to_simplified


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("会员１２８０人，", "会员1280人,"),
        ("⼯会会员", "工会会员"),  # Kangxi radical (NFKC)
        ("⻩石市", "黄石市"),  # radical supplement (not NFKC)
        ("约…百人", "约...百人"),  # one character folds to three
        ("（壹）取得了壹些成效", "(一)取得了一些成效"),
        ("壹佰贰拾元", "壹佰贰拾元"),  # 大写 amounts keep their numerals
        ("壹佰參拾肆萬元", "壹佰叁拾肆萬元"),  # 參 written for 叁 (Big5 has no 叁)
        ("伍拾参万元", "伍拾叁万元"),
        ("1.2万参保职工", "1.2万参保职工"),  # the word 参 stays
        ("参加培训", "参加培训"),
        ("20**年**县", "20**年**县"),  # masks stay
        ("新建5一8个", "新建5—8个"),  # OCR reads a dash as 一
        ("办结７〇件次", "办结70件次"),  # 〇 typed for 0 among Arabic digits
        ("2〇〇〇年", "2000年"),
        ("一〇八人", "一〇八人"),  # Chinese numerals: left to the number reader
        ("800_1000元", "800—1000元"),
        ("资金21 .9万元,占35 %", "资金21.9万元,占35%"),  # a text layer's wrapped number
        ("一一是", "一一是"),
        ("入会率达到9296,", "入会率达到92%,"),  # OCR: % read as 96
        ("職工入會率達到9296,", "職工入會率達到92%,"),  # before the script is converted
        ("建制率达到8794。", "建制率达到87%。"),  # …as 94
        ("建制率达到83.490。", "建制率达到83.4%。"),  # …as 90: no rate has three decimals
        ("工資集體協商建制率達到859以上", "工資集體協商建制率達到85%以上"),  # …as 9
        ("入会率达到90.59,", "入会率达到90.59,"),  # two decimals may be real
        ("入会率达到99,", "入会率达到99,"),  # a rate written without its %
        ("入会率达到100。", "入会率达到100。"),
        ("入会率高的企业9296家", "入会率高的企业9296家"),  # a count, not a rate
        ("入会率达到2019年", "入会率达到2019年"),
        ("入会率达到90.69%0。", "入会率达到90.6%。"),  # OCR: a degraded % read as 9%0
        ("建制率82.5%6,", "建制率82.5%,"),
        ("入會率穩定在909%以上", "入會率穩定在90%以上"),  # no rate is over 100
        ("建制率稳定在870%以上", "建制率稳定在87%以上"),  # …as 0 after a rate that stays ≤ 100
        ("结案率100%", "结案率100%"),
        ("入会率120%", "入会率120%"),  # 12% would be no likelier than 120%
        ("任务完成率120%", "任务完成率120%"),  # a completion rate may pass 100
        ("入会率达到92.19%。", "入会率达到92.19%。"),  # a real two-decimal rate stays
        ("增长109%", "增长109%"),  # not after a rate: a change may pass 100
        ("基层工会组织4l2个", "基层工会组织412个"),  # OCR: l for 1 inside a number
        ("会员1O5人", "会员105人"),
        ("l0l0 code", "l0l0 code"),  # no unit after it: a code
        ("新建基层工会3l个,新发展会员2,l46人,培训2,87O人次",
         "新建基层工会31个,新发展会员2,146人,培训2,870人次"),
        ("ISO9001认证", "ISO9001认证"),
        ("会员4.68方人,其中1.79万入,追回213.6万兀", "会员4.68万人,其中1.79万人,追回213.6万元"),
        ("吸纳1.2万入会", "吸纳1.2万入会"),  # 入会: joined
        ("新发展会员2,460入,三镇共新建", "新发展会员2,460人,三镇共新建"),
        ("共有2,460入会", "共有2,460入会"),
        ("入会率达到92.6°/o。慰问1 ,326人", "入会率达到92.6%。慰问1,326人"),
        ("基层エ会", "基层工会"),
        ("工会会员4.17 万人", "工会会员4.17万人"),  # a page spaced the multiplier off
        ("入会率92.7%③。", "入会率92.7%。"),  # a circled footnote mark goes
        ("挽回经济损失(万元)②", "挽回经济损失(万元)"),
    ],
)
def test_normalize(raw: str, clean: str) -> None:
    assert normalize_text(MappedText.identity(raw)).text == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("探索建立适应职工特点的服务新机制,推进职工社\n\n务中心、工人文化宫",
         "探索建立适应职工特点的服务新机制,推进职工社务中心、工人文化宫"),
        ("全市工会系统举办工资集体协商培训班13期,培训\n915人次。", None),
        ("给职工更多“获得感”\n\n湖州市总工会改革实施方案出台\n\n本报讯", None),
        ("一、组织建设\n二、维权工作", None),
        # Rows of a table that OCR read as lines stay lines: they end with numbers apart.
        ("职工总数人48,650 47,120 3.2\n工会会员人44,380 42,760 3.8",
         "职工总数人48,650 47,120 3.2\n工会会员人44,380 42,760 3.8"),
        # A title set off by a blank line stays over its body, however long it is.
        ("东莞市塘厦镇总工会2021年上半年工作总结及下半年工作计划\n\n2021年上半年,新建工会46家。",
         "东莞市塘厦镇总工会2021年上半年工作总结及下半年工作计划\n\n2021年上半年,新建工会46家。"),
        # …but a line that the next one continues (it opens with a comma) is joined.
        ("县总工会按照部署,认真组织开展年度工作总结\n\n,梳理问题。",
         "县总工会按照部署,认真组织开展年度工作总结,梳理问题。"),
    ],
)
def test_broken_lines_join_but_headlines_stay(raw: str, clean: str | None) -> None:
    out = normalize_text(MappedText.identity(raw)).text
    if clean is not None:
        assert out == clean
    elif "\n\n" in raw and "“" in raw:
        assert "湖州市总工会改革实施方案出台\n" in out  # a headline is not glued to the body
    elif raw.startswith("一、"):
        assert out == raw
    else:
        assert "培训915人次" in out


@pytest.mark.parametrize(
    "raw",
    ["全县职工１４２５１人，会员数13138人。", "⻩石\n\n市…总工会", "鄉鎮工會會員３２００人。"],
)
def test_every_clean_character_maps_into_the_original(raw: str) -> None:
    mt = normalize_text(MappedText.identity(raw))
    if detect_script(mt.text) == "traditional":
        mt = to_simplified(mt)
    assert len(mt.origin) == len(mt.text)
    assert all(0 <= o < len(raw) for o in mt.origin)
    assert list(mt.origin) == sorted(mt.origin)  # order is kept
    for i, ch in enumerate(mt.text):
        if ch.isdigit():
            assert normalize_width(MappedText.identity(raw[mt.origin[i]])).text == ch


def test_keep_spans_maps_kept_text() -> None:
    raw = "首页 > 工作动态\n全市共有职工15.9万人。\n免责声明"
    a = raw.index("全市")
    b = raw.index("免责")
    mt = keep_spans(raw, [(a, b)])
    start = mt.text.index("15.9")
    assert mt.to_original(start, start + 4) == (raw.index("15.9"), raw.index("15.9") + 4)


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("鄉鎮工會工作怎麽做?請看鄉鎮工會工作經驗介紹", "traditional"),
        ("乡镇工会工作怎么做?请看乡镇工会工作经验介绍", "simplified"),
        ("全市共有职工15.9万人,著名的工会干部", "simplified"),
        ("", "simplified"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script
