"""Read an HTML page: charset, main text without site chrome, title and posting date."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from lxml import etree

from extractors.chrome import find_published, parse_date, strip_chrome
from extractors.errors import ReadError
from extractors.read_text import decode_bytes

log = logging.getLogger(__name__)

# <meta charset=…>, <meta http-equiv content="text/html; charset=…"> and <?xml encoding=…?>.
_META_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_HEAD_BYTES = 4096
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"[ \t\r\f\v\xa0]+")
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|--|——|—|－|\s-\s|\s–\s)\s*")
_SITE_LIKE = re.compile(
    r"(?:网|網|网站|網站|官网|官網|门户|門戶|首页|首頁|频道|頻道|平台|在线|在線)$"
    r"|www\.|\.(?:com|cn|net|org|gov)",
    re.I,
)
_TITLE_META = ("articletitle", "og:title", "twitter:title", "dc.title")
_DATE_META = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "publish-date",
    "firstpublishedtime",
    "article:published_time",
    "og:published_time",
    "og:release_date",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "created",
    "date",
)
# Class/id words of page furniture. Such an element is removed only when it is small or mostly
# links, because sites also name their article box "print_content" or "news-foot-wrap".
_CHROME_NAME = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|crumbs?|position|location|weizhi|dqwz|share|fenxiang|bdshare"
    r"|prevnext|pre_next|prev|next|sxp|pager|pagination|paging|pages|related|relate|xgwz|xgyd|tags?"
    r"|footer|foot|copyright|bottom|sidebar|side|aside|nav|navbar|menu|topbar|toolbar)(?:$|[\s_-])",
    re.I,
)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "select", "button", "textarea", "svg")
_ALWAYS_CHROME_TAGS = ("nav", "aside", "footer")
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "td",
        "th",
        "tr",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "center",
        "form",
        "aside",
        "nav",
        "figure",
        "figcaption",
        "caption",
    }
)
_TABLE_PARTS = ("tbody", "thead", "tfoot", "tr", "td", "th")
_CELL_BLOCKS = ("p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "form")
_CJK_PUNCT = re.compile(r"[，。；、！？,;]")
SMALL_CHROME_CHARS = 200  # furniture-named elements at most this long are removed
LAYOUT_CELL_CHARS = 200  # a table cell this long holds page content, not data
MIN_MAIN_CHARS = 20  # less than this after chrome removal is "no main text"
FALLBACK_RATIO = 2.0  # the densest-block text replaces trafilatura's when this many times longer
SUPERSET_RATIO = 1.6  # a densest block this much longer that holds trafilatura's text wins
LITTLE_TEXT_CHARS = 200  # trafilatura output shorter than this gets a second opinion


@dataclass(frozen=True)
class HtmlText:
    """Main text of a page (paragraphs on their own lines), its title and ISO posting date."""

    text: str
    title: str | None
    published: str | None
    encoding: str | None = None  # as decode_bytes recorded it
    site: str | None = None  # the union that runs the site (霍邱县总工会), from title and footer


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (<meta charset>, http-equiv)."""
    m = _META_CHARSET.search(data, 0, _HEAD_BYTES)
    return (m.group(1) or m.group(2)).decode("ascii") if m else None


def _parse(text: str, name: str) -> lxml.html.HtmlElement:
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as err:
        raise ReadError(f"HTML that cannot be parsed ({err})") from err


def _clean_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _meta(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop") or "").strip().lower()
        content = (el.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return found


def clean_title(title: str) -> str | None:
    """A <title> without its site-name parts ("市总工会2023年工作总结_XX网" → the first part)."""
    parts = [p for p in _TITLE_SPLIT.split(_clean_line(title)) if p]
    if not parts:
        return None
    for part in parts:
        if not _SITE_LIKE.search(part):
            return part
    return parts[0]


def _title(tree: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    for key in _TITLE_META:
        if meta.get(key):
            return clean_title(meta[key])
    raw = _clean_line(tree.findtext(".//title") or "")
    parts = set(_TITLE_SPLIT.split(raw)) if raw else set()
    page = clean_title(raw) if raw else None
    headings = [_clean_line(h.text_content()) for h in tree.iter("h1", "h2")]
    headings = [h for h in headings if len(h) >= 4]
    # A heading that is also the page title's first part is the article title; an <h1> that is
    # only the site's logo text is not.
    for h in headings:
        if h == page or h in parts or (page and page in h):
            return h
    if page and len(page) >= 6:
        return page
    return headings[0] if headings else page


# The body that publishes a site: a <title> part, the site-name meta tag, or the footer's
# 主办单位/版权所有 line. Only a union counts: a site run by a union speaks for it.
_SITE_META = ("og:site_name", "application-name", "sitename", "site_name")
_UNION_NAME = re.compile(r"[一-龥]{2,20}?(?:总工会|工会)(?![一-龥])")
_FOOTER_OWNER = re.compile(
    r"(?:主办单位|主办|版权所有|主辦單位|主辦|版權所有)\s*[:：]?\s*(?:©|\(c\)|Copyright)?\s*"
    r"(?:(?:19|20)\d\d\s*(?:[-—–]\s*(?:19|20)\d\d)?\s*)?([一-龥]{2,24})")
# An article's own source on a portal that is not the union's (来源：秦安县总工会 on the county
# government's site; 发布机构 in a 政务公开 page's metadata table): the body that wrote it.
_SOURCE_OWNER = re.compile(
    r"(?:信息来源|文章来源|来源单位|来源|发布机构|发布单位|來源|發佈機構)\s*[:：]\s*([一-龥]{2,24})")


def _site_owner(tree: lxml.html.HtmlElement, meta: dict[str, str], title: str | None) -> str | None:
    """The union whose site this is, if the page says so: 霍邱县总工会 (title suffix, footer)."""
    raw = _clean_line(tree.findtext(".//title") or "")
    candidates = [meta.get(k, "") for k in _SITE_META]
    candidates += [p for p in _TITLE_SPLIT.split(raw) if p and p != title]
    body = tree.find("body")
    if body is not None:
        content = body.text_content()
        candidates += [m.group(1) for m in _FOOTER_OWNER.finditer(content)]
        candidates += [m.group(1) for m in _SOURCE_OWNER.finditer(content)]
    for cand in candidates:
        name = _UNION_NAME.fullmatch(cand.strip())
        if name is not None:
            return name.group()
    return None


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """A table used for page layout (nested tables, blocks or long text in cells), not data."""
    if table.get("role") == "presentation":
        return True
    for cell in table.iter("td", "th"):
        if any(True for _ in cell.iter(*_CELL_BLOCKS)):
            return True
        if len(cell.findall(".//br")) >= 2 or len(cell.text_content()) > LAYOUT_CELL_CHARS:
            return True
    return False


def _unwrap_layout_tables(tree: lxml.html.HtmlElement) -> None:
    """Turn layout tables into divs so that extractors see a sidebar cell as a separate block."""
    for table in list(tree.iter("table")):
        if table.tag == "table" and _is_layout_table(table):
            for el in [table, *table.iter(*_TABLE_PARTS)]:
                # Only this table's own rows and cells: nested data tables are judged on their own.
                owner = next(el.iterancestors("table"), None) if el is not table else table
                if el is table or owner is table:
                    el.tag = "div"


def _remove(el: lxml.html.HtmlElement) -> None:
    el.drop_tree()  # keeps the tail text, which belongs to the parent


def _link_density(el: lxml.html.HtmlElement, length: int) -> float:
    links = sum(len(a.text_content()) for a in el.iter("a"))
    return links / length if length else 1.0


def _prune(tree: lxml.html.HtmlElement) -> None:
    """Remove scripts and small page-furniture blocks (nav, footer, share bar, breadcrumb)."""
    for el in list(tree.iter(*_DROP_TAGS)):
        _remove(el)
    for el in list(tree.iter(etree.Comment)):
        _remove(el)
    for el in list(tree.iter()):
        if el.getparent() is None or not isinstance(el.tag, str):
            continue
        named = _CHROME_NAME.search(f"{el.get('class', '')} {el.get('id', '')}")
        if el.tag in _ALWAYS_CHROME_TAGS or named:
            text = el.text_content()
            length = len(text.strip())
            if length < SMALL_CHROME_CHARS or _link_density(el, length) > 0.5:
                _remove(el)


def block_text(el: lxml.html.HtmlElement) -> str:
    """Text of an element with a line break at every block boundary and <br>."""
    out: list[str] = []

    def walk(node: lxml.html.HtmlElement) -> None:
        if not isinstance(node.tag, str):
            out.append(node.tail or "")
            return
        block = node.tag in _BLOCK_TAGS
        if block or node.tag == "br":
            out.append("\n")
        out.append(node.text or "")
        for child in node:
            walk(child)
        if block:
            out.append("\n")
        out.append(node.tail or "")

    walk(el)
    lines = (_clean_line(line) for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def _own_text(el: lxml.html.HtmlElement) -> str:
    """Text an element holds itself: its text, inline children and tails, not its blocks."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in _BLOCK_TAGS and child.tag != "a":
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts).strip()


def densest_block(tree: lxml.html.HtmlElement) -> str:
    """Readability-style fallback: the block whose paragraphs hold the most sentence text."""
    scores: dict[lxml.html.HtmlElement, float] = {}
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "head", "title", "a"):
            continue
        own = _own_text(el)
        if len(own) < 20:
            continue
        score = 1 + len(_CJK_PUNCT.findall(own)) + min(len(own) / 100, 3)
        parent = el.getparent()
        # A <br>-separated container scores for itself; a paragraph scores for its parent.
        holder = el if (el.find("br") is not None or parent is None) else parent
        scores[holder] = scores.get(holder, 0.0) + score
        grand = holder.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + score / 2
    if not scores:
        return ""
    best = max(
        scores,
        key=lambda e: scores[e] * (1 - min(_link_density(e, len(e.text_content().strip())), 1.0)),
    )
    text = block_text(_widen_to_article(best))
    end = _ARTICLE_END.search(text)
    return text[:end.start()].rstrip() if end else text


# Lines that end an article body: what follows is the site's, not the report's.
_ARTICLE_END = re.compile(
    r"^\s*(?:往期推荐|往期回顾|推荐阅读|相关阅读|相关文章|相关推荐|阅读原文|点赞|在看|分享到|"
    r"上一篇|下一篇|责任编辑)", re.M)


def _sentence_density(text: str) -> float:
    return len(_CJK_PUNCT.findall(text)) / max(len(text), 1)


def _widen_to_article(best: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """One <section> of an article split into many (WeChat pages): climb to the article when
    the parent adds prose like it, not links or chrome."""
    text = best.text_content().strip()
    for _ in range(4):
        parent = best.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        wider = parent.text_content().strip()
        added = len(wider) - len(text)
        if added < 40 or len(wider) > 6 * max(len(text), 1):
            break
        if _link_density(parent, len(wider)) > 0.2:
            break
        if _sentence_density(wider) < 0.6 * _sentence_density(text):
            break
        best, text = parent, wider
    return best


def _main_text(tree: lxml.html.HtmlElement) -> str:
    """trafilatura (precision mode) on the pruned tree, the densest block when it finds little."""
    extracted = (
        trafilatura.extract(
            tree,
            favor_precision=True,
            fast=True,
            include_comments=False,
            include_tables=True,
            with_metadata=False,
            deduplicate=False,
        )
        or ""
    )
    main = strip_chrome(extracted).text.strip()
    other = strip_chrome(densest_block(tree)).text.strip()  # trafilatura left it as it was
    if len(main) < LITTLE_TEXT_CHARS:
        if len(other) > FALLBACK_RATIO * len(main):
            return other
    elif len(other) > SUPERSET_RATIO * len(main) and _contains(other, main):
        # WeChat-style <section> soup: trafilatura kept one section of an article whose
        # densest block holds all of them.
        return other
    return main


def _contains(outer: str, inner: str) -> bool:
    """Most of `inner`'s lines occur in `outer` (whitespace aside)."""
    squash = re.compile(r"\s+")
    flat = squash.sub("", outer)
    lines = [squash.sub("", ln) for ln in inner.splitlines() if len(ln.strip()) >= 8]
    return bool(lines) and sum(ln in flat for ln in lines) >= 0.8 * len(lines)


def _published(tree: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    """Posting date from meta tags, else from a "发布时间：…" line anywhere on the page."""
    for key in _DATE_META:
        if meta.get(key) and (iso := parse_date(meta[key])):
            return iso
    body = tree.find("body")
    return find_published(body.text_content()) if body is not None else None


def _guess_published(html: str) -> str | None:
    """htmldate without its extensive (slow, guess-prone) search: URLs, time tags, JSON-LD."""
    from htmldate import find_date  # imported late: only pages without a stated date need it

    try:
        return find_date(html, extensive_search=False, original_date=True)
    except ValueError:
        return None


def read_html(data: bytes, *, name: str = "") -> HtmlText:
    """Read a page's main text, title and posting date; ReadError if it has no main text."""
    decoded = decode_bytes(data, name=name, declared=declared_charset(data))
    tree = _parse(decoded.text, name)
    meta = _meta(tree)
    title = _title(tree, meta)
    published = _published(tree, meta)  # before pruning: the date line is often in the chrome
    site = _site_owner(tree, meta, title)
    _prune(tree)
    _unwrap_layout_tables(tree)
    text = _main_text(tree)
    if len(text) < MIN_MAIN_CHARS:
        raise ReadError("HTML with no main text")
    published = published or _guess_published(decoded.text)
    log.debug("%s: %d chars, title %r, published %s", name, len(text), title, published)
    return HtmlText(text, title, published, decoded.encoding, site)
