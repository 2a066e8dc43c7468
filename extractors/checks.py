"""Cross-checks over one document's figures: stored with them, never silently "fixed"."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

RATES = ("membership_rate", "resolution_rate", "contract_rate")
# Pairs (part, whole): the part may not exceed the whole among a report's total figures.
PART_OF = (("cases_resolved", "cases_received"), ("members", "workers"),
           ("migrant_members", "members"), ("female_members", "members"))
RATE_OF = ("resolution_rate", "cases_resolved", "cases_received")
RATE_TOLERANCE = 5.0  # percentage points: reports round, and quote rates over other periods


def _check(document_id: str, check: str, severity: str, figs: Sequence[Mapping[str, object]],
           message: str) -> dict[str, object]:
    ids = ",".join(str(f["id"]) for f in figs)
    cid = hashlib.sha256(f"{document_id}|{check}|{ids}".encode()).hexdigest()[:20]
    return {"id": cid, "document_id": document_id, "check_id": check, "severity": severity,
            "figure_ids": ids, "message": message}


def run_checks(document_id: str,
               figures: Sequence[Mapping[str, object]]) -> list[dict[str, object]]:
    """Flags for implausible combinations among the totals (scope total, status actual)."""
    out: list[dict[str, object]] = []
    totals: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for f in figures:
        if f["indicator"] in RATES and float(f["value"]) > 100:  # type: ignore[arg-type]
            out.append(_check(document_id, "rate_over_100", "error", [f],
                              f"{f['indicator']} is {f['value']}%, above 100"))
        if f["scope"] == "total" and f["status"] == "actual" and f.get("period") is None:
            totals[str(f["indicator"])].append(f)

    def first(key: str) -> Mapping[str, object] | None:
        return totals[key][0] if totals.get(key) else None

    for part, whole in PART_OF:
        p, w = first(part), first(whole)
        if p and w and float(p["value"]) > float(w["value"]):  # type: ignore[arg-type]
            out.append(_check(document_id, f"{part}_gt_{whole}", "warning", [p, w],
                              f"{part} {p['value']} exceeds {whole} {w['value']}"))
    rate, closed, received = (first(k) for k in RATE_OF)
    if rate and closed and received and float(received["value"]):  # type: ignore[arg-type]
        computed = 100 * float(closed["value"]) / float(received["value"])  # type: ignore[arg-type]
        if abs(computed - float(rate["value"])) > RATE_TOLERANCE:  # type: ignore[arg-type]
            out.append(_check(document_id, "resolution_rate_mismatch", "warning",
                              [rate, closed, received],
                              f"结案率 {rate['value']}% but 办结/受理 = {computed:.1f}%"))
    for key, figs in totals.items():
        values = {float(f["value"]) for f in figs}  # type: ignore[arg-type]
        if len(values) > 1:
            out.append(_check(document_id, "conflicting_totals", "warning", figs,
                              f"{key} has {len(values)} different totals: "
                              + ", ".join(str(v) for v in sorted(values))))
    return out
