"""Analysts' commands: `compare` (terminal table and chart), `browse` (Datasette), `export`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import click
import yaml

from flows.options import db_option, existing_db, fail

DATASETTE_YAML = Path(__file__).resolve().parent.parent / "schemas" / "datasette.yaml"
PLUGINS_DIR = Path(__file__).resolve().parent / "datasette_plugins"


@click.command()
@click.argument("indicator")
@db_option
@click.option("--level", type=click.Choice(["province", "city", "county"]), default="county",
              show_default=True, help="Regions to compare.")
@click.option("--year", type=int, help="Only this year (default: every year).")
@click.option("--chart", type=click.Path(dir_okay=False), help="Also draw a bar chart: .png/.html")
def compare(indicator: str, db: str, level: str, year: int | None, chart: str | None) -> None:
    """Compare one indicator (key or 中文名, e.g. members / 会员数) across regions."""
    from rich.console import Console
    from rich.table import Table

    from extractors.compare import (
        CompareError,
        chart_title,
        compare_indicator,
        find_indicator,
        render_chart,
    )
    from schemas.database import open_db

    try:
        ind = find_indicator(indicator)
        rows = compare_indicator(open_db(existing_db(db)), ind.key, level, year)
    except CompareError as e:
        fail(str(e))
    title = chart_title(ind, level, year)
    if not rows:
        fail(f"no {level}-level figures for {ind.key} ({ind.name})"
              + (f" in {year}" if year else "") + "; try another --level or --year")
    table = Table("省", "市", "县", "年", f"{ind.name} ({ind.unit})", "docs", "values",
                  title=title)
    for r in rows:
        table.add_row(r.province or "", r.city or "", r.county or "", str(r.year or "?"),
                      r.display_value(), str(r.documents),
                      f"{r.values} ≠" if r.values > 1 else str(r.values))
    Console().print(table)
    click.echo("≈ approx 约 · ≥ at least 以上 · ≤ at most 以下 · docs: source documents · "
               "≠ sources disagree (the value most of them state is shown)")
    if chart:
        try:
            render_chart(rows, title, Path(chart))
        except CompareError as e:
            fail(str(e))
        click.echo(f"chart written to {chart}", err=True)


@click.command()
@db_option
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="File to write (.csv or .parquet).")
@click.option("--format", "fmt", type=click.Choice(["csv", "parquet"]),
              help="Default: from the file's suffix.")
@click.option("--indicator", help="Only this indicator key.")
def export(db: str, output: str, fmt: str | None, indicator: str | None) -> None:
    """Write every figure with its region, year and source: CSV (UTF-8 BOM, Excel) or Parquet."""
    from extractors.export import ExportError, save_export
    from schemas.database import open_db

    try:
        n = save_export(open_db(existing_db(db)), Path(output), fmt, indicator)
    except ExportError as e:
        fail(str(e))
    click.echo(f"{n} figures written to {output}", err=True)


def datasette_metadata(db_name: str) -> dict:
    """Datasette metadata: datasette.yaml plus descriptions from tables.yaml and the catalogue."""
    from extractors.compare import comparison_sql
    from schemas.catalogue import load_catalogue
    from schemas.database import load_tables

    spec = yaml.safe_load(DATASETTE_YAML.read_text(encoding="utf-8"))
    tables: dict[str, dict] = {}
    described: dict[str, str] = {}
    for t in load_tables().values():
        cols = {c.name: c.description for c in t.columns}
        tables[t.name] = {"description": t.description, "columns": cols}
        for name, desc in cols.items():
            described.setdefault(name, desc)
    catalogue = load_catalogue()
    glossary = "".join(
        f"<li><code>{i.key}</code> {i.name} ({i.unit}): {i.description}</li>"
        for i in catalogue.indicators.values()
    )
    tables["indicators"]["label_column"] = "name"
    for name in ("indicators", "figures"):
        tables[name]["description_html"] = (f"<p>{tables[name]['description']}</p>"
                                            f"<ul>{glossary}</ul>")
    tables["figures"]["columns"]["indicator"] += " (" + ", ".join(
        f"{i.key} {i.name}" for i in catalogue.indicators.values()) + ")"
    for view, vspec in spec.get("view_columns", {}).items():
        view_cols = {c: described[c] for c in _view_columns(view) if c in described}
        view_cols.update(vspec.get("columns", {}))
        tables[view] = {"description": vspec["description"], "columns": view_cols}
    for table, facets in spec.get("facets", {}).items():
        tables.setdefault(table, {})["facets"] = facets
    queries = {}
    for qname, q in spec.get("queries", {}).items():
        q = dict(q)
        if "compare_level" in q:
            q["sql"] = comparison_sql(q.pop("compare_level"))
        if "description_html" in q:
            q["description_html"] = q["description_html"].replace("{database}", db_name)
        queries[qname] = q
    meta = {k: spec[k] for k in ("title", "description_html", "source", "license") if k in spec}
    meta["databases"] = {db_name: {"tables": tables, "queries": queries}}
    return meta


def _view_columns(view: str) -> list[str]:
    import re

    from schemas.database import REGIONAL_FIGURES_SQL

    assert view == "regional_figures", view
    select = REGIONAL_FIGURES_SQL.split("SELECT", 1)[1].split("FROM", 1)[0]
    return [re.split(r"[\s.]", part.strip())[-1] for part in select.split(",")]


def datasette_args(db: str, metadata_path: Path, host: str, port: int, open_browser: bool
                   ) -> list[str]:
    args = [sys.executable, "-m", "datasette", "serve", db, "--metadata", str(metadata_path),
            "--plugins-dir", str(PLUGINS_DIR), "--host", host, "--port", str(port),
            "--setting", "facet_time_limit_ms", "1000"]
    return [*args, "--open"] if open_browser else args


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback keeps it private).")
@click.option("--port", default=8001, show_default=True)
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open a web browser on the page.")
def browse(db: str, host: str, port: int, open_browser: bool) -> None:
    """Explore the database in Datasette: facets, canned queries, full-text search, charts."""
    path = existing_db(db)
    meta = datasette_metadata(Path(path).stem)
    folder = Path(tempfile.mkdtemp(prefix="zongjie-datasette-"))
    meta_path = folder / "metadata.json"
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    click.echo(f"Datasette on http://{host}:{port}/ (Ctrl-C stops it)", err=True)
    args = datasette_args(path, meta_path, host, port, open_browser)
    sys.stdout.flush()
    # Replace this process: Ctrl-C and a test's kill reach Datasette itself.
    os.execv(args[0], args)
