"""Find SMTP reply codes, enhanced status codes and addresses in free text."""

from __future__ import annotations

import re

# "5.1.1", not part of an IP address or version number ("192.5.1.1", "5.1.1.2").
# (Each pattern here starts with its first character and looks behind from there,
# "([245])(?<![\d.][245])" for "(?<![\d.])([245])": the same matches, but re searches
# for that character instead of trying the look-behind at every position of the text.)
_STATUS = re.compile(r"([245])(?<![\d.][245])\.(\d)\.(\d{1,3})(?![\d]|\.\d)")
# "550 " or "550-" at the start of a reply or after a separator; CJK notices put
# it straight after a full-width colon or a word ("服务器返回：550 ...").
_REPLY = re.compile(r"([245](?<![A-Za-z0-9._/=#@%+&*$-][245])[0-5]\d)(?=[\s\-:,)\]]|$)")
# The look-behind starts a match only where a run of address characters starts: without
# it a megabyte of "a" (no "@") is scanned again from every position, quadratically.
_ADDRESS = re.compile(r"(?<![\w.!#$%&'*+/=?^`{|}~-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_ANGLE_ADDRESS = re.compile(r"<([^<>@\s]+@[^<>\s]+)>")


def find_status(text: str) -> str:
    """The first plausible enhanced status code in ``text``, or ``""``."""
    first = ""
    for match in _STATUS.finditer(text):
        klass, subject, detail = match.groups()
        if int(subject) <= 7:
            code = f"{klass}.{subject}.{detail}"
            if detail != "0":
                return code  # the first specific code: "5.1.0 - ... 5.2.2 Mailbox full"
            first = first or code
    return first


def find_replycode(text: str, *, success: bool = False) -> str:
    """The first failure reply code (4xx, 5xx) in ``text``, or ``""``.

    A notice may quote the remote greeting ("220-mx.example.jp ... 421 4.2.1
    Service refused"); a failure is a 4xx or 5xx reply (RFC 5321 4.2.1), so a
    2xx code is taken only for a ``success`` (a delivery report).
    """
    for match in _REPLY.finditer(text):
        code = match.group(1)
        if code[0] in "45" or success:
            return code
    return ""


def find_address(text: str) -> str:
    """The first e-mail address in ``text`` (angle-bracketed preferred), lower case."""
    match = _ANGLE_ADDRESS.search(text)
    if match:
        return clean_address(match.group(1))
    match = _ADDRESS.search(text)
    return clean_address(match.group(0)) if match else ""


def clean_address(value: str) -> str:
    """An address without decoration: ``rfc822;<a@b>`` -> ``a@b``."""
    value = value.strip()
    if ";" in value:
        value = value.split(";", 1)[1]
    value = value.strip().strip("<>\"' ").strip()
    if "<" in value and ">" in value:
        value = value[value.index("<") + 1 : value.rindex(">")]
    return value.strip().strip(".,;:").lower()


def is_address(value: str) -> bool:
    """Whether ``value`` looks like one e-mail address."""
    return bool(_ADDRESS.fullmatch(value))


def collapse(text: str) -> str:
    """``text`` on one line with single spaces."""
    return " ".join(text.split())
