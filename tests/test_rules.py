"""Every rule's and blocker's own examples, and whole sentences that must yield nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from extractors.figures import extract_figures, find_quantities
from extractors.rules_loader import RulesError, load_rules, parse_rules
from schemas.catalogue import load_catalogue

RULES = load_rules()
MATCH = [(r.id, r.indicator, ex.text, ex.value) for r in RULES.rules for ex in r.match]
NO_MATCH = [(r.id, r.indicator, text) for r in RULES.rules for text in r.no_match]
BLOCK = [(b.id, b.where, t) for b in RULES.blockers for t in b.match]
NO_BLOCK = [(b.id, b.where, t) for b in RULES.blockers for t in b.no_match]


@pytest.mark.parametrize(("rule", "indicator", "text", "value"), MATCH,
                         ids=[f"{m[0]}:{m[2]}" for m in MATCH])
def test_rule_matches_its_examples(rule: str, indicator: str, text: str, value: str) -> None:
    figures = extract_figures(text)
    found = {(f.indicator, f.value) for f in figures}
    assert (indicator, Decimal(value)) in found, [(f.indicator, f.value, f.rule) for f in figures]


@pytest.mark.parametrize(("rule", "indicator", "text"), NO_MATCH,
                         ids=[f"{m[0]}:{m[2]}" for m in NO_MATCH])
def test_rule_rejects_its_counter_examples(rule: str, indicator: str, text: str) -> None:
    fired = [f.rule for f in extract_figures(text) if f.rule.split("+")[0] == rule]
    assert not fired


def _blocker_fires(blocker: str, text: str) -> bool:
    """Run a blocker on the context of the example's (single) quantity, as the engine does."""
    b = next(b for b in RULES.blockers if b.id == blocker)
    (q,) = list(find_quantities(text))
    return bool(b.pattern.search(text[: q.start] if b.where == "before" else text[q.end :]))


@pytest.mark.parametrize(("blocker", "where", "text"), BLOCK, ids=[b[2] for b in BLOCK])
def test_blocker_fires(blocker: str, where: str, text: str) -> None:
    assert _blocker_fires(blocker, text)


@pytest.mark.parametrize(("blocker", "where", "text"), NO_BLOCK, ids=[b[2] for b in NO_BLOCK])
def test_blocker_spares(blocker: str, where: str, text: str) -> None:
    assert not _blocker_fires(blocker, text)


# Sentences from union reports that hold numbers but no figure (FIGURES.md "Not figures").
NOT_FIGURES = [
    "2010年全县经济增长9%,工业增加值达到12亿元。",
    "职工来信来访分别递减58.3%和93.8%。",
    "根据〔2010〕12号文件精神,一是加强组织建设,二是完善制度。",
    "第三,各乡镇工会每人补助300元,慰问金各500元。",
    "联系电话:0718-5221234,邮编445800。",
    "会员增长率达2%,工会组建率达90%。",
    "**县总工会20**年工作总结:全县xx个基层工会,会员**人。",
    "去年2月65438+,我们从一个镇跑到另一个镇。",
    "每个乡镇配备壹名工会干事,取得了壹些成效。",
    "该职工今年45岁,工龄26年。",
    "全市生产总值1200亿元,同比增长8.5%。",
    "第28个民族团结月活动。",
    "在1月份组织10个系统的197人参加问卷调查。",
    "单位:万元。培育选树鄞城工匠百名,万名职工参与。",
    "全区劳动人事争议仲裁院受理劳动人事争议案件4562件,结案率96.2%。",
    "人社局劳动保障监察大队受理举报1693件,追回工资等待遇3128万元。",
]


@pytest.mark.parametrize("sentence", NOT_FIGURES)
def test_not_a_figure(sentence: str) -> None:
    assert [(f.indicator, f.value, f.rule) for f in extract_figures(sentence)] == []


@pytest.mark.parametrize(
    ("text", "value", "value_max", "qualifier", "unit"),
    [
        ("近百名", "100", None, "approx", "名"),
        ("3万余人次", "30000", None, "at_least", "人次"),
        ("90%以上", "90", None, "at_least", "%"),
        ("不足20%", "20", None, "at_most", "%"),
        ("3—5家", "3", "5", "exact", "家"),
        ("9%~15%", "9", "15", "exact", "%"),
        ("一至二名", "1", "2", "exact", "名"),
        ("百分之九十二点一九", "92.19", None, "exact", "%"),
        ("31万余元", "310000", None, "at_least", "元"),
        ("2139 家", "2139", None, "exact", "家"),
        ("约1,280人", "1280", None, "approx", "人"),
        ("2000人左右", "2000", None, "approx", "人"),
        ("30多万人", "300000", None, "at_least", "人"),
        ("十名", "10", None, "exact", "名"),
        ("近万名", "10000", None, "approx", "名"),
        ("1.2亿元", "120000000", None, "exact", "元"),
        ("十九万六千余人", "196000", None, "at_least", "人"),
    ],
)
def test_quantities(text: str, value: str, value_max: str | None, qualifier: str,
                    unit: str) -> None:
    (q,) = list(find_quantities(text))
    assert (q.value, q.value_max, q.qualifier, q.unit) == (
        Decimal(value), Decimal(value_max) if value_max else None, qualifier, unit)


@pytest.mark.parametrize(
    ("sentence", "indicator", "attr", "expected"),
    [
        ("力争到2015年全市工会会员达到20万人。", "members", "status", "target"),
        ("计划新建非公企业工会50家。", "new_union_orgs", "status", "target"),
        ("全市共有工会会员14.8万人。", "members", "status", "actual"),
        ("2010年共参与协调劳资纠纷3起。", "disputes", "period", 2010),
        ("自2007年以来,已有1100名农民工自愿加入工会。", "new_members", "period", None),
        ("全县非公企业工会会员3000人。", "members", "scope", "subset"),
        ("全县工会会员3000人。", "members", "scope", "total"),
        ("五里乡工会会员300人。", "members", "scope", "subset"),
        ("全县乡镇工会会员300人。", "members", "scope", "total"),
        ("截至2021年6月底,全市工会会员19.6万人。", "members", "period", 2021),
        ("二〇二〇年,区总工会新建工会组织45家。", "new_union_orgs", "period", 2020),
        ("完成了发展新会员3000人的目标。", "new_members", "status", "target"),
        ("下半年将再新建工会30家以上。", "new_union_orgs", "status", "target"),
        ("其中,非公有制企业工会1680个,农民工会员9.2万人。", "migrant_members", "scope", "total"),
        ("力争新建工会组织50个,新发展会员4000人。", "new_members", "status", "target"),
        ("纳入党建目标责任制,上半年建立社区工会16家。", "new_union_orgs", "status", "actual"),
        ("拟在全县推开,现已新发展会员400人。", "new_members", "status", "actual"),
        ("举办培训班32期,培训职工4500余人次。", "trainees", "scope", "total"),
        ("开办了两期“金蓝领”免费培训班,培训学员近百名。", "trainees", "scope", "subset"),
        # A group of workers: the seriously ill (most annotators; FIGURES.md "a group").
        ("为43名患大病职工发放医疗救助金21.5万元。", "aid_recipients", "scope", "subset"),
        ("为43名患大病职工发放医疗救助金21.5万元。", "aid_amount", "scope", "subset"),
        # Towns named as examples (…等) do not narrow the count; 等重点乡镇 does.
        ("在水寨镇、华城镇等镇建立区域性工会联合会8个。", "federations", "scope", "total"),
        ("昭化镇、元坝镇等重点乡镇建制率达到95%。", "contract_rate", "scope", "subset"),
        ("五里乡建立区域性工会联合会2个。", "federations", "scope", "subset"),
        # A company's own sub-unions are its whole organisation.
        ("公司工会下设分工会14个。", "union_orgs", "scope", "total"),
    ],
)
def test_attributes(sentence: str, indicator: str, attr: str, expected: object) -> None:
    (fig,) = [f for f in extract_figures(sentence) if f.indicator == indicator]
    assert getattr(fig, attr) == expected


def test_the_outcome_of_a_plan_is_actual() -> None:
    figs = extract_figures("原计划培训职工5000人次，实际完成6180人次。")
    assert [(f.value, f.status) for f in figs] == [(5000, "target"), (6180, "actual")]


def test_figures_under_a_plans_heading_are_targets() -> None:
    text = "二、维权工作。\n全年办结案件119件。\n三、明年工作打算。\n全年新建工会组织50个。"
    got = [(int(f.value), f.status) for f in extract_figures(text)]
    assert got == [(119, "actual"), (50, "target")]
    text = "全年办结案件119件。\n2013年工作打算\n全年新建工会组织50个。"
    assert [f.status for f in extract_figures(text)] == ["actual", "target"]


def test_breakdown_after_qizhong_inherits_the_total() -> None:
    text = "现有基层工会130个,其中行政机关29个,国有企业7个。"
    got = [(f.indicator, int(f.value), f.scope) for f in extract_figures(text)]
    assert got == [("union_orgs", 130, "total"), ("union_orgs", 29, "subset"),
                   ("union_orgs", 7, "subset")]


def test_comparison_value_continues_the_figure() -> None:
    text = "今年共受理来信来访5件次,与去年同期的12件次相比有所减少。"
    got = [(f.indicator, int(f.value)) for f in extract_figures(text)]
    assert got == [("cases_received", 5), ("cases_received", 12)]


def test_every_indicator_has_a_rule() -> None:
    covered = {r.indicator for r in RULES.rules}
    assert covered == set(load_catalogue().indicators)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["rules"][0].update(indicator="nope"), "unknown indicator"),
        (lambda d: d["rules"][0].update(before="(?:)", after=None), "empty string"),
        (lambda d: d["rules"][0].update(before="(", after=None), "bad pattern"),
        (lambda d: d["rules"][0].update(match=[]), "at least one example"),
        (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), "duplicate id"),
        (lambda d: d["rules"][0].update(before="{NOPE}"), "unknown fragment"),
    ],
)
def test_bad_rules_are_refused_with_the_rule_named(mutate, message: str) -> None:
    import copy

    import yaml

    from extractors.rules_loader import RULES_PATH

    data = copy.deepcopy(yaml.safe_load(RULES_PATH.read_text(encoding="utf-8")))
    mutate(data)
    with pytest.raises(RulesError, match=message) as err:
        parse_rules(data, load_catalogue(), "figures.yaml", "0" * 64)
    assert "figures.yaml" in str(err.value)


# Sentences in the language of union reports, yearbooks and news items (not from the seeds).
REPORT_SENTENCES = [
    ("截至2015年底,全省已建工会组织8.2万个,会员1120万人,其中农民工会员450万人。",
     {("union_orgs", 82000), ("members", 11200000), ("migrant_members", 4500000)}),
    ("全年新建工会组织156家,新发展会员1.2万人。",
     {("new_union_orgs", 156), ("new_members", 12000)}),
    ("全年共受理职工来信来访320件次,办结310件次,办结率96.9%。",
     {("cases_received", 320), ("cases_resolved", 310), ("resolution_rate", Decimal("96.9"))}),
    ("调处劳动争议案件85起,为职工追回工资及经济补偿金360万元。",
     {("disputes", 85), ("wages_recovered", 3600000)}),
    ("全市困难职工帮扶中心共筹集帮扶资金1260万元。", {("aid_amount", 12600000)}),
    ("开展职工技能培训45期,培训职工1.2万人次。", {("trainees", 12000)}),
    ("全市工资集体协商建制率达到85%。", {("contract_rate", 85)}),
    ("组建区域性、行业性工会联合会68个。", {("federations", 68)}),
    ("全縣共有職工1.2萬人,工會會員1.1萬人。", {("workers", 12000), ("members", 11000)}),
    ("入会率为百分之九十五。", {("membership_rate", 95)}),
    ("农民工入会人数达3.2万人。", {("migrant_members", 32000)}),
    ("全市职工总数为一万二千三百人。", {("workers", 12300)}),
    ("过去五年,全市工会组织数由2800个增加到3560个,会员人数由38万人增加到52万人。",
     {("union_orgs", 2800), ("union_orgs", 3560), ("members", 380000), ("members", 520000)}),
    ("全省工会会员总数达到1500万人,比上年增加120万人。", {("members", 15000000)}),
    ("工资集体协商建制率达到88%,比上年提高6个百分点。", {("contract_rate", 88)}),
    ("记者从市总工会获悉,今年我市已新建工会组织120家,完成全年目标任务的85%。",
     {("new_union_orgs", 120)}),
    ("职工总数:14251人;会员数:13138人;入会率:92.19%。",
     {("workers", 14251), ("members", 13138), ("membership_rate", Decimal("92.19"))}),
    ("受理劳动争议案件86件,结案82件,结案率95.3%。",
     {("disputes", 86), ("cases_resolved", 82), ("resolution_rate", Decimal("95.3"))}),
    ("截至11月底,全市今年新建工会组织856家,新发展会员6.3万人,分别完成年度目标任务的107%和105%。",
     {("new_union_orgs", 856), ("new_members", 63000)}),
    ("帮助126名农民工讨回工资86万元。", {("wages_recovered", 860000)}),
    ("全市百余家企业建立了职工之家,近千人参加技能大赛。", set()),
    ("女会员和农民工会员分别为3.1万人和2.47万人。",
     {("female_members", 31000), ("migrant_members", 24700)}),
    ("全年新建工会组织、新发展会员分别达到120个、8600人。",
     {("new_union_orgs", 120), ("new_members", 8600)}),
    ("全年举办技能培训班46期,培训职工1.2万人次;组织职工技能大赛,近3000名职工参赛。",
     {("trainees", 12000)}),
    ("【维权帮扶】区法律援助中心全年接待来访职工326人次。", set()),
    ("受理劳动争议调解案件52件,新建5一8个工会联合会。", {("disputes", 52), ("federations", 5)}),
    ("会员数(人) 13138\n帮扶资金(万元):126.5\n入会率(%) 92.19\n年份 2010",
     {("members", 13138), ("aid_amount", 1265000), ("membership_rate", Decimal("92.19"))}),
    ("截至2012年底,全县建立基层工会组织1035个,会员5.6万人。",
     {("union_orgs", 1035), ("members", 56000)}),
    ("区总工会配合仲裁院参与调处劳动争议35起。", {("disputes", 35)}),
    ("已组织开展职工技能提升培训1.8万人次。", {("trainees", 18000)}),
    ("职工入会率达90%以上,农民工入会率达85%。",
     {("membership_rate", 90), ("membership_rate", 85)}),
    # Parts that add up to an earlier figure of the sentence before break that one down.
    ("全年受理职工诉求518件，办结509件。其中，劳动报酬类326件、劳动合同类97件、社会保险类95件。",
     {("cases_received", 518), ("cases_resolved", 509), ("cases_received", 326),
      ("cases_received", 97), ("cases_received", 95)}),
    ("受理职工诉求100件，办结90件。其中，欠薪类60件、其他30件。",
     {("cases_received", 100), ("cases_resolved", 90), ("cases_resolved", 60),
      ("cases_resolved", 30)}),
    ("发展会员3,000人，其中新就业形态劳动者会员800人。",
     {("new_members", 3000), ("new_members", 800)}),
    ("全市有工会会员12万人，其中新就业形态劳动者会员8000人。",
     {("members", 120000), ("members", 8000)}),
    # 女职工 are no indicator (two blind sets of three leave them out; female members are one)
    ("全厂职工二千八百六十四人，其中女职工一千六百三十人。", {("workers", 2864)}),
    ("厂工会全年接待职工来信来访六十三件次，解决五十七件次。",
     {("cases_received", 63), ("cases_resolved", 57)}),
    ("发展新会员4860名，比上年多发展会员1120名。", {("new_members", 4860)}),
    ("举办再就业培训班38期，培训2860人次，其中1940人实现再就业。", {("trainees", 2860)}),
    ("全年新建基层工会74个，其中外商投资企业工会38个。",
     {("new_union_orgs", 74), ("new_union_orgs", 38)}),
    # After a ; that ends a 其中, 新建 starts a total of its own that the next 其中 breaks down.
    ("全市有基层工会组织1256个,工会会员15.7万人,其中女会员6.3万人;全年新建工会103个,"
     "其中非公有制企业工会91个。",
     {("union_orgs", 1256), ("members", 157000), ("female_members", 63000),
      ("new_union_orgs", 103), ("new_union_orgs", 91)}),
    # A number that a PDF line break cut from its keyword (97.1% is no list item 97.).
    ("县总工会全年受理职工维权案件207件,办结201件,办结率\n97.1%;协调处理劳资纠纷58起。",
     {("cases_received", 207), ("cases_resolved", 201), ("resolution_rate", Decimal("97.1")),
      ("disputes", 58)}),
    ("新就业形态劳动者入会人数已达4,100余人。", {("new_members", 4100)}),
    ("区总工会年初计划新建基层工会40家，实际完成52家，完成年度目标的130%。",
     {("new_union_orgs", 40), ("new_union_orgs", 52)}),
    ("对考入大学的职工子女每人奖励2000元，三年共奖励学子128名。", {("aid_recipients", 128)}),
    # The workforce that unions cover is workers; the workers a contract covers are not.
    ("截至2012年底，全区建立基层工会组织1286个，覆盖职工10.2万人。",
     {("union_orgs", 1286), ("workers", 102000)}),
    ("全年审查备案集体合同426份，覆盖职工3.8万人。", set()),
    # A count of a training named in the clause before it.
    ("组织职工参加安全生产知识培训，约2000人。", {("trainees", 2000)}),
    ("开展技能培训，2000人次获得证书。", set()),
]


@pytest.mark.parametrize(("sentence", "expected"), REPORT_SENTENCES,
                         ids=[s[0][:12] for s in REPORT_SENTENCES])
def test_report_sentences(sentence: str, expected: set) -> None:
    from extractors.pipeline import clean_text

    text = clean_text(sentence)[0].text
    got = {(f.indicator, f.value) for f in extract_figures(text)}
    assert got == {(k, Decimal(v)) for k, v in expected}


def test_a_verb_names_the_part_of_a_count_of_unions() -> None:
    text = ("全市基层工会组织达到2100个以上。"
            "其中，2018年新建非公企业工会不少于100家，2019年新建120家。")
    got = [(f.indicator, f.value, f.rule) for f in extract_figures(text)]
    assert got[-1] == ("new_union_orgs", Decimal(120), "part_verbs.new_union_orgs+part")
    plain = "全市有基层工会1200个，其中非公企业工会800个。"  # no verb: the parent's indicator
    assert [f.indicator for f in extract_figures(plain)] == ["union_orgs", "union_orgs"]


@pytest.mark.parametrize(
    ("head", "kept"),
    [
        # another body's report: only what the union itself reports
        ("临泉县人力资源和社会保障局2021年工作总结", [("aid_recipients", Decimal(85))]),
        ("仪陇县妇联2020年工作总结", [("aid_recipients", Decimal(85))]),
        ("2019年泰和县人民政府工作报告", [("aid_recipients", Decimal(85))]),
        # a union's own report keeps both
        ("临泉县总工会2021年工作总结",
         [("trainees", Decimal(12000)), ("aid_recipients", Decimal(85))]),
    ],
)
def test_a_report_by_another_body_keeps_only_the_unions_figures(head: str, kept: list) -> None:
    # the body named last before a number is its agent: 妇联慰问120户 is the 妇联's
    text = f"{head}\n全年开展职业技能培训1.2万人次。县总工会慰问困难职工85名，妇联慰问120户。"
    assert [(f.indicator, f.value) for f in extract_figures(text)] == kept


@pytest.mark.parametrize(
    ("head", "scope"),
    [
        # a county bulletin carrying a company union's 经验介绍: the company is a part
        ("工会工作简报 2016年第9期\n【编者按】现将该公司工会的做法予以刊发。\n", "subset"),
        # the company union's own paper: its whole jurisdiction is the company
        ("", "total"),
    ],
)
def test_an_enterprise_experience_piece_in_a_bulletin_is_a_subset(head: str, scope: str) -> None:
    text = (f"{head}——浙江嘉盛紧固件有限公司工会工作经验介绍\n"
            "公司工会现有会员1,286人。截至8月底，全县现有基层工会1,056个。")
    got = {(f.indicator, f.scope) for f in extract_figures(text)}
    assert ("members", scope) in got
    assert ("union_orgs", "total") in got  # 全县 names the jurisdiction


def test_a_short_sentence_of_prose_is_not_a_plan_heading() -> None:
    text = ("一九九六年，是实施“九五”计划的第一年。截至一九九六年底，全县职工总数12.42万人。\n"
            "二、一九九七年工作计划\n全年新建基层工会三十个以上。")
    assert [f.status for f in extract_figures(text)] == ["actual", "target"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # under new members, the migrant and female parts are new members too (a subset)
        ("全年新发展会员4860名，其中农民工会员1200名、女会员900名。",
         [("new_members", "total"), ("new_members", "subset"), ("new_members", "subset")]),
        # under all members they are their own indicators
        ("全县会员数13138人，其中农民工会员4932人，女会员数4957人。",
         [("members", "total"), ("migrant_members", "total"), ("female_members", "total")]),
    ],
)
def test_member_parts_follow_the_total_they_break_down(text: str, expected: list) -> None:
    assert [(f.indicator, f.scope) for f in extract_figures(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("女会员和农民工会员分别为3.1万人和2.47万人。",
         [("female_members", Decimal(31000)), ("migrant_members", Decimal(24700))]),
        # the last label's noun is shared by the labels before it
        ("全县已建成区域性、行业性工会联合会分别为14个和9个。",
         [("federations", Decimal(14)), ("federations", Decimal(9))]),
        ("乡镇工会和基层工会慰问分别为1,120户和880户。",
         [("aid_recipients", Decimal(1120)), ("aid_recipients", Decimal(880))]),
    ],
)
def test_respectively_lists_name_each_number(text: str, expected: list) -> None:
    figs = extract_figures(text)
    assert [(f.indicator, f.value) for f in figs] == expected
    for f in figs:  # provenance: each figure's span is the text it claims
        assert text[f.start:f.end] == f.text and f.text.endswith(("人", "个", "户"))


def test_what_follows_a_per_head_amount_continues_it_not_the_total() -> None:
    text = "发放慰问金及物资合共112.5万元，每户慰问标准由去年的600元提高到800元。"
    assert [(f.indicator, int(f.value)) for f in extract_figures(text)] == [
        ("aid_amount", 1125000)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The plan's title under its issuer's lines: all targets but the review of the year before.
        ("中共凯里市总工会党组\n凯里市总工会\n\n凯工发〔2024〕3号\n\n凯里市总工会2024年工作要点\n\n"
         "2023年,全市新建基层工会93个。\n\n全市新建基层工会100个。", ["actual", "target"]),
        # A headline that reports a plan's issue is no plan's title.
        ("给职工更多获得感\n\n湖州市总工会改革实施方案出台\n\n本报讯 全年新建基层工会93个。",
         ["actual"]),
    ],
)
def test_a_plans_title_below_the_issuer(text: str, expected: list[str]) -> None:
    assert [f.status for f in extract_figures(text)] == expected


def test_pairs_after_a_dated_pair_compare_the_same_years() -> None:
    text = ("五年来,基层工会组织由2012年的1580个增加到2017年的2460个,工会会员由26.3万人增加到"
            "38.7万人,职工入会率由82%提高到94.5%。")
    got = {(f.indicator, f.value, f.period) for f in extract_figures(text)}
    assert {("members", Decimal("263000"), 2012), ("members", Decimal("387000"), 2017),
            ("membership_rate", Decimal("82"), 2012),
            ("membership_rate", Decimal("94.5"), 2017)} <= got
    undated = {(f.indicator, f.period) for f in extract_figures("会员由26.3万人增加到38.7万人。")}
    assert undated == {("members", None)}
