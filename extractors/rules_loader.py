"""Load and validate the figure rules (extractors/rules/figures.yaml) into compiled patterns.

A bad rules file stops a run before any document is read: every error names the file, the
rule and the field.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from schemas.catalogue import Catalogue, load_catalogue

RULES_PATH = Path(__file__).parent / "rules" / "figures.yaml"
_HARD = ",，;；。!?！？\n【】"  # a colon joins a label to its value (会员数:13138人)
_FRAGMENT = re.compile(r"\{([A-Z_]+)\}")


class RulesError(ValueError):
    """A rules file that cannot be used."""


@dataclass(frozen=True)
class Example:
    text: str
    value: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    indicator: str
    units: frozenset[str]
    before: re.Pattern[str] | None  # keyword + gap, anchored at the end of the window
    before_probe: re.Pattern[str] | None  # keyword alone: a cheap test before the full match
    after: re.Pattern[str] | None  # anchored at the start of the text after the unit
    exclude: re.Pattern[str] | None
    priority: int
    family: str | None
    defers: bool  # a family rule defers to an enclosing 其中 total's indicator
    otherwise: tuple[re.Pattern[str], str] | None  # (sentence pattern, indicator it implies)
    sentence: re.Pattern[str] | None  # must be found in the sentence before the number
    match: tuple[Example, ...]
    no_match: tuple[str, ...]


@dataclass(frozen=True)
class Blocker:
    id: str
    pattern: re.Pattern[str]
    where: str  # "before": the window before the number; "after": the text after the unit
    match: tuple[str, ...]
    no_match: tuple[str, ...]


@dataclass(frozen=True, eq=False)  # identity hash: a loaded rule set is one object
class RuleSet:
    version: str  # file version + content hash, stored with every run
    rules: tuple[Rule, ...]
    blockers: tuple[Blocker, ...]
    target: re.Pattern[str]
    subset: re.Pattern[str]
    total: re.Pattern[str]
    weak_subset: re.Pattern[str]
    target_lead: re.Pattern[str]
    target_after: re.Pattern[str]
    done: re.Pattern[str]
    plan_heading: re.Pattern[str]
    plan_title: re.Pattern[str]
    review_title: re.Pattern[str]
    keyword_groups: dict[str, re.Pattern[str]] = field(default_factory=dict)
    unit_class: dict[str, str] = field(default_factory=dict)  # unit word → unit class
    other_agents: re.Pattern[str] | None = None
    agent_indicators: frozenset[str] = frozenset()
    agent_joint: re.Pattern[str] | None = None  # 联合县人社局: the union acting with the body
    # All blockers of one side as one pattern: one search per quantity instead of one each.
    block_before: re.Pattern[str] | None = None
    block_after: re.Pattern[str] | None = None
    # A line that is only a body's name opens a yearbook entry; `other` when not a union's.
    entry_heading: re.Pattern[str] | None = None
    part_verbs: dict[str, re.Pattern[str]] = field(default_factory=dict)
    parts_not_counted: dict[str, re.Pattern[str]] = field(default_factory=dict)
    enterprise_title: re.Pattern[str] | None = None  # an enterprise union's 经验介绍
    enterprise_bulletin: re.Pattern[str] | None = None  # …inside a county's bulletin
    foreign_title: re.Pattern[str] | None = None  # 临泉县人社局2021年工作总结: not a union's
    foreign_body: re.Pattern[str] | None = None


def _expand(pattern: str, fragments: dict[str, str], where: str) -> str:
    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in fragments:
            raise RulesError(f"{where}: unknown fragment {{{name}}}")
        return f"(?:{fragments[name]})"

    return _FRAGMENT.sub(sub, pattern)


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as e:
        raise RulesError(f"{where}: bad pattern: {e}") from e
    if compiled.search(""):
        raise RulesError(f"{where}: pattern matches the empty string, so it would match anything")
    return compiled


def _otherwise(spec: dict | None, catalogue: Catalogue, fragments: dict[str, str],
               where: str) -> tuple[re.Pattern[str], str] | None:
    if not spec:
        return None
    indicator = spec.get("indicator")
    if indicator not in catalogue.indicators:
        raise RulesError(f"{where}: field 'otherwise': unknown indicator {indicator!r}")
    pattern = _expand(str(spec.get("sentence", "")), fragments, where + " field 'otherwise'")
    return _compile(pattern, where + " field 'otherwise'"), str(indicator)


def parse_rules(data: dict, catalogue: Catalogue, source: str, digest: str) -> RuleSet:
    fragments: dict[str, str] = {}
    for name, pat in (data.get("fragments") or {}).items():
        fragments[name] = _expand(str(pat), fragments, f"{source}: fragment {name}")
    unit_class = {w: key for key, u in catalogue.units.items() for w in u.words}

    rules: list[Rule] = []
    seen: set[str] = set()
    for i, spec in enumerate(data.get("rules") or []):
        rid = spec.get("id") or f"rules[{i}]"
        where = f"{source}: rule '{rid}'"
        if rid in seen:
            raise RulesError(f"{where}: duplicate id")
        seen.add(rid)
        indicator = spec.get("indicator")
        if indicator not in catalogue.indicators:
            raise RulesError(f"{where}: field 'indicator': unknown indicator {indicator!r}")
        if not spec.get("before") and not spec.get("after") and not spec.get("sentence"):
            raise RulesError(f"{where}: needs 'before', 'after' or 'sentence'")
        ind = catalogue.indicators[indicator]
        units = spec.get("units") or catalogue.units[ind.unit_class].words
        bad = [u for u in units if u not in unit_class]
        if bad:
            raise RulesError(f"{where}: field 'units': unknown unit words {bad}")
        before = before_probe = None
        if spec.get("before"):
            kw = _expand(str(spec["before"]), fragments, where + " field 'before'")
            gap = spec.get("gap", "tight")
            if gap == "tight":
                gap_re = fragments.get("CONNECT", r"\s*")
            elif isinstance(gap, int) and gap >= 0:
                gap_re = f"[^{re.escape(_HARD)}]{{0,{gap}}}?"
            else:
                raise RulesError(f"{where}: field 'gap' must be 'tight' or a number, not {gap!r}")
            before_probe = _compile(kw, where + " field 'before'")
            before = _compile(f"(?:{kw})(?P<gap>{gap_re})\\Z", where + " field 'before'")
        examples = []
        for ex in spec.get("match") or []:
            if not isinstance(ex, dict) or "text" not in ex:
                raise RulesError(f"{where}: field 'match': each example needs 'text' and 'value'")
            examples.append(Example(str(ex["text"]), str(ex.get("value"))))
        if not examples:
            raise RulesError(f"{where}: field 'match': a rule needs at least one example")
        rules.append(
            Rule(
                id=rid,
                indicator=indicator,
                units=frozenset(units),
                before=before,
                before_probe=before_probe,
                after=_rule_field(spec, "after", fragments, where),
                exclude=_rule_field(spec, "exclude", fragments, where),
                priority=int(spec.get("priority", 0)),
                family=spec.get("family"),
                defers=bool(spec.get("defers", True)),
                otherwise=_otherwise(spec.get("otherwise"), catalogue, fragments, where),
                sentence=_rule_field(spec, "sentence", fragments, where),
                match=tuple(examples),
                no_match=tuple(str(x) for x in spec.get("no_match") or ()),
            )
        )

    blockers = []
    for spec in data.get("blockers") or []:
        where = f"{source}: blocker '{spec.get('id')}'"
        blockers.append(
            Blocker(
                id=str(spec["id"]),
                pattern=_compile(_expand(spec["pattern"], fragments, where), where),
                where=str(spec.get("where", "before")),
                match=tuple(spec.get("match") or ()),
                no_match=tuple(spec.get("no_match") or ()),
            )
        )
    for key in ("part_verbs", "parts_not_counted"):
        for k in data.get(key) or {}:
            if k not in catalogue.indicators:
                raise RulesError(f"{source}: {key}: unknown indicator {k!r}")
    foreign = data.get("foreign_reports") or {}
    agents = data.get("other_agents") or {}
    for k in agents.get("indicators") or ():
        if k not in catalogue.indicators:
            raise RulesError(f"{source}: other_agents: unknown indicator {k!r}")
    scope = data.get("scope") or {}
    groups = {
        k: _compile(_expand(v, fragments, f"{source}: scope.keyword_groups.{k}"), source)
        for k, v in (scope.get("keyword_groups") or {}).items()
    }
    for k in groups:
        if k not in catalogue.indicators:
            raise RulesError(f"{source}: scope.keyword_groups: unknown indicator {k!r}")
    return RuleSet(
        version=f"{data.get('version', 0)}-{digest[:10]}",
        rules=tuple(rules),
        blockers=tuple(blockers),
        target=_compile(_expand(data["target_markers"], fragments, source), source),
        subset=_compile(_expand(scope["subset"], fragments, source), source),
        total=_compile(_expand(scope["total"], fragments, source), source),
        weak_subset=_compile(_expand(scope["weak_subset"], fragments, source), source),
        target_after=_compile(_expand(data["target_after"], fragments, source), source),
        target_lead=_compile(_expand(data["target_leads"], fragments, source), source),
        done=_compile(_expand(data["done_markers"], fragments, source), source),
        plan_heading=_compile(_expand(data["plan_headings"], fragments, source), source),
        plan_title=_compile(_expand(data["plan_titles"], fragments, source), source),
        review_title=_compile(_expand(data["review_titles"], fragments, source), source),
        keyword_groups=groups,
        unit_class=unit_class,
        other_agents=_compile(_expand(agents["pattern"], fragments, source), source)
        if agents else None,
        agent_indicators=frozenset(agents.get("indicators") or ()) if agents else frozenset(),
        agent_joint=_compile(_expand(agents["joint"], fragments, source), source)
        if agents.get("joint") else None,
        block_before=_either([b.pattern for b in blockers if b.where == "before"], source),
        block_after=_either([b.pattern for b in blockers if b.where == "after"], source),
        entry_heading=_entry_heading(data.get("other_bodies"), fragments, source),
        enterprise_title=_optional(data.get("enterprise_titles"), fragments, source),
        enterprise_bulletin=_optional(data.get("enterprise_bulletin"), fragments, source),
        foreign_title=_optional(foreign.get("title"), fragments, source),
        foreign_body=_optional(foreign.get("bodies"), fragments, source),
        part_verbs={k: _compile(_expand(v, fragments, f"{source}: part_verbs.{k}"), source)
                    for k, v in (data.get("part_verbs") or {}).items()},
        parts_not_counted={
            k: _compile(_expand(v, fragments, f"{source}: parts_not_counted.{k}"), source)
            for k, v in (data.get("parts_not_counted") or {}).items()},
    )


def _optional(pattern: str | None, fragments: dict[str, str], source: str
              ) -> re.Pattern[str] | None:
    """An optional pattern of the rules file, fragments expanded; None where it is absent."""
    return _compile(_expand(pattern, fragments, source), source) if pattern else None


def _rule_field(spec: dict, name: str, fragments: dict[str, str], where: str
                ) -> re.Pattern[str] | None:
    """A rule's optional pattern field (after, exclude, sentence), compiled; None if absent."""
    value = spec.get(name)
    return _optional(str(value) if value else None, fragments, f"{where} field '{name}'")


def _entry_heading(other: str | None, fragments: dict[str, str], source: str
                   ) -> re.Pattern[str] | None:
    if not other:
        return None
    other = _expand(other, fragments, f"{source}: other_bodies")
    return _compile(
        rf"(?m)^[ \t　]*(?:(?P<other>[一-龥]{{0,8}}(?:{other})[一-龥]{{0,3}})|[一-龥]{{0,10}}工会)"
        r"[ \t　]*$", source)


def _either(patterns: list[re.Pattern[str]], source: str) -> re.Pattern[str] | None:
    if not patterns:
        return None
    return _compile("|".join(f"(?:{p.pattern})" for p in patterns), source)


@cache
def load_rules(path: Path = RULES_PATH) -> RuleSet:
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as e:
        raise RulesError(f"{path.name}: not valid YAML: {e}") from e
    return parse_rules(data, load_catalogue(), path.name, hashlib.sha256(raw).hexdigest())
