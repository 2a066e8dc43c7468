"""Site-chrome removal: every rule's examples, context rules, offsets, the seeds, dates."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from extractors.chrome import (
    ChromeRulesError,
    find_published,
    load_rules,
    match_rule,
    parse_date,
    rules,
    strip_chrome,
)

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"

MATCH_CASES = [(r.id, line) for r in rules() for line in r.match]
NO_MATCH_CASES = [(r.id, line) for r in rules() for line in r.no_match]

# Report sentences with words that chrome also uses (首页, 版权, 推荐, 下一步, 来源, 点击 …).
BODY_LINES = [
    "下一步,我们将进一步找准工会工作薄弱点,正视挑战、突出重点、打造亮点。",
    "开办了两期“金蓝领”免费培训班,培训学员近百名,经考评合格,全部推荐就业。",
    "在工会网站首页开设“职工之声”专栏,全年点击量超过10万次。",
    "加强职工版权保护意识,全年开展知识产权讲座12场,受益职工3000人。",
    "上一年度全市新建工会组织120家,新发展会员8600人。",
    "来源于一线职工的合理化建议达1230条,增创效益280万元。",
    "一、围绕增强工会活力,开展“大组建”活动",
    "市工会工作总结",
    "打造工会大品牌_工运事业改革创新与民生工会建设",
    "时间紧、任务重,全体工会干部加班加点完成了全年任务。",
    "全年依法处理侵权案件32件,为职工挽回经济损失112万元。",
    "关于推荐2023年度优秀工会工作者的报告",
    "小",
]


@pytest.mark.parametrize(("rule_id", "line"), MATCH_CASES)
def test_rule_matches_its_examples(rule_id: str, line: str) -> None:
    hit = match_rule(line, tuple(r for r in rules() if r.id == rule_id))
    assert hit is not None and hit.id == rule_id


@pytest.mark.parametrize(("rule_id", "line"), NO_MATCH_CASES)
def test_no_rule_matches_counter_examples(rule_id: str, line: str) -> None:
    assert match_rule(line) is None


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_lines_survive(line: str) -> None:
    text = f"{line}\n"
    assert strip_chrome(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The last crumb repeats the title line below: the whole breadcrumb goes.
        (
            "首页 > 工作动态 > 市总工会工作总结\n\n市总工会工作总结\n正文。\n",
            "市总工会工作总结\n正文。\n",
        ),
        # A title glued to the end of the breadcrumb and nowhere else is kept.
        (
            "您现在的位置：首页 > 工作总结 > 市总工会2023年工作总结\n全市会员8.6万人。\n",
            "市总工会2023年工作总结\n全市会员8.6万人。\n",
        ),
        # Category-only trail: nothing to keep.
        ("当前位置：首页 > 工作动态 > 正文\n全市会员8.6万人。\n", "全市会员8.6万人。\n"),
    ],
)
def test_breadcrumb(text: str, expected: str) -> None:
    assert strip_chrome(text).text == expected


BODY = "全市共有职工15.9万人,工会组织1756家,工会会员14.8万人。近年来,全市各级工会深入开展活动。\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A duplicated site summary goes (its figures would count twice) …
        (f"【摘要】:全市共有职工15.9万人,工会组织1756家,工会会员14.8万人。\n{BODY}", BODY),
        # … an abstract with its own content stays.
        (
            f"摘要：本文总结了2023年的工会工作。\n{BODY}",
            f"摘要：本文总结了2023年的工会工作。\n{BODY}",
        ),
        # Below the body a related-list heading cuts off the rest of the page.
        (
            f"{BODY}相关阅读\n县总工会2021年度总结：会员人数3.2万人\n县总工会举办职工技能大赛\n",
            BODY,
        ),
        # Above the body it goes alone: what follows may be the report.
        (f"相关阅读\n{BODY}", BODY),
        # "<category>推荐" only in a chrome run below the body; a title ending in 推荐 stays.
        (f"{BODY}标签：工会\n工会工作总结推荐\n", BODY),
        (f"{BODY}优秀职工推荐\n", f"{BODY}优秀职工推荐\n"),
        (f"优秀职工推荐\n{BODY}", f"优秀职工推荐\n{BODY}"),
    ],
)
def test_context_rules(text: str, expected: str) -> None:
    assert strip_chrome(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "首页 理论教育 打造工会大品牌\n\n打造工会大品牌\n\n时间:2022-03-24 理论教育\n" + BODY,
        "\n\n\n" + BODY + "\n\n\n我要反馈\n\n\n",
        "您现在的位置：首页 > 工作总结 > 市总工会2023年工作总结\r\n" + BODY,
        BODY + "  • 上一篇:我國政策\n  • copyright 2024法律諮詢服務網",
        "",
    ],
)
def test_spans_map_back_to_the_input(text: str) -> None:
    kept = strip_chrome(text)
    assert kept.text == "".join(text[a:b] for a, b in kept.spans)
    assert all(a < b for a, b in kept.spans)
    assert all(b1 < a2 for (_, b1), (a2, _) in zip(kept.spans, kept.spans[1:], strict=False))
    assert "\n\n\n" not in kept.text and not kept.text.startswith("\n")


def test_idempotent_on_seeds() -> None:
    for path in sorted(RAW.glob("*.txt")):
        once = strip_chrome(path.read_text(encoding="utf-8")).text
        assert strip_chrome(once).text == once, path.name


def _seed(prefix: str) -> str:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return strip_chrome(path.read_text(encoding="utf-8")).text


def test_seed_000() -> None:
    text = _seed("000")
    assert "全市共有职工15.9万人" in text
    assert text.count("全市共有职工15.9万人") == 1  # the 【摘要】 copy is gone
    for chrome in ("免责声明", "我要反馈", "版权反馈", "首页 理论教育", "【摘要】"):
        assert chrome not in text
    assert text.startswith("打造工会大品牌\n")  # the report's own title stays
    assert "下一步,我们将进一步找准工会工作薄弱点" in text


def test_seed_003() -> None:
    text = _seed("003")
    for chrome in ("上一篇", "下一篇", "copyright", "當前位置"):
        assert chrome not in text
    assert text.startswith("鄉鎮工會工作怎麽做?")
    assert "以示感謝。" in text


def test_seed_004() -> None:
    text = _seed("004")
    lines = text.splitlines()
    for chrome in (
        "人气",
        "相关文章",
        "您现在的位置",
        "标签:",
        "tag:",
        "下一页",
        "收藏此页",
        "相关分类",
    ):
        assert not any(chrome in line for line in lines), chrome
    assert lines[0] == "市工会工作总结"
    assert "上半年配合劳动等部门追回拖欠工资22.4万元。" in text


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_clean_seeds_keep_every_line(prefix: str) -> None:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    original = path.read_text(encoding="utf-8")
    kept = _seed(prefix)
    assert [line for line in original.splitlines() if line.strip()] == [
        line for line in kept.splitlines() if line.strip()
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("时间:2022-03-24 理论教育 版权反馈", "2022-03-24"),
        ("发布时间：2019年3月5日　来源：市总工会", "2019-03-05"),
        ("發佈日期：2024-02-20　點閱次數：2873", "2024-02-20"),
        ("作者：办公室 时间：2023/01/06 16:20:11", "2023-01-06"),
        ("发布日期：２０２１年１２月３日", "2021-12-03"),
        ("日期：2022-13-45", None),
        ("2022年3月24日,全市召开工会工作会议。", None),  # an event date, not a posting date
        ("第03版 2021年01月26日 星期二 上一版", "2021-01-26"),  # a newspaper's dateline
        ("2021年1月26日 周二", "2021-01-26"),
        ("2021年1月26日,星期二大会开幕。", None),  # a comma: an event in prose
        ("全年新建工会56家", None),
    ],
)
def test_find_published(text: str, iso: str | None) -> None:
    assert find_published(text) == iso


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-01-15 09:30", "2024-01-15"),
        ("2024-02-20T10:00:00+08:00", "2024-02-20"),
        ("2019年3月5日", "2019-03-05"),
        ("2019.3.5", "2019-03-05"),
        ("yesterday", None),
    ],
)
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    ("yaml_text", "problem"),
    [
        (
            "rules: [{id: a, pattern: '.*', why: w, match: [x], no_match: [y]}]",
            "matches report text",
        ),
        ("rules: [{id: a, pattern: '(', why: w, match: [x], no_match: [y]}]", "'pattern'"),
        ("rules: [{id: a, pattern: 'x{NOPE}', why: w, match: [x], no_match: [y]}]", "NOPE"),
        ("rules: [{id: a, pattern: '^x$', match: [x], no_match: [y]}]", "'why'"),
        (
            "rules: [{id: a, action: zap, pattern: '^x$', why: w, match: [x], no_match: [y]}]",
            "'action'",
        ),
        (
            "rules: [{id: a, pattern: '^x$', why: w, match: [x], no_match: [y]},"
            " {id: a, pattern: '^y$', why: w, match: [y], no_match: [x]}]",
            "duplicate",
        ),
    ],
)
def test_bad_rules_file_is_refused(tmp_path: Path, yaml_text: str, problem: str) -> None:
    path = tmp_path / "chrome.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ChromeRulesError, match=problem) as err:
        load_rules(path)
    assert "chrome.yaml: rule 'a'" in str(err.value)


# Lines built to make a backtracking pattern explode (runs of digits, brackets, separators).
ADVERSARIAL = [
    "上一页 " + "1" * 70 + "x",
    "上一页 " + "1 " * 38 + "x",
    "上一页" + "…" * 70 + "x",
    "【" * 79 + "x",
    "收藏" + "】【" * 38 + "x",
    "打印" * 39 + "x",
    "首页 " + "工会 " * 25 + "x1",
    "首页|" * 20 + "1",
    "首页 > " * 14 + "x",
    "时间" * 40,
    "第1页" * 20 + "x",
    "1" * 300,
]


@pytest.mark.parametrize("line", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_no_catastrophic_backtracking(line: str) -> None:
    start = time.perf_counter()
    strip_chrome(f"{line}\n" * 10)
    assert time.perf_counter() - start < 0.05
