"""Rules for what one large receiving provider means by its own error codes.

Some providers answer with their own codes ("OFR_506", "LPN007_510") whose
meaning their postmaster pages document; the phrase tables cannot know them.
Each module here lists the host names it applies to (``HOSTS``, suffixes of
the remote host or the recipient's domain) and ``reason(recipient)``
returning a reason or ``""``. Found automatically, like the mail-system parsers.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from postdesk.bounce.result import Recipient

_modules: list[ModuleType] | None = None


def modules() -> list[ModuleType]:
    """Every rule module of this package, in name order."""
    global _modules
    if _modules is None:
        _modules = [
            importlib.import_module(f"{__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
            if not info.name.startswith("_")
        ]
    return _modules


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
