"""postdesk.diagnose: the network checks agents used to do by hand, run and explained.

4.0.2, 4.0.9, 4.0.10, 4.0.28, 4.0.29 and 4.0.31 have agents look up MX
records, telnet to ports 25 and 110, swap host names for IPs and type an
SMTP dialog. Each check here is an asyncio coroutine with a timeout that
returns one :class:`CheckResult` (status ok / warn / fail / error, a zh and en
summary, evidence, elapsed time, and the playbook step it answers). Every
check runs against a :class:`DiagnoseContext`: the system resolver and the
profile by default, or a nameserver ``HOST:PORT`` and ``NAME=IP`` overrides
for private or test infrastructure.
"""

from __future__ import annotations

from typing import Any

from postdesk.diagnose.context import Credentials, DiagnoseContext, Secret
from postdesk.diagnose.registry import check_names, run_check
from postdesk.diagnose.result import CheckResult, InvalidTargetError, PlaybookStep, Summary

__all__ = [
    "CHECK_NAMES",
    "CheckResult",
    "Credentials",
    "DiagnoseContext",
    "InvalidTargetError",
    "PlaybookStep",
    "Secret",
    "Summary",
    "check_names",
    "run_check",
]


def __getattr__(name: str) -> Any:
    # CHECK_NAMES is read from the check modules (registry.checks), which import
    # this package: computed on first use, not while the package is loading.
    if name == "CHECK_NAMES":
        return check_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
