"""What the CLI prints: the run summary table and a figure's explanation."""

from __future__ import annotations

import sqlite_utils
from rich.console import Console
from rich.table import Table
from rich.text import Text

from schemas.database import open_db


def print_summary(db_path: str, summary: dict[str, object]) -> None:
    """Documents, figures per indicator and failures after a run."""
    db = open_db(db_path)
    console = Console()
    runs = Table("run", "seen", "new", "changed", "unchanged", "failed", "figures written",
                 title=f"ingest into {db_path}")
    runs.add_row(str(summary["run_id"])[:8], *(str(summary[k]) for k in
                 ("seen", "new", "changed", "unchanged", "failed", "figures")))
    console.print(runs)
    per = Table("indicator", "名称", "figures", "documents", title="figures in the database")
    for row in db.execute(
        "SELECT i.key, i.name, COUNT(f.id), COUNT(DISTINCT f.document_id) FROM indicators i "
        "LEFT JOIN figures f ON f.indicator = i.key GROUP BY i.key ORDER BY COUNT(f.id) DESC"
    ):
        per.add_row(*(str(x) for x in row))
    console.print(per)
    n_docs = db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    n_fail = db.execute("SELECT COUNT(DISTINCT path) FROM failures").fetchone()[0]
    console.print(f"{n_docs} documents, {n_fail} files with failures recorded")


def explain_figure(db: sqlite_utils.Database, figure_id: str) -> bool:
    rows = list(db.query(
        "SELECT f.*, d.name AS doc_name, d.org, d.year AS doc_year, d.region_method, "
        "d.region_inferred, d.published, i.name AS indicator_name FROM figures f "
        "JOIN documents d ON d.id = f.document_id JOIN indicators i ON i.key = f.indicator "
        "WHERE f.id = ? OR f.id LIKE ?", [figure_id, figure_id + "%"]))
    if len(rows) != 1:
        return False
    f = rows[0]
    console = Console()
    console.print(f"[bold]{f['indicator']}[/] ({f['indicator_name']}) = {f['value_text']}"
                  f"{'–' + str(f['value_max']) if f['value_max'] is not None else ''} {f['unit']}"
                  f"  qualifier={f['qualifier']} scope={f['scope']} status={f['status']}"
                  f" period={f['period'] or '-'}")
    sentence = f["sentence"] or ""
    line = Text(sentence)
    k = sentence.find(f["text"])
    if k >= 0:
        line.stylize("bold reverse", k, k + len(f["text"]))
    console.print("sentence: ", line)
    if k >= 0:
        # spaCy (jieba segmenter) runs here, on one sentence, not on the bulk path: it costs
        # ~0.4 ms a sentence and ~4 s to load, which the ingest speed target cannot afford.
        from extractors.segment import token_spans

        lo, hi = k, k + len(f["text"])
        toks = [f"[{t}]" if s < hi and e > lo else t for t, s, e in token_spans(sentence)]
        console.print("tokens: ", " ".join(toks), highlight=False, markup=False)
    console.print(f"document: {f['doc_name']}  page {f['page']}  offsets {f['start']}–{f['end']}"
                  f" (original {f['orig_start']}–{f['orig_end']})")
    console.print(f"rule: {f['rule']}")
    place = " / ".join(x for x in (f["province"], f["city"], f["county"]) if x) or "unknown"
    how = f["region_method"] or "-"
    inferred = " (inferred)" if f["region_inferred"] else ""
    console.print(f"region: {place} {f['adcode'] or ''}{inferred}; decided by {how}")
    console.print(f"year: report {f['doc_year'] or 'unknown'}, figure period "
                  f"{f['period'] or '-'}, page posted {f['published'] or '-'}")
    checks = list(db.query("SELECT check_id, severity, message FROM checks WHERE figure_ids LIKE ?",
                           [f"%{f['id']}%"]))
    for c in checks:
        console.print(f"check {c['severity']}: {c['check_id']}: {c['message']}")
    if not checks:
        console.print("checks: none")
    return True
