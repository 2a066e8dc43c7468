"""Traditional vs Simplified: detect, and convert with the official OpenCC, keeping the map."""

from __future__ import annotations

import re
from functools import cache

import numpy as np
import opencc

from extractors.normalize import MappedText, align

_HAN = re.compile(r"[\u4e00-\u9fff]")
# Convert line by line so that an occasional length change re-aligns locally, not globally.
_CHUNK = re.compile(r"[^\n]*\n?")


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def detect_script(text: str) -> str:
    """'traditional' when a clear share of Han characters change under t2s, else 'simplified'."""
    sample = text[:2500]  # a couple of thousand characters decide it; more costs time
    converted = _t2s().convert(sample)
    if converted == sample:
        return "simplified"
    if len(converted) == len(sample):
        # Code points side by side, compared in C: the Python loop cost more than OpenCC.
        a = np.frombuffer(sample.encode("utf-32-le"), dtype=np.uint32)
        b = np.frombuffer(converted.encode("utf-32-le"), dtype=np.uint32)
        han = int(((a >= 0x4E00) & (a <= 0x9FFF)).sum())
        changed = int((a != b).sum())
    else:
        han = len(_HAN.findall(sample))
        changed = sum(map(str.__ne__, sample, converted))
    if not han:
        return "simplified"
    # Simplified text changes too (乾/著 ambiguities) but rarely more than a few per thousand.
    return "traditional" if changed >= 3 and changed / han > 0.02 else "simplified"


def to_simplified(mt: MappedText) -> MappedText:
    """Convert to Simplified Chinese; the map still points into the original text."""
    converter = _t2s()
    converted = converter.convert(mt.text)
    if len(converted) == len(mt.text):
        return MappedText(converted, mt.origin, mt.original_length)
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _CHUNK.finditer(mt.text):
        chunk = m.group()
        if not chunk:
            continue
        out = converter.convert(chunk)
        pieces.append(out)
        index.extend(pos + i for i in align(chunk, out))
        pos += len(chunk)
    return mt.derive("".join(pieces), index)
