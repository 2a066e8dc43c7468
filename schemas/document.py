"""Typed records passed between the stages: what a reader returns, what a figure is."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Box:
    """Where a run of page text sits on a page image, in pixels of the rendered page.

    `start`/`end` are character offsets into `Page.text`.
    """

    start: int
    end: int
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float | None = None


@dataclass(frozen=True)
class Page:
    """One page of a document as read (1-based `number`; a text file is one page)."""

    number: int
    text: str
    source: str = "text"  # "text" (text layer / plain file) or "ocr"
    confidence: float | None = None  # mean OCR confidence, 0..1
    boxes: tuple[Box, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. "low_confidence", "rotated:90"


@dataclass(frozen=True)
class RawDocument:
    """A file as read: text per page plus what the reader learned about it."""

    path: str
    name: str
    sha256: str
    format: str  # txt | html | pdf | image
    encoding: str | None
    pages: tuple[Page, ...]
    title: str | None = None
    published: str | None = None  # ISO date the page was posted, not the year reported
    site: str | None = None  # the union whose web site published the page (read_html)
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(p.text for p in self.pages)

    def page_starts(self) -> list[int]:
        """Offset in `text` at which each page begins."""
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + len(PAGE_SEPARATOR)
        return starts


# Pages are joined by a blank line so that no sentence runs across a page break unseen.
PAGE_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Region:
    """An administrative region as of the report's year."""

    province: str | None = None
    city: str | None = None
    county: str | None = None
    adcode: str | None = None
    inferred: bool = False
    method: str | None = None  # how it was decided, for `zongjie explain`

    @property
    def deepest(self) -> str | None:
        return self.county or self.city or self.province


@dataclass(frozen=True)
class Figure:
    """One number a report states for one indicator (see FIGURES.md)."""

    indicator: str
    value: Decimal
    value_max: Decimal | None
    unit: str
    qualifier: str  # exact | approx | at_least | at_most
    scope: str  # total | subset
    status: str  # actual | target
    period: int | None
    text: str  # matched span in the clean text
    sentence: str
    start: int  # offsets into the clean (normalised, simplified) text
    end: int
    rule: str
    orig_start: int | None = None  # the same span in the original text
    orig_end: int | None = None
    page: int | None = None
    region: Region | None = None
    flags: tuple[str, ...] = field(default=())
    box: Box | None = None
