"""One indicator across regions: the comparison table, and bar charts of it (PNG or HTML).

The SQL lives here once; `zongjie compare`, Datasette's canned queries and the chart page
all use `comparison_sql`, so the terminal and the browser cannot disagree.
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from schemas.catalogue import Indicator, load_catalogue

LEVELS = ("province", "city", "county")
MARKS = {"exact": "", "approx": "≈", "at_least": "≥", "at_most": "≤"}
# Fonts with Han glyphs, best first; Debian's fonts-noto-cjk or fonts-wqy-microhei provide one.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "WenQuanYi Zen Hei", "Noto Sans SC", "AR PL UMing CN")

# A figure counts for a level only when it belongs to that level and no deeper one:
# a county report's 会员数 is not its city's total.
_LEVEL_FILTER = {
    "province": "province IS NOT NULL AND city IS NULL AND county IS NULL",
    "city": "city IS NOT NULL AND county IS NULL",
    "county": "county IS NOT NULL",
}


_MARK_SQL = ("CASE r.qualifier " + " ".join(f"WHEN '{q}' THEN '{m}'" for q, m in MARKS.items())
             + " ELSE '?' END")


class CompareError(ValueError):
    """A comparison that cannot be made; the message says what to pass instead."""


@dataclass(frozen=True)
class ComparisonRow:
    """The value a region reports for one indicator in one year, and how well it is sourced."""

    province: str | None
    city: str | None
    county: str | None
    year: int | None
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    documents: int  # source documents that state a figure for this region and year
    values: int  # distinct values among them (more than 1: the sources disagree)

    @property
    def mark(self) -> str:
        """≈, ≥ or ≤ in front of the value; empty when exact."""
        return MARKS.get(self.qualifier, "?")

    @property
    def region(self) -> str:
        return " ".join(p for p in (self.province, self.city, self.county) if p) or "?"

    def display_value(self) -> str:
        """'≈14.8万'-style text is for people; here the value stays exact: '≥1756', '95.5%'."""
        text = _fmt(self.value)
        if self.value_max is not None:
            text += "–" + _fmt(self.value_max)
        unit = "%" if self.unit == "%" else ""
        return f"{self.mark}{text}{unit}"


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def comparison_sql(level: str) -> str:
    """SQL over `regional_figures` with :indicator and :year ('' for every year) parameters.

    Per region and year, the value most documents state wins; ties go to an exact figure, then
    the larger value. `documents` counts every source, `values` how many distinct values they give.
    """
    if level not in LEVELS:
        raise CompareError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
    return f"""
WITH f AS (
  SELECT province, city, county, year, value, value_max, unit, qualifier, document
  FROM regional_figures
  WHERE indicator = :indicator AND {_LEVEL_FILTER[level]}
    AND (COALESCE(:year, '') = '' OR year = CAST(:year AS INTEGER))
),
votes AS (
  SELECT province, city, county, year, value, value_max, unit, qualifier,
         COUNT(DISTINCT document) AS n
  FROM f GROUP BY province, city, county, year, value, value_max, unit, qualifier
),
ranked AS (
  SELECT *, ROW_NUMBER() OVER (
    PARTITION BY province, city, county, year
    ORDER BY n DESC, qualifier = 'exact' DESC, value DESC) AS k
  FROM votes
),
sources AS (
  SELECT province, city, county, year, COUNT(DISTINCT document) AS documents,
         COUNT(DISTINCT value) AS "values"
  FROM f GROUP BY province, city, county, year
)
SELECT r.province, r.city, r.county, r.year, r.value, r.value_max, r.unit, r.qualifier,
       s.documents, s."values", {_MARK_SQL} AS mark
FROM ranked r JOIN sources s
  ON s.province IS r.province AND s.city IS r.city AND s.county IS r.county AND s.year IS r.year
WHERE r.k = 1
ORDER BY r.value DESC, r.province, r.city, r.county, r.year
""".strip()


def find_indicator(key_or_name: str) -> Indicator:
    """The catalogue entry for a key (`members`) or a Chinese name or alias (会员数)."""
    catalogue = load_catalogue()
    if key_or_name in catalogue.indicators:
        return catalogue.indicators[key_or_name]
    for ind in catalogue.indicators.values():
        if key_or_name == ind.name or key_or_name in ind.aliases:
            return ind
    known = ", ".join(catalogue.indicators)
    raise CompareError(f"unknown indicator {key_or_name!r}; known: {known}")


def compare_indicator(db: sqlite_utils.Database, indicator: str, level: str = "county",
                      year: int | None = None) -> list[ComparisonRow]:
    """Rows of the comparison table, largest value first (会员数 by county, say)."""
    key = find_indicator(indicator).key
    params = {"indicator": key, "year": "" if year is None else str(year)}
    rows = db.execute(comparison_sql(level), params).fetchall()
    return [ComparisonRow(*r[:-1]) for r in rows]  # the last column, mark, is a property here


def _labels(rows: list[ComparisonRow]) -> list[str]:
    """The deepest place name, with the year when several years are shown; fuller when ambiguous."""
    short = [r.county or r.city or r.province or "?" for r in rows]
    years = {r.year for r in rows}
    out = []
    for r, s in zip(rows, short, strict=True):
        label = r.region if short.count(s) > 1 and len(years) == 1 else s
        if len(years) > 1:
            label += f" {r.year or '?'}"
        out.append(label)
    return out


def chart_title(indicator: Indicator, level: str, year: int | None) -> str:
    level_zh = {"province": "省", "city": "市", "county": "县（市、区）"}[level]
    when = f"{year}年" if year else "各年"
    return f"{indicator.name}（{indicator.unit}）· 按{level_zh} · {when}"


def cjk_font() -> str:
    """Name of an installed font with Han glyphs; raises with the Debian package to install."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            return name
    raise CompareError("no CJK font installed; apt-get install fonts-noto-cjk")


def render_png(rows: list[ComparisonRow], title: str, path: Path) -> None:
    """A horizontal bar chart with Chinese labels; the qualifier mark is printed by each bar."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    labels = _labels(rows)
    height = max(2.5, 0.4 * len(rows) + 1.2)
    with matplotlib.rc_context({"font.family": cjk_font(), "axes.unicode_minus": False}), \
            warnings.catch_warnings():
        # A missing glyph is a broken chart (boxes for names), not a warning to scroll past.
        warnings.filterwarnings("error", message="Glyph .* missing")
        fig, ax = plt.subplots(figsize=(8, height), dpi=110)
        try:
            y = list(range(len(rows)))[::-1]
            ax.barh(y, [r.value for r in rows], color="#c0392b")
            ax.set_yticks(y, labels)
            for yi, r in zip(y, rows, strict=True):
                ax.annotate(f" {r.display_value()}  ({r.documents}份)", (r.value, yi),
                            va="center", fontsize=9)
            ax.set_title(title)
            ax.margins(x=0.25)
            ax.spines[["top", "right"]].set_visible(False)
            fig.tight_layout()
            fig.savefig(path, format="png")
        finally:
            plt.close(fig)


def render_html(rows: list[ComparisonRow], title: str) -> str:
    """A self-contained page (inline SVG bars and the table): opens with no network at all."""
    esc = html.escape
    labels = _labels(rows)
    top = max((r.value_max or r.value for r in rows), default=0) or 1
    bar_h, label_w, bar_w = 24, 180, 420
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 200}" '
           f'height="{bar_h * len(rows) + 10}" role="img" aria-label="{esc(title)}">']
    for i, (r, label) in enumerate(zip(rows, labels, strict=True)):
        y = i * bar_h + 5
        w = max(1.0, bar_w * r.value / top)
        svg.append(
            f'<g class="bar"><text x="{label_w - 6}" y="{y + 16}" text-anchor="end">'
            f'{esc(label)}</text><rect x="{label_w}" y="{y + 3}" width="{w:.1f}" '
            f'height="{bar_h - 6}" fill="#c0392b"><title>{esc(r.region)}: '
            f'{esc(r.display_value())}</title></rect><text x="{label_w + w + 6:.1f}" '
            f'y="{y + 16}">{esc(r.display_value())} ({r.documents}份)</text></g>'
        )
    svg.append("</svg>")
    head = ("<tr><th>省</th><th>市</th><th>县</th><th>年份</th><th>数值</th><th>单位</th>"
            "<th>来源文档</th><th>不同数值</th></tr>")
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in (
            r.province or "", r.city or "", r.county or "", r.year or "", r.display_value(),
            r.unit, r.documents, r.values)) + "</tr>"
        for r in rows
    )
    empty = "" if rows else "<p class=\"empty\">没有数据 (no figures match)</p>"
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em; }}
svg text {{ font-size: 13px; }} table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border: 1px solid #ccc; padding: 2px 8px; }} td:nth-child(n+5) {{ text-align: right; }}
</style></head><body>
<h1>{esc(title)}</h1>
{empty}{''.join(svg)}
<table class="comparison">{head}{body}</table>
<p>≈ 约, ≥ 以上/超过, ≤ 以下/不足: as the report words it.</p>
</body></html>
"""


def render_chart(rows: list[ComparisonRow], title: str, path: Path) -> None:
    """PNG or HTML by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix == ".png":
        render_png(rows, title, path)
    elif suffix in (".html", ".htm"):
        path.write_text(render_html(rows, title), encoding="utf-8")
    else:
        raise CompareError(f"{path.name}: chart must be .png or .html")

