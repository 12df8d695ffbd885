"""What every check runs against: the profile, the nameserver, host overrides, timeout, CA.

The defaults are the system resolver and the loaded profile; a nameserver
``HOST:PORT`` and ``NAME=IP`` overrides let the same checks run against
private or test infrastructure.
"""

from __future__ import annotations

import dataclasses
import ssl
from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from postdesk.profile import Profile, load_profile

if TYPE_CHECKING:
    import asyncio

    import dns.asyncresolver
    import dns.resolver

    from postdesk.diagnose.dns import Addresses
    from postdesk.diagnose.dns_bulk import BulkDnsClient
    from postdesk.diagnose.netio import IpNetwork

DEFAULT_TIMEOUT = 5.0

_R = TypeVar("_R", bound="dns.resolver.BaseResolver")


class Secret:
    """A password that never shows itself: not in repr, str, f-strings or logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The password itself, for the one place that sends it to a server."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __reduce__(self) -> object:
        raise TypeError("a Secret cannot be pickled")


@dataclasses.dataclass(frozen=True)
class Credentials:
    """A mailbox login for the probes; the password is a :class:`Secret`."""

    username: str
    password: Secret


@dataclasses.dataclass
class DiagnoseContext:
    """Settings shared by the checks of one run."""

    profile: Profile = dataclasses.field(default_factory=load_profile)
    nameserver: tuple[str, int] | None = None
    overrides: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    cafile: str | None = None
    # Set by watch: many queries share one socket (see dns_bulk).
    bulk: BulkDnsClient | None = None
    # Address look-ups of one run are shared: a thousand domains with the same
    # MX host cost one look-up of it.
    address_memo: dict[str, asyncio.Future[Addresses]] = dataclasses.field(default_factory=dict)
    # Address ranges no probe may connect to (checks started through the API and the
    # pages: Settings.diagnose_forbidden_networks); empty for the CLI.
    forbidden_networks: tuple[IpNetwork, ...] = ()

    @cached_property
    def resolver(self) -> dns.asyncresolver.Resolver:
        """One dnspython asyncio resolver for the run: the nameserver given, or the system's."""
        import dns.asyncresolver

        resolver = self._aimed(dns.asyncresolver.Resolver)
        resolver.cache = None
        return resolver

    def sync_resolver(self) -> object:
        """A blocking dnspython resolver with the same nameserver (for libraries that need one)."""
        import dns.resolver

        return self._aimed(dns.resolver.Resolver)

    def _aimed(self, make: Callable[..., _R]) -> _R:
        """A resolver from ``make`` pointed at the run's nameserver, with the run's timeout."""
        # configure=False skips reading /etc/resolv.conf for a nameserver that replaces it.
        resolver = make(configure=self.nameserver is None)
        if self.nameserver is not None:
            resolver.nameservers = [self.nameserver[0]]
            resolver.port = self.nameserver[1]
        resolver.timeout = self.timeout
        resolver.lifetime = self.timeout
        return resolver

    def tls_context(self) -> ssl.SSLContext:
        """A verifying client context: the system CAs, or only ``cafile`` when one is given."""
        if self.cafile:
            return ssl.create_default_context(cafile=self.cafile)
        return ssl.create_default_context()
