"""What the engine knows besides the message: the provider, the playbooks, the agent's word.

:class:`InspectContext` carries the provider profile (whose hosts are "ours"
in a Received chain, where clamd listens), the playbook library the words
come from, and ``purposes``: what the agent says the original is ("spam",
"virus"), since a spam sample looks like any other message until someone
says it is one, or "duplicate" when the originals are said to be copies of
one message (then "they are different messages" is a finding too).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from postdesk.kb.load import Library
    from postdesk.profile.schema import Profile

PURPOSES = ("spam", "virus", "duplicate")


@dataclass
class InspectContext:
    """The profile, the library and the agent's purposes for one inspection run."""

    profile: Profile
    library: Library
    purposes: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def default(cls, purposes: frozenset[str] = frozenset()) -> InspectContext:
        """The configured profile and the built-in playbooks (as the CLI uses them)."""
        from postdesk.kb.load import default_library
        from postdesk.profile import load_profile

        return cls(profile=load_profile(), library=default_library(), purposes=purposes)

    @cached_property
    def own_domains(self) -> tuple[str, ...]:
        """Domains whose hosts are the provider's own (the profile's, else its hosts' parents)."""
        named = [name.lower().strip(".") for name in self.profile.inspect.own_domains]
        if named:
            return tuple(named)
        hosts = self.profile.hosts
        parents = {
            ".".join(host.lower().split(".")[-2:])
            for host in (hosts.pop, hosts.smtp, hosts.mx, hosts.mx_overseas, hosts.imap)
            if host and "." in host
        }
        return tuple(sorted(parents))

    @cached_property
    def own_networks(self) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
        """The provider's networks: the profile's, plus every server address it lists."""
        addresses = self.profile.server_addresses
        listed = [*addresses.pop, *addresses.smtp, *addresses.mx, *addresses.mx_overseas]
        listed += list(addresses.imap)
        networks = [*self.profile.inspect.own_networks, *listed]
        return tuple(ipaddress.ip_network(value, strict=False) for value in networks)

    def is_own_host(self, name: str = "", ip: str = "") -> bool:
        """Whether a host (by name or address) belongs to the provider."""
        name = name.lower().strip(".")
        if name and any(name == d or name.endswith("." + d) for d in self.own_domains):
            return True
        if ip:
            try:
                address = ipaddress.ip_address(ip.split("%", 1)[0])
            except ValueError:
                return False
            return any(address in network for network in self.own_networks)
        return False
