"""`make bench`: end-to-end docs/s through the real Prefect flow into SQLite, per-stage rates,
a bare floor (read + OpenCC + segmentation + one regex pass) and peak memory at two sizes.

The first line that matters is `<number> docs/s` on a line of its own (end to end, N docs).
Each size runs in a fresh process so that its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import generate  # noqa: E402  (bench/ is on sys.path: this file runs as a script)

TARGET_DOCS_S = 300
TARGET_FLOOR_RATIO = 1.5
FLOOR_REGEX = re.compile(r"\d+(?:\.\d+)?\s*[万亿]?\s*[人名个家件元%]")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_end_to_end(corpus: Path, db: Path, runner: str) -> float:
    """Seconds for the `ingest-reports` flow over the corpus (server already started)."""
    from flows.ingest import with_runner

    flow = with_runner(runner)
    start = time.perf_counter()
    summary = flow(paths=[str(corpus)], db=str(db), ocr=False)
    seconds = time.perf_counter() - start
    if summary["failed"]:
        print(f"warning: {summary['failed']} documents failed", file=sys.stderr)
    return seconds


def run_floor(files: list[Path]) -> float:
    """Seconds for the least any pipeline must do: read, t2s, segment, one regex pass."""
    import opencc

    from extractors.segment import segment

    t2s = opencc.OpenCC("t2s")
    segment("预热")
    start = time.perf_counter()
    for p in files:
        text = t2s.convert(p.read_bytes().decode("utf-8"))
        segment(text)
        FLOOR_REGEX.findall(text)
    return time.perf_counter() - start


def run_stages(files: list[Path], db: Path) -> dict[str, float]:
    """Seconds per stage over `files`, each stage timed on its own (library calls, no Prefect)."""
    from extractors.figures import extract_figures
    from extractors.pipeline import clean_text, extract_document
    from extractors.read import read_document
    from extractors.rules_loader import load_rules
    from extractors.segment import search_tokens
    from extractors.store import save_document
    from schemas.database import open_db

    rules = load_rules()
    database = open_db(db)
    t = dict.fromkeys(("read", "clean", "figures", "regions+years", "segment (FTS)", "save"), 0.0)
    for p in files:
        a = time.perf_counter()
        raw = read_document(p, ocr=False)
        b = time.perf_counter()
        mt, _script = clean_text(raw.text)
        c = time.perf_counter()
        extract_figures(mt.text, rules)
        d = time.perf_counter()
        result = extract_document(raw)  # all of it again: the rest is total − the others
        e = time.perf_counter()
        search_tokens(result.text)
        f = time.perf_counter()
        save_document(database, result, "bench")  # segments again inside: subtracted below
        g = time.perf_counter()
        t["read"] += b - a
        t["clean"] += c - b
        t["figures"] += d - c
        # extract_document also cleans, finds figures and makes the FTS tokens: those are
        # timed on their own, so they come off here rather than count twice.
        t["regions+years"] += max(0.0, (e - d) - (c - b) - (d - c) - (f - e))
        t["segment (FTS)"] += f - e
        t["save"] += max(0.0, (g - f) - (f - e))
    return t


def child(args: argparse.Namespace) -> None:
    """One size in this process: corpus, warm-up, end to end, then floor and stages."""
    from flows.settings import configure_offline

    configure_offline()
    with tempfile.TemporaryDirectory(prefix="zongjie-bench-") as tmp:
        corpus = Path(tmp) / "corpus"
        start = time.perf_counter()
        files = list(generate(corpus, args.docs))
        made = time.perf_counter() - start
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        # Warm-up on the seeds: starts Prefect's temporary server and loads every stage's
        # dictionaries and rules, costs a user pays once per process, not per document.
        run_end_to_end(ROOT / "data" / "raw", Path(tmp) / "warm.db", args.runner)
        rss_before = _rss_mb()
        seconds = run_end_to_end(corpus, Path(tmp) / "bench.db", args.runner)
        out: dict[str, object] = {"docs": args.docs, "mb": megabytes, "generate_s": made,
                                  "e2e_s": seconds, "rss_mb": _rss_mb(),
                                  "rss_before_mb": rss_before}
        if args.full:
            out["floor_s"] = run_floor(files)
            sample = files[: args.stage_sample]
            out["stage_docs"] = len(sample)
            out["stage_mb"] = sum(p.stat().st_size for p in sample) / 1e6
            out["stages"] = run_stages(sample, Path(tmp) / "stages.db")
    Path(args.json).write_text(json.dumps(out), encoding="utf-8")


def _spawn(docs: int, full: bool, args: argparse.Namespace, log: Path) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        result = Path(f.name)
    cmd = [sys.executable, __file__, "--child", "--docs", str(docs), "--json", str(result),
           "--runner", args.runner, "--stage-sample", str(args.stage_sample)]
    with open(log, "ab") as err:
        subprocess.run([*cmd, *(["--full"] if full else [])], check=True, cwd=ROOT,
                       stdout=err, stderr=err)
    data = json.loads(result.read_text(encoding="utf-8"))
    result.unlink()
    return data


def report(big: dict, small: dict) -> None:
    n, s = big["docs"], big["e2e_s"]
    rate = n / s
    print(f"{rate:.1f} docs/s")
    print(f"end to end: {n} docs, {big['mb']:.1f} MB in {s:.1f} s = {big['mb'] / s:.2f} MB/s "
          f"(target ≥ {TARGET_DOCS_S} docs/s: {'met' if rate >= TARGET_DOCS_S else 'NOT met'})")
    stages, k, mb = big["stages"], big["stage_docs"], big["stage_mb"]
    total = sum(stages.values())
    print(f"stages (library calls on {k} docs, one process, no Prefect):")
    for name, sec in stages.items():
        print(f"  {name:15s} {k / sec if sec else float('inf'):9.1f} docs/s "
              f"{mb / sec if sec else float('inf'):8.2f} MB/s {100 * sec / total:5.1f} %")
    floor = big["floor_s"]
    ratio = s / floor
    print(f"floor (read + OpenCC + segment + 1 regex, no Prefect, no SQLite): {n / floor:.1f} "
          f"docs/s, {big['mb'] / floor:.2f} MB/s")
    print(f"pipeline / floor = {ratio:.2f} (target ≤ {TARGET_FLOOR_RATIO}: "
          f"{'met' if ratio <= TARGET_FLOOR_RATIO else 'NOT met'})")
    growth = big["rss_mb"] / small["rss_mb"]
    print(f"peak RSS: {small['docs']} docs → {small['rss_mb']:.0f} MB, {n} docs → "
          f"{big['rss_mb']:.0f} MB (×{growth:.2f} for ×{n / small['docs']:.0f} docs: "
          f"{'flat' if growth < 1.25 else 'GROWS'}); small run {small['docs'] / small['e2e_s']:.1f}"
          " docs/s")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--docs", type=int, default=10000)
    p.add_argument("--small", type=int, help="second size for the memory check (default docs/4)")
    p.add_argument("--stage-sample", type=int, default=1000)
    p.add_argument("--runner", choices=["default", "dask"], default="default")
    p.add_argument("--log", default=str(Path(tempfile.gettempdir()) / "zongjie-bench.log"))
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--json", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        child(args)
        return
    log = Path(args.log)
    log.write_bytes(b"")
    small = _spawn(args.small or max(1, args.docs // 4), False, args, log)
    big = _spawn(args.docs, True, args, log)
    report(big, small)
    print(f"(flow logs in {log})")


if __name__ == "__main__":
    main()
