"""Benchmark corpus: N text reports made from the seeds, with other numbers, places and scripts.

Files are written one at a time (nothing is held), deterministically for a given seed.
Run alone: `python bench/corpus.py OUT_DIR [N]`.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "data" / "raw"
AREACODES = ROOT / "schemas" / "data" / "areacodes.csv"
TRADITIONAL_SHARE = 0.3
_NUMBER = re.compile(r"(?<![\d.])(\d+)(\.\d+)?(?![\d.])")


def county_names() -> list[str]:
    """County-level names in use (大冶市, 托里县 …) from the division-code table."""
    with open(AREACODES, encoding="utf-8-sig", newline="") as f:
        return sorted({r["名称"] for r in csv.DictReader(f)
                       if r["级别"] == "县级" and r["状态"] == "在用" and len(r["名称"]) >= 2
                       and r["名称"][-1] in "县市旗"})


def _vary_number(m: re.Match[str], rng: random.Random) -> str:
    whole, frac = m.group(1), m.group(2) or ""
    if len(whole) == 4 and whole[:2] in ("19", "20") and not frac:
        return whole  # a year: shifting it would move the report out of the gazetteer's range
    value = float(whole + frac) * rng.uniform(0.6, 1.4)
    if frac:
        return f"{value:.{len(frac) - 1}f}"
    return str(max(1, round(value)))


def vary(text: str, places: list[str], names: list[str], rng: random.Random) -> str:
    """Other numbers; the seed's own county names swapped for one other county."""
    text = _NUMBER.sub(lambda m: _vary_number(m, rng), text)
    if places:
        other = rng.choice(names)
        for p in places:
            text = text.replace(p, other)
    return text


def generate(out: Path, n: int, seed: int = 7) -> Iterator[Path]:
    """Write n reports into `out`, yielding each path as it is written."""
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(seed)
    names = county_names()
    seeds = []
    for p in sorted(SEEDS_DIR.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        seeds.append((p.stem, text, [c for c in names if len(c) >= 3 and c in text]))
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        stem, text, places = seeds[i % len(seeds)]
        body = vary(text, places, names, rng)
        if rng.random() < TRADITIONAL_SHARE:
            body = s2t.convert(body)
        path = out / f"{i // 1000:03d}" / f"{i:06d}_{stem}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(body, encoding="utf-8")
        yield path


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = sum(1 for _ in generate(target, int(sys.argv[2]) if len(sys.argv) > 2 else 10000))
    print(f"{count} reports in {target}")
