"""What every check runs against: the profile, the nameserver, host overrides, timeout, CA.

The defaults are the system resolver and the loaded profile; a nameserver
``HOST:PORT`` and ``NAME=IP`` overrides let the same checks run against
private or test infrastructure.
"""

from __future__ import annotations

import dataclasses
import ssl
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from postdesk.profile import Profile, load_profile

if TYPE_CHECKING:
    import asyncio

    from postdesk.diagnose.dns import Addresses, Hop
    from postdesk.diagnose.dns_bulk import BulkDnsClient
    from postdesk.diagnose.netio import IpNetwork

DEFAULT_TIMEOUT = 5.0
# How long a probe waits for the next line of a reply. Postfix's postscreen
# sends "220-", then the rest of its greeting postscreen_greet_wait later
# (6 s by default: postconf(5)); the default must cover that with room.
DEFAULT_REPLY_TIMEOUT = 10.0
# A whole check (look-ups, connect, TLS, a few commands) is cut off after this
# many network steps' worth of time (see registry.bounded).
CHECK_BUDGET_STEPS = 6


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
    # None: DEFAULT_REPLY_TIMEOUT, or the step timeout when that is longer.
    reply_timeout: float | None = None
    # None: CHECK_BUDGET_STEPS steps (see check_budget).
    budget: float | None = None
    # Set by watch: many queries share one socket (see dns_bulk).
    bulk: BulkDnsClient | None = None
    # Address look-ups of one run are shared: a thousand domains with the same
    # MX host cost one look-up of it.
    address_memo: dict[str, asyncio.Future[Addresses]] = dataclasses.field(default_factory=dict)
    # Likewise the questions CNAME chains lead to (many hosts alias one name).
    chase_memo: dict[tuple[str, int], asyncio.Future[Hop]] = dataclasses.field(default_factory=dict)
    # Address ranges no probe may connect to (checks started through the API and the
    # pages: Settings.diagnose_forbidden_networks); empty for the CLI.
    forbidden_networks: tuple[IpNetwork, ...] = ()

    @property
    def line_timeout(self) -> float:
        """How long a probe waits for each line of a reply, from the last line received."""
        if self.reply_timeout is not None:
            return self.reply_timeout
        return max(self.timeout, DEFAULT_REPLY_TIMEOUT)

    @property
    def check_budget(self) -> float:
        """How long one whole check may take before it is cut off."""
        if self.budget is not None:
            return self.budget
        return CHECK_BUDGET_STEPS * self.timeout + self.line_timeout

    def nameservers(self) -> list[tuple[str, int]]:
        """Where look-ups go: the nameserver given, or the system's (``/etc/resolv.conf``)."""
        if self.nameserver is not None:
            return [self.nameserver]
        return list(_system_nameservers())

    def tls_context(self) -> ssl.SSLContext:
        """A verifying client context: the system CAs, or only ``cafile`` when one is given."""
        if self.cafile:
            return ssl.create_default_context(cafile=self.cafile)
        return ssl.create_default_context()

    def legacy_tls_context(self, *, verify: bool) -> ssl.SSLContext:
        """A client context that still speaks TLS 1.0 and 1.1, for diagnosis only.

        Python (and OpenSSL 3 at its default security level 2) refuse those
        versions, so a server that offers nothing newer fails with a protocol
        alert that says nothing about it. The tls check asks with this context
        to learn what the server does speak and report it as outdated; no
        probe ever logs in over it. ``verify`` keeps the chain check (the
        run's trust store) without the host-name check, which the tls check
        makes itself.
        """
        context = self.tls_context() if verify else ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        if not verify:
            context.verify_mode = ssl.CERT_NONE
        with warnings.catch_warnings():
            # Asking for TLS 1.0 is deprecated in Python; here it is the point.
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version = ssl.TLSVersion.TLSv1
        # Security level 0 lets OpenSSL 3 sign a TLS 1.0 handshake with SHA-1.
        context.set_ciphers("DEFAULT@SECLEVEL=0")
        return context

    def reading_tls_context(self) -> ssl.SSLContext:
        """A modern client context that accepts any certificate (to read one the run distrusts)."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context


@lru_cache(maxsize=1)
def _system_nameservers() -> tuple[tuple[str, int], ...]:
    """The nameservers of ``/etc/resolv.conf`` (read once per process)."""
    import dns.resolver

    from postdesk.diagnose.result import InvalidTargetError

    system = dns.resolver.Resolver()
    found = tuple((server, system.port) for server in system.nameservers if isinstance(server, str))
    if not found:
        raise InvalidTargetError(key="nameserver_none_in_system")
    return found
