"""OCR benchmark: render seed pages (clean and scan-like, Simplified and Traditional), OCR them.

    .venv/bin/python bench/ocr_bench.py --pages 8 --workers 2
    .venv/bin/python bench/ocr_bench.py --pages 2 --engine rapidocr   # the engine not chosen

Prints character error rate per condition, pages per minute and peak RSS of the workers.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from render_pages import page_texts, render_text_pages, scan_like  # noqa: E402


def cer(got: str, truth: str) -> float:
    """Edit distance over truth length, after NFKC and without whitespace."""
    from rapidfuzz.distance import Levenshtein

    a, b = (re.sub(r"\s+", "", unicodedata.normalize("NFKC", s)) for s in (got, truth))
    return Levenshtein.distance(a, b) / max(1, len(b))


def jobs(n_pages: int) -> list[tuple[str, str, int, bool]]:
    """(condition, seed, page index, scan-like): Simplified seeds and one Traditional seed."""
    seeds = sorted((ROOT / "data" / "raw").glob("*.txt"))
    out = []
    for scan in (False, True):
        for script in ("sc", "tc"):
            picked = [s for s in seeds if _script(s) == script] or seeds[:1]
            for i in range(n_pages):
                seed = picked[i % len(picked)]
                out.append((f"{script}-{'scan' if scan else 'clean'}", str(seed),
                            i // len(picked), scan))
    return out


def _script(seed: Path) -> str:
    text = seed.read_text(encoding="utf-8")
    return "tc" if sum(ch in "會與為們這個國" for ch in text) > 20 else "sc"


def _render(seed: str, index: int, scan: bool, condition: str) -> tuple:
    text = Path(seed).read_text(encoding="utf-8")
    script = condition[:2]
    if script == "tc" and _script(Path(seed)) == "sc":
        import opencc

        text = opencc.OpenCC("s2t").convert(text)
    pages = render_text_pages(text, script=script)
    truths = page_texts(text, script=script)
    index %= len(pages)
    image = scan_like(pages[index], seed=index) if scan else pages[index]
    return image, truths[index]


def _cpu() -> float:
    """CPU seconds of this process and the tesseract processes it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_one(job: tuple[str, str, int, bool], engine: str) -> tuple[str, float, float, float]:
    """OCR one rendered page; (condition, CER, wall seconds, CPU seconds of OCR)."""
    condition, seed, index, scan = job
    image, truth = _render(seed, index, scan, condition)
    cpu = _cpu()
    start = time.perf_counter()
    if engine == "tesseract":
        from extractors.ocr import ocr_image

        text = ocr_image(image).text
    else:
        text = _rapidocr(image)
    return condition, cer(text, truth), time.perf_counter() - start, _cpu() - cpu


def _rapidocr(image) -> str:
    import numpy as np
    from rapidocr_onnxruntime import RapidOCR

    global _RAPID
    if "_RAPID" not in globals():
        _RAPID = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)
    result, _ = _RAPID(np.asarray(image.convert("RGB")))
    return "".join(line[1] for line in result or [])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=6, help="pages per condition")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--engine", choices=("tesseract", "rapidocr"), default="tesseract")
    args = ap.parse_args()
    os.environ.setdefault("ZONGJIE_OCR_THREADS", "1")
    todo = jobs(args.pages)
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        results = list(pool.map(run_one, todo, [args.engine] * len(todo)))
    wall = time.perf_counter() - start
    by: dict[str, list[tuple[float, float, float]]] = {}
    for condition, c, secs, cpu in results:
        by.setdefault(condition, []).append((c, secs, cpu))
    print(f"engine: {args.engine}, {len(todo)} pages, {args.workers} workers")
    print("| condition | pages | CER | CPU s/page | wall s/page |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for condition, rows in sorted(by.items()):
        n = len(rows)
        print(f"| {condition} | {n} | {sum(r[0] for r in rows) / n:.2%} "
              f"| {sum(r[2] for r in rows) / n:.2f} | {sum(r[1] for r in rows) / n:.2f} |")
    cpu_per_page = sum(r[3] for r in results) / len(results)
    # Other work on the machine slows the wall clock; CPU seconds give the idle-machine rate.
    rate = 60 * args.workers / cpu_per_page
    print(f"projected on {args.workers} idle cores: {rate:.1f} pages/min")
    # Rendering is counted in the wall time too, so the rate is a floor for OCR alone.
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"throughput: {len(todo) / wall * 60:.1f} pages/min (wall {wall:.0f} s, incl. rendering)")
    print(f"peak RSS of the largest process (worker or tesseract): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
