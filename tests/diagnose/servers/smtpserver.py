"""An SMTP server (aiosmtpd) that behaves like the provider's MX and submission service.

The MX part implements the same-domain rule of 4.0.28: when the sender's
domain is one of the provider's hosted domains, RCPT is answered
``554 <addr>: Sender address rejected: Access denied``. Submission takes
AUTH PLAIN/LOGIN against a test account, with STARTTLS from the test CA.
"""

from __future__ import annotations

import ssl
from typing import Any

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class ProviderMxHandler:
    """Accepts everything except mail whose sender domain is under the same-domain rule."""

    def __init__(self, rule_domains: set[str]) -> None:
        self.rule_domains = {domain.lower() for domain in rule_domains}
        self.data_received = 0

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        sender_domain = (envelope.mail_from or "").rpartition("@")[2].lower()
        if sender_domain in self.rule_domains:
            return f"554 <{address}>: Sender address rejected: Access denied"
        envelope.rcpt_tos.append(address)
        return "250 Ok"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_received += 1
        return "250 Ok: queued"


class _SMTP(SMTP):
    """aiosmtpd's SMTP, closing the pre-STARTTLS transport too when a session ends.

    aiosmtpd closes only the TLS transport on QUIT or a failed handshake; the
    raw one is left for the garbage collector, which strict tests report as a
    ResourceWarning.
    """

    def _close_original(self) -> None:
        if self._original_transport is not None:
            self._original_transport.close()

    async def smtp_QUIT(self, arg: str) -> None:
        await super().smtp_QUIT(arg)
        self._close_original()

    async def smtp_STARTTLS(self, arg: str) -> None:
        try:
            await super().smtp_STARTTLS(arg)
        except Exception:
            self._close_original()
            raise


def authenticator(accounts: dict[str, str]):  # type: ignore[no-untyped-def]
    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = data.login.decode()
        ok = accounts.get(user) == data.password.decode()
        return AuthResult(success=ok, handled=False)

    return check


def smtp_factory(
    handler: ProviderMxHandler,
    accounts: dict[str, str],
    *,
    starttls: ssl.SSLContext | None = None,
):  # type: ignore[no-untyped-def]
    """A protocol factory for loop.create_server."""

    def make() -> SMTP:
        return _SMTP(
            handler,
            hostname="mx.test",
            ident="TAP gateway (test)",
            tls_context=starttls,
            require_starttls=False,
            authenticator=authenticator(accounts),
            auth_require_tls=False,
        )

    return make
