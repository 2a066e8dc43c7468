"""Render report text to page images, image-only PDFs and text PDFs: test data made, not found.

    .venv/bin/python scripts/render_pages.py data/raw/000_*.txt -o /tmp/pages --pages 2 --scan
    .venv/bin/python scripts/render_pages.py data/raw/000_*.txt -o /tmp/p.pdf --text-pdf --columns 2
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

NOTO_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
# Face index inside the Noto CJK collection, by script (JP, KR, SC, TC, HK order).
FACE = {"sc": 2, "tc": 3}
A4_MM = (210.0, 297.0)
MARGIN_MM = 20.0
FONT_PT = 12.0
LINE_SPACING = 1.6


def _font(size_px: int, script: str) -> ImageFont.FreeTypeFont:
    if not NOTO_CJK.exists():
        sys.exit(f"CJK font missing: {NOTO_CJK} (apt-get install fonts-noto-cjk)")
    return ImageFont.truetype(str(NOTO_CJK), size_px, index=FACE[script])


def paragraphs_of(text: str) -> list[str]:
    """Non-empty lines of a seed, stripped: each one a paragraph."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _wrap(paragraph: str, measure: Callable[[str], float], width: float) -> list[str]:
    """Break a paragraph into lines that fit `width`, character by character (CJK has no spaces)."""
    lines, line = [], ""
    for ch in paragraph:
        if line and measure(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    if line:
        lines.append(line)
    return lines


def layout(
    text: str, *, dpi: int = 200, script: str = "sc"
) -> tuple[ImageFont.FreeTypeFont, tuple[int, int], list[list[tuple[int, int, str, bool]]]]:
    """Lay `text` out on A4 pages: per page, (x, y, line, starts_paragraph) for each line."""
    px = dpi / 25.4
    page_w, page_h = round(A4_MM[0] * px), round(A4_MM[1] * px)
    margin = round(MARGIN_MM * px)
    size = round(FONT_PT / 72 * dpi)
    font = _font(size, script)
    step = round(size * LINE_SPACING)
    pages: list[list[tuple[int, int, str, bool]]] = []
    y = page_h
    for para in paragraphs_of(text):
        for i, line in enumerate(_wrap("\u3000\u3000" + para, font.getlength, page_w - 2 * margin)):
            if y + step > page_h - margin:
                pages.append([])
                y = margin
            pages[-1].append((margin, y, line, i == 0))
            y += step
    return font, (page_w, page_h), pages


def render_text_pages(
    text: str, *, dpi: int = 200, script: str = "sc", max_pages: int | None = None
) -> list[Image.Image]:
    """Draw `text` on A4 pages at `dpi`: black on white, 12 pt, paragraphs indented."""
    font, size, pages = layout(text, dpi=dpi, script=script)
    images = []
    for lines in pages[:max_pages]:
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        for x, y, line, _ in lines:
            draw.text((x, y), line, font=font, fill=0)
        images.append(image)
    return images


def page_texts(text: str, *, dpi: int = 200, script: str = "sc") -> list[str]:
    """The text `render_text_pages` draws on each page, a newline per paragraph (the truth)."""
    _, _, pages = layout(text, dpi=dpi, script=script)
    return [
        "".join(("\n" if first and i else "") + line.lstrip("\u3000")
                for i, (_, _, line, first) in enumerate(lines))
        for lines in pages
    ]


def scan_like(
    image: Image.Image, *, blur: float = 0.8, noise: float = 0.04, skew: float = 0.6, seed: int = 0
) -> Image.Image:
    """Make a clean page look photocopied: slight blur, salt-and-pepper specks, a small skew."""
    rng = random.Random(seed)
    out = image.convert("L")
    if skew:
        out = out.rotate(rng.uniform(-skew, skew), resample=Image.Resampling.BICUBIC, fillcolor=255)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    if noise:
        px = out.load()
        w, h = out.size
        for _ in range(int(w * h * noise / 20)):
            x, y = rng.randrange(w), rng.randrange(h)
            px[x, y] = rng.choice((0, 60, 200, 255))
        # A grey cast, as a photocopier gives.
        out = out.point(lambda v: int(v * 0.85 + 20))
    return out


def save_image_pdf(images: Sequence[Image.Image], path: Path, *, dpi: int = 200) -> None:
    """Write images as an image-only PDF (no text layer), one page each."""
    rgb = [im.convert("L") for im in images]
    rgb[0].save(path, "PDF", save_all=True, append_images=rgb[1:], resolution=float(dpi))


def save_text_pdf(
    pages: Iterable[Sequence[str]],
    path: Path,
    *,
    columns: int = 1,
    header: str | None = None,
    page_numbers: str | None = "- {n} -",
    script: str = "sc",
) -> None:
    """Write a PDF with a real text layer: paragraphs per page, optional running header and folio.

    Uses the PDF standard CJK fonts (STSong-Light / MSung-Light): nothing is embedded, so the
    fixtures stay a few KB, and text extraction goes through the font's Unicode CMap.
    """
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = {"sc": "STSong-Light", "tc": "MSung-Light"}[script]
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    width, height = A4
    margin, size, gap = 56.0, 11.0, 24.0
    col_w = (width - 2 * margin - gap * (columns - 1)) / columns
    def measure(s: str) -> float:
        return pdfmetrics.stringWidth(s, font, size)

    for n, paras in enumerate(pages, 1):
        if header:
            c.setFont(font, 9)
            c.drawCentredString(width / 2, height - 36, header)
        if page_numbers:
            c.setFont(font, 9)
            c.drawCentredString(width / 2, 30, page_numbers.format(n=n))
        c.setFont(font, size)
        col, y = 0, height - margin - 10
        for para in paras:
            for line in _wrap("\u3000\u3000" + para, measure, col_w):
                if y < margin:
                    col, y = col + 1, height - margin - 10
                    if col >= columns:
                        raise ValueError(f"page {n} overflows: give it less text")
                c.drawString(margin + col * (col_w + gap), y, line)
                y -= size * LINE_SPACING
        c.showPage()
    c.save()


def write_pdf_fixtures(folder: Path, seed: Path) -> list[Path]:
    """Write the text-layer PDFs that tests/test_read_pdf.py pins, from a seed's paragraphs."""
    folder.mkdir(parents=True, exist_ok=True)
    paras = [p for p in paragraphs_of(seed.read_text(encoding="utf-8")) if len(p) > 30]
    single, two, enc = folder / "single_header_folio.pdf", folder / "two_column.pdf", None
    save_text_pdf([paras[0:3], paras[3:6], paras[6:9]], single, header="某市总工会 工作简报",
                  page_numbers="- {n} -")
    save_text_pdf([paras[0:13]], two, columns=2, header="工作简报", page_numbers="第{n}页")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    enc = folder / "encrypted.pdf"
    c = canvas.Canvas(str(enc), pagesize=A4, encrypt="secret", invariant=1)
    c.drawString(72, 720, "locked")
    c.showPage()
    c.save()
    truncated = folder / "truncated.pdf"
    data = single.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    return [single, two, enc, truncated]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="a .txt report")
    ap.add_argument("--fixtures", action="store_true", help="write the test PDFs into --out")
    ap.add_argument("-o", "--out", type=Path, required=True, help="folder (PNGs) or .pdf file")
    ap.add_argument("--pages", type=int, default=None, help="at most this many pages")
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--traditional", action="store_true", help="convert with OpenCC s2t first")
    ap.add_argument("--scan", action="store_true", help="blur, noise and skew (scan-like)")
    ap.add_argument("--blur", type=float, default=0.8)
    ap.add_argument("--noise", type=float, default=0.04)
    ap.add_argument("--skew", type=float, default=0.6, help="max degrees")
    ap.add_argument("--text-pdf", action="store_true", help="a PDF with a text layer instead")
    ap.add_argument("--columns", type=int, default=1)
    ap.add_argument("--header", default=None, help="running header for --text-pdf")
    args = ap.parse_args(argv)

    if args.fixtures:
        for path in write_pdf_fixtures(args.out, args.source):
            print(path)
        return
    text = args.source.read_text(encoding="utf-8")
    script = "sc"
    if args.traditional:
        import opencc

        text, script = opencc.OpenCC("s2t").convert(text), "tc"
    if args.text_pdf:
        paras = paragraphs_of(text)
        per_page = 6 * args.columns
        chunks = [paras[i : i + per_page] for i in range(0, len(paras), per_page)]
        save_text_pdf(chunks[: args.pages], args.out, columns=args.columns, header=args.header,
                      script=script)
        print(args.out)
        return
    images = render_text_pages(text, dpi=args.dpi, script=script, max_pages=args.pages)
    if args.scan:
        images = [
            scan_like(im, blur=args.blur, noise=args.noise, skew=args.skew, seed=i)
            for i, im in enumerate(images)
        ]
    if args.out.suffix.lower() == ".pdf":
        save_image_pdf(images, args.out, dpi=args.dpi)
        print(args.out)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    for i, im in enumerate(images, 1):
        im.save(args.out / f"page-{i:03d}.png", dpi=(args.dpi, args.dpi))
        print(args.out / f"page-{i:03d}.png")


if __name__ == "__main__":
    main()
