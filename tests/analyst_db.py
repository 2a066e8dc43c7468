"""A small database built by code, deterministically, for the analysts' tests (compare, export,
browse): every case a comparison must handle, with known answers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import opencc

from extractors.segment import search_tokens
from schemas.database import open_db

# (doc, province, city, county, year, text)
DOCS = [
    ("a.txt", "湖北省", "黄石市", "大冶市", 2014, "大冶市总工会 工会会员14.8万人，入会率95.5%。"),
    ("b.txt", "湖北省", "黄石市", "大冶市", 2014, "会员14.8万人。受理案件120件，办结118件。"),
    ("c.txt", "湖北省", "黄石市", "阳新县", 2014, "阳新县 会员约9万人，入会率超过90%。"),
    ("d.txt", "湖北省", "黄石市", "阳新县", 2015, "阳新县 会员10万人以上。"),
    ("e.txt", "湖北省", "黄石市", None, 2014, "黄石市总工会 会员50万人。"),
    ("f.txt", "湖北省", None, None, 2014, "湖北省总工会 会员800万人，入会率不足99%。"),
    ("g.txt", "福建省", "南平市", "建阳区", 2014, "建阳區總工會 會員2萬人，受理30件，办结40件。"),
    ("h.txt", "福建省", "南平市", "建阳区", 2014, "建阳区 会员2.1万人。"),
]
# (doc, indicator, value, qualifier, scope, status)
FIGURES = [
    ("a.txt", "members", 148000, "exact", "total", "actual"),
    ("a.txt", "membership_rate", 95.5, "exact", "total", "actual"),
    ("b.txt", "members", 148000, "exact", "total", "actual"),
    ("b.txt", "cases_received", 120, "exact", "total", "actual"),
    ("b.txt", "cases_resolved", 118, "exact", "total", "actual"),
    ("b.txt", "members", 3000, "exact", "subset", "actual"),  # a township: not the county's
    ("b.txt", "members", 160000, "exact", "total", "target"),  # a goal, not a figure
    ("c.txt", "members", 90000, "approx", "total", "actual"),
    ("c.txt", "membership_rate", 90, "at_least", "total", "actual"),
    ("d.txt", "members", 100000, "at_least", "total", "actual"),
    ("e.txt", "members", 500000, "exact", "total", "actual"),
    ("f.txt", "members", 8000000, "exact", "total", "actual"),
    ("f.txt", "membership_rate", 99, "at_most", "total", "actual"),
    ("g.txt", "members", 20000, "exact", "total", "actual"),
    ("g.txt", "cases_received", 30, "exact", "total", "actual"),
    ("g.txt", "cases_resolved", 40, "exact", "total", "actual"),
    ("h.txt", "members", 21000, "exact", "total", "actual"),
]
UNITS = {"members": "人", "membership_rate": "%", "cases_received": "件", "cases_resolved": "件"}


def _id(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:20]


def build_db(path: Path) -> Path:
    """Write the database at `path` and return it."""
    db = open_db(path)
    with db.conn:
        t2s = opencc.OpenCC("t2s")
        for name, prov, city, county, year, original in DOCS:
            doc_id = _id("doc", name)
            text = t2s.convert(original)
            db.table("documents").insert({
                "id": doc_id, "name": name, "path": f"data/raw/{name}", "format": "txt",
                "script": "simplified" if text == original else "traditional", "pages": 1,
                "province": prov, "city": city, "county": county, "year": year, "text": text,
                "original": original, "n_chars": len(text), "rules_version": "test", "run_id": "r1",
            })
            db.table("document_tokens").insert(
                {"document_id": doc_id, "tokens": search_tokens(text)})
        for k, (name, ind, value, qual, scope, status) in enumerate(FIGURES):
            doc = next(d for d in DOCS if d[0] == name)
            db.table("figures").insert({
                "id": _id("fig", k), "document_id": _id("doc", name), "indicator": ind,
                "value": float(value), "value_text": str(value), "unit": UNITS[ind],
                "qualifier": qual, "scope": scope, "status": status, "text": f"{ind} {value}",
                "sentence": doc[5], "start": 0, "end": 1, "page": 1, "province": doc[1],
                "city": doc[2], "county": doc[3], "rule": "test", "run_id": "r1",
            })
        g_recv, g_done = (_id("fig", FIGURES.index(f)) for f in FIGURES[14:16])
        db.table("checks").insert({
            "id": _id("check", 1), "document_id": _id("doc", "g.txt"),
            "check_id": "cases_resolved_gt_cases_received", "severity": "warning",
            "figure_ids": f"{g_done},{g_recv}", "message": "cases_resolved 40 exceeds 30",
        })
    db.conn.close()
    return path
