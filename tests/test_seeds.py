"""The bundled seeds: golden figures per file, and the evaluation floor scored like CI scores it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from extractors.pipeline import extract_path, figure_record
from tests.conftest import GOLD_DOCS, GOLD_FIGURES, SCORE_PY, SEEDS

ROOT = Path(__file__).resolve().parent.parent
import sys  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from regen_golden import golden_rows  # noqa: E402

# Floors that a change may not lower by accident (issue 3: F1 ≥ 0.95, attributes ≥ 0.9).
F1_FLOOR = 0.95
ATTRIBUTE_FLOOR = 0.9
REGION_FLOOR = 0.9


@pytest.mark.parametrize("seed", SEEDS, ids=[s.name[:3] for s in SEEDS])
def test_golden_figures(seed: Path) -> None:
    golden = ROOT / "tests" / "golden" / f"{seed.stem}.figures.jsonl"
    expected = [json.loads(line) for line in golden.read_text(encoding="utf-8").splitlines()]
    assert golden_rows(seed) == expected, "run scripts/regen_golden.py and review the diff"


def _scorer():  # type: ignore[no-untyped-def]
    if not SCORE_PY.exists():
        pytest.skip("../shared/eval/score.py is not beside this checkout")
    spec = importlib.util.spec_from_file_location("score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def seed_results() -> dict[str, object]:
    return {s.name: extract_path(s) for s in SEEDS}


def test_evaluation_floor(seed_results, gold_figures, gold_docs) -> None:
    score = _scorer()
    out = [figure_record(name, f) for name, r in seed_results.items() for f in r.figures]
    docs = [{"name": name, "province": r.region.province, "city": r.region.city,
             "county": r.region.county} for name, r in seed_results.items()]
    res = score.score(gold_figures, out, gold_docs, docs)
    assert res["f1"] >= F1_FLOOR, (res["missed"], res["extra"])
    for attr, acc in res["attributes"].items():
        assert acc is None or acc >= ATTRIBUTE_FLOOR, (attr, acc)
    for level, acc in res["region"].items():
        assert acc is None or acc >= REGION_FLOOR, (level, acc)


def test_multi_report_page_gives_figures_their_own_region(seed_results, gold_docs) -> None:
    page = seed_results["002_b4c69b15842ce781.txt"]
    gold = next(d for d in gold_docs if d["doc"] == page.raw.name)
    got = [(p.region.province, p.region.city, p.region.county) for p in page.reports]
    assert got == [(r["province"], r["city"], r["county"]) for r in gold["regions"]]
    (trainees,) = [f for f in page.figures if f.indicator == "trainees"]
    assert trainees.region is not None and trainees.region.county == "义乌市"


@pytest.mark.parametrize("field", ["year", "script", "org"])
def test_document_fields(seed_results, gold_docs, field: str) -> None:
    for gold in gold_docs:
        got = getattr(seed_results[gold["doc"]], field)
        assert got == gold[field], (gold["doc"], field, got, gold[field])


def test_offsets_point_at_the_text(seed_results) -> None:
    for result in seed_results.values():
        for f in result.figures:
            assert result.text[f.start:f.end] == f.text
            assert f.orig_start is not None and f.orig_end is not None
            original = result.original[f.orig_start:f.orig_end]
            # The original may be Traditional and full-width, but it spans the same figure.
            assert len(original) >= len(f.text) - 2, (original, f.text)


FIXTURES = ROOT / "tests" / "fixtures"
# Two sets written and labelled blind by other hands (heldout: F1 0.929 when first run;
# heldout2: 0.954, regions 0.90/0.90/0.70), then used to fix rules: they are now development
# sets, kept as regression floors for the genres and site templates the seeds lack.
HELDOUT_F1_FLOOR = 0.95
HELDOUT_ATTRIBUTE_FLOOR = 0.8
HELDOUT_REGION_FLOOR = 0.8  # masked bodies known only by their towns (no town lexicon here)


@pytest.mark.parametrize(
    "name", ["heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7",
             "heldout9", "heldout10", "heldout11", "heldout12", "heldout13",
             "heldout16", "heldout18", "heldout21", "heldout23", "heldout8", "heldout26",
             "heldout27", "heldout30", "heldout32", "heldout35", "heldout36", "heldout39",
             "heldout40", "heldout41"])
def test_heldout_floor(name: str) -> None:
    score = _scorer()
    folder = FIXTURES / name

    def jsonl(file: str) -> list[dict]:
        path = folder / file
        if not path.exists():
            return []
        return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]

    gold_names = {Path(g["doc"]).stem: g["doc"] for g in jsonl("gold.figures.jsonl")}
    docs = [p for p in sorted(folder.iterdir()) if p.suffix in (".txt", ".html")]
    if not docs:
        # heldout3 is scored on its text sources here (its PDFs below): name them as the gold.
        docs = sorted((folder / "src").glob("*.txt"))
    results = {gold_names.get(p.stem, p.name): extract_path(p) for p in docs}
    out = [figure_record(n, f) for n, r in results.items() for f in r.figures]
    out_docs = [{"name": n, "province": r.region.province, "city": r.region.city,
                 "county": r.region.county} for n, r in results.items()]
    gold_docs = jsonl("gold.docs.jsonl")
    res = score.score(jsonl("gold.figures.jsonl"), out, gold_docs or None, out_docs)
    assert res["f1"] >= HELDOUT_F1_FLOOR, (res["missed"], res["extra"])
    for attr, acc in res["attributes"].items():
        assert acc is None or acc >= HELDOUT_ATTRIBUTE_FLOOR, (attr, acc)
    for level, acc in (res.get("region") or {}).items():
        assert acc is None or acc >= HELDOUT_REGION_FLOOR, (level, acc)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "pattern", "floor"),
    [
        # one- and two-column text PDFs with running headers (blind: F1 0.949)
        ("heldout3", "0[1-5]_*.pdf", 0.93),
        # yearbook PDFs with statistics tables, a two-column scan (blind: 0.797)
        ("heldout11", "*.pdf", 0.95),
        # Chromium-printed: ruled tables across pages, footnote marks, default header (blind: 0.843)
        ("heldout15", "*.pdf", 0.95),
        # unruled and transposed tables, merged headings, a township table, three columns,
        # footnotes and a paragraph across pages (blind: 0.656)
        ("heldout17", "*.pdf", 0.95),
        # reportlab PDFs: CID fonts pdfminer misreads, hand-wrapped lines, frames (blind: 0.846)
        ("heldout22", "*.pdf", 0.95),
        # baseline-aligned two and three columns, a short third column, footnote marks, a
        # margin-note column, a landscape table with stacked headings, Kangxi forms (blind: 0.901)
        ("heldout25", "*.pdf", 0.95),
        # office exports: 公文 with a table across pages, WPS frames, header/footer, a
        # Chromium table with a category column, a township table as text lines (blind: 0.829)
        ("heldout29", "*.pdf", 0.95),
        # yearbook entries and bulletins as GB18030, UTF-16 and CRLF text and as two-column,
        # table-across-pages and footnoted PDFs (blind: 0.961)
        ("heldout31", "0*", 0.95),
        # newspaper page in three columns, Kangxi text layer, landscape and two-level tables,
        # 红头 report across pages, Traditional (blind: 0.942)
        ("heldout33", "*.pdf", 0.95),
        # a scan's invisible OCR layer, Word footnotes fused with figures, glyph-by-glyph
        # columns, a booklet spread, a sideways table page, a Traditional yearbook (blind: 0.804;
        # the sideways table's heading wraps inside its cells and is not read yet)
        ("heldout38", "*.pdf", 0.9),
        # office PDFs: a cover page, a broken ToUnicode map (万 and 率 lost: not repairable),
        # a centred 三线表, letter-spaced digits, bullets, scans under an OCR layer (blind 0.795)
        ("heldout42", "*.pdf", 0.9),
        # Traditional as it circulates: Big5(-HKSCS), s2twp, 民國 pages, GBK Traditional, a PDF
        # (blind: 0.978)
        ("heldout44", "0*", 0.95),
    ],
)
def test_heldout_pdfs_floor(name: str, pattern: str, floor: float) -> None:
    score = _scorer()
    folder = FIXTURES / name
    pdfs = sorted(folder.glob(pattern))
    gold = [json.loads(x) for x in (folder / "gold.figures.jsonl").read_text().splitlines() if x]
    gold = [g for g in gold if g["doc"] in {p.name for p in pdfs}]
    out = [figure_record(p.name, f) for p in pdfs for f in extract_path(p).figures]
    res = score.score(gold, out)
    assert res["f1"] >= floor, (res["missed"], res["extra"])


def test_gold_files_exist_for_every_seed() -> None:
    if not GOLD_FIGURES.exists() or not GOLD_DOCS.exists():
        pytest.skip("no gold beside this checkout")
    names = {json.loads(line)["doc"] for line in GOLD_DOCS.read_text().splitlines() if line}
    assert names == {s.name for s in SEEDS}
