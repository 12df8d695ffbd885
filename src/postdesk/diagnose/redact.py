"""Keeping a probe's password out of everything it returns.

A server may echo what it was sent (some put the AUTH line in their error
text), and libraries put replies into exception messages, so every string a
probe returns is passed through :func:`redact`: the password, and the base64
forms it travels in (AUTH PLAIN, AUTH LOGIN), become ``********``.
"""

from __future__ import annotations

import base64
from typing import Any

from postdesk.diagnose.context import Credentials

MASK = "********"


def secret_forms(credentials: Credentials | None) -> list[str]:
    """The strings that would give the password away, longest first."""
    if credentials is None:
        return []
    password = credentials.password.reveal()
    if not password:
        return []
    raw = password.encode()
    plain = b"\0" + credentials.username.encode() + b"\0" + raw
    forms = {password, base64.b64encode(raw).decode(), base64.b64encode(plain).decode()}
    return sorted(forms, key=len, reverse=True)


def redact(value: Any, credentials: Credentials | None) -> Any:
    """``value`` (str, or lists/dicts of them) with every form of the password masked."""
    forms = secret_forms(credentials)
    if not forms:
        return value
    return _redact(value, forms)


def _redact(value: Any, forms: list[str]) -> Any:
    if isinstance(value, str):
        for form in forms:
            value = value.replace(form, MASK)
        return value
    if isinstance(value, dict):
        return {key: _redact(item, forms) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(item, forms) for item in value]
    return value
