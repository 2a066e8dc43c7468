"""One document through every stage: read → clean → script → figures → regions and years.

`extract_path` is what the CLI's `extract`, the Prefect tasks and the benchmark all call, so
they cannot drift apart. It never touches a database.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from extractors.chrome import find_published, strip_chrome
from extractors.figures import extract_figures, is_foreign_report, sentence_start
from extractors.normalize import MappedText, keep_spans, normalize_text
from extractors.read import DEFAULT_MAX_BYTES, read_document
from extractors.regions import (
    find_org,
    is_above,
    names_place_below,
    own_level_words,
    place_below_named,
    resolve_region,
    tells_superior_whole,
    told_by_other_union,
    told_by_unnamed_superior,
)
from extractors.reports import document_region, split_reports
from extractors.rules_loader import load_rules
from extractors.script import detect_script, to_simplified
from extractors.segment import search_tokens
from extractors.years import infer_year
from schemas.document import Box, Figure, RawDocument, Region


@dataclass(frozen=True)
class Options:
    """Settings shared by the CLI and the flow; defaults are declared here only."""

    ocr: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    strict: bool = False


@dataclass(frozen=True)
class ReportPart:
    start: int
    end: int
    headline: str | None
    region: Region


@dataclass
class DocumentResult:
    raw: RawDocument
    original: str  # the text as read, before any cleaning
    text: str  # clean Simplified text: what figures' offsets point into
    script: str
    figures: list[Figure]
    region: Region
    org: str | None
    year: int | None
    published: str | None
    reports: list[ReportPart] = field(default_factory=list)
    rules_version: str = ""
    tokens: str = ""  # segmented text for the full-text index, made here so workers do it

    @property
    def id(self) -> str:
        return self.raw.sha256


def clean_text(original: str) -> tuple[MappedText, str]:
    """Chrome removed, width folded, broken lines joined, Simplified; with the offset map."""
    kept = strip_chrome(original)
    mt = normalize_text(keep_spans(original, kept.spans))
    script = detect_script(mt.text)
    if script == "traditional":
        mt = to_simplified(mt)
    return mt, script


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in ",，;；。!?！？\n") + 1


def figure_id(document_id: str, fig: Figure) -> str:
    key = f"{document_id}|{fig.indicator}|{fig.value}|{fig.value_max}|{fig.start}|{fig.end}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def _locate(raw: RawDocument, fig: Figure, mt: MappedText, starts: list[int],
            region: Region) -> Figure:
    """Offsets in the original text, the page, (for OCR pages) the box on the page image, and
    the region of the report the figure is in: one copy of the figure, not one per attribute."""
    o_start, o_end = mt.to_original(fig.start, fig.end)
    k = max(bisect.bisect_right(starts, o_start) - 1, 0)
    page = raw.pages[k]
    box: Box | None = None
    if page.boxes:
        rel_start, rel_end = o_start - starts[k], o_end - starts[k]
        hits = [b for b in page.boxes if b.start < rel_end and b.end > rel_start]
        if hits:
            box = Box(
                rel_start, rel_end,
                min(b.x0 for b in hits), min(b.y0 for b in hits),
                max(b.x1 for b in hits), max(b.y1 for b in hits),
                min((b.confidence for b in hits if b.confidence is not None), default=None),
            )
    flags = fig.flags + (("low_confidence_ocr",) if "low_confidence" in page.flags else ())
    return replace(fig, orig_start=o_start, orig_end=o_end, page=page.number, box=box,
                   flags=flags, region=region)


_GENERIC_ORG = re.compile(r"(?<![一-龥*×xX])([县市区旗])总工会")


# A union below the division list: a company's, a street's or a township's (in the heading).
_LOCAL_ORG = re.compile(
    r"([一-龥]{2,18}?(?:有限责任公司|股份有限公司|有限公司|集团|公司|街道|镇|乡|厂|医院|大学|学校"
    r"|开发区|高新区|产业园区|园区|[市县区](?:教育|卫生|金融|交通|建设|农林|机械|财贸|邮电|能源)))"
    r"(?:总)?工会(?![联委会])")


def _org_of_region(text: str, region: Region) -> str | None:
    """县总工会 written without its name, in a report whose county is named: 鹤峰县总工会;
    else the company's or township's own union named in the opening lines."""
    place = region.county or region.city
    if not region.inferred and place:
        for m in _GENERIC_ORG.finditer(text):
            if place.endswith(m.group(1)):
                return place + "总工会"
    local = _LOCAL_ORG.search(text, 0, 300)
    if local and "*" not in local.group(1):
        return local.group(0)
    return None


def _superiors(text: str, fig: Figure, scope: str, year: int | None) -> bool:
    """The figure is a superior's: named (聊城市总工会…), by level (市总工会下拨…) or its whole
    (全省…), judged against the report the figure sits in (`scope`, its region the figure's)."""
    region = fig.region or Region()
    clause = text[_clause_start(text, fig.start):fig.start]
    sentence = text[sentence_start(text, fig.start):fig.start]
    return ((_names_unions(scope) and told_by_other_union(sentence, region, year))
            or ("总工会" in clause and told_by_unnamed_superior(clause, scope))
            or (region.city is not None and tells_superior_whole(sentence, region, scope)))


@lru_cache(maxsize=16)  # per report, not per figure
def _names_unions(text: str) -> bool:
    return "总工会" in text or "各级工会" in text


def _heading_region(text: str, region: Region, year: int | None) -> Region:
    """在藁城市庆祝"五一"…大会上的讲话 whose body names one union, its superior (石家庄市总工会也给
    我们下拨了…): the place the heading names, inside that union's, is the report's."""
    method = region.method or ""
    if not method.startswith("org:"):
        return region
    union = method.partition(":")[2]
    head = text.lstrip()[:80].split("\n", 1)[0]
    if union in head or text.count(union) > 1:
        return region
    return place_below_named(head, region, year) or region


def _site_region(region: Region, site: str, year: int | None) -> Region:
    """县总工会… on 霍邱县总工会's own site: the site names the body that the text leaves unnamed.

    Only where the text itself names no body (its region is inferred or unknown) and the site's
    region agrees with what the text says and goes deeper.
    """
    if region.deepest is not None and not region.inferred:
        return region
    return _deeper(region, resolve_region(site, year), f"site:{site}", inferred=True)


def _deeper(region: Region, owner: Region, method: str, *, inferred: bool = False) -> Region:
    """`owner` where it agrees with `region` and goes deeper (平遥县 under 晋中市), else region."""
    levels = ("province", "city", "county")
    if owner.deepest is None or owner.inferred:
        return region
    if any(getattr(region, k) not in (None, getattr(owner, k)) for k in levels):
        return region
    if sum(getattr(owner, k) is not None for k in levels) <= sum(
            getattr(region, k) is not None for k in levels):
        return region
    return replace(owner, inferred=inferred, method=method)


def extract_document(raw: RawDocument) -> DocumentResult:
    original = raw.text
    mt, script = clean_text(original)
    if raw.title:
        # The title is evidence for the body, the region and the plan status: in Simplified.
        title = to_simplified(normalize_text(MappedText.identity(raw.title))).text
        raw = replace(raw, title=title)
    text = mt.text
    rules = load_rules()
    foreign = is_foreign_report(text, raw.title, rules)
    found = extract_figures(text, rules, title=raw.title, foreign=foreign)
    # The posting date sits in the page's header or footer lines, not in the body.
    published = raw.published or find_published(original[:1500]) or find_published(
        original[-500:])
    year = infer_year(text, title=raw.title, published=published)
    spans = split_reports(text, year)
    if len(spans) == 1 and raw.title and spans[0].region.deepest is None:
        # One report: its title (often outside the body on scraped pages) names the body too.
        spans = [replace(s, region=resolve_region(text, year, title=raw.title)) for s in spans]
    if foreign and len(spans) == 1:
        # Another body's report: its union mentions (会同县总工会…) do not say where it is from.
        head = resolve_region(text[:300], year, title=raw.title)
        if head.deepest is not None:
            spans = [replace(spans[0], region=head)]
    if len(spans) == 1 and raw.title and spans[0].region.deepest is not None:
        # 平遥县总工会2023年工作要点 whose text names only its superior (晋中市总工会).
        named = resolve_region(raw.title, year)
        method = named.method or ""
        if method.startswith("org:"):
            spans = [replace(spans[0], region=_deeper(spans[0].region, named, method))]
            if is_above(named, spans[0].region) and own_level_words(text, named) > \
                    own_level_words(text, spans[0].region):
                # 临沂市总工会2016年工作总结 whose body names 沂水县总工会 once and says 全市
                # throughout: the body named a part, the title the reporting body.
                spans = [replace(spans[0], region=named)]
    if len(spans) == 1 and not raw.title:
        spans = [replace(spans[0], region=_heading_region(text, spans[0].region, year))]
    if len(spans) == 1 and raw.site:
        spans = [replace(spans[0], region=_site_region(spans[0].region, raw.site, year))]
    parts = [ReportPart(s.start, s.end, s.headline, s.region) for s in spans]
    region = document_region(spans) if spans else Region()
    page_starts = raw.page_starts()
    starts = [p.start for p in parts]
    figures = [
        _locate(raw, f, mt, page_starts, region if len(parts) <= 1
                else parts[max(bisect.bisect_right(starts, f.start) - 1, 0)].region)
        for f in found
    ]
    # 聊城市总工会全年为全市困难职工发放…, 全省工会系统去年新建… in a city's report: a
    # superior's figure, told in the report, is not the report's (on a page of several
    # reports, judged by the report the figure is in).
    scopes = [text[p.start:p.end] for p in parts] if len(parts) > 1 else [text]
    figures = [f for f in figures if not _superiors(
        text, f, scopes[max(bisect.bisect_right(starts, f.start) - 1, 0)
                        if len(parts) > 1 else 0], year)]
    if len(parts) <= 1 and not region.county:
        # 延边州新建基层工会318个 in a province's report: the part's figure, a subset.
        figures = [replace(f, scope="subset") if f.scope == "total" and names_place_below(
            text[_clause_start(text, f.start):f.start], region, year) else f for f in figures]
    # A newspaper page carrying several reports has no single reporting body.
    org_match = find_org(text, title=raw.title) if len(parts) <= 1 and not foreign else None
    org = org_match.name if org_match else (
        _org_of_region(text, region) if len(parts) <= 1 and not foreign else None)
    if org is None and len(parts) <= 1 and (region.method or "").startswith(("org:", "site:")):
        # 信丰县工会: named without 总, still the body; a site's owner where the text names none
        org = (region.method or "").partition(":")[2]
    return DocumentResult(
        raw=raw,
        original=original,
        text=text,
        script=script,
        figures=figures,
        region=region,
        org=org,
        year=year,
        published=published,
        reports=parts,
        rules_version=rules.version,
        tokens=search_tokens(text),
    )


def extract_path(path: Path, options: Options | None = None) -> DocumentResult:
    """Read and extract one file. Raises ReadError (or another TerminalError) on bad input."""
    options = options or Options()
    raw = read_document(path, ocr=options.ocr, max_bytes=options.max_bytes)
    return extract_document(raw)


def figure_record(doc_name: str, fig: Figure) -> dict[str, object]:
    """A figure as FIGURES.md's JSON object, plus unit, offsets and rule."""
    region = fig.region or Region()
    return {
        "doc": doc_name,
        "indicator": fig.indicator,
        "value": _plain(fig.value),
        "value_max": _plain(fig.value_max) if fig.value_max is not None else None,
        "unit": fig.unit,
        "qualifier": fig.qualifier,
        "scope": fig.scope,
        "status": fig.status,
        "period": str(fig.period) if fig.period is not None else None,
        "text": fig.text,
        "start": fig.start,
        "end": fig.end,
        "orig_start": fig.orig_start,
        "orig_end": fig.orig_end,
        "page": fig.page,
        "rule": fig.rule,
        "province": region.province,
        "city": region.city,
        "county": region.county,
        "adcode": region.adcode,
        "flags": list(fig.flags),
        "sentence": fig.sentence,
    }


def _plain(value: object) -> int | float:
    from decimal import Decimal

    assert isinstance(value, Decimal)
    return int(value) if value == value.to_integral_value() else float(value)
