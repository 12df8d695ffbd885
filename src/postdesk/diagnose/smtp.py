"""The smtp probe: banner, EHLO, STARTTLS, AUTH mechanisms and, given credentials, a login.

The password is sent only inside AUTH and is masked out of everything
returned (see :mod:`postdesk.diagnose.redact`). SMTP is spoken over asyncio
streams (:mod:`postdesk.diagnose.smtpwire` says why not aiosmtplib).
"""

from __future__ import annotations

from typing import Any

from postdesk.diagnose import lineprobe, smtpwire
from postdesk.diagnose.context import Credentials
from postdesk.diagnose.lineprobe import Conversation, ProtocolError, Verdict

LOCAL_HOSTNAME = "postdesk.diagnose"


def _mechanisms(found: dict[str, str]) -> list[str]:
    return sorted(set(found.get("AUTH", "").upper().split()))


async def _dialog(
    talk: Conversation, evidence: dict[str, Any], credentials: Credentials | None
) -> Verdict:
    host, port = evidence["host"], evidence["port"]
    banner = await smtpwire.read_reply(talk)
    evidence["banner"] = str(banner)
    if banner.code != 220:
        return Verdict(
            "fail",
            "bad-banner",
            f"{host}:{port} 没有以220欢迎：{banner}",
            f"{host}:{port} did not greet with 220: {banner}",
        )
    ehlo = await smtpwire.command(talk, f"EHLO {LOCAL_HOSTNAME}")
    if ehlo.code != 250:
        raise ProtocolError(f"EHLO refused: {ehlo}")
    found = smtpwire.extensions(ehlo)
    evidence["extensions"] = sorted(found)
    evidence["starttls"] = "STARTTLS" in found
    if evidence["starttls"] and not evidence["implicit_tls"]:
        reply = await smtpwire.command(talk, "STARTTLS")
        if reply.code != 220:
            raise ProtocolError(f"STARTTLS refused: {reply}")
        await talk.start_tls()
        ehlo = await smtpwire.command(talk, f"EHLO {LOCAL_HOSTNAME}")
        found = smtpwire.extensions(ehlo)
        evidence["extensions_after_tls"] = sorted(found)
    mechanisms = _mechanisms(found)
    evidence["auth_mechanisms"] = mechanisms
    encrypted = evidence["implicit_tls"] or evidence["starttls"]
    if credentials is not None:
        evidence["login"] = {"username": credentials.username}
        if "AUTH" not in found:
            evidence["login"]["result"] = "no-auth"
            await _quit(talk)
            return Verdict(
                "fail",
                "auth-not-offered",
                f"{host}:{port} 不提供AUTH，无法用账号登录发信。",
                f"{host}:{port} does not offer AUTH; no login is possible.",
            )
        reply = await smtpwire.authenticate(
            talk, mechanisms, credentials.username, credentials.password.reveal()
        )
        accepted = reply.code == 235
        evidence["login"].update(
            result="accepted" if accepted else "rejected", code=reply.code, text=reply.text
        )
        if not accepted:
            await _quit(talk)
            return lineprobe.login_failed(host, reply)
    await _quit(talk)
    listed = " ".join(mechanisms) or "-"
    return lineprobe.service_verdict(
        "SMTP",
        host,
        port,
        (f"STARTTLS；AUTH：{listed}", f"STARTTLS; AUTH: {listed}"),
        encrypted=encrypted,
        logged_in=credentials is not None,
        detail=(f"，AUTH：{listed}", f", AUTH: {listed}"),
    )


async def _quit(talk: Conversation) -> None:
    await smtpwire.command(talk, "QUIT")


# Probe SMTP on a target (default: the profile's SMTP port; the SSL port uses TLS).
check_smtp = lineprobe.LineProbe("smtp", "SMTP", _dialog, "smtp", ("smtp_ssl",))
