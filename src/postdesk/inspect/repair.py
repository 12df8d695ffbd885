"""Undo the two kinds of damage a wrong reading cannot explain: a stripped 8th bit, double encoding.

**Stripped 8th bit** (4.0.27 cause three): a host that only passes 7-bit data
clears the top bit of every byte. In UTF-8 every byte of a CJK character has
it set (RFC 3629: lead E0-EF, continuation 80-BF); in GB 2312, EUC-JP and
EUC-KR both bytes of a character are A1-FE. Cleared, they become ASCII in
known shapes: UTF-8's continuation bytes fall to 00-3F, the EUC pairs to
21-7E. :func:`restore_high_bit` puts the bit back only where the result is
one of the script's common characters, so English words in the same text stay
as they are (their restored pairs land in rare rows or decode to nothing).

**Double encoding**: UTF-8 bytes read as another charset and written out as
UTF-8 again ("ä¸­æ–‡" from Windows-1252, "涓枃" from GBK). ftfy undoes the
Western variants with its own evidence rules; the CJK ones are undone by
encoding back to the charset that misread them and decoding the bytes as
UTF-8, accepted only when that decodes strictly and reads as common text.
"""

from __future__ import annotations

from dataclasses import dataclass

from postdesk.inspect import charsets

SAMPLE_CHARS = 4096
_CJK_MISREADERS = ("gb18030", "big5hkscs", "cp932", "cp949")


@dataclass(frozen=True)
class Repair:
    """A repaired text, what was undone, and how much of the text it touched."""

    text: str
    via: str  # the codec the bit was restored in, or the one that misread UTF-8
    changed: int  # characters restored
    coverage: float  # share of the text's non-space characters that were restored


def _restore_utf8(data: bytes) -> tuple[bytes, int]:
    out = bytearray()
    restored = 0
    index = 0
    length = len(data)
    while index < length:
        byte = data[index]
        if (
            0x60 <= byte <= 0x6F
            and index + 2 < length
            and data[index + 1] < 0x40
            and data[index + 2] < 0x40
        ):
            candidate = bytes((byte | 0x80, data[index + 1] | 0x80, data[index + 2] | 0x80))
            try:
                char = candidate.decode("utf-8")
            except UnicodeDecodeError:
                char = ""
            if char and charsets.judge(char).plausible:
                out += candidate
                restored += 1
                index += 3
                continue
        out.append(byte)
        index += 1
    return bytes(out), restored


# The rows of each EUC charset that hold its common characters and punctuation,
# as lead bytes: GB 2312 level 1 (B0-D7) and symbols (A1-A3); JIS X 0208 level
# 1 (B0-CF), kana (A4-A5) and symbols (A1); KS X 1001 hangul (B0-C8), symbols (A1-A3).
_COMMON_LEADS = {
    "gb18030": (range(0xA1, 0xA4), range(0xB0, 0xD8)),
    "euc_jp": (range(0xA1, 0xA2), range(0xA4, 0xA6), range(0xB0, 0xD0)),
    "cp949": (range(0xA1, 0xA4), range(0xB0, 0xC9)),
}
# A restored run shorter than this is left as it was: a capitalised English word
# or a pair of digits also restores to one or two common characters, real text
# in the script runs longer between its spaces and ASCII words. Korean puts a
# space between words of often two syllables, so two are enough there.
MIN_RUN = {"gb18030": 3, "euc_jp": 3, "cp949": 2}


def _restore_pairs(data: bytes, codec: str) -> tuple[bytes, int]:
    leads = _COMMON_LEADS[codec]
    out = bytearray()
    restored = 0
    index = 0
    length = len(data)
    run_start = run_chars = 0
    while index <= length:
        first = data[index] if index < length else 0
        lead = first | 0x80
        if (
            index + 1 < length
            and 0x21 <= first <= 0x7E
            and 0x21 <= data[index + 1] <= 0x7E
            and any(lead in rows for rows in leads)
        ):
            candidate = bytes((lead, data[index + 1] | 0x80))
            try:
                candidate.decode(codec)
            except UnicodeDecodeError:
                candidate = b""
            if candidate:
                if not run_chars:
                    run_start = len(out)
                out += candidate
                run_chars += 1
                index += 2
                continue
        if run_chars and run_chars < MIN_RUN[codec]:  # too short to be the script's text: undo
            kept = bytes(out[run_start:])
            out[run_start:] = bytes(byte & 0x7F for byte in kept)
        elif run_chars:
            restored += run_chars
        run_chars = 0
        if index < length:
            out.append(first)
        index += 1
    return bytes(out), restored


def restore_high_bit(data: bytes, codec: str) -> Repair | None:
    """``data`` (7-bit) with the 8th bit put back where ``codec``'s common text appears."""
    if not data.isascii() or codec not in charsets.HIGH_BIT_CODECS:
        return None
    sample = data[: SAMPLE_CHARS * 2]
    if codec == "utf-8":
        fixed, restored = _restore_utf8(sample)
        width = 3
    else:
        fixed, restored = _restore_pairs(sample, codec)
        width = 2
    visible = sum(1 for byte in sample if byte > 0x20)
    if not restored or not visible:
        return None
    coverage = restored * width / visible
    return Repair(fixed.decode(codec, "replace"), codec, restored, round(coverage, 2))


def undouble(text: str) -> Repair | None:
    """``text`` with a second layer of encoding undone, when there is one."""
    sample = text[:SAMPLE_CHARS]
    if sample.isascii():
        return None
    before = charsets.judge(sample)
    for codec in _CJK_MISREADERS:
        # The misreading usually lost a byte here and there (U+FFFD, or a private-use
        # code for an unmapped pair), so those stay lost; the rest comes back.
        fixed = sample.replace("\ufffd", "?").encode(codec, "replace").decode("utf-8", "replace")
        lost = fixed.count("\ufffd")
        after = charsets.judge(fixed.replace("\ufffd", ""))
        if (
            after.non_ascii >= 3
            and after.plausible
            and lost <= after.non_ascii // 3
            and after.non_ascii < before.non_ascii
        ):
            share = after.non_ascii / (after.non_ascii + lost)
            return Repair(fixed, codec, after.non_ascii, round(share, 2))
    return _undouble_western(sample, before)


def _undouble_western(sample: str, before: charsets.Reading) -> Repair | None:
    import ftfy

    fixed, steps = ftfy.fix_and_explain(
        sample,
        unescape_html=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
    )
    encodings = [step.parameter for step in steps or [] if step.action == "encode"]
    if fixed == sample or not encodings:
        return None
    after = charsets.judge(fixed)
    if not after.plausible:
        return None
    return Repair(fixed, encodings[0], max(1, before.non_ascii - after.non_ascii), 1.0)
