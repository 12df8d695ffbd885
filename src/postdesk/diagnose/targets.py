"""Checking and normalising what the agent types: domains (IDN too), IPs, ports, nameservers.

Every function raises :class:`InvalidTargetError` with a one-line reason, so
that the CLI can exit 2 before any packet is sent.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import re

import idna

from postdesk.diagnose.result import InvalidTargetError

_LABEL_MAX = 63
_NAME_MAX = 253
_ASCII_LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


@dataclasses.dataclass(frozen=True)
class DomainName:
    """A domain as DNS uses it (``ascii``, punycode) and as people read it (``display``)."""

    ascii: str
    display: str

    @property
    def shown(self) -> str:
        """``display (ascii)`` for IDNs, just the name otherwise."""
        return self.ascii if self.ascii == self.display else f"{self.display} ({self.ascii})"


def parse_domain(text: str) -> DomainName:
    """``text`` as a domain name; Chinese names are converted to punycode."""
    name = text.strip().rstrip(".")
    # Full-width dots (。．｡) are what Chinese input methods type between labels.
    name = re.sub("[。．｡]", ".", name)
    if not name:
        raise InvalidTargetError(key="target_domain_empty")
    if len(name) > _NAME_MAX * 2:
        raise InvalidTargetError(key="target_domain_too_long", length=len(name))
    labels = name.split(".")
    if len(labels) < 2:
        raise InvalidTargetError(key="target_domain_no_dot", text=text)
    ascii_labels = [_ascii_label(label, text) for label in labels]
    ascii_name = ".".join(ascii_labels)
    if len(ascii_name) > _NAME_MAX:
        raise InvalidTargetError(
            key="target_domain_over_limit", text=text, length=len(ascii_name), limit=_NAME_MAX
        )
    try:
        display = ".".join(
            idna.decode(label) if label.startswith("xn--") else label for label in ascii_labels
        )
    except idna.IDNAError as err:
        raise InvalidTargetError(key="target_bad_punycode", text=text, reason=str(err)) from None
    return DomainName(ascii=ascii_name, display=display)


def _ascii_label(label: str, whole: str) -> str:
    if not label:
        raise InvalidTargetError(key="target_empty_label", text=whole)
    if label.isascii():
        lowered = label.lower()
        if len(lowered) > _LABEL_MAX:
            raise InvalidTargetError(
                key="target_label_too_long",
                label=label[:20] + "...",
                text=whole,
                length=len(label),
                limit=_LABEL_MAX,
            )
        if not _ASCII_LABEL.match(lowered):
            raise InvalidTargetError(key="target_label_chars", label=label, text=whole)
        return lowered
    try:
        encoded = idna.encode(label, uts46=True).decode("ascii")
    except idna.IDNAError as err:
        raise InvalidTargetError(
            key="target_label_bad_idn", label=label, text=whole, reason=str(err)
        ) from None
    if len(encoded) > _LABEL_MAX:
        raise InvalidTargetError(
            key="target_label_too_long_puny",
            label=label,
            text=whole,
            length=len(encoded),
            limit=_LABEL_MAX,
        )
    return encoded


def parse_ip(text: str) -> str:
    """``text`` as an IPv4 or IPv6 address (normalised)."""
    value = text.strip()
    if not value:
        raise InvalidTargetError(key="target_ip_empty")
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        raise InvalidTargetError(key="target_not_ip", text=text) from None


def is_ip(text: str) -> bool:
    # Most texts asked about are host names: only digits and dots (IPv4) or a
    # colon (IPv6) can be an address, and that test is cheaper than parsing.
    if ":" not in text and not text.replace(".", "").isdigit():
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def parse_host(text: str) -> str:
    """A host to connect to: an IP address, or a host name in its ASCII form."""
    value = text.strip()
    if is_ip(value):
        return parse_ip(value)
    return parse_domain(value).ascii


def parse_port(value: int | str) -> int:
    """A TCP/UDP port number 1-65535."""
    try:
        port = int(value)
    except (TypeError, ValueError):
        raise InvalidTargetError(key="target_port_not_number", value=value) from None
    if not 1 <= port <= 65535:
        raise InvalidTargetError(key="target_port_range", port=port)
    return port


def parse_nameserver(text: str, *, option: str = "--nameserver") -> tuple[str, int]:
    """``HOST:PORT`` (``[v6]:PORT``, or a bare IP for port 53) as ``(ip, port)``.

    ``option`` names where the text came from (the CLI option or a setting), so
    that every refusal says which value to fix.
    """
    value = text.strip()
    if not value:
        raise InvalidTargetError(key="nameserver_empty", option=option)
    host, port = value, ""
    if value.startswith("["):
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            raise InvalidTargetError(key="nameserver_bad_v6", option=option, text=text)
        port = rest.removeprefix(":")
    elif value.count(":") == 1:
        # One colon is IPv4 (or a name) with a port; more is a bare IPv6 address.
        host, port = value.split(":")
    if not is_ip(host):
        raise InvalidTargetError(key="nameserver_not_ip", option=option, text=text)
    try:
        # "IP:" with nothing after the colon is the default port, as "[v6]:" always was.
        number = parse_port(port or "53")
    except InvalidTargetError as err:
        raise InvalidTargetError(
            key="option_value_error", option=option, text=text, error=err
        ) from None
    return parse_ip(host), number


def parse_override(text: str) -> tuple[str, str]:
    """``NAME=IP`` for ``--resolve`` as ``(ascii name, ip)``."""
    name, sep, address = text.partition("=")
    if not sep:
        raise InvalidTargetError(key="resolve_bad_form", text=text)
    return parse_domain(name).ascii, parse_ip(address)
