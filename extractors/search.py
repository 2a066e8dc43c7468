"""Full-text search over jieba-segmented documents (FTS5 on space-joined tokens)."""

from __future__ import annotations

import sqlite_utils

from extractors.normalize import MappedText
from extractors.script import to_simplified
from extractors.segment import segment


def fts_query(words: str) -> str:
    """Segment a query like the index so 工会会员 finds 工会 会员; every word must occur."""
    simplified = to_simplified(MappedText.identity(words)).text
    tokens = [w for w in segment(simplified) if w.strip() and any(c.isalnum() for c in w)]
    return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def search_documents(db: sqlite_utils.Database, words: str, limit: int = 20) -> list[dict]:
    query = fts_query(words)
    if not query:
        return []
    sql = """
        SELECT d.id, d.name, d.province, d.city, d.county, d.year,
               snippet(document_tokens_fts, 0, '[', ']', '…', 12) AS snippet
        FROM document_tokens_fts
        JOIN document_tokens t ON t.rowid = document_tokens_fts.rowid
        JOIN documents d ON d.id = t.document_id
        WHERE document_tokens_fts MATCH ?
        ORDER BY bm25(document_tokens_fts) LIMIT ?
    """
    rows = db.execute(sql, [query, limit]).fetchall()
    keys = ("id", "name", "province", "city", "county", "year", "snippet")
    return [dict(zip(keys, r, strict=True)) for r in rows]
