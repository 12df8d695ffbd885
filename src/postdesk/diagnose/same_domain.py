"""The same-domain-auth check: the SMTP dialog of 4.0.28 against the provider's MX.

The MX rejects mail whose sender belongs to one of the provider's own domains
(genuine mail between them never passes the MX). The check says
HELO, MAIL FROM:<admin@DOMAIN>, RCPT TO:<admin@DOMAIN>, QUIT — never DATA,
so nothing is delivered. A 554 "Sender address rejected: Access denied"
(for the address sent) means the domain is under the rule; 250 means it is
not; any other reply, another sender rejection included, is reported as it
came.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from postdesk.diagnose import dns, smtpwire
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.lineprobe import SESSION_ERRORS, Unresolved, connect, session_failed
from postdesk.diagnose.netio import ConnectFailed, close_stream, port_state_text
from postdesk.diagnose.registry import CheckOptions, CheckSpec
from postdesk.diagnose.result import CheckResult
from postdesk.diagnose.smtp import LOCAL_HOSTNAME
from postdesk.diagnose.smtpwire import Reply
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import DomainName, parse_domain

# The 4.0.28 rule's reply: 554 <admin@DOMAIN>: Sender address rejected: Access denied.
# It is Postfix's check_sender_access REJECT (access(5): "Access denied" with
# access_map_reject_code 554); any other sender rejection ("Sender
# blacklisted", an SPF failure) is another rule and reported as it came.
RULE_CODE = 554
RULE_TEXT = "sender address rejected: access denied"


def is_rule_reply(code: int, text: str, address: str) -> bool:
    """Whether an RCPT reply is the same-domain rule's own (not another sender rejection).

    The text may start with an enhanced status code (RFC 3463, "5.7.1"); the
    address it quotes, when it quotes one, must be the one sent.
    """
    words = " ".join(text.lower().split())
    first, _, rest = words.partition(" ")
    if first.count(".") == 2 and first.replace(".", "").isdigit():
        words = rest
    quoted = words[1:].partition(">")[0] if words.startswith("<") else None
    return code == RULE_CODE and RULE_TEXT in words and quoted in (None, address.lower())


async def check_same_domain(
    target: str | DomainName, ctx: DiagnoseContext, *, port: int | None = None
) -> CheckResult:
    """Run the 4.0.28 dialog for ``target`` against the profile's MX."""
    started = time.perf_counter()
    domain = target if isinstance(target, DomainName) else parse_domain(target)
    mx = ctx.profile.hosts.mx
    port = port or ctx.profile.ports.smtp
    address_of = f"admin@{domain.ascii}"
    dialog: list[str] = []
    evidence: dict[str, Any] = {"mx": mx, "port": port, "address": address_of, "dialog": dialog}
    result = reporter("same-domain-auth", domain.shown, evidence, started)

    try:
        talk, _ = await connect(
            ctx, mx, port, evidence, implicit_tls=False, address_key="mx_address"
        )
    except Unresolved as err:
        verdict = "mx-dns-failed" if err.found.failed else "mx-not-resolved"
        return result(verdict, mx=mx, why=dns.status_text(err.found.status))
    except ConnectFailed as err:
        return result(f"connect-{err.state}", mx=mx, port=port, state=port_state_text(err.state))

    async def say(line: str) -> Reply:
        dialog.append(line)
        reply = await smtpwire.command(talk, line)
        dialog.append(str(reply))
        return reply

    try:
        banner = await smtpwire.read_reply(talk)
        dialog.append(str(banner))
        await say(f"HELO {LOCAL_HOSTNAME}")
        reply = await say(f"MAIL FROM:<{address_of}>")
        if reply.code == 250:
            reply = await say(f"RCPT TO:<{address_of}>")
        # Never DATA: the dialog only asks whether the MX would accept.
        dialog.append("QUIT")
        with contextlib.suppress(*SESSION_ERRORS):
            await smtpwire.command(talk, "QUIT")
    except SESSION_ERRORS as err:
        failed = session_failed(err, "SMTP", mx, port, evidence)
        return result(failed.verdict, **failed.values)
    finally:
        await close_stream(talk.writer, ctx.timeout)
    code, text = reply.code, reply.text
    evidence["reply"] = {"code": code, "text": text}
    if is_rule_reply(code, text, address_of):
        return result("under-rule", domain=domain.shown, reply=f"{code} {text}")
    if code == 250:
        return result("not-under-rule", domain=domain.shown, reply=f"{code} {text}")
    return result("other-reply", domain=domain.shown, reply=f"{code} {text}")


async def _run(
    target: str | DomainName, ctx: DiagnoseContext, options: CheckOptions
) -> CheckResult:
    return await check_same_domain(target, ctx, port=options.port)


CHECK = CheckSpec(
    name="same-domain-auth",
    target="domain",
    run=_run,
    order=80,
    options=("port",),
    in_all=lambda domain, ctx: domain,
)
