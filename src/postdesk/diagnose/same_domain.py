"""The same-domain-auth check: the SMTP dialog of 4.0.28 against the provider's MX.

The MX rejects mail whose sender belongs to one of the provider's own domains
(genuine mail between them never passes the MX). The check says
HELO, MAIL FROM:<admin@DOMAIN>, RCPT TO:<admin@DOMAIN>, QUIT — never DATA,
so nothing is delivered. A 554 "Sender address rejected: Access denied"
means the domain is under the rule; 250 means it is not; any other reply
is reported as it came.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from postdesk.diagnose import smtpwire
from postdesk.diagnose.context import DiagnoseContext
from postdesk.diagnose.lineprobe import SESSION_ERRORS, Unresolved, connect, session_failed
from postdesk.diagnose.netio import ConnectFailed, close_stream
from postdesk.diagnose.result import CheckResult
from postdesk.diagnose.smtp import LOCAL_HOSTNAME
from postdesk.diagnose.smtpwire import Reply
from postdesk.diagnose.steps import reporter
from postdesk.diagnose.targets import DomainName, parse_domain

RULE_CODE = 554
RULE_TEXT = "sender address rejected"


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
    except Unresolved:
        return result(
            "error",
            "mx-not-resolved",
            f"无法解析MX服务器 {mx}，未能测试。",
            f"Cannot resolve the MX server {mx}; the test did not run.",
        )
    except ConnectFailed as err:
        return result(
            "error",
            f"connect-{err.state}",
            f"无法连接 {mx}:{port}（{err.text.zh}），未能测试。",
            f"Cannot connect to {mx}:{port} ({err.text.en}); the test did not run.",
        )

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
        failed = session_failed(err, "SMTP", mx, port, evidence, ctx.timeout)
        return result(failed.status, failed.verdict, failed.zh, failed.en)
    finally:
        await close_stream(talk.writer, ctx.timeout)
    code, text = reply.code, reply.text
    evidence["reply"] = {"code": code, "text": text}
    if code == RULE_CODE and RULE_TEXT in text.lower():
        return result(
            "warn",
            "under-rule",
            f"{domain.shown} 在同域认证规则中：MX回复“{code} {text}”。从外部服务器以本域地址"
            "发给本域用户的邮件会被拒收（4.0.28）。",
            f'{domain.shown} is under the same-domain rule: the MX answered "{code} {text}". '
            "Mail from this domain's addresses sent to it through outside servers is rejected "
            "(4.0.28).",
        )
    if code == 250:
        return result(
            "ok",
            "not-under-rule",
            f"{domain.shown} 不在同域认证规则中（RCPT回复 {code} {text}）。",
            f"{domain.shown} is not under the same-domain rule (RCPT answered {code} {text}).",
        )
    return result(
        "warn",
        "other-reply",
        f"MX给出了其他回复：{code} {text}（原样报告，请人工判断）。",
        f"The MX gave another reply: {code} {text} (reported as is; judge by hand).",
    )
