"""Seed figures scored from OCR'd renderings vs from the text originals (issue 4's target).

    .venv/bin/python bench/ocr_figures.py [--workers 2] [--scan-only | --clean-only]

Each seed is rendered to an image-only PDF (all pages; the Traditional seed in Traditional),
clean and scan-like, read back through the real pipeline (Tesseract), and scored with
../shared/eval/score.py against the gold, next to the score of the .txt original.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]
SHARED = ROOT.parent / "shared" / "eval"


def _render_and_extract(job: tuple[str, bool, str]) -> tuple[str, bool, int, float, list[dict]]:
    seed_path, scan, out_dir = job
    os.environ["ZONGJIE_OCR_WORKERS"] = "1"  # pages of one file in one process each
    from render_pages import render_text_pages, save_image_pdf, scan_like

    from extractors.pipeline import extract_path, figure_record
    from extractors.script import detect_script

    seed = Path(seed_path)
    text = seed.read_text(encoding="utf-8")
    script = "tc" if detect_script(text) == "traditional" else "sc"
    images = render_text_pages(text, script=script)
    if scan:
        images = [scan_like(im, seed=k) for k, im in enumerate(images)]
    pdf = Path(out_dir) / f"{seed.stem}.{'scan' if scan else 'clean'}.pdf"
    save_image_pdf(images, pdf)
    start = time.perf_counter()
    result = extract_path(pdf)
    seconds = time.perf_counter() - start
    return seed.name, scan, len(images), seconds, [
        figure_record(seed.name, f) for f in result.figures
    ]


def _score(gold: list[dict], figures: list[dict]) -> dict:
    spec = importlib.util.spec_from_file_location("score", SHARED / "score.py")
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score.score(gold, figures)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--scan-only", action="store_true")
    ap.add_argument("--clean-only", action="store_true")
    args = ap.parse_args()
    if not (SHARED / "score.py").exists():
        sys.exit("needs ../shared/eval (score.py and the gold) beside the checkout")
    from extractors.pipeline import extract_path, figure_record

    gold = [
        __import__("json").loads(line)
        for line in (SHARED / "gold" / "seeds.figures.jsonl").read_text().splitlines() if line
    ]
    seeds = sorted((ROOT / "data" / "raw").glob("*.txt"))
    text_figs = [figure_record(s.name, f) for s in seeds for f in extract_path(s).figures]
    text_res = _score(gold, text_figs)
    print(f"text originals      F1 {text_res['f1']:.3f}  (P {text_res['precision']:.3f} "
          f"R {text_res['recall']:.3f})")
    conditions = [c for c in (False, True)
                  if not (c and args.clean_only) and not (not c and args.scan_only)]
    with tempfile.TemporaryDirectory() as tmp, ProcessPoolExecutor(args.workers) as pool:
        for scan in conditions:
            t0 = time.perf_counter()
            results = list(pool.map(_render_and_extract,
                                    [(str(s), scan, tmp) for s in seeds]))
            wall = time.perf_counter() - t0
            figs = [f for *_, fs in results for f in fs]
            pages = sum(r[2] for r in results)
            res = _score(gold, figs)
            label = "OCR scan-like" if scan else "OCR clean"
            print(f"{label:<19} F1 {res['f1']:.3f}  (P {res['precision']:.3f} "
                  f"R {res['recall']:.3f})  Δ {res['f1'] - text_res['f1']:+.3f}  "
                  f"{pages} pages in {wall:.0f} s = {60 * pages / wall:.1f} pages/min "
                  f"(render + OCR + extract, {args.workers} processes)")
            for name, key, text in res["missed"][:6]:
                print(f"    missed {name[:3]} {key[0]}={key[1]}  {text}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS of a worker process {peak:.0f} MiB")


if __name__ == "__main__":
    main()
