"""The fields of a report part (RFC 3464 delivery status, RFC 5965 feedback report).

A report part is lines of ``Name: value`` fields, values folded over lines
that start with white space, blocks of fields between blank lines.
:func:`fields_of` reads them from text; :func:`fields_of_blocks` gives the
same pairs from the header blocks the MIME reader already split a
``message/delivery-status`` part into, so that part is read once.
"""

from __future__ import annotations

import re

_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\s*:\s?(.*)$")


def fields_of(text: str) -> list[tuple[str, str]]:
    """``(name, value)`` pairs in order, folded lines joined, names lower case.

    A blank line gives ``("", "")``: the end of a block.
    """
    pairs: list[tuple[str, str]] = []
    for line in text.splitlines():
        _add_line(pairs, line)
    return pairs


def _add_line(pairs: list[tuple[str, str]], line: str) -> None:
    """:func:`fields_of`'s step for one line."""
    if line[:1] in (" ", "\t") and pairs:
        name, value = pairs[-1]
        pairs[-1] = (name, f"{value} {line.strip()}")
        return
    match = _FIELD.match(line)
    if match:
        pairs.append((match.group(1).lower(), match.group(2).strip()))
    elif not line.strip():
        pairs.append(("", ""))  # block separator


# Header names seen in report parts: the lower-cased name _FIELD reads, "" for a name
# it does not take, None for a name that holds a colon or line break (not a plain name).
_NAMES: dict[str, str | None] = {}


def _field_name(name: str) -> str | None:
    """The name :func:`fields_of` reads from a line ``"{name}: value"``, ``""`` when
    that line is not a field, ``None`` when ``name`` is not one header name."""
    if name in _NAMES:
        return _NAMES[name]
    found: str | None = None
    if not any(mark in name for mark in (":", "\n", *_OTHER_BREAKS)):
        match = _FIELD.match(f"{name}: ")
        # An empty value group: the pattern's colon is the one after ``name`` and its
        # optional space the one after that, so any value after it is group 2 whole.
        found = match.group(1).lower() if match and not match.group(2) else ""
    if len(_NAMES) < 4096:  # names come from the input: the memo stays bounded
        _NAMES[name] = found
    return found


# Characters str.splitlines breaks at besides "\n" that ASCII text can hold.
_OTHER_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")


def fields_of_blocks(
    text: str, blocks: list[list[tuple[str, str]]]
) -> list[tuple[str, str]] | None:
    """:func:`fields_of` of ``text``, the text the header blocks make (``"Name: value"``
    lines, blocks between blank lines, as :mod:`postdesk.bounce.message` writes a
    report part the MIME reader split), from the blocks, without reading it again.

    ``None`` when the text may break into lines elsewhere than at its newlines
    (it holds another character ``str.splitlines`` breaks at, or is not ASCII) or
    a name is not a plain header name: the caller reads the text then.
    """
    if not text.isascii() or any(other in text for other in _OTHER_BREAKS):
        return None
    pairs: list[tuple[str, str]] = []
    add = pairs.append
    for number, block in enumerate(blocks):
        if number:
            add(("", ""))  # the blank line between blocks
        if not block:
            add(("", ""))  # an empty block is an empty line
            continue
        for name, value in block:
            field = _NAMES[name] if name in _NAMES else _field_name(name)
            if field is None:
                return None
            if "\n" in value:
                first, *rest = value.split("\n")
            else:
                first, rest = value, []
            if field:
                add((field, first.strip()))
            # else: the line is not a field, nor blank (it holds the colon)
            for line in rest:
                _add_line(pairs, line)
    if not blocks:
        add(("", ""))  # the text is one newline
    return pairs


def fields_of_plain(text: str) -> list[tuple[str, str]]:
    """:func:`fields_of` of an ASCII text whose lines are all blank, folded (opening
    with a blank) or ``Name:...`` with a name of printable characters (no space, no
    colon): each field line is split at its colon, without the pattern.
    """
    pairs: list[tuple[str, str]] = []
    add = pairs.append
    names = _NAMES
    for line in text.splitlines():
        if line and line[0] not in " \t":
            name, _, value = line.partition(":")
            field = names[name] if name in names else _field_name(name)
            if field:  # (the value after _FIELD's optional blank, stripped, is the rest's)
                add((field, value.strip()))
            # else: a name _FIELD does not take: the line is neither a field nor blank
        else:
            _add_line(pairs, line)
    return pairs
