"""Cross-checks flag implausible combinations; they never change a figure."""

from __future__ import annotations

import pytest

from extractors.checks import run_checks


def fig(fid: str, indicator: str, value: float, scope: str = "total") -> dict[str, object]:
    return {"id": fid, "indicator": indicator, "value": value, "scope": scope,
            "status": "actual", "period": None}


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ([fig("a", "cases_received", 10), fig("b", "cases_resolved", 12)],
         {"cases_resolved_gt_cases_received"}),
        ([fig("a", "cases_received", 200), fig("b", "cases_resolved", 100),
          fig("c", "resolution_rate", 98)], {"resolution_rate_mismatch"}),
        ([fig("a", "cases_received", 208), fig("b", "cases_resolved", 204),
          fig("c", "resolution_rate", 98)], set()),
        ([fig("a", "workers", 1000), fig("b", "members", 1200)], {"members_gt_workers"}),
        ([fig("a", "membership_rate", 120)], {"rate_over_100"}),
        ([fig("a", "members", 1000), fig("b", "members", 1500)], {"conflicting_totals"}),
        ([fig("a", "members", 1000), fig("b", "members", 1500, "subset")], set()),
        ([fig("a", "workers", 1000), fig("b", "members", 900)], set()),
    ],
)
def test_checks(figures: list[dict[str, object]], expected: set[str]) -> None:
    assert {c["check_id"] for c in run_checks("doc", figures)} == expected


def test_check_rows_name_their_figures() -> None:
    (c,) = run_checks("doc", [fig("a", "cases_received", 1), fig("b", "cases_resolved", 2)])
    assert c["figure_ids"] == "b,a" and c["document_id"] == "doc" and c["severity"] == "warning"
