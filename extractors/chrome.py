"""Remove site-chrome lines (breadcrumbs, share bars, footers …) from scraped plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

RULES_FILE = Path(__file__).parent / "rules" / "chrome.yaml"

ACTIONS = frozenset({"drop", "tail", "breadcrumb", "summary"})
SCOPES = frozenset({"anywhere", "after_body"})
DEFAULT_MAX_LEN = 80
# Lines a composer check feeds every pattern: a rule that matches them would eat report text.
_BODY_PROBES = (
    "",
    "全市共有职工15.9万人，工会组织1756家，工会会员14.8万人。",
    "一、围绕增强工会活力，开展“大组建”活动",
    "市工会工作总结",
)

_FRAGMENT_REF = re.compile(r"\{([A-Z][A-Z_]*)\}")
# Blanks and list bullets around a line are not part of what a rule looks at.
# Blanks and bullets before a line's words; what rules see ends where its trailing blanks begin.
_LEAD = re.compile(r"[\s\u3000•·●○◆◇■□▪▶►*]*")
_SENTENCE_END = re.compile(r"[。！？；]")
_SENTENCE_SPLIT = re.compile(r"[。！？；!?;\n]")
_COMMA = re.compile(r"[，,]")
_CRUMB_SPLIT = re.compile(r"\s*(?:>|＞|›|»|→|/|\||｜|丨|-|–|—|&gt;)\s*|\s+")
_GENERIC_CRUMBS = frozenset(
    {"正文", "内容", "內容", "詳情", "详情", "文章", "浏览文章", "阅读", "閱讀", "正文内容"}
)
BODY_MIN_LEN = 40  # a line this long with sentence punctuation is report body
CRUMB_TITLE_MIN_LEN = 6  # a shorter last crumb is a category name, not a glued title
CRUMB_LOOKAHEAD = 6  # lines below a breadcrumb searched for the title it repeats
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_DATE = r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_DATE_RE = re.compile(_DATE)
_PUBLISHED = re.compile(
    r"(?:(?:发布|發布|發佈|发表|發表|更新|录入|錄入|上传|上傳|刊登|成文|发文|印发)?(?:时间|時間|日期)"
    r"|发布于|發佈於|发表于|發表於)\s*[:：]\s*" + _DATE
    # A press database's record: 【出处】工人日报 2017年1月16日 第03版
    + r"|出处[】\]]?\s*[:：]?[^\n\d]{0,16}?" + _DATE
)
# What every _PUBLISHED match holds: a cheap first test, as its many openings are slow to fail.
_PUBLISHED_PROBE = re.compile(r"[:：]\s*(?:19|20)\d\d|出处")
# A newspaper's dateline, 2021年01月26日 星期二: the date, on a page with no label.
_DATELINE = re.compile(_DATE + r"日?\s*(?:星期|礼拜|周)[一二三四五六日天]")


class ChromeRulesError(ValueError):
    """A chrome rules file that cannot be used; the message names the file, rule and field."""


@dataclass(frozen=True)
class Rule:
    """One chrome rule as loaded from chrome.yaml."""

    id: str
    action: str
    scope: str
    max_len: int
    sentence: bool
    regex: re.Pattern[str]
    why: str
    match: tuple[str, ...]
    no_match: tuple[str, ...]


@dataclass(frozen=True)
class Kept:
    """Text left after chrome removal; `text == "".join(original[a:b] for a, b in spans)`."""

    text: str
    spans: list[tuple[int, int]]


def _fail(path: Path, rule: str, field: str, problem: str) -> ChromeRulesError:
    return ChromeRulesError(f"{path.name}: rule {rule!r}: field {field!r}: {problem}")


def _expand(pattern: str, fragments: dict[str, str], path: Path, rule: str) -> str:
    def sub(m: re.Match[str]) -> str:
        if m.group(1) not in fragments:
            raise _fail(path, rule, "pattern", f"unknown fragment {{{m.group(1)}}}")
        return fragments[m.group(1)]

    return _FRAGMENT_REF.sub(sub, pattern)


def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """Read and validate a chrome rules file; raises ChromeRulesError naming what is wrong."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("rules"), list):
        raise ChromeRulesError(f"{path.name}: expected a mapping with a 'rules' list")
    fragments = {k: str(v).strip() for k, v in (doc.get("fragments") or {}).items()}
    rules, seen = [], set()
    for i, raw in enumerate(doc["rules"]):
        rid = str(raw.get("id") or f"#{i}")
        for field in ("id", "pattern", "why", "match", "no_match"):
            if not raw.get(field):
                raise _fail(path, rid, field, "missing or empty")
        if rid in seen:
            raise _fail(path, rid, "id", "duplicate")
        seen.add(rid)
        action, scope = raw.get("action", "drop"), raw.get("scope", "anywhere")
        if action not in ACTIONS:
            raise _fail(path, rid, "action", f"{action!r} not one of {sorted(ACTIONS)}")
        if scope not in SCOPES:
            raise _fail(path, rid, "scope", f"{scope!r} not one of {sorted(SCOPES)}")
        try:
            regex = re.compile(_expand(raw["pattern"], fragments, path, rid))
        except re.error as err:
            raise _fail(path, rid, "pattern", str(err)) from err
        for probe in _BODY_PROBES:
            if regex.search(probe):
                raise _fail(path, rid, "pattern", f"matches report text {probe!r}")
        rules.append(
            Rule(
                id=rid,
                action=action,
                scope=scope,
                max_len=int(raw.get("max_len", DEFAULT_MAX_LEN)),
                sentence=bool(raw.get("sentence")),
                regex=regex,
                why=str(raw["why"]),
                match=tuple(map(str, raw["match"])),
                no_match=tuple(map(str, raw["no_match"])),
            )
        )
    return tuple(rules)


@cache
def rules() -> tuple[Rule, ...]:
    """The bundled rules, loaded and compiled once per process."""
    return load_rules()


def probe(line: str) -> str:
    """What rules look at: the line without surrounding blanks and leading bullets."""
    # rstrip, not a lazy (.*?) before trailing blanks: that retried the tail at every character.
    words = line[_LEAD.match(line).end():].rstrip()  # type: ignore[union-attr]
    return line if "\n" in words else words  # a break inside: not one line, left as it is


def match_rule(line: str, rule_set: tuple[Rule, ...] | None = None) -> Rule | None:
    """The first rule whose pattern fits this line (ignoring context), or None."""
    return _match_probe(probe(line), rule_set or rules())


def _match_probe(text: str, rule_set: tuple[Rule, ...]) -> Rule | None:
    if not text:
        return None
    full_stop = "。" in text
    for rule in rule_set:
        fits = len(text) <= rule.max_len and (rule.sentence or not full_stop)
        if fits and rule.regex.search(text):
            return rule
    return None


def _is_body(text: str) -> bool:
    return len(text) >= BODY_MIN_LEN and (
        _SENTENCE_END.search(text) is not None or len(_COMMA.findall(text)) >= 2
    )


def _crumb_keep(line_probe: str, rule: Rule, later: list[str]) -> int | None:
    """Offset in the probe where a title glued to the breadcrumb starts, or None to drop all."""
    m = rule.regex.search(line_probe)
    assert m is not None
    parts = [p for p in _CRUMB_SPLIT.split(line_probe[m.end() :]) if p]
    if len(parts) < 2:
        return None
    last = parts[-1]
    if len(last) < CRUMB_TITLE_MIN_LEN or last in _GENERIC_CRUMBS or last in later:
        return None
    return line_probe.rindex(last)


def _is_duplicate_summary(text: str, rest: str) -> bool:
    """A site summary is an excerpt: most of its sentences recur verbatim further down."""
    body = text.split("】", 1)[-1].lstrip(":： ")
    sentences = [s.strip() for s in _SENTENCE_SPLIT.split(body) if len(s.strip()) >= 6]
    if not sentences:
        return True
    found = sum(s in rest for s in sentences)
    return found * 2 >= len(sentences) or body.rstrip().endswith(("…", "..."))


def strip_chrome(text: str) -> Kept:
    """Drop site-chrome lines; blank-line runs left behind collapse to one."""
    rule_set = rules()
    lines = text.splitlines(keepends=True)
    probes = [probe(line) for line in lines]
    hits = [_match_probe(p, rule_set) for p in probes]
    last_body = max(
        (i for i, (p, h) in enumerate(zip(probes, hits, strict=True)) if h is None and _is_body(p)),
        default=-1,
    )
    spans: list[tuple[int, int]] = []
    start = 0
    prev_blank = True  # so that blank lines at the top go too
    prev_chrome = False  # the last non-blank line was chrome
    for i, (line, p, hit) in enumerate(zip(lines, probes, hits, strict=True)):
        line_start, start = start, start + len(line)
        keep_from: int | None = 0
        below_body = i > last_body
        if hit is not None and (hit.scope == "anywhere" or (below_body and prev_chrome)):
            if hit.action == "tail" and below_body:
                break
            keep_from = _keep_from(
                hit, line, p, probes[i + 1 : i + 1 + CRUMB_LOOKAHEAD], text, start
            )
        if p:
            prev_chrome = keep_from is None
        if keep_from is None or (prev_blank and not p):
            continue
        a = line_start + keep_from
        if spans and spans[-1][1] == a:
            spans[-1] = (spans[-1][0], start)
        else:
            spans.append((a, start))
        prev_blank = not p
    return Kept("".join(text[a:b] for a, b in spans), spans)


def _keep_from(hit: Rule, line: str, p: str, later: list[str], text: str, end: int) -> int | None:
    """Where in a line that a rule hit the kept part starts; None to drop the whole line."""
    if hit.action == "breadcrumb":
        offset = _crumb_keep(p, hit, later)
        return None if offset is None else line.index(p) + offset
    if hit.action == "summary":
        return None if _is_duplicate_summary(p, text[end:]) else 0
    return None


def parse_date(text: str) -> str | None:
    """The first plausible y-m-d date in `text` as ISO ('2019年3月5日' → '2019-03-05')."""
    m = _DATE_RE.search(text.translate(_FULLWIDTH_DIGITS))
    return _iso(m) if m else None


def _iso(m: re.Match[str]) -> str | None:
    year, month, day = (int(g) for g in [g for g in m.groups() if g is not None][-3:])
    if 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def find_published(text: str) -> str | None:
    """The posting date a page states ("时间:2022-03-24", "发布时间：2019年3月5日", or a
    newspaper's dateline "2021年01月26日 星期二") as ISO."""
    text = text.translate(_FULLWIDTH_DIGITS)
    found = _first_date(_PUBLISHED, text) if _PUBLISHED_PROBE.search(text) else None
    if found is None and ("星期" in text or "周" in text or "礼拜" in text):
        found = _first_date(_DATELINE, text)
    return found


def _first_date(pattern: re.Pattern[str], text: str) -> str | None:
    return next((iso for m in pattern.finditer(text) if (iso := _iso(m))), None)
