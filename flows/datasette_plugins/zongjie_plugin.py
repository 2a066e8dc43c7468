"""Datasette plugin for `zongjie browse`: the segmenting FTS function and the comparison chart.

Loaded with `datasette --plugins-dir flows/datasette_plugins`; everything it shows comes from
extractors/, the same code as the CLI.
"""

from __future__ import annotations

import html
import sqlite3

import sqlite_utils
from datasette import hookimpl
from datasette.utils.asgi import Response

from extractors.compare import (
    LEVELS,
    CompareError,
    chart_title,
    compare_indicator,
    find_indicator,
    render_html,
)
from extractors.search import fts_query
from schemas.catalogue import load_catalogue

NO_MATCH = '""'  # an FTS phrase that matches nothing: an empty box shows no rows, not an error


def zongjie_fts_query(words: str | None) -> str:
    """SQL function: the query segmented like the index (工会会员 → "工会" "会员")."""
    return fts_query(words or "") or NO_MATCH


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("zongjie_fts_query", 1, zongjie_fts_query, deterministic=True)


def _form(indicator: str, level: str, year: str) -> str:
    options = "".join(
        f'<option value="{k}"{" selected" if k == indicator else ""}>{k} {html.escape(i.name)}'
        "</option>"
        for k, i in load_catalogue().indicators.items()
    )
    levels = "".join(f'<option{" selected" if lv == level else ""}>{lv}</option>'
                     for lv in LEVELS)
    return (f'<form method="get"><select name="indicator">{options}</select> '
            f'<select name="level">{levels}</select> '
            f'<input name="year" size="5" placeholder="年份" value="{html.escape(year)}"> '
            '<button type="submit">比较</button></form>')


async def compare_page(datasette, request):  # type: ignore[no-untyped-def]
    """/-/zongjie/compare?indicator=members&level=county&year=2014: a chart and its table."""
    indicator = request.args.get("indicator") or "members"
    level = request.args.get("level") or "county"
    year_text = (request.args.get("year") or "").strip()
    db = datasette.get_database()
    try:
        year = int(year_text) if year_text else None
        rows = await db.execute_fn(
            lambda conn: compare_indicator(sqlite_utils.Database(conn), indicator, level, year))
        page = render_html(rows, chart_title(find_indicator(indicator), level, year))
        status = 200
    except (CompareError, ValueError) as e:
        page = (f"<!doctype html><html><head><meta charset=utf-8></head><body>"
                f"<p class=error>{html.escape(str(e))}</p></body></html>")
        status = 400
    nav = f'<p><a href="/">← {html.escape(datasette.metadata("title") or "Datasette")}</a></p>'
    page = page.replace("<body>", "<body>" + nav + _form(indicator, level, year_text), 1)
    return Response.html(page, status=status)


@hookimpl
def register_routes():  # type: ignore[no-untyped-def]
    return [(r"^/-/zongjie/compare$", compare_page)]


@hookimpl
def menu_links(datasette):  # type: ignore[no-untyped-def]
    return [{"href": datasette.urls.path("/-/zongjie/compare"), "label": "Compare regions (chart)"}]
