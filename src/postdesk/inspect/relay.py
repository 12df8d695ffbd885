"""The first untrusted relay: the host that handed the message to the provider.

Received fields above that point were written by the provider's own hosts
and can be believed; below it, anything may be forged. Walking the chain from
the newest field down, the relay is the ``from`` of the first field whose
``by`` host is the provider's (``profile.inspect``) and whose connecting
address is neither the provider's nor private (RFC 1918, loopback, link
local: hops inside one network). This is the rule SpamAssassin documents for
``trusted_networks``. Without any provider host in the chain, the newest
public address is named, and ``trusted`` says that nothing vouches for it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from postdesk.inspect.context import InspectContext
from postdesk.inspect.received import Hop


@dataclass
class Relay:
    """Who handed the message in, from which Received field, and whether ours wrote it."""

    ip: str
    helo: str
    rdns: str
    received_index: int  # 1 = the top field
    trusted: bool  # the field was written by one of the provider's hosts
    hop: Hop


# Addresses that only exist inside one network: RFC 1918, shared address space
# (RFC 6598), loopback, link local, IPv6 unique local (RFC 4193). Documentation
# ranges (RFC 5737) count as public here, as they do on the wire in tests.
_INTERNAL = tuple(
    ipaddress.ip_network(net)
    for net in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "::1/128",
        "fe80::/10",
        "fc00::/7",
    )
)


def _internal(ip: str) -> bool:
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return True
    return any(address in network for network in _INTERNAL if network.version == address.version)


def first_untrusted(hops: list[Hop], context: InspectContext) -> Relay | None:
    """The relay among ``hops`` (travel order), or ``None`` when none names a public address."""
    newest_first = list(reversed(hops))
    for hop in newest_first:
        if not hop.ip or not context.is_own_host(hop.by):
            continue
        if context.is_own_host(hop.rdns, hop.ip) or _internal(hop.ip):
            continue
        return Relay(hop.ip, hop.helo, hop.rdns, hop.index + 1, True, hop)
    for hop in newest_first:
        if hop.ip and not _internal(hop.ip) and not context.is_own_host(hop.rdns, hop.ip):
            return Relay(hop.ip, hop.helo, hop.rdns, hop.index + 1, False, hop)
    return None
