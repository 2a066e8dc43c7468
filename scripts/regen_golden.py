"""Rewrite tests/golden/*.figures.jsonl from the current extractor (review the diff!)."""

from __future__ import annotations

import json
from pathlib import Path

from extractors.pipeline import extract_path, figure_record

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
FIELDS = ("indicator", "value", "value_max", "unit", "qualifier", "scope", "status", "period",
          "text", "start", "end", "rule", "province", "city", "county", "adcode")


def golden_rows(path: Path) -> list[dict[str, object]]:
    result = extract_path(path)
    return [{k: figure_record(path.name, f)[k] for k in FIELDS} for f in result.figures]


def main() -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path in sorted((ROOT / "data" / "raw").iterdir()):
        rows = golden_rows(path)
        out = GOLDEN / f"{path.stem}.figures.jsonl"
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                       encoding="utf-8")
        print(f"{out.relative_to(ROOT)}: {len(rows)} figures")


if __name__ == "__main__":
    main()
