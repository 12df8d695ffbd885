"""Reading the diagnose options as typed (``--nameserver``, ``--resolve``, ``--timeout``, ...).

``postdesk diagnose`` and the terminal walk's live checks (``postdesk run
--checks``) take the same option strings; both build their
:class:`DiagnoseContext` here, so ``HOST:PORT``, ``NAME=IP`` and a number of
seconds are read one way and refused with the same messages. The desk's
``diagnose_nameserver`` setting is read here too (:func:`nameserver_from_setting`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.result import InvalidTargetError
from postdesk.diagnose.targets import parse_nameserver, parse_override
from postdesk.profile import load_profile

# A check waits at most this long per network step; more is a typo, not a wish.
MAX_TIMEOUT_S = 600


def context_from_options(
    *,
    nameserver: str | None = None,
    resolve: Iterable[str] = (),
    timeout: str = "5",
    cafile: str | None = None,
    profile_path: str | None = None,
    reply_timeout: str | None = None,
) -> DiagnoseContext:
    """A :class:`DiagnoseContext` from the option strings; :class:`InvalidTargetError` if bad.

    ``profile_path`` None is the default profile; a caller with a profile of its
    own (the walk's) sets ``profile`` on the context it gets back.
    """
    seconds = _seconds(timeout, "--timeout")
    reply_seconds = _seconds(reply_timeout, "--reply-timeout") if reply_timeout else None
    overrides: dict[str, list[str]] = {}
    for item in resolve:
        name, address = parse_override(item)
        overrides.setdefault(name, []).append(address)
    if cafile and not os.path.isfile(cafile):
        raise InvalidTargetError(key="cafile_missing", path=cafile)
    return DiagnoseContext(
        profile=load_profile(profile_path),
        nameserver=parse_nameserver(nameserver) if nameserver else None,
        overrides=overrides,
        timeout=seconds,
        reply_timeout=reply_seconds,
        cafile=cafile,
    )


def _seconds(text: str, option: str) -> float:
    """A number of seconds for ``option``; :class:`InvalidTargetError` when it is not one."""
    try:
        seconds = float(text)
    except ValueError:
        raise InvalidTargetError(key="seconds_not_number", option=option, text=text) from None
    if not 0 < seconds <= MAX_TIMEOUT_S:
        raise InvalidTargetError(
            key="seconds_out_of_range", option=option, text=text, limit=MAX_TIMEOUT_S
        )
    return seconds


def nameserver_from_setting(
    value: str | None, *, setting: str = "POSTDESK_DIAGNOSE_NAMESERVER"
) -> tuple[str, int] | None:
    """The nameserver setting as ``(ip, port)``; None (the system's resolver) when unset or empty.

    The same reading as ``--nameserver`` (``IP:PORT``, ``[v6]:PORT``, a bare IP
    for port 53), but a refusal names ``setting``: the person who has to fix it
    edits the configuration, not a command line.
    """
    if not value:
        return None
    return parse_nameserver(value, option=setting)
