"""Exceptions split the way the pipeline treats them: retry, or record and go on."""

from __future__ import annotations


class ZongjieError(Exception):
    """Base class: carries the stage that failed and a reason a person can act on."""

    stage = "extract"

    def __init__(self, reason: str, *, stage: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if stage:
            self.stage = stage


class TerminalError(ZongjieError):
    """Bad input: record a failure row for the file and move on; retrying cannot help."""


class ReadError(TerminalError):
    stage = "read"


class NeedsOCR(ReadError):
    """A page or image has no usable text layer and no OCR engine could read it."""


class TransientError(ZongjieError):
    """Something that may pass (a locked database, a file system hiccup): retry."""
