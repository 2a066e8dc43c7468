"""Read one file into a RawDocument, whatever its format; bad input raises ReadError."""

from __future__ import annotations

import hashlib
from pathlib import Path

from extractors.errors import ReadError
from schemas.document import Page, RawDocument

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # a report is kilobytes; 20 MB is a dump, not a report


def file_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    raise ReadError(f"unsupported file type '{suffix or '(none)'}'")


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError(
                f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit "
                "(raise it with --max-mb if this really is one report)"
            )
        return path.read_bytes()
    except FileNotFoundError as e:
        raise ReadError("file vanished before it could be read") from e
    except IsADirectoryError as e:
        raise ReadError("is a directory") from e
    except PermissionError as e:
        raise ReadError("permission denied") from e


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_document(path: Path, *, ocr: bool = True, max_bytes: int = DEFAULT_MAX_BYTES,
                  data: bytes | None = None) -> RawDocument:
    """Read `path` (text, HTML, PDF or image) into pages of text with what the reader learned."""
    fmt = file_format(path)
    if data is None:
        data = read_bytes(path, max_bytes)
    digest = sha256_bytes(data)
    if not data:
        raise ReadError("empty file")
    encoding: str | None = None
    title = published = site = None
    if fmt == "txt":
        from extractors.read_text import decode_bytes

        decoded = decode_bytes(data, name=path.name)
        encoding = decoded.encoding
        pages: tuple[Page, ...] = (Page(1, decoded.text),)
    elif fmt == "html":
        from extractors.read_html import read_html

        html = read_html(data, name=path.name)
        pages = (Page(1, html.text),)
        title, published, site = html.title, html.published, html.site
        encoding = getattr(html, "encoding", None)
    elif fmt == "pdf":
        from extractors.read_pdf import read_pdf

        pages = tuple(read_pdf(path, ocr=ocr))
    else:
        if not ocr:
            from extractors.errors import NeedsOCR

            raise NeedsOCR("image file needs OCR, and OCR is switched off")
        from extractors.read_image import read_image

        pages = tuple(read_image(path))
    if not any(p.text.strip() for p in pages):
        raise ReadError("no text found in the file")
    return RawDocument(
        path=str(path),
        name=path.name,
        sha256=digest,
        format=fmt,
        encoding=encoding,
        pages=pages,
        title=title,
        published=published,
        site=site,
    )
