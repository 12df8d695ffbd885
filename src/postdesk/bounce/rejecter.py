"""Who refused: one of the provider's own servers, or a remote one.

The document's 4.0.9 E/F replies ("your subject contains virus keywords",
"the TAP gateway filters a keyword") and 4.0.28's same-domain rule describe
what the provider's own servers do; told for a remote server's spam or
content refusal they would be false. A record names the refusing host in its
Remote-MTA (``rhost``) or in its text ("host mx.example.jp[192.0.2.1] said",
"Remote Server at ... returned"); the reporting MTA (``lhost``) speaks for
itself when no other host is named.
"""

from __future__ import annotations

import re

from postdesk.bounce.result import Recipient
from postdesk.bounce.signal_cache import OwnServers

# Host names and IPv4 addresses in a reply text. Each repetition of the name's
# group ends in a literal dot, so the pattern cannot backtrack on hostile input.
# (Written to start with the name's first character and look behind from there, like
# _IPV4 below: the matches of "(?<![\w@.-])((?:[a-z0-9-]{1,63}\.){1,10}[a-z]{2,24})(?![\w.-])".)
_HOST = re.compile(
    r"([a-z0-9-](?<![\w@.-][a-z0-9-])[a-z0-9-]{0,62}\.(?:[a-z0-9-]{1,63}\.){0,9}[a-z]{2,24})(?![\w.-])",
    re.I,
)
# (Written to start with a digit and look behind from there: re searches for a digit
# instead of trying the look-behind at every position; the matches are those of
# "(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])".)
_IPV4 = re.compile(r"(\d(?<![\d.]\d)\d{0,2}(?:\.\d{1,3}){3})(?![\d.])")
# The look-behind starts a match only where a run of address characters starts: without
# it every position of a long word without "@" scans the rest of the word again (the
# matches are the same: a run that fails from its start fails from every later position).
_ADDRESS = re.compile(r"(?<![^\s<>\"'@])[^\s<>\"'@]+@[^\s<>\"']+")
_URL = re.compile(r"https?://\S+", re.I)


def hosts_named(record: Recipient) -> list[str]:
    """The hosts a record names as having answered: its Remote-MTA, then hosts in its text.

    E-mail addresses are left out (their domain is the recipient's, not a
    server that answered); links are kept (a provider's help page names it).
    """
    text = record.diagnostic
    if "://" in text:  # what a link needs
        text = _URL.sub(lambda m: " " + m.group(0).split("/")[2] + " ", text)
    if "@" in text:  # what an address needs
        text = _ADDRESS.sub(" ", text)
    found = [record.rhost] if record.rhost else []
    found += [match.group(1) for match in _HOST.finditer(text)]
    found += [match.group(1) for match in _IPV4.finditer(text)]
    return found


def by_own_servers(record: Recipient, own: OwnServers, *, single_line: bool) -> bool:
    """Whether the refusal in ``record`` came from the provider's own servers.

    ``single_line`` is true for a reply given on its own (``explain``): with no
    host named it is what the customer's client showed, the provider's own
    server's reply (4.0.9). A bounce naming no host is taken as a remote refusal
    unless its reporting MTA is the provider's.
    """
    named = hosts_named(record)
    if named:
        return any(own.owns(host) for host in named)
    if record.lhost:
        return own.owns(record.lhost)
    return single_line
