"""Decode a text file's bytes: BOM, strict UTF-8, then GB18030 vs Big5 by CJK plausibility."""

from __future__ import annotations

import codecs
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import charset_normalizer

from extractors.errors import ReadError

log = logging.getLogger(__name__)

COMMON_HAN_FILE = Path(__file__).parent / "rules" / "common_han.txt"

# Longest BOM first: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy sites label GBK (and GB18030) pages "gb2312"; GB18030 decodes all of them identically
# where they agree and also the characters GB2312 lacks (镕, 喆, ©), so the family is one codec.
GB_FAMILY = ("gb18030",)
# Big5 first so that the recorded name stays the plain one; the supersets add 麽-style extras.
BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
_LABELS = {
    **dict.fromkeys(
        (
            "gb2312",
            "gbk",
            "gb18030",
            "cp936",
            "ms936",
            "windows-936",
            "x-gbk",
            "euc-cn",
            "csgb2312",
            "gb-2312-80",
            "gb-2312",
            "chinese",
            "iso-ir-58",
            "936",
            "euccn",
        ),
        "gb",
    ),
    **dict.fromkeys(
        (
            "big5",
            "big-5",
            "cn-big5",
            "csbig5",
            "x-x-big5",
            "big5-hkscs",
            "big5hkscs",
            "cp950",
            "ms950",
            "windows-950",
            "950",
            "big5-tw",
        ),
        "big5",
    ),
}
_FAMILIES = {"gb": GB_FAMILY, "big5": BIG5_FAMILY}
_WESTERN = frozenset({"cp1252", "iso8859-1", "latin-1", "iso8859-15"})

# Control characters that never occur in text (tab, newlines and form feed are fine) and the
# replacement character a lossy decoder leaves behind.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NEWLINES = re.compile(r"\r\n?")
_SAMPLE = 65536  # characters inspected for junk and plausibility: enough, and bounded for 50 MB
# Punctuation and symbols of ordinary Chinese text; a wrong decoding lands in rare Han, Hangul,
# private-use or odd symbols instead.
_COMMON_SYMBOLS = (
    "，。、；：？！“”‘’（）《》〈〉【】「」『』—…·　％℃×÷±≤≥①②③④⑤⑥⑦⑧⑨⑩"
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ〇●○■□◆◇▲△★☆→←↑↓•"
    + "".join(chr(c) for c in range(0xFF01, 0xFF5F))  # full-width ASCII
)
MAX_JUNK_SHARE = 0.01
AMBIGUOUS_SCORE = 0.5  # below this a CJK decoding is doubtful and the detector is asked
MIN_EVIDENCE = 20  # non-ASCII characters needed before a low score means anything
DECLARED_BONUS = 0.15  # a declared charset wins unless another decoding is clearly better


@dataclass(frozen=True)
class Decoded:
    """Text as read and the encoding it was read with (utf-8, utf-8-sig, gb18030, big5 …)."""

    text: str
    encoding: str


@cache
def _plausible_chars() -> frozenset[str]:
    lines = COMMON_HAN_FILE.read_text(encoding="utf-8").splitlines()
    han = "".join(line.strip() for line in lines if not line.startswith("#"))
    return frozenset(han + _COMMON_SYMBOLS)


def cjk_score(text: str) -> float:
    """Share of non-ASCII characters that are common Han or CJK punctuation (1.0 if none)."""
    chars = _NON_ASCII.findall(text, 0, _SAMPLE)
    if not chars:
        return 1.0
    plausible = _plausible_chars()
    return sum(c in plausible for c in chars) / len(chars)


def family_of(label: str | None) -> str | None:
    """'gb' or 'big5' for a charset label such as 'GB2312' or 'x-x-big5'; None otherwise."""
    if not label:
        return None
    return _LABELS.get(label.strip().lower().replace("_", "-"))


def _strict(data: bytes, encoding: str) -> str | None:
    """Strict decoding; a multibyte character cut off at the very end (truncation) is dropped."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        if err.end >= len(data) and err.start >= len(data) - 3:
            try:
                return data[: err.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None


def _checked(text: str, encoding: str) -> Decoded:
    text = _NEWLINES.sub("\n", text)
    if not text.strip():
        raise ReadError("empty file")
    sample = text[:_SAMPLE]
    if len(_JUNK.findall(sample)) > MAX_JUNK_SHARE * len(sample):
        raise ReadError("binary data, not text")
    return Decoded(text, encoding)


def _decode_family(data: bytes, family: str) -> tuple[str, str] | None:
    for encoding in _FAMILIES[family]:
        text = _strict(data, encoding)
        if text is not None:
            return text, encoding
    return None


def _detect(data: bytes, name: str) -> tuple[str, str] | None:
    """charset-normalizer's guess, kept only if it decodes strictly and reads as text."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > 0.2:
        return None
    encoding = codecs.lookup(best.encoding).name
    family = family_of(encoding)
    if family:
        return _decode_family(data, family)
    text = _strict(data, encoding)
    # Outside the Chinese families only a Western page (mostly ASCII) is believable here; the
    # detector also "finds" cp1125 or utf_16_be in a few bytes of junk.
    if text is None or encoding not in _WESTERN or len(_NON_ASCII.findall(text)) > 0.2 * len(text):
        return None
    log.debug("%s: charset-normalizer says %s", name, encoding)
    return text, encoding


def _has_han(text: str) -> bool:
    return _HAN.search(text, 0, _SAMPLE) is not None


def decode_bytes(data: bytes, *, name: str = "", declared: str | None = None) -> Decoded:
    """Decode a file's bytes; `declared` is a charset label the file itself gives (HTML meta).

    Raises ReadError for empty files, binary junk and bytes no candidate decodes.
    """
    if not data.strip(b" \t\r\n\x0b\x0c"):
        raise ReadError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data, encoding)
            if text is None:
                raise ReadError(f"undecodable bytes ({encoding} with a byte-order mark)")
            return _checked(text, encoding)
    if b"\x00" in data:
        raise ReadError("binary data, not text")
    # Real legacy text is almost never valid UTF-8 by accident, so valid UTF-8 wins outright.
    text = _strict(data, "utf-8")
    if text is not None:
        return _checked(text, "utf-8")
    prior = family_of(declared)
    scored = []
    for family in ("gb", "big5"):
        decoded = _decode_family(data, family)
        if decoded:
            score = cjk_score(decoded[0]) + (DECLARED_BONUS if family == prior else 0.0)
            scored.append((score, family == "gb", decoded))
    if scored:
        score, _, (text, encoding) = max(scored)
        log.debug("%s: %s scored %.2f of %s", name, encoding, score, [s[0] for s in scored])
        evidence = len(_NON_ASCII.findall(text, 0, _SAMPLE))
        if score >= AMBIGUOUS_SCORE or evidence < MIN_EVIDENCE:
            return _checked(text, encoding)
        # A doubtful score (short or unusual text): charset-normalizer breaks the tie when it
        # names one of the decodings that worked.
        detected = _detect(data, name)
        if detected and any(detected[1] == d[2][1] for d in scored):
            return _checked(*detected)
        return _checked(text, encoding)
    detected = _detect(data, name)
    if detected is None:
        if len(_JUNK.findall(data[:_SAMPLE].decode("latin-1"))) > MAX_JUNK_SHARE * min(
            len(data), _SAMPLE
        ):
            raise ReadError("binary data, not text")
        raise ReadError("undecodable bytes: not UTF-8, GB18030 or Big5")
    return _checked(*detected)
