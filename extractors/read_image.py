"""Read a page image or a multi-page TIFF into OCR'd Pages."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from extractors.errors import ReadError
from extractors.ocr import ocr_image, script_of
from extractors.read_pdf import ocr_workers
from schemas.document import Page

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff"})


def read_image(path: Path) -> list[Page]:
    """OCR every frame of an image file, one Page each (a multi-page TIFF gives several)."""
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ReadError(f"not a page image: {path.suffix or 'no extension'}")
    try:
        with Image.open(path) as im:
            frames = [ImageOps.exif_transpose(f.copy()) for f in ImageSequence.Iterator(im)]
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise ReadError(f"unreadable or truncated image: {e}") from e
    pages: list[Page] = []
    script = None
    rest = list(enumerate(frames, 1))
    while rest and script is None:
        n, frame = rest.pop(0)
        page = ocr_image(frame, n, script=script)
        # The first page with text decides the script for the rest of the file.
        script = script_of(page)
        pages.append(page)
    if rest:
        # Each OCR is a Tesseract subprocess: threads give page parallelism.
        with ThreadPoolExecutor(max_workers=ocr_workers()) as pool:
            pages += pool.map(lambda nf: ocr_image(nf[1], nf[0], script=script), rest)
    return pages
