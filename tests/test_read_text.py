"""Decoding text files: BOMs, strict UTF-8, GB18030 vs Big5 by plausibility, junk rejected."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from extractors.errors import ReadError
from extractors.read_text import Decoded, cjk_score, decode_bytes, family_of

FIXTURES = Path(__file__).parent / "fixtures" / "text"

SIMPLIFIED = "全市共有职工15.9万人，工会组织1756家，工会会员14.8万人。"
TRADITIONAL = "全市共有職工15.9萬人，工會組織1756家，工會會員14.8萬人。"
# 镕 and 喆 are in GBK but not GB2312: a page labelled gb2312 that holds them is really GBK.
GBK_ONLY = "朱镕基同志视察工会，张喆当选工会主席。"


@pytest.mark.parametrize(
    ("text", "codec", "recorded"),
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-16", "utf-16"),
        (TRADITIONAL, "utf-16", "utf-16"),
        (SIMPLIFIED, "utf-32", "utf-32"),
        (SIMPLIFIED, "gb2312", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (GBK_ONLY, "gbk", "gb18030"),
        ("©2024 工会会员14.8万人", "gb18030", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        ("工會會員14.8萬人", "big5", "big5"),  # short: the detector calls this utf_16_be
        ("會員", "big5", "big5"),
        ("鄉鎮工會工作怎麽做?", "big5hkscs", "big5hkscs"),  # 麽 is outside plain Big5
        ("会员", "gbk", "gb18030"),
        ("plain ASCII report, 1200 members", "ascii", "utf-8"),
    ],
)
def test_decode_table(text: str, codec: str, recorded: str) -> None:
    assert decode_bytes(text.encode(codec)) == Decoded(text, recorded)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \r\n\t\n", "empty file"),
        (codecs.BOM_UTF8 + b"\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data, not text"),
        (random.Random(7).randbytes(4000), "binary data, not text"),
        (b"report\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "binary data, not text"),
        (b"\x81\x30" * 3 + b"\xff\xff", "undecodable bytes"),
        (b"\xff" * 64, "undecodable bytes"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8", "undecodable bytes"),
    ],
)
def test_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as err:
        decode_bytes(data, name="bad.txt")
    assert err.value.reason.startswith(reason)
    assert err.value.stage == "read"


def test_truncated_multibyte_tail_is_dropped() -> None:
    data = SIMPLIFIED.encode("utf-8")[:-2]  # 。 cut in half
    assert decode_bytes(data) == Decoded(SIMPLIFIED[:-1], "utf-8")


def test_newlines_normalised() -> None:
    assert decode_bytes("工会\r\n会员\r职工".encode("gbk")).text == "工会\n会员\n职工"


@pytest.mark.parametrize(
    ("label", "family"),
    [
        ("GB2312", "gb"),
        ("gbk", "gb"),
        ("x-gbk", "gb"),
        ("GB_2312-80", "gb"),
        ("cp936", "gb"),
        ("gb18030", "gb"),
        ("big5", "big5"),
        ("Big5-HKSCS", "big5"),
        ("x-x-big5", "big5"),
        ("cp950", "big5"),
        ("utf-8", None),
        ("", None),
        (None, None),
    ],
)
def test_family_of_labels(label: str | None, family: str | None) -> None:
    assert family_of(label) == family


def test_declared_label_breaks_a_tie() -> None:
    # Two characters that read as common Han both ways: only the page's own label can decide.
    data = "組織".encode("big5")  # also reads as 舱麓 in GB18030
    assert decode_bytes(data).encoding == "gb18030"
    assert decode_bytes(data, declared="big5") == Decoded("組織", "big5")


def test_declared_label_cannot_force_a_wrong_decoding() -> None:
    data = SIMPLIFIED.encode("gbk")
    assert decode_bytes(data, declared="big5") == Decoded(SIMPLIFIED, "gb18030")


@pytest.mark.parametrize(
    ("text", "wrong"),
    [(SIMPLIFIED, ("gbk", "big5")), (TRADITIONAL, ("big5", "gb18030"))],
)
def test_score_separates_right_from_wrong_decoding(text: str, wrong: tuple[str, str]) -> None:
    garbled = text.encode(wrong[0]).decode(wrong[1], errors="replace")
    assert cjk_score(text) > 0.9 > 0.5 > cjk_score(garbled)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_fixture_files(path: Path) -> None:
    # Each fixture is named <case>.<codec>.txt and holds the same kind of report line.
    codec = path.name.split(".")[-2]
    decoded = decode_bytes(path.read_bytes(), name=path.name)
    assert decoded.encoding == codec
    assert "工会" in decoded.text or "工會" in decoded.text


class _Guess:
    def __init__(self, encoding: str) -> None:
        self.encoding, self.chaos = encoding, 0.0

    def best(self) -> _Guess:
        return self


@pytest.mark.parametrize(("guess", "recorded"), [("gb2312", "gb18030"), ("GBK", "gb18030")])
def test_detector_gb2312_verdict_reads_as_gb18030(
    monkeypatch: pytest.MonkeyPatch, guess: str, recorded: str
) -> None:
    # Older charset-normalizer releases call GBK text "gb2312" (3.5 says gb18030); GB2312 itself
    # cannot decode 镕, so the label must never be used as the codec.
    from extractors import read_text

    monkeypatch.setattr(read_text.charset_normalizer, "from_bytes", lambda data: _Guess(guess))
    assert read_text._detect(GBK_ONLY.encode("gbk"), "x.txt") == (GBK_ONLY, recorded)
