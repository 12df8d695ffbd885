"""Find domain names and email addresses in free text, in one pass and linear time.

A regular expression that describes "labels separated by dots, then a
top-level domain" with nested repetition backtracks badly on text such as
``1.1.1.1.1...``: a label of digits fits two alternatives, so each dot
doubles the ways to try (issue 12.1: 48 characters took 10 s). Here the text
is cut once into *runs* of characters that can belong to a name (one
character class, repeated: linear), each run is split at its dots into
*pieces*, and a single right-to-left pass over the pieces says, for each one,
how far a valid name may reach from it. Every piece is looked at a fixed
number of times, so the work grows with the length of the text and no more.

The rules are those of the regular expressions they replace:

- a label is all ASCII (``[a-z0-9-]``, 1-63, no hyphen at either end) or all
  Chinese (digits and CJK characters, up to 32 taken from the end of a run,
  since Chinese text has no spaces to show where a name starts; lead-in words
  such as "域名是" are cut, :func:`trim_lead_in`);
- the name ends in an ASCII top-level domain of 2-24 letters, its punycode form
  (``xn--fiqs8s``), or a Chinese one (``ZH_TLDS``), not followed by more of a name;
- an ASCII name starts at a boundary (not after ``_``, ``+`` or ``@``);
- "。" (the ideographic full stop) separates labels only when the Chinese
  top-level domain after it ends the name: "以前也能发。公司域名…" is a
  sentence end followed by a new clause, not the domain "以前也能发.公司"; and only
  after a Chinese label: "outlook 2010。公司 a.com" is no domain "2010.公司";
  nor before a colon or a name: "去掉。公司：北京…" and "打不开。公司 a.com" are a
  sentence end and a field label;
- an address is ``local@host`` with a local part of 1-64 ``[a-z0-9_.+-]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Latin letters with diacritics (Latin-1 Supplement and Extended-A/B, without × and ÷):
# a label such as "grün-technik" is an internationalised one (RFC 5890), written as is.
_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
ZH_TLDS = (
    "中文网",
    "我爱你",
    "新加坡",
    "中国",
    "中國",
    "公司",
    "网络",
    "網絡",
    "香港",
    "台湾",
    "台灣",
    "在线",
    "网址",
    "网店",
    "商城",
    "集团",
    "企业",
    "信息",
    "手机",
    "移动",
    "商标",
    "政务",
    "公益",
    "游戏",
    "娱乐",
    "广东",
    "佛山",
    "购物",
    "网站",
    "世界",
    "时尚",
    "书籍",
)
# Lead-in words glued to a Chinese domain ("域名是例子.公司"): cut after the last one.
ZH_LEAD_INS = ("域名", "网址", "邮箱", "地址", "是", "为", "用", "到", "的", "在", "从", "给", "和")

# One character class, repeated: a run is found in time linear in its length.
_RUN = re.compile(rf"[0-9a-z_+.@。{_CJK}{_LATIN}-]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"([.。])")
_ASCII_LABEL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_.+-")
_PUNY = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_ASCII_LABEL_MAX = 63
_ZH_LABEL_MAX = 32
_TLD_MAX = 24
_LOCAL_MAX = 64
_NAME_MAX = 253


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def _is_latin(char: str) -> bool:
    code = ord(char)
    return 0xC0 <= code <= 0x24F and code not in (0xD7, 0xF7)


def _is_label_char(char: str) -> bool:
    """A character of an ASCII label, or a Latin letter of an internationalised one."""
    return char.lower() in _ASCII_LABEL_CHARS or _is_latin(char)


def _is_ascii_label(text: str) -> bool:
    return (
        0 < len(text) <= _ASCII_LABEL_MAX
        and text[0] != "-"
        and text[-1] != "-"
        and all(_is_label_char(char) for char in text)
    )


def _is_zh_label(text: str) -> bool:
    return (
        0 < len(text) <= _ZH_LABEL_MAX
        and text[0] != "-"
        and text[-1] != "-"
        and any(_is_cjk(char) for char in text)
        and all(_is_cjk(char) or char.isdigit() or char == "-" for char in text)
    )


def _whole_label(piece: str) -> bool:
    return _is_ascii_label(piece) or _is_zh_label(piece)


def _ascii_tld_loose(piece: str) -> int:
    """Length of the 2-24 ASCII letters that start ``piece`` (0 when fewer or more), or of
    the punycode label that does ("xn--fiqs8s" is ".中国" in ASCII, RFC 5890)."""
    if piece[2:4] == "--" and piece[:2].lower() == "xn":
        size = 4
        while size < len(piece) and size < _ASCII_LABEL_MAX and piece[size].lower() in _PUNY:
            size += 1
        return size if size > 4 and piece[size - 1] != "-" else 0
    size = 0
    while (
        size < len(piece) and size <= _TLD_MAX and piece[size].isascii() and piece[size].isalpha()
    ):
        size += 1
    return size if 2 <= size <= _TLD_MAX else 0


def _ascii_tld(piece: str) -> int:
    """Length of the ASCII top-level domain that starts ``piece``, else 0: not followed by
    more of a name."""
    size = _ascii_tld_loose(piece)
    if not size:
        return 0
    if size < len(piece) and (piece[size] in _ASCII_LABEL_CHARS or piece[size] in "_+@"):
        return 0
    return size


def _tlds_by_first_character() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {}
    for tld in sorted(ZH_TLDS, key=len, reverse=True):
        grouped.setdefault(tld[0], []).append(tld)
    return {first: tuple(tlds) for first, tlds in grouped.items()}


_ZH_TLDS_BY_FIRST = _tlds_by_first_character()


def _zh_tld(piece: str, after_ideographic_stop: bool) -> int:
    """Length of the Chinese top-level domain that starts ``piece``, else 0."""
    for tld in _ZH_TLDS_BY_FIRST.get(piece[:1], ()):
        if piece.startswith(tld):
            rest = piece[len(tld) :]
            if rest[:1] and ((rest[0].isascii() and rest[0].isalnum()) or rest[0] == "-"):
                return 0
            if after_ideographic_stop and rest[:1] and _is_cjk(rest[0]):
                return 0  # "。公司域名…": a new clause, not a top-level domain
            return len(tld)
    return 0


def trim_lead_in(label: str) -> str:
    """Cut Chinese words glued before a domain's first label ("域名是例子" -> "例子")."""
    best = 0
    for word in ZH_LEAD_INS:
        position = label.rfind(word)
        while position >= 0:
            end = position + len(word)
            if end < len(label):
                best = max(best, end)
                break
            position = label.rfind(word, 0, position)
    return label[best:]


def _first_label(piece: str) -> tuple[str, int] | None:
    """The label a name may start with at the end of ``piece``, and where it starts."""
    start = len(piece)
    while start > 0 and _is_label_char(piece[start - 1]):
        start -= 1
    ascii_tail = piece[start:]
    # A label of digits starts a name at the start of a run or after a bare "@" ("邮箱是
    # @126.com 的": the domain of mailboxes, written with its "@").
    after_at = start > 0 and piece[start - 1] == "@"
    if (ascii_tail and any(char.isalpha() for char in ascii_tail)) or (
        ascii_tail and (start == 0 or after_at)
    ):
        if start > 0 and piece[start - 1] in "_+":
            return None  # "a_b.com", "x+y.com": not at a boundary
        glued_to_address = start > 1 and piece[start - 2].lower() in _LOCAL_CHARS
        if start > 0 and piece[start - 1] == "@" and glued_to_address:
            return None  # the host of an address, found with the address ("@abc.com" is not)

        return (ascii_tail, start) if _is_ascii_label(ascii_tail) else None
    # A Chinese label: digits and CJK characters at the end of the piece.
    start = len(piece)
    while start > 0 and (_is_cjk(piece[start - 1]) or piece[start - 1].isdigit()):
        start -= 1
    start = max(start, len(piece) - _ZH_LABEL_MAX)
    label = trim_lead_in(piece[start:])
    if not label or not _is_zh_label(label):
        return None
    return label, len(piece) - len(label)


@dataclass(frozen=True)
class Found:
    """A name found in the text: where it is, and the text of it."""

    start: int
    end: int
    text: str


def _names_in_run(run: str, offset: int) -> Iterator[Found]:
    parts = _SEPARATORS.split(run)
    pieces = parts[0::2]
    separators = parts[1::2]  # separators[i] sits between pieces[i] and pieces[i + 1]
    count = len(pieces)
    starts = [0] * count
    position = 0
    for index, piece in enumerate(pieces):
        starts[index] = position
        position += len(piece) + 1
    # tld[i]: length of the top-level domain piece i starts with, read after the
    # separator before it (0: none); whole[i]: piece i is one complete label.
    tld = [0] * count
    whole = [False] * count
    for index in range(1, count):
        piece = pieces[index]
        if separators[index - 1] == "。":
            # "。" only ever precedes a Chinese top-level domain, after a Chinese label:
            # "outlook 2010。公司 a.com" is a sentence end, not the domain "2010.公司".
            before = pieces[index - 1][-1:]
            chinese_label = bool(before) and _is_cjk(before)
            tld[index] = _zh_tld(piece, after_ideographic_stop=True) if chinese_label else 0
            continue
        size = _ascii_tld(piece) or _zh_tld(piece, after_ideographic_stop=False)
        # "abc.com.cn" goes on past "com"; "abc.com。Please" does not ("。" before an
        # ASCII word ends the sentence).
        following = pieces[index + 1] if index + 1 < count and separators[index] == "." else ""
        if size == len(piece) and following[:1].isascii() and following[:1].isalnum():
            size = 0  # "abc.com.cn": the name goes on past "com"
        tld[index] = size
        whole[index] = _whole_label(piece)
    # reach[i]: the farthest piece a name whose first label ends piece i may end in
    # (-1: none). One pass from the right: each piece is looked at once.
    reach = [-1] * count
    for index in range(count - 2, -1, -1):
        following = index + 1
        best = following if tld[following] else -1
        if whole[following] and reach[following] > best:
            best = reach[following]
        reach[index] = best
    index = 0
    while index < count:
        last = reach[index]
        first = _first_label(pieces[index]) if last > index else None
        if first is None:
            index += 1
            continue
        _label, label_start = first
        name_start = starts[index] + label_start
        name_end = starts[last] + tld[last]
        if name_end - name_start <= _NAME_MAX * 2:
            yield Found(offset + name_start, offset + name_end, run[name_start:name_end])
        # The piece that ends this name may go on with the start of another
        # ("abc.com的邮箱xyz.cn"); it is looked at again as a start.
        index = last if tld[last] < len(pieces[last]) else last + 1


# A label's value right after it: an ASCII name or address ("公司 a.com", "公司 x@a.cn").
_VALUE_AFTER = re.compile(r"[ \t]+[a-z0-9][a-z0-9_.+@-]*\.[a-z]", re.IGNORECASE)


def find_names(text: str) -> Iterator[Found]:
    """Every domain-like name in ``text`` (dots as "." or "。"), in order; not validated."""
    for match in _RUN.finditer(text):
        run = match.group(0)
        if "." not in run and "。" not in run:
            continue
        for found in _names_in_run(run, match.start()):
            if "。" in found.text and (
                text[found.end : found.end + 1] in (":", "：")
                or _VALUE_AFTER.match(text, found.end)
            ):
                # "请从名单里去掉。公司：北京…", "打不开。公司 a.com": a sentence end and a
                # field label ("公司：", "公司 " before the company's own name), not the
                # domain "名单里去掉.公司"; a domain is not a label followed by its value.
                continue
            yield found


def _host_char(char: str) -> bool:
    return _is_label_char(char) or _is_cjk(char)


def _host_after(run: str, at: int) -> int | None:
    """Where the host of an address whose "@" is at ``at`` ends, or None without one.

    The host is the longest stretch of labels ending in a top-level domain, read
    from at most 506 characters after the "@" (a name is at most 253).
    """
    limit = min(len(run), at + 1 + _NAME_MAX * 2)
    stop = at + 1
    while stop < limit and (_is_label_char(run[stop]) or _is_cjk(run[stop]) or run[stop] in ".。"):
        stop += 1
    best: int | None = None
    position = at + 1
    previous_filled = False
    while position <= stop:
        end = position
        while end < stop and run[end] not in ".。":
            end += 1
        piece = run[position:end]
        if previous_filled and piece and run[position - 1] == "。":
            # "jenny@ns-buying.hk。from: …": "。" separates labels only before a Chinese
            # top-level domain after a Chinese label (as for bare names); after an ASCII
            # label it ends the sentence.
            cut = max(run.rfind(".", at + 1, position - 1), run.rfind("。", at + 1, position - 1))
            label_before = run[max(cut + 1, at + 1) : position - 1]
            if not any(_is_cjk(char) for char in label_before) or piece.isascii():
                break
        if previous_filled and piece:
            ideographic = run[position - 1] == "。"
            size = _ascii_tld_loose(piece) or _zh_tld(run[position:stop], ideographic)
            if size:
                best = position + size
        if not piece or (previous_filled and not _whole_label(piece)):
            # A name goes on past a piece only when the piece is one whole label (RFC 1035
            # labels; RFC 5890 for Chinese ones): in "li@abc.com反映给m.x", "com反映给m"
            # mixes scripts, so the host ends at "com" and "x" is not its top-level domain.
            break
        previous_filled = True
        position = end + 1
    return best


def find_addresses(text: str) -> Iterator[tuple[Found, str, str]]:
    """Every ``local@host`` in ``text``: (where, local part, host), in order."""
    for match in _RUN.finditer(text):
        run = match.group(0)
        if "@" not in run:
            continue
        offset = match.start()
        for at in _at_positions(run):
            start = at
            while (
                start > 0 and at - start < _LOCAL_MAX + 1 and run[start - 1].lower() in _LOCAL_CHARS
            ):
                start -= 1
            if start == at or at - start > _LOCAL_MAX:
                continue
            if start > 0 and run[start - 1].lower() in _LOCAL_CHARS:
                continue  # a local part longer than 64 characters
            end = _host_after(run, at)
            if end is None:
                continue
            yield (
                Found(offset + start, offset + end, run[start:end]),
                run[start:at],
                run[at + 1 : end],
            )


def _at_positions(run: str) -> Iterator[int]:
    position = run.find("@")
    while position >= 0:
        yield position
        position = run.find("@", position + 1)
