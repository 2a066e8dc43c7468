"""Places: find the reporting body (大冶市总工会) and resolve names to division codes as of a year.

Evidence, strongest first: the body's own name (X县总工会), a local government or party body
(《鹤峰县人民政府关于…》, 大冶市委) at the report's own level, then place names that recur.
Masked reports (**县总工会) get a region only when unmasked names pin one county down.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick_rs

from schemas.document import Region

DATA_DIR = Path(__file__).resolve().parent.parent / "schemas" / "data"
AREACODES = DATA_DIR / "areacodes.csv"
ZONES = DATA_DIR / "zones.csv"

# Their districts get city = the municipality, so city-level comparisons include them.
MUNICIPALITIES = frozenset({"北京市", "天津市", "上海市", "重庆市"})
OPEN = 9999  # end year of a code still in use
_LEVELS = {"省级": "province", "地级": "city", "县级": "county"}

_ETHNIC = (
    "蒙古|回|藏|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|"
    "纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|"
    "俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|维吾尔"
)
# 新疆维吾尔自治区 is the one official name without 族.
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族|维吾尔)*自治(县|州|旗|区)$")
_SUFFIX = re.compile(r"^(.{2,}?)(特别行政区|地区|林区|特区|[省市县区旗盟])$")
# Full names that are ordinary words: a place only right after their city (大同市城区).
_GENERIC_FULL = frozenset(
    {
        "城区",
        "郊区",
        "矿区",
        "新区",
        "市区",
        "东区",
        "西区",
        "南区",
        "北区",
        "中区",
        "市中区",
        "城中区",
        "新市区",
        "新城区",
        "老城区",
    }
)
# Short forms (名 without 县/市/区) that union reports use as ordinary words: 安康杯, 互助保障,
# 比如, 公安局, 南部山区, 东湖公园 … The full names (安康市, 互助土族自治县) still match.
_SHORT_STOP_WORDS = (
    "资源 合作 和平 比如 南部 解放 公园 东方 动力 前进 港口 公安 友好 通道 共和 城中 友谊 平安 "
    "中方 安定 延长 光明 新兴 运河 四方 万年 东风 红旗 南岸 会同 工农 大名 富裕 清水 高明 前锋 "
    "复兴 长子 清新 宏伟 平定 振兴 三元 露天 大方 互助 新华 平和 名山 六合 开元 桃源 建华 永和 "
    "二七 渡口 台前 双桥 市郊 九龙 小河 二道 无为 民权 小店 同心 元宝 宝塔 平房 灯塔 天涯 七星 "
    "回民 桥头 东郊 西郊 红星 安居 新民 富民 清流 老城 爱民 惠民 升平 和顺 上高 天元 城关 城东 "
    "城西 城北 城南 市中 江北 江南 河东 河西 东湖 江岸 新城 中原 海港 新市 长安 东城 西城 向阳 "
    "城厢 青山 东山 西山 南山 安康 全州 温泉 洞口 高台 天心 白云 金山 花园 龙华 新建 胜利 团结 "
    "工业 开发 中心 五一 红岗 矿山 铁山 石门 兴业"
)
_SHORT_STOP = frozenset(_SHORT_STOP_WORDS.split())
# A mask stands for a name: **县, ××市, XX区, 某县.
_MASK_MARKS, _MASK_LETTERS = "*＊×✕□○", "Xx"
MASK = re.compile(
    rf"(?:[{_MASK_MARKS}]{{1,4}}|[{_MASK_LETTERS}]{{2,4}}|某)(省|自治区|市|县|区|州|旗|盟)")
# Found wherever MASK is (and a little more), but fast to fail: it opens with one character class.
_MASK_PROBE = re.compile(
    rf"[{_MASK_MARKS}{_MASK_LETTERS}某][{_MASK_MARKS}{_MASK_LETTERS}]{{0,3}}[省自市县区州旗盟]")
_SELF_LEVELS = "省市县区州旗"
# 我县/全县/本县, 县委/县政府…: one pass for all levels (no two levels' matches can overlap).
_SELF = re.compile(
    rf"[我全本]([{_SELF_LEVELS}])|([{_SELF_LEVELS}])(?:委|政府|人民政府|总工会|人大|政协)")
_ADMIN_TAIL = set("省市县区州旗盟")
# 东台年鉴（2021）, 《龙海年鉴》: a yearbook is named after the division it covers.
_YEARBOOK = re.compile(r"^[\s《]*([一-龥]{2,12}?)(?:年鉴|年鑑)")
_ISSUER = re.compile(r"(?:人民政府|政府|委员会|党委|委|人大|政协)")
_ORG = "总工会"
_UNION = "(?<!总)工会"  # 东阳工会, 宁波鄞州工会: how headlines name the body
_HEAD = 600  # the title block and byline of a report sit in its first lines

PlacePath = tuple[str | None, ...]  # (province, city, county), as deep as known


@dataclass(frozen=True)
class Area:
    """One version of a division: a code with the name and parent it had from `start` to `end`."""

    code: str
    province: str
    city: str | None  # the prefecture (or municipality) it belonged to; None if none
    name: str
    level: str  # province | city | county | zone
    start: int
    end: int  # exclusive; OPEN while in use

    def alive(self, year: int) -> bool:
        return self.start <= year < self.end

    def distance(self, year: int) -> int:
        """Years between `year` and this version's period (0 inside it)."""
        if year < self.start:
            return self.start - year
        return max(0, year - self.end + 1)

    def within(self, other: Area) -> bool:
        """True if this division lies in `other` or is it (湖北省 ⊇ 黄石市 ⊇ 大冶市)."""
        if self.province != other.province:
            return False
        if other.level == "province":
            return True
        if other.level == "city":
            return self.city == other.name
        return self.code == other.code and self.name == other.name

    @property
    def path(self) -> PlacePath:
        if self.level == "province":
            return (self.province,)
        if self.level == "city":
            return (self.province, self.name)
        return (self.province, self.city, self.name)


@dataclass(frozen=True)
class Mention:
    """A place name found in text, with the divisions it can mean in the report's year."""

    start: int
    end: int
    surface: str
    kind: str  # full | short | zone
    areas: tuple[Area, ...]
    stale: bool = False  # no division of that name existed in the year
    town: bool = False  # 托里镇: a town named after its county, as county seats are
    parent: str | None = None  # the name written right before it (新疆托里, 宁波鄞州区)

    @property
    def evidence(self) -> str:
        return (self.parent or "") + self.surface + ("镇" if self.town else "")


@dataclass(frozen=True)
class OrgMatch:
    """The reporting body as named in the text; offsets are (-1, -1) if only the title names it."""

    name: str
    start: int
    end: int


class AreaIndex:
    """The code list indexed by every written form of each name, with one matcher for all."""

    def __init__(self, areas: list[Area], zones: list[tuple[Area, str]]) -> None:
        self.areas = tuple(areas)
        forms: dict[str, list[tuple[Area, str]]] = {}
        for a in areas:
            for form, kind in _forms(a):
                forms.setdefault(form, []).append((a, kind))
        for z, short in zones:
            for form in filter(None, (z.name, short)):
                forms.setdefault(form, []).append((z, "zone"))
        self._forms = {k: tuple(v) for k, v in forms.items()}
        self._units: dict[PlacePath, list[Area]] = {}
        for a in areas:
            if a.level != "county":
                self._units.setdefault(a.path, []).append(a)
                if a.province in MUNICIPALITIES:
                    self._units.setdefault((a.province, a.province), []).append(a)
        # One automaton over every name of two or more characters; the scan is leftmost-longest.
        self._matcher = ahocorasick_rs.AhoCorasick(
            [f for f in self._forms if len(f) >= 2],
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
        )
        self._words = frozenset(w for w in common_words() if w not in self._forms)
        # The same text is scanned for its org, its region and each report on it: scan once.
        self._names = lru_cache(maxsize=64)(self._find_names)
        self._scan_cached = lru_cache(maxsize=64)(self._scan)

    def lookup(self, surface: str, year: int | None) -> tuple[tuple[Area, ...], str, bool]:
        """Divisions a written name can mean in `year`: (areas, kind, stale)."""
        entries = self._forms.get(surface, ())
        full = [a for a, k in entries if k == "full"]
        kind = "full" if full else (entries[0][1] if entries else "short")
        areas, stale = at_year(full or [a for a, _ in entries], year)
        if year is None and kind == "short" and all(a.end != OPEN for a in areas):
            stale = True  # no year: 江东 alone is more likely something else than 江东区 (-2016)
        return areas, kind, stale

    def unit(self, path: PlacePath, year: int | None) -> Area | None:
        """The province or city area for a path such as ('湖北省', '黄石市')."""
        found, _ = at_year(self._units.get(path, []), year)
        return found[0] if found else None

    def scan(self, text: str, year: int | None) -> list[Mention]:
        """Every place name in `text`, longest first, parents narrowing the name after them."""
        return list(self._scan_cached(text, year))

    def _scan(self, text: str, year: int | None) -> tuple[Mention, ...]:
        out: list[Mention] = []
        for start, end in self._names(text):
            surface = text[start:end]
            areas, kind, stale = self.lookup(surface, year)
            nxt = text[end : end + 1]
            if kind == "short" and nxt and nxt in "乡村路街巷":
                continue  # 东阳路, 托里乡: a street or village named after a place, maybe elsewhere
            town = kind == "short" and nxt == "镇"
            mention = Mention(start, end, surface, kind, areas, stale, town)
            if out and text[out[-1].end : start] in ("", " ", "·"):
                chained = _chain(out, mention)
                if chained is None:
                    continue
                mention = chained
            if mention.parent is None and not self._stands_alone(text, mention):
                continue
            out.append(mention)
        return tuple(out)

    def _find_names(self, text: str) -> tuple[tuple[int, int], ...]:
        """Leftmost-longest spans of known names (山东阳谷 → 山东, 阳谷; never 东阳)."""
        return tuple((s, e) for _, s, e in self._matcher.find_matches_as_indexes(text))

    def _stands_alone(self, text: str, m: Mention) -> bool:
        """False when the name is part of another word: 行政和 (政和), 新会员, 长治久安, 准噶尔."""
        if m.surface in _GENERIC_FULL:
            return False
        before = text[m.start - 1] if m.start else ""
        han_before = bool(before) and "\u4e00" <= before <= "\u9fff"
        stem = m.surface[:-1] if m.surface[-1] in _ADMIN_TAIL else m.surface
        # 和县, 会同县: a one-character or ordinary-word stem needs a clear start (政府和县总工会).
        weak_stem = len(stem) < 2 or stem in self._words or stem in _SHORT_STOP
        if han_before and m.kind == "full" and weak_stem:
            return False
        s, e = m.start, m.end
        spans = [(s - 1, s + 1), (s - 2, s + 1), (s - 1, e), (s - 2, e)]
        if m.surface[-1] not in _ADMIN_TAIL:  # 市委, 县总 after 大冶市 are fine
            spans += [(e - 1, e + 1), (e - 1, e + 2), (s, e + 1), (s, e + 2), (s - 1, e + 1)]
        if m.surface.endswith(("乡", "镇")) and han_before:
            return False  # 夏萍乡: a township whose name ends like 萍乡
        return not any(a >= 0 and b <= len(text) and text[a:b] in self._words for a, b in spans)


@cache
def common_words() -> frozenset[str]:
    """Ordinary words from jieba's dictionary (not names): a place may not cut through one."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        return frozenset()
    words = set()
    with (Path(spec.origin).parent / "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, tag = line.split(" ")
            if 2 <= len(word) <= 4 and len(freq) >= 2 and int(freq) >= 50 and tag[:2] != "nr":
                words.add(word)
    return frozenset(words)


def _chain(out: list[Mention], cur: Mention) -> Mention | None:
    """宁波鄞州区, 新疆托里: keep the readings of the later name that lie in the earlier one.

    None when a short name right after a full one lies outside it: 沙市市江汉纺织器材厂 names a
    company in 沙市市, not 武汉's 江汉区.
    """
    prev = out[-1]
    inside = tuple(a for a in cur.areas if any(a.within(p) for p in prev.areas))
    if not inside:
        return None if cur.kind == "short" and prev.kind == "full" else cur
    out[-1] = replace(prev, areas=tuple(p for p in prev.areas if any(a.within(p) for a in inside)))
    return replace(cur, areas=inside, parent=prev.surface)


# 科尔沁左翼中旗 → 科左中旗: a banner of a wing is written by its first character, wing and place.
_WING_BANNER = re.compile(r"^([一-龥])[一-龥]{1,4}?([左右])翼([前中后])旗$")


def _forms(a: Area) -> list[tuple[str, str]]:
    """The ways a report writes a division: 恩施土家族苗族自治州, 恩施州, 恩施."""
    forms = [(a.name, "full")]
    banner = _WING_BANNER.match(a.name)
    if banner:
        forms.append(("".join(banner.groups()) + "旗", "full"))  # 科左中旗, 察右前旗
    m = _AUTONOMOUS.match(a.name)
    if m:
        stem, tail = m.groups()
        if tail in "县州旗":
            forms.append((stem + tail, "full"))  # 鹤峰县 for 鹤峰土家族自治县, 恩施州
    else:
        m = _SUFFIX.match(a.name)
    if m and m.group(1) not in _SHORT_STOP and a.name not in _GENERIC_FULL:
        forms.append((m.group(1), "short"))
    return forms


def at_year(areas: Sequence[Area], year: int | None) -> tuple[tuple[Area, ...], bool]:
    """The versions in use in `year`; else the nearest in time (stale). No year: the latest."""
    if not areas:
        return (), False
    if year is None:
        last = max(a.end for a in areas)
        return tuple(a for a in areas if a.end == last), False
    alive = tuple(a for a in areas if a.alive(year))
    if alive:
        return alive, False
    near = min(a.distance(year) for a in areas)
    return tuple(a for a in areas if a.distance(year) == near), True


@cache
def _load(path: Path) -> AreaIndex:
    areas: list[Area] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            province, city = row["一级行政区"], row["二级行政区"] or None
            if city == "直辖":
                city = province if province in MUNICIPALITIES else None
            end = row["变更/弃用时间"]
            areas.append(
                Area(
                    row["代码"],
                    province,
                    city,
                    row["名称"],
                    _LEVELS[row["级别"]],
                    int(row["启用时间"]),
                    int(end) if end else OPEN,
                )
            )
    return AreaIndex(areas, _load_zones(areas))


def _load_zones(areas: list[Area]) -> list[tuple[Area, str]]:
    """Functional zones (大江东产业集聚区) placed in the city or province whose code they carry."""
    if not ZONES.exists():
        return []
    by_code = {a.code: a for a in areas if a.level != "county" and a.end == OPEN}
    zones = []
    with ZONES.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            host = by_code[row["code"]]
            city = host.name if host.level == "city" else None
            if host.province in MUNICIPALITIES:
                city = host.province
            zone = Area(
                row["code"],
                host.province,
                city,
                row["name"],
                "zone",
                int(row["start"]),
                int(row["end"]) if row["end"] else OPEN,
            )
            zones.append((zone, row["short"]))
    return zones


def load_areacodes(path: Path | None = None) -> AreaIndex:
    """The division code list, indexed once per process (schemas/data/areacodes.csv)."""
    return _load(path.resolve() if path else AREACODES)


# --- the reporting body ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Org:
    name: str
    start: int
    end: int
    mention: Mention | None  # None when masked


_SUPERIOR = re.compile(r"[^。，,；;!?！？]{0,14}?(?:领导|指导|关怀|关心|帮助)下")
_UNDER = re.compile(r"在[^。，,；;!?！？在]{0,12}$")


def _is_superior(text: str, hit: re.Match[str]) -> bool:
    """在县委和潍坊市总工会的领导下: the org sits inside 在…领导下 (寿光市总工会在… is not)."""
    before = text[max(0, hit.start() - 30):hit.start()]  # hit is 总工会; its name is before
    return bool(_SUPERIOR.match(text, hit.end())) and bool(_UNDER.search(before))


_RECIPIENT = re.compile(r"(?:抄送|抄报|报送|主送|呈送)\s*[:：][^。\n]{0,24}$")


def _orgs(text: str, mentions: list[Mention], org: str = _ORG) -> list[_Org]:
    """Every X总工会 whose X is a place (or a mask); 市总工会 alone names nobody."""
    by_end = {m.end: m for m in mentions}
    found = []
    for hit in re.finditer(org, text):
        if _is_superior(text, hit):
            continue  # 在县委和潍坊市总工会的坚强领导下: the body above, not the one reporting
        p = hit.start()
        m = by_end.get(p)
        if m is not None and _RECIPIENT.search(text[max(0, m.start - 30):m.start]):
            continue  # 抄送：双鸭山市总工会 in a document's 版记: whom it went to, not who wrote it
        if m is not None:
            name = m.surface
            if org == _ORG and m.kind == "short" and len({a.name for a in m.areas}) == 1:
                name = m.areas[0].name  # 东阳总工会 → 东阳市总工会
            found.append(_Org(name + hit.group(), m.start, hit.end(), m))
            continue
        masked = MASK.search(text, max(0, p - 6), p)
        if masked and masked.end() == p:
            found.append(_Org(masked.group() + hit.group(), masked.start(), hit.end(), None))
    return found


def _pick_org(orgs: list[_Org], head: int = _HEAD) -> _Org | None:
    """The body reporting: the most named, counting a name in the first lines twice more."""
    if not orgs:
        return None
    score: Counter[str] = Counter()
    first: dict[str, _Org] = {}
    for o in orgs:
        score[o.name] += 1 + 2 * (o.start < head)
        first.setdefault(o.name, o)
    best = max(score, key=lambda n: (score[n], -first[n].start))
    return first[best]


def find_org(text: str, title: str | None = None) -> OrgMatch | None:
    """The reporting body (大冶市总工会); None if none is named or its name is masked."""
    idx = load_areacodes()
    if title:
        named = _pick_org(_orgs(title, idx.scan(title, None)), head=len(title))
        if named is not None:
            if named.mention is None:
                return None
            at = text.find(named.name)
            return (
                OrgMatch(named.name, at, at + len(named.name))
                if at >= 0
                else OrgMatch(named.name, -1, -1)
            )
    best = _pick_org(_orgs(text, idx.scan(text, None)))
    if best is None or best.mention is None:
        return None
    return OrgMatch(best.name, best.start, best.end)


# --- resolution --------------------------------------------------------------------------


def resolve_region(text: str, year: int | None, title: str | None = None) -> Region:
    """The report's province / city / county as of `year`, with how it was decided."""
    idx = load_areacodes()
    if title and title not in text:
        text = title + "\n" + text
    return _resolve(idx, text, idx.scan(text, year), year)


def _resolve(idx: AreaIndex, text: str, mentions: list[Mention], year: int | None) -> Region:
    context = _anchors(mentions)
    org = _pick_org(_orgs(text, mentions))
    fallback = None
    if org is not None and org.mention is not None:
        region = _region_of(idx, [org.mention], context, year, f"org:{org.name}")
        if region is not None and not org.mention.stale:
            return region
        fallback = region  # a name not in use that year: a fragment (…大|江东总工会) or a slip
    union = _pick_org([o for o in _orgs(text, mentions, _UNION) if o.mention is not None])
    if union is not None and union.mention is not None and not union.mention.stale:
        region = _region_of(idx, [union.mention], context, year, f"org:{union.name}")
        if region is not None and (org is None or org.mention is not None):
            return region
    yearbook = _YEARBOOK.match(text[:200])
    if yearbook is not None:
        named = [m for m in mentions if m.end == yearbook.end(1) and not m.stale]
        region = _region_of(idx, named[-1:], context, year, f"yearbook:{yearbook.group(1)}") \
            if named else None
        if region is not None:
            return region
    level = self_level(text)
    masks = Counter(m.group(1) for m in MASK.finditer(text)) if _MASK_PROBE.search(text) \
        else Counter[str]()
    mask = masks.most_common(1)[0][0] if masks else None
    if (org is not None and org.mention is None) or (mask and mask == level):
        return _infer_masked(idx, mentions, context, year, mask or level or "县", text)
    issuer = _issuer(text, mentions, level)
    if issuer is not None:
        region = _region_of(idx, [issuer[0]], context, year, f"issuer:{issuer[1]}")
        if region is not None:
            return region
    return (_by_mentions(idx, mentions, context, year, level) or fallback
            or _under_superior(idx, text, mentions, year) or Region())


def _under_superior(idx: AreaIndex, text: str, mentions: list[Mention],
                    year: int | None) -> Region | None:
    """桂城街道总工会 在南海区总工会…的领导下: a body below county level lies in its superior's."""
    by_end = {m.end: m for m in mentions}
    for hit in re.finditer(_ORG, text):
        m = by_end.get(hit.start())
        if m is not None and _is_superior(text, hit) and not m.stale:
            region = _path_region(idx, m.areas, year, f"inferred:superior {m.surface}总工会",
                                  True)
            if region is not None:
                return region
    return None


def self_level(text: str) -> str | None:
    """The level the report speaks from: 县 for 我县/全县/县委, 市 for 我市/全市 …"""
    counts = Counter(dict.fromkeys(_SELF_LEVELS, 0))
    for m in _SELF.finditer(text):
        counts[m.group(1) or m.group(2)] += 1
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _issuer(text: str, mentions: list[Mention], level: str | None) -> tuple[Mention, str] | None:
    """A local government or party body at the report's level: 鹤峰县人民政府, 大冶市委."""
    found: list[tuple[Mention, str]] = []
    for m in mentions:
        if m.kind != "full" or m.stale:
            continue
        hit = _ISSUER.match(text, m.end)
        if hit and (level is None or m.surface.endswith(level)):
            found.append((m, m.surface + hit.group()))
    if not found:
        return None
    counts = Counter(m.surface for m, _ in found)
    best = max(counts, key=lambda s: counts[s])
    return next(f for f in found if f[0].surface == best)


def _anchors(mentions: list[Mention]) -> Counter[PlacePath]:
    """Provinces and cities named unambiguously: they decide between same-named places."""
    seen: Counter[PlacePath] = Counter()
    for m in mentions:
        path = _common_path(m.areas)
        for k in range(1, min(len(path), 2) + 1):
            seen[path[:k]] += 1
    return seen


def _common_path(areas: tuple[Area, ...] | list[Area]) -> PlacePath:
    if not areas:
        return ()
    paths = [a.path for a in areas]
    out: list[str | None] = []
    for parts in zip(*paths, strict=False):
        if len(set(parts)) != 1:
            break
        out.append(parts[0])
    return tuple(out)


def _narrow(areas: tuple[Area, ...], context: Counter[PlacePath]) -> tuple[Area, ...]:
    """Of several same-named places, those in a province (then city) the text names elsewhere."""
    for depth in (1, 2):
        if len({a.path for a in areas}) <= 1:
            break
        kept = tuple(a for a in areas if context[a.path[:depth]] > 0)
        if kept:
            best = max(context[a.path[:depth]] for a in kept)
            areas = tuple(a for a in kept if context[a.path[:depth]] == best)
    return areas


def _path_region(
    idx: AreaIndex, areas: tuple[Area, ...], year: int | None, method: str, inferred: bool
) -> Region | None:
    path = _common_path(areas)
    if not path:
        return None
    deepest = areas[0] if len(path) == len(areas[0].path) else idx.unit(path, year)
    province, city = path[0], path[1] if len(path) > 1 else None
    if province in MUNICIPALITIES and city is None:
        city = province
    county = path[2] if len(path) > 2 else None
    adcode = deepest.code if deepest else None
    if deepest is not None and deepest.level == "zone":
        county = None  # a functional zone is no county-level division
    return Region(province, city, county, adcode, inferred, method)


def _region_of(
    idx: AreaIndex,
    mentions: list[Mention],
    context: Counter[PlacePath],
    year: int | None,
    method: str,
    inferred: bool = False,
) -> Region | None:
    areas = tuple(a for m in mentions for a in m.areas)
    return _path_region(idx, _narrow(areas, context), year, method, inferred)


def _support(
    mentions: list[Mention], context: Counter[PlacePath]
) -> list[tuple[PlacePath, Mention]]:
    """Each usable mention with the deepest division all its readings share."""
    out = []
    for m in mentions:
        if m.stale:
            continue
        path = _common_path(_narrow(m.areas, context))
        if path:
            out.append((path, m))
    return out


def place_paths(text: str, year: int | None) -> list[PlacePath]:
    """The (province, city, county) each usable place name in `text` points to, in order."""
    mentions = load_areacodes().scan(text, year)
    return [p for p, _ in _support(mentions, _anchors(mentions))]


def _top(counts: Counter[PlacePath]) -> tuple[PlacePath, int, int]:
    ranked = counts.most_common(2)
    if not ranked:
        return (), 0, 0
    return ranked[0][0], ranked[0][1], ranked[1][1] if len(ranked) > 1 else 0


def _by_mentions(
    idx: AreaIndex,
    mentions: list[Mention],
    context: Counter[PlacePath],
    year: int | None,
    level: str | None,
) -> Region | None:
    """The place the text keeps naming: a county if it dominates its city, else the city."""
    support = _support(mentions, context)
    counties: Counter[PlacePath] = Counter(
        p for p, _ in support if len(p) == 3 and _fits(p[2], level)
    )
    cities: Counter[PlacePath] = Counter(p[:2] for p, _ in support if len(p) >= 2)
    own: Counter[PlacePath] = Counter(p for p, _ in support if len(p) == 2)
    provinces: Counter[PlacePath] = Counter(p[:1] for p, _ in support)
    path, n, second = _top(counties)
    if n >= 2 and 2 * n > 3 * second and n >= own[path[:2]]:
        return _chosen(idx, support, path, year, n)
    path, n, second = _top(cities)
    if n >= 2 and 2 * n > 3 * second:
        # 位于宝鸡市渭滨区: one county written with its city, and no other county of it.
        inner = {p for p, m in support if len(p) == 3 and p[:2] == path and m.parent}
        if len(inner) == 1 and len({p for p, _ in support if len(p) == 3 and p[:2] == path}) == 1:
            (county,) = inner
            return _chosen(idx, support, county, year, n)
        return _chosen(idx, support, path, year, n)
    path, n, second = _top(provinces)
    if n >= 2 and 2 * n > 3 * second:
        return _chosen(idx, support, path, year, n)
    return None


def _fits(name: str | None, level: str | None) -> bool:
    """A county named 托里县 fits a report that says 我县; a 县级市 fits 我市."""
    return level is None or level not in "县区市旗" or bool(name and name.endswith(level))


def _chosen(
    idx: AreaIndex,
    support: list[tuple[PlacePath, Mention]],
    path: PlacePath,
    year: int | None,
    n: int,
) -> Region:
    areas = tuple(
        a
        for p, m in support
        if p[: len(path)] == path
        for a in m.areas
        if a.path[: len(path)] == path
    )
    name = path[-1] or ""
    region = _path_region(idx, areas, year, f"mentions:{name}×{n}", inferred=True)
    return region or Region()


def _masked_under_superior(idx: AreaIndex, text: str, mentions: list[Mention],
                           year: int | None, mask: str) -> Region | None:
    """**旗总工会 在旗委和呼伦贝尔市总工会的领导下: the masked county lies in that city."""
    by_end = {m.end: m for m in mentions}
    for hit in re.finditer(_ORG, text):
        m = by_end.get(hit.start())
        if m is None or not _is_superior(text, hit):
            continue
        areas = tuple(a for a in m.areas if a.path and len(a.path) == 2)
        region = _path_region(idx, areas, year, f"inferred:superior {m.surface}总工会", True)
        if region is not None and region.city and not region.county:
            return region
    return None


def _infer_masked(
    idx: AreaIndex,
    mentions: list[Mention],
    context: Counter[PlacePath],
    year: int | None,
    mask: str,
    text: str,
) -> Region:
    """**县: fill the county only if the unmasked names all but unanimously point to one."""
    support = _support(mentions, context)
    if "自治区" in text:  # 自治区总工会, 自治区级劳模: an autonomous region
        support = [(p, m) for p, m in support if (p[0] or "").endswith("自治区")] or support
    counties: Counter[PlacePath] = Counter(
        p for p, _ in support if len(p) == 3 and (p[2] or "").endswith(mask)
    )
    path, n, second = _top(counties)
    if n < 2 or 2 * second >= n:
        return _masked_under_superior(idx, text, mentions, year, mask) or Region(
            method=f"masked:**{mask}")
    chosen = [m for p, m in support if p == path]
    evidence = "、".join(dict.fromkeys(m.evidence for m in chosen))
    areas = tuple(a for m in chosen for a in m.areas if a.path == path)
    return _path_region(idx, areas, year, f"inferred:{evidence}", True) or Region()


# --- figures another region's union states ---------------------------------------------------

# 聊城市总工会全年为全市…, 江门市总工会副主席何志峰表示: the subject opens its sentence.
_SUBJECT_LEAD = 8
# What makes a named place a body that reports: 聊城市总工会, 吕梁市各级工会共培训…
_UNION_WORDS = ("总工会", "各级工会", "工会系统")
# 其中，市总工会下拨送温暖资金20万元 in a county's report: the unnamed superior's money.
_GENERIC_SUPERIOR = re.compile(
    r"^\s*[(（]?\s*(?:其中|另外|同时|此外|含)?\s*[,，]?\s*(?:由|经|据)?(省|市|州|盟|自治区)总工会")
_TOWN_WORDS = ("全镇", "我镇", "全乡", "我乡")
# 市总工会下达我县全年新建工会组织任务120个: the superior sets the report's own target.
_ASSIGNED = re.compile(r"下达|任务|目标")


_WHOLE_WORD = re.compile(r"[全我][省市县区州盟旗镇乡]")


@lru_cache(maxsize=16)  # per report, not per figure: a str's hash is computed once
def _whole_words(text: str) -> Counter[str]:
    """How often a report speaks of a whole at each level: 全县, 我市, 全镇 …"""
    return Counter(_WHOLE_WORD.findall(text))


def _is_town_report(text: str) -> bool:
    """新桥镇总工会's 经验介绍: a township union speaks of 全镇 more than of any place above."""
    if "镇总工会" not in text and "乡总工会" not in text:
        return False
    words = _whole_words(text)
    town = sum(words[w] for w in _TOWN_WORDS)
    above = sum(words[w] for w in ("全县", "我县", "全市", "我市", "全区", "我区"))
    return town >= 2 and town > above


def told_by_unnamed_superior(clause: str, text: str) -> bool:
    """The clause opens with the superior's union by its level alone (市总工会 in a county's
    report, 省总工会 in a city's): its figure, not the report's. The report's level comes from
    its own words (县总工会, 全县), so a masked county (**县) is judged too."""
    m = _GENERIC_SUPERIOR.match(clause)
    if m is None or _ASSIGNED.search(clause):
        return False
    county, city, province = _level_counts(text)
    if m.group(1) in ("市", "州", "盟"):  # a city's union (an autonomous prefecture's too)
        return county > city
    return county + city > province


@lru_cache(maxsize=16)
def _level_counts(text: str) -> tuple[int, int, int]:
    """How often a report speaks of a county's, a city's and a province's whole."""
    words = _whole_words(text)
    county = sum(words[w] for w in ("全县", "我县", "全区", "我区", "全旗"))
    return county + text.count("县总工会"), words["全市"], words["全省"]


def told_by_other_union(before: str, region: Region, year: int | None) -> bool:
    """`before` (a figure's sentence up to the figure) has for subject a named union of a place
    above the report's region, or of another province: the figure is that union's (聊城市总工会…
    in 茌平县's report; 黑龙江省总工会介绍… in 吉林省's), not the report's.

    The last union named before the figure decides, and only one that opens its clause
    (not 在聊城市总工会的支持下，县总工会…, nor …受到聊城市总工会表彰).
    """
    if region.deepest is None or region.inferred or not any(w in before for w in _UNION_WORDS):
        return False
    own = _region_path(region)
    # (where the name starts, where its 总工会 starts, the divisions it names)
    unions: list[tuple[int, int, tuple[Area, ...] | None]] = [
        (m.start, m.end, m.areas) for m in load_areacodes().scan(before, year)
        if before.startswith(_UNION_WORDS, m.end) and m.kind == "full"]
    unions += [(m.start(), m.start() + 2, None) for m in re.finditer("全国总工会", before)]
    if not unions:
        return False
    at, union_at, areas = max(unions, key=lambda u: u[0])
    if max(before.rfind(w) for w in _UNION_WORDS) > union_at:
        return False  # a later union (县总工会…) is unnamed: the report's own
    clause = max(before.rfind(c, 0, at) for c in ",，;；:：") + 1
    lead = before[clause:at]
    if len(lead) > _SUBJECT_LEAD or "在" in lead or _ASSIGNED.search(before, union_at):
        return False
    if areas is None:
        return True  # 据全国总工会通报，全国工会全年…
    # A superior (聊城市 over 茌平县) or another province's: a neighbour's union in the province
    # may be a second report on the page that the splitter missed, with figures of its own.
    return bool(areas) and all(_inside(a.path, own) or a.province != own[0] for a in areas)


# 全省 in a city's or county's report, 全市/全州 in a county's: the superior's whole, not the
# report's (全省工会系统去年共新建基层工会1.2万个 in 淮北市's news). Not 在全市率先…, 居全省第五,
# 按照全市统一部署. A union's name (吕梁市总工会, 县总工会) says its level too.
_JURIS_TOKEN = re.compile(
    r"(?:(?<![在居列占于向为和及照据与同比])全|我|本)([省市县区州盟旗镇乡])"
    r"(?!率先|首家|首个|第|排名|前列|统一|范围|平均)|([省市县区州盟旗镇乡])(?:总工会|各级工会)")
_ABOVE_TOWN, _ABOVE_COUNTY, _ABOVE_COUNTY_CITY, _ABOVE_CITY = (
    "省市县区州盟旗", "省市州盟", "省州盟", "省")


def tells_superior_whole(before: str, region: Region, text: str = "") -> bool:
    """The sentence before a figure counts the superior's whole (全省…, in a county 全市…):
    the last word for a whole or a union before the figure is of a level above the report's.

    A region inferred from mentions counts when the report speaks of its own level (全县, 我县
    for a county; 全市, 我市 and no 全县 for a city): the level, not the name, decides here.
    """
    if region.city is None or region.city == region.province:
        return False
    if region.inferred:
        level = (region.county or region.city)[-1]
        words = _whole_words(text)
        if level not in "县区市旗" or not (words["全" + level] or words["我" + level]):
            return False
        if region.county is None and (words["全县"] or words["我县"]):
            return False
    if _is_town_report(text):
        above = _ABOVE_TOWN  # a township union's report: 全市, 全县 are above it
    elif region.county is None:
        above = _ABOVE_CITY
    elif region.county.endswith("市"):
        above = _ABOVE_COUNTY_CITY  # 全市 is a county-level city's own
    else:
        above = _ABOVE_COUNTY
    last = None
    for m in _JURIS_TOKEN.finditer(before):
        # A union above (参加市总工会培训) names who acted with the report's body, not whose whole
        # is counted; one of the report's own level (县总工会…) brings the sentence back to it.
        if m.group(1) or m.group(2) not in above:
            last = m
    return last is not None and (last.group(1) or last.group(2)) in above


def is_above(outer: Region, inner: Region) -> bool:
    """`inner` is a division inside `outer` (沂水县 in 临沂市)."""
    return _inside(_region_path(outer), _region_path(inner))


def place_below_named(line: str, region: Region, year: int | None) -> Region | None:
    """The one division a line names in full inside `region` (藁城市 in 石家庄市), or None."""
    idx = load_areacodes()
    own = _region_path(region)
    found = [m for m in idx.scan(line, year) if m.kind == "full" and not m.stale and m.areas
             and all(_inside(own, a.path) for a in m.areas)]
    if len({m.surface for m in found}) != 1:
        return None
    return _path_region(idx, found[0].areas, year, f"heading:{found[0].surface}", False)


def own_level_words(text: str, region: Region) -> int:
    """How often the text speaks of the whole at the region's level: 全市 for 临沂市."""
    name = region.county or region.city or region.province
    return _whole_words(text)["全" + name[-1]] if name else 0


def _region_path(region: Region) -> PlacePath:
    return tuple(x for x in (region.province, region.city, region.county) if x)


def _collapse(path: PlacePath) -> PlacePath:
    """天津市 once: a municipality is its own city (天津市, 天津市, 西青区 → 天津市, 西青区)."""
    return path[:1] + path[2:] if len(path) >= 2 and path[1] == path[0] else path


def _inside(outer: PlacePath, inner: PlacePath) -> bool:
    """`inner` lies strictly inside `outer` (延边州 in 吉林省; 西青区 in 天津市)."""
    outer, inner = _collapse(outer), _collapse(inner)
    return len(inner) > len(outer) and inner[:len(outer)] == outer


_JURIS_WORD = re.compile(r"全(?:省|市|县|区|州|盟|旗)|各(?:省|市|县|区)")


def names_place_below(clause: str, region: Region, year: int | None) -> bool:
    """The clause before a figure names a division inside the report's region (延边州新建基层
    工会318个 in 吉林省's report; 永城市、夏邑县分别资助156名…): the figure is that part's.

    Not when a word for the whole (全市, 各县) stands between the name and the figure.
    """
    if region.deepest is None or region.inferred or region.county is not None:
        return False  # a county's report has no division below it in the code list
    own = _region_path(region)
    return any(m.kind != "zone" and m.areas and all(_inside(own, a.path) for a in m.areas)
               and not _JURIS_WORD.search(clause, m.end)
               for m in load_areacodes().scan(clause, year))
