"""Where messages come from: a file, a folder of files, a maildir, an mbox or stdin.

Each source yields ``(label, raw_bytes)`` in input order; the label is the
file's base name, or ``NAME:INDEX`` (from 1) for the messages of an mbox.
Paths are checked before any message is read, so a typo stops the batch with
the path named instead of failing half-way.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from postdesk.errors import InvalidInputError

# An mbox "From " separator line: "From sender date" after a blank line (or at the start).
# Writers that do not end a message with a blank line exist (the corpus's Postfix postmaster
# copy follows a MIME closing boundary directly), so a line of the postmark's own form is a
# separator without one: qmail's mbox(5) "From envsender date moreinfo", the date "exactly 24
# characters in asctime format" (RFC 4155 appendix A: "From", a space, the envelope sender,
# a space, a timestamp). Writers escape "From " in message lines (">From", mbox(5), RFC 4155),
# so such a line inside a message is not one. Postfix local(8) puts two spaces before the date.
_DAY = rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
_MONTH = rb"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
_POSTMARK = rb"From [^\s]+ +" + _DAY + rb" " + _MONTH + rb" [ \d]\d \d\d:\d\d:\d\d \d{4}"
_MBOX_SEPARATOR = re.compile(rb"(?:\A|\n\n|\n(?=" + _POSTMARK + rb"))(From [^\n]*\n)")


def check_paths(paths: list[str]) -> None:
    """Raise :class:`InvalidInputError` naming the first path that cannot be read."""
    for name in paths:
        if name == "-":
            continue
        path = Path(name)
        if not path.exists():
            raise InvalidInputError(key="path_missing", path=name)
        if not os.access(path, os.R_OK) or (path.is_dir() and not os.access(path, os.X_OK)):
            raise InvalidInputError(key="path_denied", path=name)


def split_mbox(data: bytes) -> list[bytes] | None:
    """The messages of an mbox, or ``None`` when ``data`` holds one message."""
    if not data.startswith(b"From "):
        return None
    starts = [m.start(1) for m in _MBOX_SEPARATOR.finditer(data)]
    if len(starts) < 2:
        return None
    ends = [*starts[1:], len(data)]
    return [data[start:end] for start, end in zip(starts, ends, strict=True)]


def each_message(data: bytes) -> list[bytes]:
    """The messages ``data`` holds: those of an mbox, else ``data`` itself."""
    return split_mbox(data) or [data]


def _from_bytes(label: str, data: bytes) -> Iterator[tuple[str, bytes]]:
    messages = split_mbox(data)
    if messages is None:
        yield label, data
        return
    for index, message in enumerate(messages, start=1):
        yield f"{label}:{index}", message


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise InvalidInputError(
            key="path_unreadable", path=str(path), reason=err.strerror
        ) from None


def _folder_files(folder: Path) -> list[Path]:
    """Files of a folder in name order; a maildir's new/ and cur/ messages."""
    subdirs = [folder / "new", folder / "cur"]
    if all(d.is_dir() for d in subdirs):
        return [f for d in subdirs for f in sorted(d.iterdir()) if f.is_file()]
    return [f for f in sorted(folder.iterdir()) if f.is_file() and not f.name.startswith(".")]


def messages(paths: list[str]) -> Iterator[tuple[str, bytes]]:
    """``(label, raw)`` for every message the paths hold, in order."""
    for name in paths:
        if name == "-":
            yield from _from_bytes("-", sys.stdin.buffer.read())
            continue
        path = Path(name)
        files = _folder_files(path) if path.is_dir() else [path]
        for file in files:
            yield from _from_bytes(file.name, _read(file))
