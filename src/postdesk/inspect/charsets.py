"""Which charset a piece of text is really in, and how sure that is.

A label a mailer wrote can be missing or wrong; bytes of one CJK charset
often decode without error in another (Big5 read as GBK, EUC-KR read as
GB2312) and come out as plausible-looking characters. So a reading is judged
by the text it gives, not by whether it decodes:

- ``common``: the share of non-ASCII characters that belong to the common
  repertoire of one script. The legacy national standards define these sets
  themselves: GB 2312 level 1 (lead bytes B0-D7, the 3,755 common hanzi),
  Big5's frequently used characters (A440-C67E), JIS X 0208 level 1 kanji
  (lead bytes B0-CF) with the kana, KS X 1001's 2,350 hangul syllables;
  Latin-1 letters for Western text. Mojibake mixes scripts and falls into
  rare rows and private-use codes, so it scores low in every language.
- ``top``: how much of the text is the language's most frequent characters
  (charset-normalizer's frequency tables), which breaks ties between two
  readings that both land in common rows (Korean EUC-KR read as GB2312 gives
  level-1 hanzi, but not the ones Chinese text is made of).

The scoring above decides between readings of CJK, UTF-8 and Western text,
short pieces too (a subject, a name), where statistical detectors have too
little to go on; charset-normalizer (:func:`detect`) reads the scripts those
tables do not cover (Cyrillic, Greek, Thai, ...). Work is capped: at most
:data:`SAMPLE_BYTES` of any piece are judged.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import lru_cache

SAMPLE_BYTES = 16 * 1024

# MIME labels read through the superset mailers really use (GB2312 mail carries
# GBK characters, "shift_jis" mail Windows' extensions, EUC-KR mail Unified Hangul).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "ms_kanji": "cp932",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "iso-2022-jp": "iso2022_jp_ext",
    "us-ascii": "ascii",
    "iso-8859-1": "cp1252",  # what every browser and mail client does with Latin-1
    "latin1": "cp1252",
}
# The readings tried when a label is missing or looks wrong, most common first
# for mail in the provider's region.
CANDIDATES = ("utf-8", "gb18030", "big5hkscs", "cp932", "euc_jp", "cp949")
# Multi-byte charsets in which every byte of a CJK character has its 8th bit set,
# so that restoring the bit undoes a 7-bit hop (RFC 2045 section 2.7 allows only
# 7-bit data on such a hop).
HIGH_BIT_CODECS = ("utf-8", "gb18030", "euc_jp", "cp949")


def codec_for(label: str | None) -> str | None:
    """The Python codec for a MIME charset label; ``None`` when unknown or not given."""
    name = (label or "").strip().strip('"').lower()
    if not name:
        return None
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def same_family(first: str | None, second: str | None) -> bool:
    """Whether two codecs read CJK text alike (a label and its superset)."""
    if first is None or second is None:
        return False
    families = (
        {"gb2312", "gbk", "gb18030"},
        {"big5", "big5hkscs", "cp950"},
        {"cp932", "shift_jis"},
        {"euc_jp"},
        {"cp949", "euc_kr"},
        {"utf-8", "ascii"},
        {"cp1252", "latin-1", "iso8859-1"},
    )
    a, b = codecs.lookup(first).name, codecs.lookup(second).name
    return a == b or any(a in family and b in family for family in families)


def _rows(codec: str, leads: range, trails: range) -> set[str]:
    found: set[str] = set()
    for lead in leads:
        for trail in trails:
            try:
                found.add(bytes((lead, trail)).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


@lru_cache(maxsize=1)
def _common() -> dict[str, frozenset[str]]:
    """Each language's common repertoire, from its national standard's own rows."""
    punctuation = {chr(code) for code in range(0x3000, 0x3040)}
    punctuation |= {chr(code) for code in range(0xFF01, 0xFF5F)}
    punctuation |= set("·—…‘’“”•※→←")
    kana = {chr(code) for code in range(0x3041, 0x3097)} | {chr(c) for c in range(0x30A1, 0x30FB)}
    kana |= {"ー"}
    hans = _rows("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    hant = _rows("big5", range(0xA4, 0xC7), range(0x40, 0x7F)) | _rows(
        "big5", range(0xA4, 0xC6), range(0xA1, 0xFF)
    )
    kanji = _rows("euc_jp", range(0xB0, 0xD0), range(0xA1, 0xFF))
    hangul = _rows("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
    latin = {chr(code) for code in range(0xC0, 0x180)} | set("€£¥©®°±²³µ¶«»¿¡§")
    return {
        "zh-Hans": frozenset(hans | punctuation),
        "zh-Hant": frozenset(hant | punctuation),
        "ja": frozenset(kanji | kana | punctuation),
        "ko": frozenset(hangul | punctuation),
        "latin": frozenset(latin | set("–—‘’“”•…")),
    }


@lru_cache(maxsize=1)
def _top() -> dict[str, frozenset[str]]:
    """Each language's most frequent characters (charset-normalizer's tables)."""
    from charset_normalizer.constant import FREQUENCIES

    simplified = frozenset(FREQUENCIES.get("Chinese", []))
    return {
        "zh-Hans": simplified,
        "zh-Hant": frozenset(simplified | {"們", "這", "個", "來", "時", "會", "國", "說"}),
        "ja": frozenset(FREQUENCIES.get("Japanese", [])),
        "ko": frozenset(FREQUENCIES.get("Korean", [])),
        "latin": frozenset("éèàçüöäñ"),
    }


@dataclass(frozen=True)
class Reading:
    """One way of reading some bytes: the codec, the text, and how plausible it is."""

    codec: str
    text: str
    common: float  # share of non-ASCII characters in the language's common set
    top: float  # share of non-ASCII characters among its most frequent ones
    language: str  # "zh-Hans", "zh-Hant", "ja", "ko", "latin", or "" for ASCII
    non_ascii: int  # non-ASCII characters in the text

    @property
    def plausible(self) -> bool:
        """Most of the text is one script's common characters (or it is plain ASCII)."""
        return self.non_ascii == 0 or self.common >= 0.85


_DROP_ASCII = dict.fromkeys(range(128))


def judge(text: str, codec: str = "") -> Reading:
    """How plausible ``text`` is as written text, in its best-fitting language."""
    sample = text[:SAMPLE_BYTES].translate(_DROP_ASCII)  # the non-ASCII characters, in C
    if not sample:
        return Reading(codec, text, 1.0, 0.0, "", 0)
    total = len(sample)
    best = ("", 0.0, 0.0)
    common, top = _common(), _top()
    for language, repertoire in common.items():
        share = sum(1 for char in sample if char in repertoire) / total
        frequent = sum(1 for char in sample if char in top[language]) / total
        if (share, frequent) > best[1:]:
            best = (language, share, frequent)
    language, share, frequent = best
    return Reading(codec, text, share, frequent, language, total)


def read_as(data: bytes, codec: str) -> Reading | None:
    """``data`` read strictly in ``codec`` and judged; ``None`` when it does not decode."""
    try:
        text = data[:SAMPLE_BYTES].decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return judge(text, codec)


def best_reading(data: bytes, exclude: str | None = None) -> Reading | None:
    """The most plausible strict reading of ``data`` among :data:`CANDIDATES`."""
    readings = [
        reading
        for codec in CANDIDATES
        if not same_family(codec, exclude)
        and (reading := read_as(data, codec)) is not None
        and reading.plausible
    ]
    if not readings:
        return None
    return max(readings, key=lambda r: (r.common, r.top, -CANDIDATES.index(r.codec)))


def confidence(reading: Reading, rival: Reading | None = None) -> float:
    """How sure a reading is (0..1): plausibility, length, and the margin over a rival."""
    length = min(1.0, reading.non_ascii / 12)  # a dozen characters make a sure reading
    score = reading.common * (0.55 + 0.35 * length) + 0.1 * min(1.0, reading.top * 4)
    if rival is not None and rival.non_ascii:
        margin = max(0.0, reading.common - rival.common) + max(0.0, reading.top - rival.top)
        score = min(score, 0.5 + margin)
    return round(max(0.05, min(0.99, score)), 2)


def detect(data: bytes, exclude: str | None = None) -> tuple[Reading, float] | None:
    """charset-normalizer's reading of bytes in a script the tables above do not cover.

    For Cyrillic, Greek, Thai, Western text and the like, its own measures
    decide: the reading is taken when its "chaos" (mess) is at most 10%, and
    the confidence is built from that and its language coherence.
    """
    from charset_normalizer import from_bytes

    for match in from_bytes(data[:SAMPLE_BYTES]):  # best first
        if match.encoding is None or same_family(match.encoding, exclude) or match.chaos > 0.1:
            continue
        reading = read_as(data, codec_for(match.encoding) or match.encoding)
        # A reading in a script the tables do cover must pass them too: that is
        # what keeps a half-width-katakana "reading" of KOI8-R text out.
        if reading is None or (reading.language not in ("", "latin") and not reading.plausible):
            continue
        sure = (1.0 - match.chaos) * (0.5 + match.coherence / 2)
        return reading, round(max(0.05, min(0.9, sure)), 2)
    return None


def decode_lenient(data: bytes, label: str | None) -> str:
    """``data`` as text: its label's codec, else the best reading, else UTF-8 with U+FFFD."""
    codec = codec_for(label)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    reading = best_reading(data)
    if reading is not None and len(data) <= SAMPLE_BYTES:
        return reading.text
    if reading is not None:
        return data.decode(reading.codec, "replace")
    return data.decode(codec or "utf-8", "replace")
