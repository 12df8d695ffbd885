"""Rules for what one large receiving provider means by its own error codes.

Some providers answer with their own codes ("OFR_506", "LPN007_510") whose
meaning their postmaster pages document; the phrase tables cannot know them.
Each module here lists the host names it applies to (``HOSTS``, suffixes of
the remote host or the recipient's domain) and ``reason(recipient)``
returning a reason or ``""``. Found automatically, like the mail-system parsers.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType

from postdesk.bounce.plugins import submodules
from postdesk.bounce.result import Recipient


@lru_cache(maxsize=1)
def modules() -> list[ModuleType]:
    """Every rule module of this package, in name order."""
    return submodules(__name__, __path__)


def _matches(host: str, suffixes: tuple[str, ...]) -> bool:
    return any(host == s or host.endswith("." + s) for s in suffixes)


def reason_for(recipient: Recipient) -> str:
    """The reason a provider's own rule gives for ``recipient``, or ``""``."""
    domain = recipient.address.rsplit("@", 1)[-1]
    hosts = (recipient.rhost.lower(), domain)
    text = recipient.diagnostic.lower()
    for module in modules():
        suffixes: tuple[str, ...] = module.HOSTS
        if any(_matches(host, suffixes) for host in hosts) or any(
            s in text for s in getattr(module, "TEXT_HINTS", ())
        ):
            reason: str = module.reason(recipient)
            if reason:
                return reason
    return ""
