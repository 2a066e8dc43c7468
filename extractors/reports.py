"""Pages that carry several reports (a newspaper page): one span per report, each with its region.

Signals, as newspapers print them: a byline that opens a story (本报讯 通讯员X 报道, ■记者X)
with its headline lines just above; a photo credit that closes one (通讯员X 摄影报道); and, on
a page that has such bylines, a headline after which the text names another place only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from extractors.regions import MUNICIPALITIES, place_paths, resolve_region
from schemas.document import Region

_ROLE = r"(?:见习|实习|特约|首席|本报|本台)?(?:摄影记者|记者|通讯员)"
# 张国栋, 韩 冰 (a two-character name spaced out), closed by a bracket: 本报讯(通讯员 张国栋)
_NAME = (r"[\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff]){1,3}?"
         r"(?=[\s、，,)）]|$|报道|摄|通讯员|记者|见习|实习|特约|首席|本报)")
_CREDIT = rf"{_ROLE}[ \t]*{_NAME}(?:[ \t]*[、，,][ \t]*{_NAME})*"
BYLINE = re.compile(
    rf"(?P<lead>本报讯|本刊讯|本报[\u4e00-\u9fff]{{2,8}}电|[■●◆▲])?[ \t]*[(（]?[ \t]*"
    rf"(?P<credits>(?:{_CREDIT}[ \t]*)+)(?P<tail>摄影报道|摄影|报道|摄)?",
    re.M,
)
# A byline never crosses a line and always credits a 记者 or 通讯员: only such lines are searched
# (the pattern can start anywhere, so running it over the whole text was a hot spot).
_CREDIT_LINE = re.compile(r"^.*(?:记者|通讯员).*$", re.M)
_PHOTO = ("摄影报道", "摄影", "摄")
# （梓潼县总工会供稿） closes a report on a bulletin page the way a reporter's credit does.
_SUPPLIED = re.compile(
    r"^[ \t]*[(（][ \t]*(?:[一-龥]{2,20}?供稿|供稿[:：][一-龥]{2,20})[ \t]*[)）]", re.M)
_BREAK = set("。！？!?；;”」』")
_CLOSERS = "”’」』）)】》\"' \t"
_NOT_HEADLINE_END = set("。！？!?；;，,、：:…")
_HEADLINE_MAX = 40
_PHOTO_REACH = 600  # a photo caption is a paragraph or two above its credit


@dataclass(frozen=True)
class ReportSpan:
    """One report on a page: [start, end) in the clean text, its headline and its region."""

    start: int
    end: int
    headline: str | None
    region: Region


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def headline_like(self) -> bool:
        s = self.text.strip()
        if not s or len(s) > _HEADLINE_MAX or "。" in s or BYLINE.fullmatch(s):
            return False
        return s.rstrip(_CLOSERS)[-1:] not in _NOT_HEADLINE_END

    @property
    def ends_sentence(self) -> bool:
        s = self.text.rstrip()
        return bool(s) and (s[-1] in _BREAK or s.endswith("…"))


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        if body.strip():
            out.append(_Line(pos, pos + len(body), body))
        pos += len(raw)
    return out


@dataclass(frozen=True)
class _Byline:
    start: int
    end: int
    kind: str  # lead: the story starts here; tail: the story ends here


def _bylines(text: str, lines: list[_Line]) -> list[_Byline]:
    """Bylines that stand where bylines stand: at a line start, or after 本报讯/■."""
    found: list[_Byline] = []
    if "供稿" in text:
        found += [_Byline(m.start(), m.end(), "tail") for m in _SUPPLIED.finditer(text)]
    if "记者" not in text and "通讯员" not in text:
        return _merge(text, found)  # every byline credits one; the pattern is slow to fail
    for m in (b for ln in _CREDIT_LINE.finditer(text)
              for b in BYLINE.finditer(text, ln.start(), ln.end())):
        line_start = text.rfind("\n", 0, m.start()) + 1
        at_start = not text[line_start : m.start()].strip()
        eol = text.find("\n", m.end())
        rest = text[m.end() : eol if eol >= 0 else len(text)].strip()
        lead, tail = m.group("lead"), m.group("tail")
        if not lead and not at_start:
            continue
        if tail in _PHOTO:
            kind = "tail"
        elif lead or (tail and rest):
            kind = "lead"
        elif rest:
            continue  # 记者表示，… is a sentence, not a byline
        else:
            kind = "lead" if _headline_before(lines, line_start) else "tail"
        found.append(_Byline(line_start if lead else m.start(), m.end(), kind))
    return _merge(text, sorted(found, key=lambda b: b.start))


def _merge(text: str, found: list[_Byline]) -> list[_Byline]:
    """见习记者X / 通讯员Y 摄影报道 on two lines is one credit."""
    out: list[_Byline] = []
    for b in found:
        if out and not text[out[-1].end : b.start].strip():
            prev = out[-1]
            kind = "tail" if "tail" in (prev.kind, b.kind) else "lead"
            out[-1] = _Byline(prev.start, b.end, kind)
        else:
            out.append(b)
    return out


def _headline_before(lines: list[_Line], pos: int) -> bool:
    before = [ln for ln in lines if ln.end <= pos]
    return bool(before) and before[-1].headline_like


def _headline_block(lines: list[_Line], pos: int, floor: int) -> list[_Line]:
    """Up to three headline lines right above `pos` (kicker, title), not before `floor`."""
    block: list[_Line] = []
    for ln in reversed([ln for ln in lines if floor <= ln.start and ln.end <= pos]):
        if not ln.headline_like or len(block) == 3:
            break
        block.insert(0, ln)
    return block


def _join(block: list[_Line]) -> str | None:
    return " ".join(ln.text.strip() for ln in block) or None


def _cuts(text: str, lines: list[_Line], bylines: list[_Byline]) -> dict[int, str | None]:
    """Report starts from bylines: {offset: headline}."""
    cuts: dict[int, str | None] = {}
    floor = 0
    for b in bylines:
        if b.kind == "lead":
            block = _headline_block(lines, b.start, floor)
            at = block[0].start if block else b.start
            inline = text[text.rfind("\n", 0, b.start) + 1 : b.start].strip()
            cuts[at] = _join(block) or inline or None
        else:
            block = _headline_block_near(lines, b.start, max(floor, b.start - _PHOTO_REACH))
            if block:
                cuts[block[0].start] = _join(block)
            after = text[b.end :]
            cuts.setdefault(b.end + len(after) - len(after.lstrip()), None)
        floor = b.end
    return cuts


def _headline_block_near(lines: list[_Line], pos: int, floor: int) -> list[_Line]:
    """The last headline above a photo credit, with its caption between: 美好生活从“上岗”开始."""
    above = [ln for ln in lines if floor <= ln.start and ln.end <= pos]
    for i in range(len(above) - 1, -1, -1):
        if above[i].headline_like and (i == 0 or not above[i - 1].headline_like):
            block = [above[i]]
            while i + len(block) < len(above) and above[i + len(block)].headline_like:
                block.append(above[i + len(block)])
            return block[:3]
    return []


def _compatible(a: tuple[str | None, ...], b: tuple[str | None, ...]) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def _region_path(r: Region) -> tuple[str | None, ...]:
    if r.county:
        return (r.province, r.city, r.county)
    if r.city and r.city != r.province:
        return (r.province, r.city)
    return (r.province,) if r.province else ()


def _place_changes(
    text: str, lines: list[_Line], start: int, end: int, year: int | None
) -> dict[int, str | None]:
    """Inside one span: a headline after which only another place is named starts a report."""
    cands = [
        ln
        for prev, ln in pairwise(lines)
        if start < ln.start < end and ln.headline_like and prev.ends_sentence
    ]
    cuts: dict[int, str | None] = {}
    current = start
    for i, ln in enumerate(cands):
        seg_end = cands[i + 1].start if i + 1 < len(cands) else end
        named = [p for p in place_paths(text[ln.start : seg_end], year) if len(p) >= 2]
        if not named:
            continue
        here = _region_path(resolve_region(text[current : ln.start], year))
        if len(here) < 2 or any(_compatible(here, p) for p in named):
            continue
        cuts[ln.start] = _join(_headline_block(lines, seg_end, ln.start)[:3]) or ln.text.strip()
        current = ln.start
    return cuts


def split_reports(text: str, year: int | None) -> list[ReportSpan]:
    """One span per report; a page with no bylines is one report covering all of it."""
    lines = _lines(text)
    bylines = _bylines(text, lines)
    if not bylines:
        return [ReportSpan(0, len(text), None, resolve_region(text, year))]
    cuts = _cuts(text, lines, bylines)
    cuts.setdefault(0, None)
    bounds = sorted(c for c in cuts if c < len(text))
    for a, b in zip(bounds, [*bounds[1:], len(text)], strict=False):
        for at, headline in _place_changes(text, lines, a, b, year).items():
            cuts.setdefault(at, headline)
    bounds = sorted(c for c in cuts if c < len(text))
    spans: list[ReportSpan] = []
    for a, b in zip(bounds, [*bounds[1:], len(text)], strict=False):
        if not text[a:b].strip():
            continue
        if spans and not _has_body(text[spans[-1].start : a]):
            a = spans.pop().start  # a headline alone belongs to the story under it
        spans.append(ReportSpan(a, b, cuts.get(a), resolve_region(text[a:b], year)))
    if len(spans) > 1 and not _has_body(text[spans[-1].start:]):
        spans.pop()  # a bulletin's distribution list after the last report is no report
    return _widen(spans, len(text))


def _has_body(chunk: str) -> bool:
    return any(c in chunk for c in "。！？!?")


def _widen(spans: list[ReportSpan], n: int) -> list[ReportSpan]:
    """Make the spans tile the text: the first starts at 0, each ends where the next starts."""
    out = []
    for i, s in enumerate(spans):
        start = 0 if i == 0 else s.start
        end = spans[i + 1].start if i + 1 < len(spans) else n
        out.append(ReportSpan(start, end, s.headline, s.region))
    return out


def document_region(spans: list[ReportSpan]) -> Region:
    """What all reports on a page share: 8 Zhejiang reports → 浙江省 only."""
    regions = [s.region for s in spans if s.region.province]
    if not regions:
        return Region()
    if len({(r.province, r.city, r.county) for r in regions}) == 1:
        return regions[0]
    paths = [(r.province, r.city, r.county) for r in regions]
    common: list[str | None] = []
    for parts in zip(*paths, strict=True):
        if len(set(parts)) != 1 or parts[0] is None:
            break
        common.append(parts[0])
    if not common:
        return Region(method=f"common:none of {len(regions)} reports")
    codes = [r.adcode for r in regions if r.adcode]
    province = common[0]
    adcode = None
    if codes:
        city_level = len(common) > 1 and province not in MUNICIPALITIES
        adcode = codes[0][:4] + "00" if city_level else codes[0][:2] + "0000"
    return Region(
        province,
        common[1] if len(common) > 1 else (province if province in MUNICIPALITIES else None),
        None,
        adcode,
        all(r.inferred for r in regions),
        f"common:{len(regions)} reports",
    )
